"""Scheduler behaviour on small hand-made instances with known optima.

Optima are checked by equality; a brute-force enumerator cross-checks random tiny instances.
"""

from __future__ import annotations

import itertools
import random

import pytest

from innobelt.meetings.scheduling import (
    InstanceError,
    Meeting,
    by_weight,
    fcfs,
    parse_instance,
    schedule_meetings,
)
from innobelt.meetings.scheduling.instance import verify_schedule


def event(slots, people, requests, fixed=()):
    """Instance dict from slots {id: tables}, people {id: extra}, requests (a, b, w[, slots])."""
    return {
        "name": "t",
        "slots": [{"id": s, "tables": t} for s, t in slots.items()],
        "participants": [{"id": p, **extra} for p, extra in people.items()],
        "requests": [{"a": r[0], "b": r[1], "weight": r[2],
                      **({"slots": list(r[3])} if len(r) > 3 else {})} for r in requests],
        "fixed": [{"a": a, "b": b, "slot": s} for a, b, s in fixed],
    }


def held(result):
    """{(frozenset pair, slot)} of a result, for order-free comparison."""
    return {(frozenset((m.a, m.b)), m.slot) for m in result.meetings}


def held_pairs(result):
    return {frozenset((m.a, m.b)) for m in result.meetings}


def check(inst, result, keep=()):
    assert verify_schedule(inst, result.meetings, list(keep)) is None
    assert result.value == inst.value_of(result.meetings)
    assert result.bound >= result.value
    tables = {(m.slot, m.table) for m in result.meetings}
    assert len(tables) == len(result.meetings)


TRIANGLE = event({"s1": 5, "s2": 5}, {"a": {}, "b": {}, "c": {}},
                 [("a", "b", 3), ("b", "c", 2), ("a", "c", 1)])


def test_triangle_in_two_slots_needs_the_timetable_cut():
    # phase 1 alone would take all three (bound 6); no two-slot timetable holds a triangle
    inst = parse_instance(TRIANGLE)
    r = schedule_meetings(inst, time_limit=10)
    check(inst, r)
    assert (r.value, r.bound, r.gap, r.status, r.method) == (5, 5, 0.0, "optimal", "highs")
    assert held_pairs(r) == {frozenset("ab"), frozenset("bc")}


def test_tables_bind():
    inst = parse_instance(event({"s1": 1, "s2": 1}, {p: {} for p in "abcdefgh"},
                                [("a", "b", 4), ("c", "d", 3), ("e", "f", 2), ("g", "h", 1)]))
    r = schedule_meetings(inst, time_limit=10)
    check(inst, r)
    assert (r.value, r.bound, r.status) == (7, 7, "optimal")
    assert held_pairs(r) == {frozenset("ab"), frozenset("cd")}


def test_unavailability_and_request_slots():
    inst = parse_instance(event(
        {"s1": 3, "s2": 3},
        {"a": {}, "b": {"unavailable": ["s1"]}, "c": {}, "d": {"unavailable": ["s2"]}},
        [("a", "b", 5), ("a", "c", 4, ["s2"]), ("c", "d", 1), ("b", "d", 9)]))
    # b-d has no common slot; a-b and a-c both need s2 -> one of them (a-b), c-d in s1
    r = schedule_meetings(inst, time_limit=10)
    check(inst, r)
    assert (r.value, r.bound, r.status) == (6, 6, "optimal")
    assert held(r) == {(frozenset("ab"), "s2"), (frozenset("cd"), "s1")}


def test_max_meetings():
    inst = parse_instance(event({"s1": 5, "s2": 5, "s3": 5},
                                {"a": {"max_meetings": 1}, "b": {}, "c": {}},
                                [("a", "b", 2), ("a", "c", 3), ("b", "c", 1)]))
    r = schedule_meetings(inst, time_limit=10)
    check(inst, r)
    assert (r.value, r.status) == (4, "optimal")
    assert held_pairs(r) == {frozenset("ac"), frozenset("bc")}


