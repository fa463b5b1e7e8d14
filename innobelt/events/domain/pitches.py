"""Roadshows: startups apply to pitch, the organiser selects, investors and large firms rate,
and a rating can lead to a meeting request."""

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.events.domain.recipients import organisers_of
from innobelt.events.models import Event, EventMeetingRequest, Pitch, PitchRating
from innobelt.events.rules import RATER_KINDS
from innobelt.files.domain import store_upload
from innobelt.files.models import StoredFile
from innobelt.notifications.domain import notify
from innobelt.organisations.models import Organisation
from innobelt.organisations.queries import admins_of, my_organisations
from innobelt.organisations.rules import is_org_member
from innobelt.permissions import require

if TYPE_CHECKING:
    from innobelt.accounts.models import User

MAX_FUNDING_NEED = 10**12  # CNY


def _startup_people(pitch: Pitch) -> list["User"]:
    return [*admins_of(pitch.organisation), pitch.submitted_by]


@transaction.atomic
def apply_to_pitch(*, actor: "User", event: Event, organisation: Organisation, title: str, funding_need_cny: int, stage: str,
                   deck: UploadedFile | None, summary: str = "", language: str = "zh", now: datetime | None = None) -> Pitch:
    """A startup applies to pitch at a published roadshow that has not started, with its deck (a PDF).

    The deck goes through innobelt.files (content sniffed, size limited, stored privately for the
    startup). Refused when the startup already applied. Side effects: StoredFile, Pitch, audit
    entry, a message to the organisers.
    """
    require(actor, "events.apply_to_pitch", organisation)
    if event.kind != Event.Kind.ROADSHOW or not event.is_published:
        raise ValidationError(_("Only published roadshows take pitches."))
    if (now or timezone.now()) >= event.starts_at:
        raise ValidationError(_("This roadshow has already started; it takes no more pitches."))
    if event.pitches.filter(organisation=organisation).exclude(status=Pitch.Status.WITHDRAWN).exists():
        raise ValidationError(_("%(startup)s has already applied to pitch at this roadshow.") % {"startup": organisation.name})
    if not title.strip():
        raise ValidationError({"title": _("Give the pitch a title.")})
    if not 0 < funding_need_cny <= MAX_FUNDING_NEED:
        raise ValidationError({"funding_need_cny": _("Give the funding you need in yuan (more than zero).")})
    if stage not in Pitch.Stage.values:
        raise ValidationError({"stage": _("Choose a stage.")})
    if deck is None:
        raise ValidationError({"deck": _("Attach your pitch deck as a PDF.")})
    stored = store_upload(actor=actor, organisation=organisation, kind=StoredFile.Kind.DOCUMENT, upload=deck)
    pitch = Pitch.objects.create(event=event, organisation=organisation, submitted_by=actor, title=title.strip(), summary=summary,
                                 language=language, deck=stored, funding_need_cny=funding_need_cny, stage=stage)
    record_action(actor=actor, action="event.pitch_submitted", target=event, data={"pitch": pitch.pk, "organisation": organisation.pk})
    notify(organisers_of(event), kind="events.pitch_submitted",
           subject=lambda: _("%(startup)s applies to pitch at %(event)s") % {"startup": organisation.name, "event": event.title},
           body=lambda: pitch.title, link=pitch.get_absolute_url())
    return pitch


def _decide(*, actor: "User", pitch: Pitch, status: str) -> Pitch:
    pitch = Pitch.objects.select_for_update(of=("self",)).select_related("event", "organisation").get(pk=pitch.pk)
    require(actor, "events.decide_pitch", pitch)
    if pitch.status == Pitch.Status.WITHDRAWN:
        raise ValidationError(_("This pitch was withdrawn."))
    if pitch.status == status:
        raise ValidationError(_("This pitch is already %(status)s.") % {"status": pitch.get_status_display()})
    pitch.status, pitch.decided_by, pitch.decided_at = status, actor, timezone.now()
    pitch.save(update_fields=["status", "decided_by", "decided_at"])
    record_action(actor=actor, action=f"event.pitch_{status}", target=pitch.event, data={"pitch": pitch.pk})
    event, selected = pitch.event, status == Pitch.Status.SELECTED

    def subject() -> str:
        if selected:
            return _("You pitch at %(event)s") % {"event": event.title}
        return _("Your pitch for %(event)s was not selected") % {"event": event.title}

    def body() -> str:
        return _("Your pitch was selected. Investors and large firms will rate it.") if selected else _("Thank you for applying.")

    notify(_startup_people(pitch), kind=f"events.pitch_{status}", subject=subject, body=body, link=pitch.get_absolute_url())
    return pitch


@transaction.atomic
def select_pitch(*, actor: "User", pitch: Pitch) -> Pitch:
    """The organiser selects a pitch for the stage; raters may then see and rate it."""
    return _decide(actor=actor, pitch=pitch, status=Pitch.Status.SELECTED)


