"""Running the real scheduler on small events: optimum, feasibility, keeping meetings on
a re-run, the greedy fallback and failures, all stored on the ScheduleRun."""

from collections import Counter

import pytest
from django.test import Client

from innobelt.meetings import domain
from innobelt.meetings.models import Meeting, ScheduleRun
from innobelt.notifications.models import Notification
from tests.meetings.helpers import admin_of, programme_with, user_of, want

pytestmark = pytest.mark.django_db


def run(programme, actor, capture, *, full=False) -> ScheduleRun:
    with capture(execute=True):
        found = domain.request_schedule_run(actor=actor, programme=programme, full=full)
    found.refresh_from_db()
    return found


def placed(programme) -> set[tuple]:
    return {(frozenset((m.a_id, m.b_id)), m.slot_id, m.table) for m in Meeting.objects.filter(programme=programme, status="scheduled")}


def assert_feasible(programme):
    meetings = list(Meeting.objects.filter(programme=programme, status="scheduled").select_related("slot"))
    per_slot = Counter(m.slot_id for m in meetings)
    assert all(per_slot[s.pk] <= s.tables for s in programme.slots.all())
    assert len({(m.slot_id, m.table) for m in meetings}) == len(meetings)
    assert all(1 <= m.table <= m.slot.tables for m in meetings)
    busy = Counter((p, m.slot_id) for m in meetings for p in (m.a_id, m.b_id))
    assert max(busy.values(), default=0) <= 1
    for participant in programme.participants.prefetch_related("unavailable"):
        off = {s.pk for s in participant.unavailable.all()}
        mine = [m for m in meetings if participant.pk in (m.a_id, m.b_id)]
        assert all(m.slot_id not in off for m in mine)
        limit = participant.max_meetings if participant.max_meetings is not None else programme.max_meetings
        assert limit is None or len(mine) <= limit


def test_small_event_reaches_the_known_optimum(django_capture_on_commit_callbacks):
    programme, _slots, (p, q, r, s) = programme_with(slots=2, tables=1, people=4)
    want(p, q)
    want(q, p)            # mutual: 3
    want(p, r, "must")    # 2
    want(r, s)            # 1
    want(q, s)            # 1
    organiser = admin_of(programme.event.organiser)
    result = run(programme, organiser, django_capture_on_commit_callbacks)
    assert (result.status, result.value, result.bound, result.method, result.fallback, result.meetings_count) == (
        "done", 5, 5, "highs", False, 2)
    assert {frozenset(pair) for pair, _slot, _table in placed(programme)} == {frozenset((p.pk, q.pk)), frozenset((p.pk, r.pk))}
    assert result.instance["requests"][0]["weight"] in (1, 2, 3)
    assert_feasible(programme)
    assert Notification.objects.filter(kind="meetings.agenda_changed").count() == 3  # p, q, r
    assert Notification.objects.filter(kind="meetings.run_done", recipient=organiser).count() == 1


def test_unavailability_and_limits_are_respected(django_capture_on_commit_callbacks):
    programme, slots, (p, q, r, s) = programme_with(slots=2, tables=1, people=4)
    want(p, q)
    want(q, p)
    want(p, r, "must")
    want(q, s)
    want(r, s)
    p.unavailable.set([slots[1]])
    q.unavailable.set([slots[0]])  # p and q share no free slot
    result = run(programme, admin_of(programme.event.organiser), django_capture_on_commit_callbacks)
    assert (result.value, result.bound) == (3, 3)  # p-r (2) in slot 1, q-s (1) in slot 2
    assert placed(programme) == {(frozenset((p.pk, r.pk)), slots[0].pk, 1), (frozenset((q.pk, s.pk)), slots[1].pk, 1)}
    assert_feasible(programme)


def test_max_meetings_is_respected(django_capture_on_commit_callbacks):
    programme, _slots, people = programme_with(slots=3, tables=3, people=4, max_meetings=1)
    hub, *others = people
    for other in others:
        want(hub, other, "must")
        want(other, hub)
    want(others[0], others[1])
    result = run(programme, admin_of(programme.event.organiser), django_capture_on_commit_callbacks)
    assert result.value == 5  # hub meets one (weight 4), the two others meet (1)
    assert_feasible(programme)


