"""Running the scheduler: the instance built from the database, the run as a task, and
storing its schedule while keeping everyone else's meetings where they are.

Weights (docs/adr/0501-meetings-in-django.md): 1 for a one-sided request, 3 for a mutual
one, +1 for each side that marked it "must meet"; a "no thanks" from either side and a
cancelled meeting exclude the pair. Organiser-fixed meetings go in as "fixed"; on a
re-run (not full) every other scheduled meeting goes in as `keep`.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.meetings.domain.cancellation import mark_cancelled
from innobelt.meetings.domain.event_requests import mark_event_requests_scheduled, take_in_event_requests
from innobelt.meetings.links import agenda_link
from innobelt.meetings.models import Meeting, MeetingRequest, Programme, ScheduleRun
from innobelt.meetings.queries import active_participants, schedule_final_reason
from innobelt.meetings.scheduling.instance import InstanceError
from innobelt.meetings.scheduling.instance import Meeting as Placed
from innobelt.meetings.scheduling.solver import ScheduleResult, schedule_meetings
from innobelt.notifications.domain import notify
from innobelt.permissions import require

if TYPE_CHECKING:
    from innobelt.accounts.models import User

#: a meeting to keep: (a, b, slot) or (a, b, slot, table), in the scheduler's ids
Keep = tuple[str, str, str] | tuple[str, str, str, int]

log = logging.getLogger(__name__)
Priority = MeetingRequest.Priority


def pair_weight(priorities: list[str]) -> int | None:
    """The weight of a pair from its requests' priorities (one or two sides); None: blocked."""
    if Priority.NO in priorities or not priorities:
        return None
    return (3 if len(priorities) == 2 else 1) + sum(1 for p in priorities if p == Priority.MUST)


def build_instance(programme: Programme, *, full: bool = False) -> tuple[dict[str, Any], list[Keep]]:
    """The scheduler instance of a programme and the meetings to keep (empty for a full run).

    Kept meetings that no longer fit (a participant left or marked the slot unavailable, the
    pair was blocked, the slot lost tables) are left out, so the run can place others there.
    """
    slots = list(programme.slots.order_by("starts_at", "pk"))
    people = list(active_participants(programme))
    ids = {p.pk for p in people}
    sides: dict[tuple[int, int], list[str]] = defaultdict(list)
    answers: dict[tuple[int, int], list[str]] = defaultdict(list)
    for requester, target, priority, response in MeetingRequest.objects.filter(
            programme=programme, requester__in=ids, target__in=ids).values_list("requester_id", "target_id", "priority", "response"):
        sides[(min(requester, target), max(requester, target))].append(priority)
        answers[(min(requester, target), max(requester, target))].append(response)
    if programme.requests_need_acceptance:  # a one-sided request counts once accepted; a declined one never
        sides = defaultdict(list, {pair: prios for pair, prios in sides.items()
                                   if MeetingRequest.Response.DECLINED not in answers[pair]
                                   and (len(prios) == 2 or MeetingRequest.Response.ACCEPTED in answers[pair])})
    # a cancellation that was somebody's decision blocks the pair; one dropped by a run or with a registration does not
    cancelled = {(min(a, b), max(a, b)) for a, b in Meeting.objects.filter(
        programme=programme, status=Meeting.Status.CANCELLED).exclude(cancel_reason__in=Meeting.NOT_DECIDED)
        .values_list("a_id", "b_id")}
    weights = {pair: w for pair, prios in sides.items() if pair not in cancelled and (w := pair_weight(prios)) is not None}
    scheduled = list(Meeting.objects.filter(programme=programme, status=Meeting.Status.SCHEDULED, a__in=ids, b__in=ids)
                     .select_related("slot").order_by("slot__starts_at", "table", "pk"))
    fixed = [m for m in scheduled if m.fixed]
    for m in fixed:  # the organiser's decision stands even without a request
        weights.setdefault((min(m.a_id, m.b_id), max(m.a_id, m.b_id)), 1)
    limit = {p.pk: p.max_meetings if p.max_meetings is not None else programme.max_meetings for p in people}
    unavailable = {p.pk: {s.pk for s in p.unavailable.all()} for p in people}
    participants: list[dict[str, Any]] = []
    for p in people:
        row: dict[str, Any] = {"id": p.key}
        if unavailable[p.pk]:
            row["unavailable"] = [f"s{s}" for s in sorted(unavailable[p.pk])]
        if limit[p.pk] is not None:
            row["max_meetings"] = limit[p.pk]
        participants.append(row)
    instance = {
        "name": f"event-{programme.event_id}",
        "slots": [{"id": s.key, "tables": s.tables} for s in slots],
        "participants": participants,
        "requests": [{"a": f"p{a}", "b": f"p{b}", "weight": w} for (a, b), w in sorted(weights.items())],
        "fixed": [{"a": f"p{m.a_id}", "b": f"p{m.b_id}", "slot": m.slot.key} for m in fixed],
    }
    keep = [] if full else _keepable(programme, [m for m in scheduled if not m.fixed], fixed, weights, unavailable, limit)
    return instance, keep


