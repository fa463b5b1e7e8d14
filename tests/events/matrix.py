"""Permission matrix rows of the events app (loaded by tests/test_permission_matrix.py).

The world: org A (city W) organises `pub` (a published roadshow with a room, a speaker,
a session and an optional question) and `draft` (a draft forum). Org B's admin holds a
confirmed registration for `pub`; an outsider's registration awaits approval. Two
startups applied to pitch: `pitch` (selected, rated by an investor's member) and `pitch2`
(submitted). The "member" role is a plain member of org A: door staff of A's events.
A draft or a registration of others is 404, never 403: its existence is not told.
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innobelt.events.models import Answer, EventMeetingRequest, EventMessage, PitchRating, Registration
from innobelt.organisations.models import Membership, Organisation
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    PitchFactory,
    QuestionFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
)
from tests.permissions import Multipart

L = "login"
ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


def everyone(status):
    return row(*[status] * 7)


def signed_in(status, anonymous=L):
    return row(anonymous, *[status] * 6)


def _start():
    return (timezone.localtime() + timedelta(days=20)).replace(hour=9, minute=0, second=0, microsecond=0)


def extend_world(world):
    from innobelt.files.domain import store_upload

    start = _start()
    pub = EventFactory(organiser=world.org_a, city=world.city_w, kind="roadshow", capacity=50, starts_at=start,
                       ends_at=start + timedelta(hours=8), title_en="Published roadshow of A")
    draft = EventFactory(organiser=world.org_a, city=world.city_w, status="draft", published_at=None, title_en="Secret draft of A")
    room, speaker = RoomFactory(event=pub), SpeakerFactory(event=pub)
    session = SessionFactory(event=pub, room=room)
    question = QuestionFactory(event=pub)
    reg_b = RegistrationFactory(event=pub, user=world.users["admin_b"], organisation=world.org_b, code="BBBBBB")
    pending = RegistrationFactory(event=pub, status=Registration.Status.PENDING, confirmed_at=None)
    startup = OrganisationFactory(kind=Organisation.Kind.STARTUP, city=world.city_x)
    founder = MembershipFactory(organisation=startup, role=Membership.Role.ADMIN).user
    deck = store_upload(actor=founder, organisation=startup, kind="document", upload=SimpleUploadedFile("deck.pdf", PDF))
    pitch = PitchFactory(event=pub, organisation=startup, submitted_by=founder, deck=deck, status="selected")
    pitch2 = PitchFactory(event=pub)
    investor = OrganisationFactory(kind=Organisation.Kind.INVESTOR)
    rater = MembershipFactory(organisation=investor).user
    rating = PitchRating.objects.create(pitch=pitch, organisation=investor, rated_by=rater, score=4)
    world.extra.update(ev_pub=pub, ev_draft=draft, ev_room=room, ev_speaker=speaker, ev_session=session, ev_question=question,
                       ev_reg_b=reg_b, ev_pending=pending, ev_pitch=pitch, ev_pitch2=pitch2, ev_rating=rating)


def _x(world, name):
    return world.extra[f"ev_{name}"].pk


def _token(world):
    from innobelt.events.tickets import check_in_token

    return check_in_token(world.extra["ev_reg_b"])


STAFF = row(L, 200, 200, 404, 200, 404, 200)  # door staff of A's events see; others are not told
MANAGERS_CHANGE = row(L, 403, 200, 403, 200, 403, 200)  # A's published event: seen by all, changed by its managers
MANAGERS_POST = row(L, 403, 302, 403, 302, 403, 302)
PITCH_MANAGERS = row(L, 404, 200, 404, 200, 404, 200)

PAGES = {
    "events:list": ("get", lambda w: "/events/", None, everyone(200)),
    "events:create": ("get", lambda w: "/events/new/", None, row(L, 403, 200, 200, 200, 200, 200)),
    "events:manage": ("get", lambda w: "/events/manage/", None, signed_in(200)),
    "events:mine": ("get", lambda w: "/events/mine/", None, signed_in(200)),
    "events:meeting_requests": ("get", lambda w: "/events/meeting-requests/", None, signed_in(200)),
    "events:check_in_token": ("get", lambda w: f"/events/check-in/{_token(w)}/", None, STAFF),
    "events:registration": ("get", lambda w: f"/events/registrations/{_x(w, 'reg_b')}/", None, row(L, 200, 200, 200, 200, 404, 200)),
    "events:qr": ("get", lambda w: f"/events/registrations/{_x(w, 'reg_b')}/qr.svg", None, row(L, 200, 200, 200, 200, 404, 200)),
    "events:cancel": ("post", lambda w: f"/events/registrations/{_x(w, 'reg_b')}/cancel/", None, row(L, 403, 302, 302, 302, 404, 302)),
    "events:approve": ("post", lambda w: f"/events/registrations/{_x(w, 'pending')}/approve/", None, row(L, 403, 302, 404, 302, 404, 302)),
    "events:reject": ("post", lambda w: f"/events/registrations/{_x(w, 'pending')}/reject/", None, row(L, 403, 302, 404, 302, 404, 302)),
    "events:session_calendar": ("get", lambda w: f"/events/sessions/{_x(w, 'session')}/calendar.ics", None, everyone(200)),
    "events:pitch": ("get", lambda w: f"/events/pitches/{_x(w, 'pitch')}/", None, PITCH_MANAGERS),
    "events:pitch_deck": ("get", lambda w: f"/events/pitches/{_x(w, 'pitch')}/deck/", None, PITCH_MANAGERS),
    "events:decide_pitch": ("post", lambda w: f"/events/pitches/{_x(w, 'pitch2')}/decide/", lambda w: {"decision": "select"},
                            row(L, 404, 302, 404, 302, 404, 302)),
    "events:rate_pitch": ("post", lambda w: f"/events/pitches/{_x(w, 'pitch')}/rate/", lambda w: {"score": "4"},
                          row(L, 404, 403, 404, 403, 404, 403)),
    "events:request_meeting": ("post", lambda w: f"/events/ratings/{_x(w, 'rating')}/meeting/", None, row(L, 404, 404, 404, 404, 404, 404)),
    "events:detail": ("get", lambda w: f"/events/{_x(w, 'draft')}/", None, row(404, 200, 200, 404, 200, 404, 200)),
    "events:edit": ("get", lambda w: f"/events/{_x(w, 'pub')}/edit/", None, MANAGERS_CHANGE),
    "events:publish": ("post", lambda w: f"/events/{_x(w, 'draft')}/publish/", None, row(L, 403, 302, 404, 302, 404, 302)),
    "events:programme": ("get", lambda w: f"/events/{_x(w, 'pub')}/programme/", None, MANAGERS_CHANGE),
    "events:remove_item": ("post", lambda w: f"/events/{_x(w, 'pub')}/programme/room/{_x(w, 'room')}/remove/", None, MANAGERS_POST),
    "events:register": ("get", lambda w: f"/events/{_x(w, 'pub')}/register/", None, row(L, 200, 200, 302, 200, 200, 200)),
    "events:registrations": ("get", lambda w: f"/events/{_x(w, 'pub')}/registrations/", None, MANAGERS_CHANGE),
    "events:export_registrations": ("get", lambda w: f"/events/{_x(w, 'pub')}/registrations/export.xlsx", None, MANAGERS_CHANGE),
    "events:message_registrants": ("get", lambda w: f"/events/{_x(w, 'pub')}/registrations/message/", None, MANAGERS_CHANGE),
    "events:badges": ("get", lambda w: f"/events/{_x(w, 'pub')}/registrations/badges/", None, MANAGERS_CHANGE),
    "events:check_in": ("get", lambda w: f"/events/{_x(w, 'pub')}/check-in/", None, row(L, 200, 200, 403, 200, 403, 200)),
    "events:calendar": ("get", lambda w: f"/events/{_x(w, 'pub')}/calendar.ics", None, everyone(200)),
    "events:pitches": ("get", lambda w: f"/events/{_x(w, 'pub')}/pitches/", None, signed_in(200)),
    "events:apply_pitch": ("get", lambda w: f"/events/{_x(w, 'pub')}/pitches/apply/", None, signed_in(403)),
}


def _api(path, body=None):
    return lambda w: (path(w), body(w) if callable(body) else body)


def _times(hours_from, hours_to):
    return lambda w: {"title_en": "Keynote", "starts_at": (w.extra["ev_pub"].starts_at + timedelta(hours=hours_from)).isoformat(),
                      "ends_at": (w.extra["ev_pub"].starts_at + timedelta(hours=hours_to)).isoformat()}


def _new_event(w):
    start = _start() + timedelta(days=5)
    return {"organiser": "org-a", "kind": "forum", "title_zh": "新论坛", "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=3)).isoformat()}


def _pitch_body():
    return Multipart(lambda: {"organisation": "org-a", "title": "Our pitch", "funding_need_cny": "1000000", "stage": "seed",
                              "deck": SimpleUploadedFile("deck.pdf", PDF)})


A_CHANGE = row(401, 403, 200, 403, 200, 403, 200)
A_CREATE = row(401, 403, 201, 403, 201, 403, 201)
A_DELETE = row(401, 403, 204, 403, 204, 403, 204)
A_PITCH_MANAGERS = row(401, 404, 200, 404, 200, 404, 200)
EV = "/api/v1/events/{event_id}"

API = {
    "GET /api/v1/events": (None, everyone(200)),
    "POST /api/v1/events": (_api(lambda w: "/api/v1/events", _new_event), A_CREATE),
    f"GET {EV}": (_api(lambda w: f"/api/v1/events/{_x(w, 'draft')}"), row(404, 200, 200, 404, 200, 404, 200)),
    f"PATCH {EV}": (_api(lambda w: f"/api/v1/events/{_x(w, 'pub')}", {"capacity": 60}), A_CHANGE),
    f"POST {EV}/publish": (_api(lambda w: f"/api/v1/events/{_x(w, 'draft')}/publish"), row(401, 403, 200, 404, 200, 404, 200)),
    f"POST {EV}/rooms": (_api(lambda w: f"/api/v1/events/{_x(w, 'pub')}/rooms", {"name_en": "Hall B", "capacity": 40}), A_CREATE),
    f"DELETE {EV}/rooms/{{room_id}}": (_api(lambda w: f"/api/v1/events/{_x(w, 'pub')}/rooms/{_x(w, 'room')}"), A_DELETE),
    f"POST {EV}/speakers": (_api(lambda w: f"/api/v1/events/{_x(w, 'pub')}/speakers", {"name_zh": "王博士"}), A_CREATE),
    f"DELETE {EV}/speakers/{{speaker_id}}": (_api(lambda w: f"/api/v1/events/{_x(w, 'pub')}/speakers/{_x(w, 'speaker')}"), A_DELETE),
    f"POST {EV}/sessions": (_api(lambda w: f"/api/v1/events/{_x(w, 'pub')}/sessions", _times(1, 2)), A_CREATE),
    f"DELETE {EV}/sessions/{{session_id}}": (_api(lambda w: f"/api/v1/events/{_x(w, 'pub')}/sessions/{_x(w, 'session')}"), A_DELETE),
    f"POST {EV}/questions": (_api(lambda w: f"/api/v1/events/{_x(w, 'pub')}/questions",
                                  {"label_en": "Lunch?", "kind": "choice", "options": [{"zh": "是", "en": "Yes"}, {"zh": "否", "en": "No"}]}),
                             A_CREATE),
    f"DELETE {EV}/questions/{{question_id}}": (_api(lambda w: f"/api/v1/events/{_x(w, 'pub')}/questions/{_x(w, 'question')}"), A_DELETE),
    f"POST {EV}/registrations": (_api(lambda w: f"/api/v1/events/{_x(w, 'pub')}/registrations", {}), row(401, 201, 201, 400, 201, 201, 201)),
    f"GET {EV}/registrations": (_api(lambda w: f"/api/v1/events/{_x(w, 'pub')}/registrations"), A_CHANGE),
    f"GET {EV}/attendance": (_api(lambda w: f"/api/v1/events/{_x(w, 'pub')}/attendance"), A_CHANGE),
    f"POST {EV}/check-ins": (_api(lambda w: f"/api/v1/events/{_x(w, 'pub')}/check-ins", {"code": "bbb-bbb"}),
                             row(401, 200, 200, 403, 200, 403, 200)),
    f"GET {EV}/pitches": (_api(lambda w: f"/api/v1/events/{_x(w, 'pub')}/pitches"), signed_in(200, 401)),
    f"POST {EV}/pitches": (_api(lambda w: f"/api/v1/events/{_x(w, 'pub')}/pitches", lambda w: _pitch_body()), signed_in(403, 401)),
    "GET /api/v1/event-registrations": (None, signed_in(200, 401)),
    "GET /api/v1/event-registrations/{registration_id}": (_api(lambda w: f"/api/v1/event-registrations/{_x(w, 'reg_b')}"),
                                                          row(401, 200, 200, 200, 200, 404, 200)),
    "POST /api/v1/event-registrations/{registration_id}/cancel": (_api(lambda w: f"/api/v1/event-registrations/{_x(w, 'reg_b')}/cancel"),
                                                                  row(401, 403, 200, 200, 200, 404, 200)),
    "POST /api/v1/event-registrations/{registration_id}/approve": (
        _api(lambda w: f"/api/v1/event-registrations/{_x(w, 'pending')}/approve"), row(401, 403, 200, 404, 200, 404, 200)),
    "POST /api/v1/event-registrations/{registration_id}/reject": (
        _api(lambda w: f"/api/v1/event-registrations/{_x(w, 'pending')}/reject", {"reason": "Full"}), row(401, 403, 200, 404, 200, 404, 200)),
    "GET /api/v1/event-pitches/{pitch_id}": (_api(lambda w: f"/api/v1/event-pitches/{_x(w, 'pitch')}"), A_PITCH_MANAGERS),
    "POST /api/v1/event-pitches/{pitch_id}/select": (_api(lambda w: f"/api/v1/event-pitches/{_x(w, 'pitch2')}/select"), A_PITCH_MANAGERS),
    "POST /api/v1/event-pitches/{pitch_id}/decline": (_api(lambda w: f"/api/v1/event-pitches/{_x(w, 'pitch2')}/decline"), A_PITCH_MANAGERS),
    "PUT /api/v1/event-pitches/{pitch_id}/rating": (_api(lambda w: f"/api/v1/event-pitches/{_x(w, 'pitch')}/rating", {"score": 4}),
                                                    row(401, 404, 403, 404, 403, 404, 403)),
    "POST /api/v1/event-pitch-ratings/{rating_id}/meeting-requests": (
        _api(lambda w: f"/api/v1/event-pitch-ratings/{_x(w, 'rating')}/meeting-requests", {"note": "Coffee?"}),
        row(401, 404, 404, 404, 404, 404, 404)),
    "GET /api/v1/event-meeting-requests": (None, signed_in(200, 401)),
}


# Classification for tests/test_id_guessing.py. Published events and their agenda are public;
# everything else is probed: an outsider (admin of org B, which registered for nothing of this)
# guesses the ids through pages and the API and must get 403/404 with nothing leaked.
PUBLIC_MODELS = {"events.room", "events.speaker", "events.session", "events.question"}


def _own_pub(world):
    """A published roadshow of org A that org B has nothing to do with."""
    start = _start() + timedelta(days=3)
    return EventFactory(organiser=world.org_a, city=world.city_w, kind="roadshow", starts_at=start, ends_at=start + timedelta(hours=6))


def secret_draft_event(world):
    draft = EventFactory(organiser=world.org_a, city=world.city_w, status="draft", published_at=None,
                         title_en="SECRET-DRAFT-EVENT-2291", title_zh="SECRET-DRAFT-EVENT-2291")
    e = draft.pk
    return [("get", f"/events/{e}/"), ("get", f"/events/{e}/edit/"), ("get", f"/events/{e}/programme/"),
            ("get", f"/events/{e}/registrations/"), ("get", f"/events/{e}/registrations/export.csv"),
            ("get", f"/events/{e}/registrations/export.xlsx"), ("get", f"/events/{e}/registrations/message/"),
            ("get", f"/events/{e}/registrations/badges/"), ("get", f"/events/{e}/calendar.ics"), ("get", f"/events/{e}/register/"),
            ("post", f"/events/{e}/publish/"), ("get", f"/api/v1/events/{e}"), ("post", f"/api/v1/events/{e}/publish"),
            ("patch", f"/api/v1/events/{e}"), ("get", f"/api/v1/events/{e}/registrations"), ("get", "/events/"),
            ("get", "/api/v1/events")], "SECRET-DRAFT-EVENT-2291"


def _secret_registration(world):
    event = _own_pub(world)
    registration = RegistrationFactory(event=event, organisation=world.org_a, user=world.users["member"],
                                       status=Registration.Status.PENDING, confirmed_at=None, code="SECRET")
    registration.user.display_name = "SECRET-REGISTRANT-4417"
    registration.user.save()
    r, e = registration.pk, event.pk
    requests = [("get", f"/events/registrations/{r}/"), ("get", f"/events/registrations/{r}/qr.svg"),
                ("post", f"/events/registrations/{r}/cancel/"), ("post", f"/events/registrations/{r}/approve/"),
                ("post", f"/events/registrations/{r}/reject/"), ("get", f"/events/{e}/registrations/"),
                ("get", f"/events/{e}/registrations/export.csv"), ("get", f"/events/{e}/registrations/export.xlsx"),
                ("get", f"/events/{e}/registrations/badges/"),
                ("get", f"/events/{e}/check-in/"), ("get", f"/api/v1/event-registrations/{r}"),
                ("post", f"/api/v1/event-registrations/{r}/cancel"), ("post", f"/api/v1/event-registrations/{r}/approve"),
                ("post", f"/api/v1/event-registrations/{r}/reject"), ("get", f"/api/v1/events/{e}/registrations"),
                ("get", f"/api/v1/events/{e}/attendance"), ("get", "/api/v1/event-registrations"), ("get", "/events/mine/")]
    return registration, requests


def secret_registration(world):
    _registration, requests = _secret_registration(world)
    return requests, "SECRET-REGISTRANT-4417"


def secret_answer(world):
    registration, requests = _secret_registration(world)
    question = QuestionFactory(event=registration.event)
    Answer.objects.create(registration=registration, question=question, value="SECRET-ANSWER-8832")
    return requests, "SECRET-ANSWER-8832"


def _submitted_pitch(world):
    event = _own_pub(world)
    return PitchFactory(event=event, title="SECRET-PITCH-6604", summary="SECRET-PITCH-6604")


def secret_pitch(world):
    pitch = _submitted_pitch(world)
    p, e = pitch.pk, pitch.event_id
    return [("get", f"/events/pitches/{p}/"), ("get", f"/events/pitches/{p}/deck/"), ("post", f"/events/pitches/{p}/decide/"),
            ("post", f"/events/pitches/{p}/rate/"), ("get", f"/events/{e}/pitches/"), ("get", f"/api/v1/event-pitches/{p}"),
            ("post", f"/api/v1/event-pitches/{p}/select"), ("post", f"/api/v1/event-pitches/{p}/decline"),
            ("put", f"/api/v1/event-pitches/{p}/rating", {"score": 4}), ("get", f"/api/v1/events/{e}/pitches")], "SECRET-PITCH-6604"


def _secret_rating(world):
    pitch = _submitted_pitch(world)
    pitch.status = "selected"
    pitch.save()
    investor = OrganisationFactory(kind=Organisation.Kind.INVESTOR)
    rater = MembershipFactory(organisation=investor).user
    rating = PitchRating.objects.create(pitch=pitch, organisation=investor, rated_by=rater, score=5, comment="SECRET-RATING-3350")
    return rating, [("get", f"/events/pitches/{pitch.pk}/"), ("get", f"/events/{pitch.event_id}/pitches/"),
                    ("post", f"/events/ratings/{rating.pk}/meeting/"), ("get", f"/api/v1/event-pitches/{pitch.pk}"),
                    ("get", f"/api/v1/events/{pitch.event_id}/pitches"),
                    ("post", f"/api/v1/event-pitch-ratings/{rating.pk}/meeting-requests")]


def secret_rating(world):
    _rating, requests = _secret_rating(world)
    return requests, "SECRET-RATING-3350"


def secret_event_meeting_request(world):
    rating, requests = _secret_rating(world)
    EventMeetingRequest.objects.create(event=rating.pitch.event, from_organisation=rating.organisation,
                                       to_organisation=rating.pitch.organisation, rating=rating, requested_by=rating.rated_by,
                                       note="SECRET-MEETING-NOTE-7120")
    return [*requests, ("get", "/events/meeting-requests/"), ("get", "/api/v1/event-meeting-requests")], "SECRET-MEETING-NOTE-7120"


def secret_event_message(world):
    registration, requests = _secret_registration(world)
    EventMessage.objects.create(event=registration.event, sent_by=world.users["admin_a"], audience="active",
                                subject="SECRET-MESSAGE-5170", body="SECRET-MESSAGE-5170", recipient_ids=[registration.user_id],
                                recipient_count=1)
    e = registration.event_id
    return [*requests, ("get", f"/events/{e}/registrations/message/"),
            ("post", f"/events/{e}/registrations/message/")], "SECRET-MESSAGE-5170"


PRIVATE_PROBES = {
    "events.eventmessage": secret_event_message,
    "events.event": secret_draft_event,  # published ones are public; a draft is private
    "events.registration": secret_registration,
    "events.answer": secret_answer,
    "events.pitch": secret_pitch,  # a submitted pitch; selected ones are shown on the roadshow's pitch list
    "events.pitchrating": secret_rating,
    "events.eventmeetingrequest": secret_event_meeting_request,
}