def test_reschedule_after_a_cancellation_keeps_everyone_else_and_reuses_the_freed_slot(django_capture_on_commit_callbacks):
    programme, slots, (a, b, c, d, e, f) = programme_with(slots=3, tables=1, people=6)
    for x, y in ((a, b), (c, d), (e, f)):
        want(x, y)
        want(y, x)
    organiser = admin_of(programme.event.organiser)
    first = run(programme, organiser, django_capture_on_commit_callbacks)
    assert (first.value, first.meetings_count) == (9, 3)
    before = {frozenset((m.a_id, m.b_id)): m for m in Meeting.objects.filter(programme=programme)}
    freed_slot = before[frozenset((e.pk, f.pk))].slot_id
    f.registration.status = "cancelled"
    f.registration.save()
    want(a, e, "like")  # a late request: only the freed slot has a table left
    second = run(programme, organiser, django_capture_on_commit_callbacks)
    assert (second.status, second.full, second.kept_count, second.value, second.meetings_count) == ("done", False, 2, 7, 3)
    after = {frozenset((m.a_id, m.b_id)): m for m in Meeting.objects.filter(programme=programme, status="scheduled")}
    for pair in (frozenset((a.pk, b.pk)), frozenset((c.pk, d.pk))):
        assert (after[pair].pk, after[pair].slot_id, after[pair].table) == (before[pair].pk, before[pair].slot_id, before[pair].table)
    new = after[frozenset((a.pk, e.pk))]
    assert (new.slot_id, new.table, new.run_id) == (freed_slot, 1, second.pk)
    assert_feasible(programme)


def test_a_fixed_meeting_survives_a_full_re_run(django_capture_on_commit_callbacks):
    programme, slots, (p, q, r, s) = programme_with(slots=2, tables=1, people=4)
    want(r, s)
    want(s, r)
    organiser = admin_of(programme.event.organiser)
    fixed = domain.fix_meeting(actor=organiser, programme=programme, a=p, b=q, slot=slots[1])
    result = run(programme, organiser, django_capture_on_commit_callbacks, full=True)
    assert (result.value, result.full) == (4, True)
    fixed.refresh_from_db()
    assert (fixed.status, fixed.slot_id, fixed.fixed) == ("scheduled", slots[1].pk, True)
    assert placed(programme) == {(frozenset((p.pk, q.pk)), slots[1].pk, 1), (frozenset((r.pk, s.pk)), slots[0].pk, 1)}


def test_greedy_fallback_is_stored_and_shown(django_capture_on_commit_callbacks):
    programme, _slots, (p, q, r) = programme_with(slots=2, tables=1, people=3)
    want(p, q)
    want(q, r)
    type(programme).objects.filter(pk=programme.pk).update(time_limit=0)  # no time for HiGHS
    programme.refresh_from_db()
    organiser = admin_of(programme.event.organiser)
    result = run(programme, organiser, django_capture_on_commit_callbacks)
    assert (result.status, result.method, result.fallback, result.solver_status) == ("done", "greedy", True, "fallback")
    assert result.fallback_reason != ""
    assert_feasible(programme)
    client = Client()
    client.force_login(organiser)
    page = client.get(f"/en/meetings/{programme.event_id}/runs/{result.pk}/").content.decode()
    assert 'id="run-fallback"' in page and result.fallback_reason in page
    grid = client.get(f"/en/meetings/{programme.event_id}/grid/").content.decode()
    assert "greedy fallback" in grid


def test_an_infeasible_fixed_meeting_fails_the_run_and_changes_nothing(django_capture_on_commit_callbacks):
    programme, slots, (p, q, r) = programme_with(slots=2, tables=1, people=3)
    organiser = admin_of(programme.event.organiser)
    domain.fix_meeting(actor=organiser, programme=programme, a=p, b=q, slot=slots[0])
    p.unavailable.set([slots[0]])  # marked after the organiser fixed it
    before = placed(programme)
    result = run(programme, organiser, django_capture_on_commit_callbacks)
    assert result.status == "failed"
    assert "unavailable" in result.error
    assert placed(programme) == before
    assert Notification.objects.filter(kind="meetings.run_failed", recipient=organiser).count() == 1


def test_only_one_run_at_a_time_and_not_after_outcomes(django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    programme, _slots, _people = programme_with()
    organiser = admin_of(programme.event.organiser)
    domain.request_schedule_run(actor=organiser, programme=programme)  # queued (no commit in this test)
    with pytest.raises(ValidationError):
        domain.request_schedule_run(actor=organiser, programme=programme)


def test_the_task_is_ids_in_and_does_a_queued_run_once(django_capture_on_commit_callbacks):
    from innobelt.meetings.tasks import task_run_scheduler

    programme, _slots, (p, q, _r, _s) = programme_with()
    want(p, q)
    found = ScheduleRun.objects.create(programme=programme, requested_by=user_of(p))
    assert task_run_scheduler(found.pk) == "done"
    assert task_run_scheduler(found.pk) == "done"  # a second delivery changes nothing
    assert Meeting.objects.filter(programme=programme).count() == 1