def _keepable(programme: Programme, candidates: Sequence[Meeting], fixed: Sequence[Meeting], weights: dict[tuple[int, int], int],
              unavailable: dict[int, set[int]], limit: dict[int, int | None]) -> list[Keep]:
    tables: dict[int, int] = dict(programme.slots.values_list("pk", "tables"))
    busy: set[tuple[int, int]] = set()
    per_slot: Counter[int] = Counter()
    per_person: Counter[int] = Counter()
    used_tables: set[tuple[int, int | None]] = set()
    for m in fixed:
        busy |= {(m.a_id, m.slot_id), (m.b_id, m.slot_id)}
        per_slot[m.slot_id] += 1
        per_person.update([m.a_id, m.b_id])
    keep: list[Keep] = []
    for m in candidates:
        pair = (min(m.a_id, m.b_id), max(m.a_id, m.b_id))
        fits = (pair in weights and m.slot_id in tables and per_slot[m.slot_id] < tables[m.slot_id]
                and all((p, m.slot_id) not in busy and m.slot_id not in unavailable[p] for p in pair)
                and all((cap := limit[p]) is None or per_person[p] < cap for p in pair))
        if not fits:
            continue
        busy |= {(m.a_id, m.slot_id), (m.b_id, m.slot_id)}
        per_slot[m.slot_id] += 1
        per_person.update(pair)
        table = m.table if m.table <= tables[m.slot_id] and (m.slot_id, m.table) not in used_tables else None
        used_tables.add((m.slot_id, table))
        keep.append((f"p{m.a_id}", f"p{m.b_id}", f"s{m.slot_id}", table) if table else (f"p{m.a_id}", f"p{m.b_id}", f"s{m.slot_id}"))
    return keep


@transaction.atomic
def request_schedule_run(*, actor: User, programme: Programme, full: bool = False, now: datetime | None = None) -> ScheduleRun:
    """Queue a scheduler run; `task_run_scheduler` does it after the commit (in-process on the
    embedded default). Refused once the event is over or an outcome is recorded (the schedule is
    final). Side effects: ScheduleRun row, audit entry, the task queued."""
    require(actor, "meetings.manage_programme", programme)
    programme = Programme.objects.select_for_update().select_related("event").get(pk=programme.pk)
    final = schedule_final_reason(programme, now=now)
    if final:
        raise ValidationError(final)
    if ScheduleRun.objects.filter(programme=programme, status__in=[ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING]).exists():
        raise ValidationError(_("The scheduler is already running for this event; wait for it to finish."))
    if not programme.slots.exists():
        raise ValidationError(_("Add slots first."))
    run = ScheduleRun.objects.create(programme=programme, full=full, requested_by=actor)
    record_action(actor=actor, action="meetings.run_requested", target=run, data={"full": full})
    from innobelt.meetings.tasks import task_run_scheduler

    transaction.on_commit(lambda: task_run_scheduler.delay(run.pk))
    return run


def run_scheduler(*, run_id: int) -> ScheduleRun:
    """Do a queued run: take in the roadshow meeting requests, build the instance, schedule,
    store the meetings and the figures, and mark the roadshow requests now placed `scheduled`.

    A greedy fallback is stored as such (`fallback`, `fallback_reason`) and shown. A failure
    marks the run failed with the reason; meetings stay as they were.
    Side effects: MeetingRequest rows (taken in), Meeting rows replaced, EventMeetingRequest statuses,
    audit entry, participants whose agenda changed told.
    """
    claimed = ScheduleRun.objects.filter(pk=run_id, status=ScheduleRun.Status.QUEUED).update(
        status=ScheduleRun.Status.RUNNING, started_at=timezone.now())
    run = ScheduleRun.objects.select_related("programme__event", "requested_by").get(pk=run_id)
    if not claimed:
        return run  # done by another worker, or not queued
    programme = run.programme
    try:
        take_in_event_requests(programme)  # roadshow requests after pitch ratings join before every run
        instance, keep = build_instance(programme, full=run.full)
        result = schedule_meetings(instance, time_limit=programme.time_limit, keep=[Placed(*k) for k in keep], fairness=programme.fairness)
        with transaction.atomic():
            changed = _store(run, instance, keep, result)
    except (InstanceError, ValueError) as exc:
        return _fail(run, str(exc))
    except Exception as exc:  # the run must never stay "running"
        log.exception("scheduler run %s failed", run_id)
        return _fail(run, repr(exc))
    _tell(run, changed)
    return run


def _fail(run: ScheduleRun, message: str) -> ScheduleRun:
    run.status, run.error, run.finished_at = ScheduleRun.Status.FAILED, message[:2000], timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    record_action(actor=run.requested_by, action="meetings.run_failed", target=run, data={"error": message[:500]})
    notify([run.requested_by], kind="meetings.run_failed",
           subject=lambda: _("The 1:1 scheduler failed: %(event)s") % {"event": run.programme.event},
           body=lambda: message, link=_manage_link(run.programme))
    return run


