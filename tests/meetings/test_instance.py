"""Building the scheduler instance from the database."""

import pytest

from innobelt.meetings.domain import build_instance
from innobelt.meetings.domain.scheduling import pair_weight
from innobelt.meetings.models import Meeting
from tests.factories import MeetingFactory
from tests.meetings.helpers import programme_with, want

pytestmark = pytest.mark.django_db


def requests_of(instance):
    return {(r["a"], r["b"]): r["weight"] for r in instance["requests"]}


def test_pair_weight_rules():
    assert [pair_weight(["like"]), pair_weight(["must"]), pair_weight(["like", "like"]), pair_weight(["must", "like"]),
            pair_weight(["must", "must"]), pair_weight(["like", "no"]), pair_weight(["no"])] == [1, 2, 3, 4, 5, None, None]


def test_weights_one_sided_mutual_and_must_meet_bonus():
    programme, slots, (p, q, r, s) = programme_with(slots=2, tables=3, people=4)
    want(p, q)                      # one-sided: 1
    want(q, r, "must")              # one-sided, must: 2
    want(r, s, "must")
    want(s, r, "must")              # mutual, both must: 5
    want(p, s)
    want(s, p, "must")              # mutual, one must: 4
    instance, keep = build_instance(programme)
    assert requests_of(instance) == {(p.key, q.key): 1, (q.key, r.key): 2, (r.key, s.key): 5, (p.key, s.key): 4}
    assert instance["slots"] == [{"id": slots[0].key, "tables": 3}, {"id": slots[1].key, "tables": 3}]
    assert instance["participants"] == [{"id": x.key} for x in (p, q, r, s)]
    assert instance["fixed"] == []
    assert keep == []


def test_no_thanks_blocks_the_pair_both_ways():
    programme, _slots, (p, q, r) = programme_with(people=3)
    want(p, q, "must")
    want(q, p, "no")
    want(r, p, "no")
    want(p, r, "like")
    instance, _keep = build_instance(programme)
    assert instance["requests"] == []


def test_unavailability_and_max_meetings():
    programme, slots, (p, q, r) = programme_with(slots=3, people=3, max_meetings=2)
    p.unavailable.set([slots[2], slots[0]])
    q.max_meetings = 1
    q.save()
    want(p, q)
    instance, _keep = build_instance(programme)
    assert instance["participants"] == [
        {"id": p.key, "unavailable": sorted([slots[0].key, slots[2].key]), "max_meetings": 2},
        {"id": q.key, "max_meetings": 1},
        {"id": r.key, "max_meetings": 2},
    ]


def test_cancelled_registrations_and_cancelled_meetings_leave_the_instance():
    programme, slots, (p, q, r) = programme_with(people=3)
    want(p, q)
    want(p, r)
    want(q, r)
    r.registration.status = "cancelled"
    r.registration.save()
    MeetingFactory(programme=programme, slot=slots[0], a=p, b=q, status=Meeting.Status.CANCELLED)
    instance, _keep = build_instance(programme)
    assert [x["id"] for x in instance["participants"]] == [p.key, q.key]
    assert instance["requests"] == []  # p-q was cancelled, r left


def test_fixed_meetings_go_in_as_fixed_even_without_a_request_and_others_are_kept():
    programme, slots, (p, q, r, s) = programme_with(slots=2, tables=2, people=4)
    want(r, s)
    MeetingFactory(programme=programme, slot=slots[1], a=p, b=q, table=2, fixed=True)
    MeetingFactory(programme=programme, slot=slots[0], a=r, b=s, table=2)
    instance, keep = build_instance(programme)
    assert instance["fixed"] == [{"a": p.key, "b": q.key, "slot": slots[1].key}]
    assert requests_of(instance) == {(p.key, q.key): 1, (r.key, s.key): 1}
    assert keep == [(r.key, s.key, slots[0].key, 2)]
    _instance, keep_full = build_instance(programme, full=True)
    assert keep_full == []


def test_kept_meetings_that_no_longer_fit_are_dropped():
    programme, slots, (p, q, r, s) = programme_with(slots=2, tables=2, people=4)
    want(p, q)
    want(r, s)
    MeetingFactory(programme=programme, slot=slots[0], a=p, b=q, table=1)
    MeetingFactory(programme=programme, slot=slots[1], a=r, b=s, table=1)
    p.unavailable.set([slots[0]])  # marked after the schedule
    want(s, r, "no")               # blocked after the schedule
    _instance, keep = build_instance(programme)
    assert keep == []
