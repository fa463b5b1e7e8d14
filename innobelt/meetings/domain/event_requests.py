"""Roadshow meeting requests feed the 1:1 scheduler.

An investor or large firm that rated a pitch may ask the startup for a meeting: the events app
stores an `EventMeetingRequest` (status `requested`) and never changes it again (ADR 0401). Here
each open one becomes a `MeetingRequest` between a participant of either organisation, "must
meet" after a rating of 4 or 5, "would like to meet" otherwise; once a run places the pair, the
event request is `scheduled`. The invited side's "no thanks" to the asker marks it `declined`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.events.domain import request_meeting_at_event
from innobelt.events.models import EventMeetingRequest
from innobelt.meetings.models import Meeting, MeetingRequest, Programme
from innobelt.meetings.queries import EventRequestPair, event_request_pairs, schedule_final_reason
from innobelt.permissions import require

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.organisations.models import Organisation

Priority = MeetingRequest.Priority
MUST_MEET_FROM_SCORE = 4


@dataclass
class TakenIn:
    created: int = 0
    linked: int = 0
    declined: int = 0
    waiting: list[EventRequestPair] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.linked or self.declined)


def priority_for(request: EventMeetingRequest) -> str:
    rating = request.rating
    return Priority.MUST if rating is not None and rating.score >= MUST_MEET_FROM_SCORE else Priority.LIKE


@transaction.atomic
def take_in_event_requests(programme: Programme, *, actor: User | None = None) -> TakenIn:
    """Turn the event's open roadshow meeting requests into 1:1 meeting requests (idempotent).

    With `actor` (the organiser's button) the rule is checked; the scheduler run calls it
    without one. A request whose organisations have nobody in the programme yet stays
    `requested` and is listed in `waiting`. An existing request of the same pair is linked
    (and raised from "would like" to "must meet" after a high rating), never duplicated or
    lowered; a "no thanks" stays. Side effects: MeetingRequest rows, EventMeetingRequest
    statuses (`declined`), one audit entry when something changed.
    """
    if actor is not None:
        require(actor, "meetings.manage_programme", programme)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    result = TakenIn()
    for pair in event_request_pairs(programme):
        if pair.taken_in is not None:
            continue
        if pair.asker is None or pair.invited is None:
            result.waiting.append(pair)
            continue
        if MeetingRequest.objects.filter(requester=pair.invited, target=pair.asker, priority=Priority.NO).exists():
            result.declined += EventMeetingRequest.objects.filter(pk=pair.request.pk, status=EventMeetingRequest.Status.REQUESTED).update(
                status=EventMeetingRequest.Status.DECLINED)
            continue
        priority = priority_for(pair.request)
        existing = MeetingRequest.objects.filter(requester=pair.asker, target=pair.invited).first()
        if existing is None:
            MeetingRequest.objects.create(programme=programme, requester=pair.asker, target=pair.invited, priority=priority,
                                          event_request=pair.request)
            result.created += 1
            continue
        existing.event_request = pair.request
        if existing.priority == Priority.LIKE and priority == Priority.MUST:
            existing.priority = Priority.MUST
        existing.save(update_fields=["event_request", "priority", "updated_at"])
        result.linked += 1
    if result.changed:
        record_action(actor=actor, action="meetings.event_requests_taken_in", target=programme,
                      data={"created": result.created, "linked": result.linked, "declined": result.declined,
                            "waiting": len(result.waiting)})
    return result


def mark_event_requests_scheduled(programme: Programme) -> int:
    """Set `scheduled` on the open event requests whose 1:1 request now has a scheduled meeting.

    Called by a scheduler run when it stores its meetings (in its transaction). Returns how many.
    """
    pairs = {frozenset(p) for p in Meeting.objects.filter(programme=programme, status=Meeting.Status.SCHEDULED).values_list("a_id", "b_id")}
    placed = [event_request for event_request, requester, target in MeetingRequest.objects.filter(
        programme=programme, event_request__status=EventMeetingRequest.Status.REQUESTED).values_list(
        "event_request_id", "requester_id", "target_id") if frozenset((requester, target)) in pairs]
    if not placed:
        return 0
    return EventMeetingRequest.objects.filter(pk__in=placed, status=EventMeetingRequest.Status.REQUESTED).update(
        status=EventMeetingRequest.Status.SCHEDULED)


@transaction.atomic
def request_meeting_in_programme(*, actor: User, programme: Programme, asking: Organisation, invited: Organisation,
                                 note: str = "", tell_invited: bool = True) -> EventMeetingRequest:
    """Bring another app's request to meet (an investor's about a funding need) into an event's 1:1 meetings.

    The programme must take requests and its schedule must not be final; `events.domain.request_meeting_at_event`
    stores the event's request (and checks the actor belongs to the asking organisation and may see the event),
    then it is taken in at once like a roadshow's: a 1:1 request between a participant of each organisation
    when both have one, otherwise it waits for them, and every scheduler run takes it in again. The scheduler
    places it; nothing here schedules. Raises ValidationError naming `event`. Side effects: those of both steps.
    """
    programme = Programme.objects.select_related("event").get(pk=programme.pk)
    if not programme.requests_open:
        raise ValidationError({"event": _("The organiser has closed meeting requests.")})
    final = schedule_final_reason(programme)
    if final:
        raise ValidationError({"event": final})
    request = request_meeting_at_event(actor=actor, event=programme.event, asking=asking, invited=invited, note=note,
                                       tell_invited=tell_invited)
    take_in_event_requests(programme)
    return request