def _manage_link(programme: Programme) -> str:
    return reverse("meetings:manage", kwargs={"event_id": programme.event_id})


def _store(run: ScheduleRun, instance: dict[str, Any], keep: Sequence[Keep], result: ScheduleResult) -> set[int]:
    """Replace the programme's scheduled meetings by the result; return the participants whose agenda changed.

    Meetings the result no longer holds are cancelled ("dropped when the scheduler ran again"),
    never deleted: calendar apps learn it from the feed (STATUS:CANCELLED under the same UID).
    """
    programme = Programme.objects.select_for_update().get(pk=run.programme_id)
    old = list(Meeting.objects.filter(programme=programme, status=Meeting.Status.SCHEDULED))
    by_key = {(min(m.a_id, m.b_id), max(m.a_id, m.b_id), m.slot_id): m for m in old}
    # what changed while the solver ran (it read the programme up to time_limit seconds ago): a person who
    # left, or a pair someone cancelled, gets no new meeting from this result
    still_here = set(active_participants(programme).values_list("pk", flat=True))
    decided = {(min(a, b), max(a, b)) for a, b in Meeting.objects.filter(programme=programme, status=Meeting.Status.CANCELLED)
               .exclude(cancel_reason__in=Meeting.NOT_DECIDED).values_list("a_id", "b_id")}
    if programme.requests_need_acceptance:  # a request declined while the solver ran is a decision too
        decided |= {(min(a, b), max(a, b)) for a, b in MeetingRequest.objects.filter(
            programme=programme, response=MeetingRequest.Response.DECLINED).values_list("requester_id", "target_id")}
    new_rows: list[Meeting] = []
    moved: list[tuple[Meeting, int]] = []
    seen: set[int] = set()
    for m in result.meetings:
        a, b, slot = int(m.a[1:]), int(m.b[1:]), int(m.slot[1:])
        if m.table is None:
            raise ValueError(f"The scheduler placed {m.a} × {m.b} in {m.slot} without a table.")
        key = (min(a, b), max(a, b), slot)
        row = by_key.get(key)
        if row is None:
            if a not in still_here or b not in still_here or key[:2] in decided:
                continue
            new_rows.append(Meeting(programme=programme, run=run, a_id=a, b_id=b, slot_id=slot, table=m.table))
        else:
            seen.add(row.pk)
            if row.table != m.table:
                moved.append((row, m.table))
    gone = [m for m in old if m.pk not in seen]
    mark_cancelled(gone, reason=Meeting.CancelReason.RESCHEDULED, actor=None, now=timezone.now())
    for i, (row, _table) in enumerate(moved):  # step aside first: no two rows on one table at any moment
        Meeting.objects.filter(pk=row.pk).update(table=30000 + i)
    for row, table in moved:
        Meeting.objects.filter(pk=row.pk).update(table=table)
    Meeting.objects.bulk_create(new_rows)
    scheduled_event_requests = mark_event_requests_scheduled(programme)
    changed = {p for m in gone + new_rows for p in (m.a_id, m.b_id)} | {p for row, _t in moved for p in (row.a_id, row.b_id)}
    run.status, run.finished_at = ScheduleRun.Status.DONE, timezone.now()
    run.value, run.bound, run.gap = result.value, result.bound, result.gap
    run.method, run.solver_status, run.seconds = result.method, result.status, result.seconds
    run.fallback, run.fallback_reason = result.fallback, result.fallback_reason or ""
    run.meetings_count, run.kept_count = len(result.meetings), len(keep)
    run.instance, run.summary = instance, result.as_dict()
    run.save()
    record_action(actor=run.requested_by, action="meetings.run_done", target=run,
                  data={"value": result.value, "bound": result.bound, "method": result.method, "fallback": result.fallback,
                        "event_requests_scheduled": scheduled_event_requests})
    return changed


def _tell(run: ScheduleRun, changed: set[int]) -> None:
    programme = run.programme
    event = programme.event
    people = active_participants(programme).filter(Q(pk__in=changed))
    notify([p.registration.user for p in people], kind="meetings.agenda_changed",
           subject=lambda: _("Your 1:1 meetings at %(event)s") % {"event": event},
           body=lambda: _("Your agenda of 1:1 meetings has changed: see the table, time and partner of each meeting."),
           link=agenda_link(programme))
    notify([run.requested_by], kind="meetings.run_done", email=False,
           subject=lambda: _("The 1:1 scheduler finished: %(event)s") % {"event": event},
           body=lambda: (_("Greedy fallback: %(reason)s") % {"reason": run.fallback_reason} if run.fallback
                         else _("%(count)d meetings, value %(value)d of at most %(bound)d.")
                         % {"count": run.meetings_count, "value": run.value, "bound": run.bound}),
           link=_manage_link(programme))
