"""The participant's side: the cooperation profile, requests, cancellations and outcomes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.events.models import Registration
from innobelt.meetings.domain.cancellation import mark_cancelled, tell_cancelled
from innobelt.meetings.models import Meeting, MeetingRequest, Participant, Programme, Slot
from innobelt.notifications.domain import notify
from innobelt.permissions import require

if TYPE_CHECKING:
    from innobelt.accounts.models import User

Priority = MeetingRequest.Priority


@transaction.atomic
def join_programme(*, user: User, programme: Programme) -> Participant:
    """The person's participant record (made on first use) for a programme they are confirmed for.

    Side effects: Participant row and an audit entry the first time.
    """
    require(user, "meetings.take_part", programme)
    registration = programme.event.registrations.get(user=user, status=Registration.Status.CONFIRMED)
    participant, created = Participant.objects.get_or_create(programme=programme, registration=registration)
    if created:
        record_action(actor=user, action="meetings.joined", target=participant)
    return participant


@transaction.atomic
def update_profile(*, actor: User, participant: Participant, offers: str | None = None, seeks: str | None = None,
                   max_meetings: int | None = None, unavailable: Iterable[Slot] | None = None, clear_max: bool = False) -> Participant:
    """Change one's cooperation profile, meeting limit and unavailable slots.

    Side effects: audit entry naming the fields changed (not their text).
    """
    require(actor, "meetings.act_as_participant", participant)
    changed: list[str] = []
    if offers is not None and offers != participant.offers:
        participant.offers, changed = offers.strip(), [*changed, "offers"]
    if seeks is not None and seeks != participant.seeks:
        participant.seeks, changed = seeks.strip(), [*changed, "seeks"]
    if max_meetings is not None or clear_max:
        if max_meetings is not None and max_meetings > 200:
            raise ValidationError({"max_meetings": _("At most 200.")})
        participant.max_meetings, changed = max_meetings, [*changed, "max_meetings"]
    participant.full_clean()
    participant.save()
    if unavailable is not None:
        slots = list(unavailable)
        if any(s.programme_id != participant.programme_id for s in slots):
            raise ValidationError({"unavailable": _("Choose slots of this event.")})
        participant.unavailable.set(slots)
        changed.append("unavailable")
    record_action(actor=actor, action="meetings.profile_changed", target=participant, data={"fields": changed})
    return participant


@transaction.atomic
def set_meeting_request(*, actor: User, requester: Participant, target: Participant,
                        priority: str) -> MeetingRequest | None:
    """Say how much one wants to meet another participant: "must", "like", "no" (blocks the pair
    both ways) or "" (withdraw). Side effects: the request row, audit entry; the other person is
    told of a new wish to meet (never of a "no thanks")."""
    require(actor, "meetings.act_as_participant", requester)
    programme = requester.programme
    if priority and priority not in Priority.values:
        raise ValidationError({"priority": _("Choose must meet, would like to meet or no thanks.")})
    if not programme.requests_open:
        raise ValidationError(_("The organiser has closed meeting requests."))
    if target.programme_id != programme.pk or target.registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("This person does not take part in the meetings of this event."))
    if target.pk == requester.pk:
        raise ValidationError(_("You cannot request a meeting with yourself."))
    existing = MeetingRequest.objects.filter(requester=requester, target=target).first()
    if not priority:
        if existing is not None:
            existing.delete()
            record_action(actor=actor, action="meetings.request_withdrawn", target=requester, data={"target": target.pk})
        return None
    before = existing.priority if existing else ""
    if existing is None:
        existing = MeetingRequest.objects.create(programme=programme, requester=requester, target=target, priority=priority)
    else:
        existing.priority = priority
        if before == Priority.NO:  # a new wish after a "no thanks" asks again
            existing.response, existing.responded_at = MeetingRequest.Response.NONE, None
        existing.save(update_fields=["priority", "response", "responded_at", "updated_at"])
    record_action(actor=actor, action="meetings.request_set", target=existing, data={"priority": priority})
    if priority != Priority.NO and before in ("", Priority.NO):
        event = programme.event
        notify([target.registration.user], kind="meetings.request",
               subject=lambda: _("%(name)s would like to meet you at %(event)s") % {"name": requester.name, "event": event},
               body=lambda: (_("Accept or decline the request on the event's 1:1 meetings page before the organiser runs the scheduler.")
                             if programme.requests_need_acceptance else
                             _("Say whether you want to meet them too on the event's 1:1 meetings page; mutual wishes come first.")),
               link=reverse("meetings:people", kwargs={"event_id": programme.event_id}))
    return existing


@transaction.atomic
def respond_to_request(*, actor: User, participant: Participant, requester: Participant, accept: bool,
                       now: datetime | None = None) -> MeetingRequest:
    """Accept or decline another participant's request to meet (`participant` is the one asked),
    when the organiser chose that requests need acceptance. Only accepted (or mutual) requests are
    scheduled; a declined one is not. Answering again changes the answer until the scheduler has
    placed the meeting: once a meeting of the two is on the schedule (a run or the organiser placed it) the
    answer is refused (ValidationError, nothing changed); cancelling the meeting is the way out. The
    programme's row is locked, as a scheduler run storing its result locks it, so an answer and a run's
    result never cross. Side effects: the request's answer, audit entry, the requester told."""
    require(actor, "meetings.act_as_participant", participant)
    programme = Programme.objects.select_for_update().get(pk=participant.programme_id)
    if not programme.requests_need_acceptance:
        raise ValidationError(_("In this programme requests are wishes: there is nothing to accept or decline."))
    if not programme.requests_open:
        raise ValidationError(_("The organiser has closed meeting requests."))
    request = (MeetingRequest.objects.select_for_update().filter(requester=requester, target=participant)
               .exclude(priority=Priority.NO).first())
    if request is None or requester.registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("This person has not asked to meet you."))
    pair = Q(a=participant, b=requester) | Q(a=requester, b=participant)
    if Meeting.objects.filter(pair, programme=programme, status=Meeting.Status.SCHEDULED).exists():
        raise ValidationError(_("Your meeting with %(name)s is already on the schedule, so your answer can no longer change. "
                                "If you cannot meet, cancel the meeting on your agenda.") % {"name": requester.name})
    answer = MeetingRequest.Response.ACCEPTED if accept else MeetingRequest.Response.DECLINED
    request.response, request.responded_at = answer, now or timezone.now()
    request.save(update_fields=["response", "responded_at", "updated_at"])
    record_action(actor=actor, action="meetings.request_answered", target=request, data={"response": answer})
    event = programme.event
    notify([requester.registration.user], kind=f"meetings.request_{answer}",
           subject=lambda: (_("%(name)s accepted your request to meet at %(event)s") if accept
                            else _("%(name)s declined your request to meet at %(event)s")) % {"name": participant.name, "event": event},
           body=lambda: (_("The scheduler will place the meeting when the organiser runs it.") if accept
                         else _("The two of you will not be scheduled to meet, unless they ask you later.")),
           link=reverse("meetings:people", kwargs={"event_id": programme.event_id}))
    return request