def test_fixed_meetings_are_kept_even_when_they_cost_value():
    d = event({"s1": 2}, {"a": {}, "b": {}, "c": {}}, [("a", "b", 1), ("a", "c", 5)],
              fixed=[("a", "b", "s1")])
    inst = parse_instance(d)
    r = schedule_meetings(inst, time_limit=10)
    check(inst, r)
    assert (r.value, r.bound, r.status) == (1, 1, "optimal")
    assert held(r) == {(frozenset("ab"), "s1")}


def test_keep_holds_meetings_in_place():
    inst = parse_instance(TRIANGLE)
    r = schedule_meetings(inst, time_limit=10, keep=[("a", "c", "s1")])
    check(inst, r, keep=[Meeting("a", "c", "s1")])
    # a-c stays in s1, so a-b and b-c both need s2 and share b: only a-b fits
    assert (r.value, r.bound, r.status) == (4, 4, "optimal")
    assert held(r) == {(frozenset("ac"), "s1"), (frozenset("ab"), "s2")}


def test_keep_preserves_tables_and_accepts_dicts():
    inst = parse_instance(event({"s1": 3}, {p: {} for p in "abcd"},
                                [("a", "b", 1), ("c", "d", 1)]))
    r = schedule_meetings(inst, time_limit=10,
                          keep=[{"a": "b", "b": "a", "slot": "s1", "table": 3}])
    tables = {frozenset((m.a, m.b)): m.table for m in r.meetings}
    assert tables[frozenset("ab")] == 3
    assert r.value == 2


def test_keep_of_cancelled_request_is_dropped_with_a_note():
    inst = parse_instance(TRIANGLE)
    r = schedule_meetings(inst, time_limit=10, keep=[("a", "zz", "s1"), ("b", "a", "s2")])
    assert any("participant cancelled" in n for n in r.notes)
    assert (frozenset("ab"), "s2") in held(r)
    inst2 = parse_instance(event({"s1": 2}, {"a": {}, "b": {}, "c": {}}, [("a", "b", 1)]))
    r2 = schedule_meetings(inst2, time_limit=10, keep=[("a", "c", "s1")])
    assert any("request cancelled" in n for n in r2.notes)
    assert r2.value == 1


def test_keep_that_became_infeasible_raises():
    inst = parse_instance(event({"s1": 2, "s2": 2}, {"a": {"unavailable": ["s1"]}, "b": {}},
                                [("a", "b", 1)]))
    with pytest.raises(InstanceError, match="a is unavailable in s1"):
        schedule_meetings(inst, time_limit=10, keep=[("a", "b", "s1")])


FAIR = event({"s1": 1, "s2": 1}, {p: {} for p in "abcde"},
             [("a", "b", 1), ("a", "c", 1), ("d", "e", 1)])


def test_fairness_tiebreak_prefers_coverage_among_max_value():
    inst = parse_instance(FAIR)
    # greedy takes a-b and a-c (value 2, 3 people); d-e instead covers 4 at the same value
    assert {frozenset((m.a, m.b)) for m in by_weight(inst)} == {frozenset("ab"), frozenset("ac")}
    r = schedule_meetings(inst, time_limit=10)
    check(inst, r)
    assert (r.value, r.covered, r.requesters, r.status) == (2, 4, 5, "optimal")
    assert frozenset("de") in held_pairs(r)


COST_OF_FAIRNESS = event({"s1": 1, "s2": 1}, {p: {} for p in "abcde"},
                         [("a", "b", 5), ("a", "c", 4), ("d", "e", 1)])


def test_fairness_tiebreak_never_costs_value():
    inst = parse_instance(COST_OF_FAIRNESS)
    r = schedule_meetings(inst, time_limit=10, fairness="tiebreak")
    assert (r.value, r.covered, r.status) == (9, 3, "optimal")


def test_fairness_first_puts_coverage_before_value():
    inst = parse_instance(COST_OF_FAIRNESS)
    r = schedule_meetings(inst, time_limit=10, fairness="first")
    check(inst, r)
    assert (r.covered, r.value, r.bound, r.status) == (4, 6, 6, "optimal")
    assert held_pairs(r) == {frozenset("ab"), frozenset("de")}


