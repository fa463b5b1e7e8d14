"""The events API: every page action, for apps and scripts. Endpoints only translate."""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from innobelt.belt.models import City
from innobelt.events import domain, queries, tickets
from innobelt.events.models import Answer, Event, Question, Registration, Room, Session, Speaker
from innobelt.events.schemas import (
    NULLABLE_EVENT_FIELDS,
    AttendanceOut,
    CheckInIn,
    EventDetailOut,
    EventFilters,
    EventIn,
    EventPage,
    EventPatch,
    MeetingRequestIn,
    MeetingRequestOut,
    PitchDetailOut,
    PitchOut,
    PitchStage,
    QuestionIn,
    QuestionOut,
    RatingIn,
    RatingOut,
    ReasonIn,
    RegistrationDetailOut,
    RegistrationFilters,
    RegistrationIn,
    RegistrationOut,
    RoomIn,
    RoomOut,
    SessionIn,
    SessionOut,
    SpeakerIn,
    SpeakerOut,
    TextLanguage,
)
from innobelt.kit.api_auth import PUBLIC_OPERATION, SIGNED_IN
from innobelt.kit.api_errors import ConflictError, errors
from innobelt.organisations.models import Organisation
from innobelt.permissions import can

router = Router(tags=["events"])


@contextmanager
def checked_in_twice_as_409():
    try:
        yield
    except domain.AlreadyCheckedIn as exc:
        raise ConflictError(exc.message, {"registration": exc.registration.pk,
                                          "checked_in_at": exc.registration.checked_in_at.isoformat()}) from None


def _organisation(slug: str | None, field: str) -> Organisation | None:
    if not slug:
        return None
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: _("Unknown organisation.")})
    return found


def _with_answers(qs):
    return qs.prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))


def _registration_detail(request, registration: Registration) -> Registration:
    """The registration with what only its detail shows: the place on the waiting list, the QR code, the online link."""
    registration = _with_answers(Registration.objects.select_related("event", "user", "organisation")).get(pk=registration.pk)
    confirmed = registration.is_confirmed
    registration.waitlist_position = domain.waitlist_position(registration)
    registration.qr_url = reverse("events:qr", kwargs={"pk": registration.pk}) if confirmed else None
    registration.online_url = registration.event.online_url if confirmed and registration.event.online_url else None
    return registration


# events ---------------------------------------------------------------------------------------

@router.get("/events", response={200: EventPage, **errors()}, **PUBLIC_OPERATION)
def list_events(request, filters: Query[EventFilters]):
    qs = queries.public_events(kind=filters.kind, city=filters.city, past=filters.past)
    return {"count": qs.count(), "items": list(qs[filters.offset: filters.offset + filters.limit])}


@router.post("/events", response={201: EventDetailOut, **errors(400, 403)}, auth=SIGNED_IN)
def create_event(request, payload: EventIn):
    data = payload.dict()
    organiser = _organisation(data.pop("organiser"), "organiser")
    city_slug = data.pop("city")
    city = City.objects.filter(slug=city_slug).first() if city_slug else None
    if city_slug and city is None:
        raise ValidationError({"city": _("Unknown city or district.")})
    if not can(request.auth, "events.add_event"):
        raise PermissionDenied
    event = domain.create_event(actor=request.auth, organiser=organiser, city=city, **data)
    return Status(201, queries.event_for(request.auth, event.pk))


@router.get("/events/{event_id}", response={200: EventDetailOut, **errors(404)}, **PUBLIC_OPERATION)
def get_event(request, event_id: int):
    return queries.event_or_404(request.auth, event_id)