@transaction.atomic
def cancel_meeting(*, actor: User, meeting: Meeting, now: datetime | None = None) -> Meeting:
    """Cancel a scheduled meeting (either participant or the organiser). The pair is not
    scheduled again by later runs. Side effects: audit entry, the other side and the organisers told."""
    require(actor, "meetings.cancel_meeting", meeting)
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related(
        "slot", "programme__event", "a__registration__user", "a__registration__organisation",
        "b__registration__user", "b__registration__organisation").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError(_("This meeting is already cancelled."))
    if meeting.outcome:
        raise ValidationError(_("An outcome is recorded: the meeting took place."))
    party = actor.pk in (meeting.a.registration.user_id, meeting.b.registration.user_id)
    reason = Meeting.CancelReason.PARTICIPANT if party else Meeting.CancelReason.ORGANISER
    mark_cancelled([meeting], reason=reason, actor=actor, now=now or timezone.now())
    record_action(actor=actor, action="meetings.meeting_cancelled", target=meeting, data={"reason": reason})
    tell_cancelled([meeting], actor=actor)
    return meeting


@transaction.atomic
def record_outcome(*, actor: User, meeting: Meeting, outcome: str, note: str = "",
                   now: datetime | None = None) -> Meeting:
    """Record how a meeting went (held, no-show, follow-up agreed): either participant or the
    organiser, once it has started. Side effects: audit entry."""
    require(actor, "meetings.record_outcome", meeting)
    if outcome not in Meeting.Outcome.values:
        raise ValidationError({"outcome": _("Choose held, no-show or follow-up agreed.")})
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError(_("This meeting was cancelled."))
    now = now or timezone.now()
    if meeting.slot.starts_at > now:
        raise ValidationError(_("You can record the outcome once the meeting has started."))
    meeting.outcome, meeting.outcome_note, meeting.outcome_by, meeting.outcome_at = outcome, note.strip()[:500], actor, now
    meeting.save(update_fields=["outcome", "outcome_note", "outcome_by", "outcome_at"])
    record_action(actor=actor, action="meetings.outcome_recorded", target=meeting, data={"outcome": outcome})
    return meeting