def test_invalid_fairness_mode():
    with pytest.raises(ValueError, match="fairness"):
        schedule_meetings(parse_instance(FAIR), fairness="sometimes")


def test_infeasible_fixed_meeting_raises_instance_error():
    d = event({"s1": 2}, {"a": {}, "b": {}, "c": {}}, [("a", "b", 1), ("a", "c", 1)],
              fixed=[("a", "b", "s1"), ("a", "c", "s1")])
    with pytest.raises(InstanceError, match="a has two meetings in s1"):
        schedule_meetings(d, time_limit=10)


def test_tiny_time_limit_falls_back_to_greedy_and_says_so():
    inst = parse_instance(TRIANGLE)
    r = schedule_meetings(inst, time_limit=0.0)
    check(inst, r)
    assert r.fallback is True and r.method == "greedy" and r.status == "fallback"
    assert "time" in r.fallback_reason or "HiGHS" in r.fallback_reason
    assert r.value == inst.value_of(by_weight(inst)) == 5
    assert r.as_dict()["fallback"] is True


def test_no_requests_at_all():
    inst = parse_instance(event({"s1": 1}, {"a": {}, "b": {}}, []))
    r = schedule_meetings(inst, time_limit=5)
    assert (r.value, r.bound, r.status, r.meetings) == (0, 0, "optimal", [])


def test_greedy_baselines():
    inst = parse_instance(event({"s1": 1, "s2": 1}, {p: {} for p in "abcdef"},
                                [("a", "b", 1), ("c", "d", 2), ("e", "f", 3)]))
    assert [(m.a, m.b, m.slot) for m in fcfs(inst)] == [("a", "b", "s1"), ("c", "d", "s2")]
    assert [(m.a, m.b, m.slot) for m in by_weight(inst)] == [("e", "f", "s1"),
                                                             ("c", "d", "s2")]
    r = schedule_meetings(inst, time_limit=10)
    assert (r.value, r.status) == (5, "optimal")


# -- cross-check against brute force ---------------------------------------------------------

def brute_force(inst, first=False):
    """(value, covered) of the lexicographic optimum, by enumerating every assignment."""
    slots = [None] + [s.id for s in inst.slots]
    requesters = inst.requesters()
    best = None
    for choice in itertools.product(slots, repeat=len(inst.requests)):
        ms = [Meeting(r.a, r.b, s) for r, s in zip(inst.requests, choice) if s is not None]
        if verify_schedule(inst, ms) is not None:
            continue
        value = inst.value_of(ms)
        covered = len({p for m in ms for p in (m.a, m.b)} & requesters)
        key = (covered, value) if first else (value, covered)
        best = key if best is None or key > best else best
    return (best[1], best[0]) if first else best


def random_event(rng):
    people = [f"p{i}" for i in range(rng.randint(3, 6))]
    slots = {f"s{i}": rng.randint(1, 2) for i in range(rng.randint(1, 3))}
    extra = {}
    for p in people:
        e = {}
        if rng.random() < 0.3:
            e["unavailable"] = [rng.choice(list(slots))]
        if rng.random() < 0.3:
            e["max_meetings"] = rng.randint(1, 2)
        extra[p] = e
    every = list(itertools.combinations(people, 2))
    pairs = rng.sample(every, k=min(len(every), 6, rng.randint(2, 7)))
    reqs = [(a, b, rng.randint(0, 3)) for a, b in pairs]
    return parse_instance(event(slots, extra, reqs))


@pytest.mark.parametrize("seed", range(12))
def test_matches_brute_force_on_tiny_random_events(seed):
    rng = random.Random(seed)
    inst = random_event(rng)
    for fairness in ("tiebreak", "first"):
        r = schedule_meetings(inst, time_limit=10, fairness=fairness)
        check(inst, r)
        assert r.status == "optimal"
        assert (r.value, r.covered) == brute_force(inst, first=fairness == "first")