@transaction.atomic
def decline_pitch(*, actor: "User", pitch: Pitch) -> Pitch:
    return _decide(actor=actor, pitch=pitch, status=Pitch.Status.DECLINED)


def rater_organisations(user: "User") -> QuerySet[Organisation]:
    """The investor and large-firm organisations a person rates for."""
    return my_organisations(user).filter(kind__in=RATER_KINDS)


@transaction.atomic
def rate_pitch(*, actor: "User", pitch: Pitch, score: int, comment: str = "", organisation: Organisation | None = None) -> PitchRating:
    """Rate a selected pitch 1–5 for one's investor or large firm; rating again replaces the rating.

    Side effects: PitchRating row (created or changed), audit entry.
    """
    pitch = Pitch.objects.select_related("event", "organisation").get(pk=pitch.pk)
    require(actor, "events.rate_pitch", pitch)
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError({"score": _("Give a score from 1 to 5.")})
    choices = rater_organisations(actor)
    if organisation is None:
        organisation = choices.first()
    elif not choices.filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("You rate only for an investor or a large firm you belong to."))
    rating, created = PitchRating.objects.update_or_create(
        pitch=pitch, rated_by=actor, defaults={"organisation": organisation, "score": score, "comment": comment.strip()})
    record_action(actor=actor, action="event.pitch_rated", target=pitch.event,
                  data={"pitch": pitch.pk, "score": score, "changed": not created})
    return rating


@transaction.atomic
def request_meeting_from_rating(*, actor: "User", rating: PitchRating, note: str = "") -> EventMeetingRequest:
    """Ask the rated startup for a 1:1 meeting, for the organisation the rating was made for.

    Creates an EventMeetingRequest (status `requested`) that the 1:1 scheduler picks up.
    Refused while the same request is still open. Side effects: the request, audit entry,
    a message to the startup's admins and the person who submitted the pitch.
    """
    rating = PitchRating.objects.select_related("pitch", "pitch__event", "pitch__organisation", "organisation").get(pk=rating.pk)
    require(actor, "events.request_meeting", rating)
    pitch = rating.pitch
    return _ask(actor=actor, event=pitch.event, asking=rating.organisation, invited=pitch.organisation, note=note, rating=rating,
                told=_startup_people(pitch))


@transaction.atomic
def request_meeting_at_event(*, actor: "User", event: Event, asking: Organisation, invited: Organisation, note: str = "",
                             tell_invited: bool = True, now: datetime | None = None) -> EventMeetingRequest:
    """Ask another organisation for a 1:1 meeting at an event, for an organisation the actor belongs to (another
    app's request, e.g. an investor's about a funding need, brought into the meeting zone).

    The event must be one the actor may see, published and not over; the 1:1 scheduler picks the request up as it
    does a roadshow's (the caller checks the event has a programme taking requests). Refused while the same
    request is still open. Side effects: the request, audit entry, and (unless `tell_invited` is False, when the
    caller tells them itself) a message to the invited organisation's admins.
    """
    require(actor, "events.view_event", event)
    if not is_org_member(actor, asking):
        raise PermissionDenied(_("You ask for a meeting only for an organisation you belong to."))
    if asking.pk == invited.pk:
        raise ValidationError({"event": _("An organisation does not ask itself for a meeting.")})
    if not event.is_published or event.ends_at <= (now or timezone.now()):
        raise ValidationError({"event": _("This event takes no more meeting requests.")})
    return _ask(actor=actor, event=event, asking=asking, invited=invited, note=note, rating=None,
                told=admins_of(invited) if tell_invited else None)


def _ask(*, actor: "User", event: Event, asking: Organisation, invited: Organisation, note: str, rating: PitchRating | None,
         told: "Iterable[User] | None") -> EventMeetingRequest:
    open_request = EventMeetingRequest.objects.filter(event=event, from_organisation=asking, to_organisation=invited,
                                                      status=EventMeetingRequest.Status.REQUESTED)
    if open_request.exists():
        message = _("%(from)s has already asked %(to)s for a meeting at this event.") % {"from": asking.name, "to": invited.name}
        raise ValidationError({"event": message} if rating is None else message)
    meeting = EventMeetingRequest.objects.create(event=event, from_organisation=asking, to_organisation=invited,
                                                 rating=rating, requested_by=actor, note=note.strip())
    record_action(actor=actor, action="event.meeting_requested", target=event,
                  data={"meeting_request": meeting.pk, "from": asking.pk, "to": invited.pk})
    if told is not None:
        notify(told, kind="events.meeting_requested",
               subject=lambda: _("%(from)s would like to meet you after %(event)s") % {"from": asking.name, "event": event.title},
               body=lambda: note.strip() or _("No note was added."), link=reverse("events:meeting_requests"))
    return meeting