@router.patch("/events/{event_id}", response={200: EventDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def update_event(request, event_id: int, payload: EventPatch):
    event = queries.event_or_404(request.auth, event_id, perm="events.change_event")
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k in NULLABLE_EVENT_FIELDS}
    domain.update_event(actor=request.auth, event=event, changes=changes)
    return queries.event_or_404(request.auth, event_id)


@router.post("/events/{event_id}/publish", response={200: EventDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def publish_event(request, event_id: int):
    domain.publish_event(actor=request.auth, event=queries.event_or_404(request.auth, event_id, perm="events.change_event"))
    return queries.event_or_404(request.auth, event_id)


# programme --------------------------------------------------------------------------------------

@router.post("/events/{event_id}/rooms", response={201: RoomOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def add_room(request, event_id: int, payload: RoomIn):
    event = queries.event_or_404(request.auth, event_id, perm="events.change_event")
    return Status(201, domain.add_room(actor=request.auth, event=event, **payload.dict()))


@router.delete("/events/{event_id}/rooms/{room_id}", response={204: None, **errors(403, 404)}, auth=SIGNED_IN)
def remove_room(request, event_id: int, room_id: int):
    event = queries.event_or_404(request.auth, event_id, perm="events.change_event")
    domain.remove_room(actor=request.auth, room=get_object_or_404(Room, pk=room_id, event=event))
    return Status(204, None)


@router.post("/events/{event_id}/speakers", response={201: SpeakerOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def add_speaker(request, event_id: int, payload: SpeakerIn):
    event = queries.event_or_404(request.auth, event_id, perm="events.change_event")
    return Status(201, domain.add_speaker(actor=request.auth, event=event, **payload.dict()))


@router.delete("/events/{event_id}/speakers/{speaker_id}", response={204: None, **errors(403, 404)}, auth=SIGNED_IN)
def remove_speaker(request, event_id: int, speaker_id: int):
    event = queries.event_or_404(request.auth, event_id, perm="events.change_event")
    domain.remove_speaker(actor=request.auth, speaker=get_object_or_404(Speaker, pk=speaker_id, event=event))
    return Status(204, None)


@router.post("/events/{event_id}/sessions", response={201: SessionOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def add_session(request, event_id: int, payload: SessionIn):
    event = queries.event_or_404(request.auth, event_id, perm="events.change_event")
    data = payload.dict()
    room_id, speaker_ids = data.pop("room"), data.pop("speakers")
    room = event.rooms.filter(pk=room_id).first() if room_id else None
    if room_id and room is None:
        raise ValidationError({"room": _("This room does not belong to the event.")})
    speakers = list(event.speakers.filter(pk__in=speaker_ids))
    if len(speakers) != len(set(speaker_ids)):
        raise ValidationError({"speakers": _("These speakers do not belong to the event.")})
    session = domain.add_session(actor=request.auth, event=event, room=room, speakers=speakers, **data)
    return Status(201, Session.objects.select_related("room").prefetch_related("speakers").get(pk=session.pk))


@router.delete("/events/{event_id}/sessions/{session_id}", response={204: None, **errors(403, 404)}, auth=SIGNED_IN)
def remove_session(request, event_id: int, session_id: int):
    event = queries.event_or_404(request.auth, event_id, perm="events.change_event")
    domain.remove_session(actor=request.auth, session=get_object_or_404(Session, pk=session_id, event=event))
    return Status(204, None)


@router.post("/events/{event_id}/questions", response={201: QuestionOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def add_question(request, event_id: int, payload: QuestionIn):
    event = queries.event_or_404(request.auth, event_id, perm="events.change_event")
    return Status(201, domain.add_question(actor=request.auth, event=event, **payload.dict()))


@router.delete("/events/{event_id}/questions/{question_id}", response={204: None, **errors(400, 403, 404)}, auth=SIGNED_IN)
def remove_question(request, event_id: int, question_id: int):
    event = queries.event_or_404(request.auth, event_id, perm="events.change_event")
    domain.remove_question(actor=request.auth, question=get_object_or_404(Question, pk=question_id, event=event))
    return Status(204, None)


# registration -----------------------------------------------------------------------------------

@router.post("/events/{event_id}/registrations", response={201: RegistrationDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def register_for_event(request, event_id: int, payload: RegistrationIn):
    """Registered while places remain, on the waiting list when full, awaiting approval where the organiser approves.
    A second registration or one after registration closed is refused (400) and changes nothing."""
    event = queries.event_or_404(request.auth, event_id)
    answers = {a.question: (a.option if a.option is not None else a.text) for a in payload.answers}
    registration = domain.register_for_event(user=request.auth, event=event, organisation=_organisation(payload.organisation, "organisation"),
                                             answers=answers)
    return Status(201, _registration_detail(request, registration))


@router.get("/events/{event_id}/registrations", response={200: list[RegistrationOut], **errors(403, 404)}, auth=SIGNED_IN)
def list_registrations(request, event_id: int, filters: Query[RegistrationFilters]):
    event = queries.event_or_404(request.auth, event_id, perm="events.view_registrations")
    status = filters.status if filters.status in Registration.Status.values else ""
    return list(queries.registrations_for(event, status=status).select_related("event")[filters.offset: filters.offset + filters.limit])


@router.get("/events/{event_id}/attendance", response={200: AttendanceOut, **errors(403, 404)}, auth=SIGNED_IN)
def attendance(request, event_id: int):
    return queries.attendance_figures(queries.event_or_404(request.auth, event_id, perm="events.view_registrations"))


@router.post("/events/{event_id}/check-ins", response={200: RegistrationOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def check_in(request, event_id: int, payload: CheckInIn):
    """Check a person in by the token of their QR code or by their code. Twice is a 409 that says when."""
    event = queries.event_or_404(request.auth, event_id, perm="events.check_in")
    if payload.token:
        found = tickets.registration_for_token(payload.token, queryset=event.registrations.all())
    elif payload.code:
        found = domain.registration_for_code(event, payload.code)
    else:
        raise ValidationError({"code": _("Send the token of the QR code or the code.")})
    if found is None:
        raise Http404
    with checked_in_twice_as_409():
        domain.check_in_attendee(actor=request.auth, registration=found)
    return _with_answers(Registration.objects.select_related("event", "user", "organisation")).get(pk=found.pk)


@router.get("/event-registrations", response={200: list[RegistrationOut], **errors()}, auth=SIGNED_IN)
def my_registrations(request):
    return list(_with_answers(queries.my_registrations(request.auth).select_related("user"))[:200])


@router.get("/event-registrations/{registration_id}", response={200: RegistrationDetailOut, **errors(404)}, auth=SIGNED_IN)
def get_registration(request, registration_id: int):
    return _registration_detail(request, queries.registration_or_404(request.auth, registration_id))


@router.post("/event-registrations/{registration_id}/cancel", response={200: RegistrationDetailOut, **errors(400, 403, 404)},
             auth=SIGNED_IN)
def cancel_registration(request, registration_id: int):
    """Cancel; a freed place goes to the first person on the waiting list at once."""
    registration = domain.cancel_registration(actor=request.auth, registration=queries.registration_or_404(request.auth, registration_id))
    return _registration_detail(request, registration)


@router.post("/event-registrations/{registration_id}/approve", response={200: RegistrationDetailOut, **errors(400, 403, 404)},
             auth=SIGNED_IN)
def approve_registration(request, registration_id: int):
    registration = domain.approve_registration(actor=request.auth, registration=queries.registration_or_404(request.auth, registration_id))
    return _registration_detail(request, registration)


@router.post("/event-registrations/{registration_id}/reject", response={200: RegistrationDetailOut, **errors(400, 403, 404)},
             auth=SIGNED_IN)
def reject_registration(request, registration_id: int, payload: ReasonIn):
    registration = domain.reject_registration(actor=request.auth, registration=queries.registration_or_404(request.auth, registration_id),
                                              reason=payload.reason)
    return _registration_detail(request, registration)


# roadshows ----------------------------------------------------------------------------------------

def _pitch_detail(request, pitch):
    """The pitch with the ratings the caller may see."""
    pitch = queries.visible_pitch(request.auth, pitch.pk)
    pitch.visible_ratings = list(queries.ratings_for(request.auth, pitch))
    return pitch


@router.get("/events/{event_id}/pitches", response={200: list[PitchOut], **errors(404)}, auth=SIGNED_IN)
def list_pitches(request, event_id: int):
    event = queries.event_or_404(request.auth, event_id)
    if event.kind != Event.Kind.ROADSHOW:
        raise Http404
    return list(queries.pitches_for(request.auth, event)[:500])


@router.post("/events/{event_id}/pitches", response={201: PitchOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def apply_to_pitch(request, event_id: int, organisation: Form[str], title: Form[str], funding_need_cny: Form[int], stage: Form[PitchStage],
                   deck: File[UploadedFile], summary: Form[str] = "", language: Form[TextLanguage] = "zh"):
    """Apply to pitch at a roadshow for your startup, with the deck as a PDF (multipart/form-data)."""
    event = queries.event_or_404(request.auth, event_id)
    if len(title) > 200 or len(summary) > 5000:
        raise ValidationError({"title": _("The title (at most 200 characters) or the summary (at most 5,000) is not valid.")})
    startup = _organisation(organisation, "organisation")
    pitch = domain.apply_to_pitch(actor=request.auth, event=event, organisation=startup, title=title, summary=summary, language=language,
                                  funding_need_cny=funding_need_cny, stage=stage, deck=deck)
    return Status(201, pitch)


@router.get("/event-pitches/{pitch_id}", response={200: PitchDetailOut, **errors(404)}, auth=SIGNED_IN)
def get_pitch(request, pitch_id: int):
    return _pitch_detail(request, queries.pitch_or_404(request.auth, pitch_id))


@router.post("/event-pitches/{pitch_id}/select", response={200: PitchDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def select_pitch(request, pitch_id: int):
    return _pitch_detail(request, domain.select_pitch(actor=request.auth, pitch=queries.pitch_or_404(request.auth, pitch_id)))


@router.post("/event-pitches/{pitch_id}/decline", response={200: PitchDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def decline_pitch(request, pitch_id: int):
    return _pitch_detail(request, domain.decline_pitch(actor=request.auth, pitch=queries.pitch_or_404(request.auth, pitch_id)))


@router.put("/event-pitches/{pitch_id}/rating", response={200: RatingOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def rate_pitch(request, pitch_id: int, payload: RatingIn):
    """Rate a selected pitch 1–5 for your investor or large firm; sending again replaces your rating."""
    pitch = queries.pitch_or_404(request.auth, pitch_id)
    rating = domain.rate_pitch(actor=request.auth, pitch=pitch, score=payload.score, comment=payload.comment,
                               organisation=_organisation(payload.organisation, "organisation"))
    return rating


@router.post("/event-pitch-ratings/{rating_id}/meeting-requests", response={201: MeetingRequestOut, **errors(400, 403, 404)},
             auth=SIGNED_IN)
def request_meeting(request, rating_id: int, payload: MeetingRequestIn):
    """Ask the rated startup for a 1:1 meeting; the meeting scheduler picks the request up."""
    rating = queries.rating_or_404(request.auth, rating_id)
    return Status(201, domain.request_meeting_from_rating(actor=request.auth, rating=rating, note=payload.note))


@router.get("/event-meeting-requests", response={200: list[MeetingRequestOut], **errors()}, auth=SIGNED_IN)
def list_meeting_requests(request):
    return list(queries.meeting_requests_for(request.auth)[:500])
