"""Instance parsing/validation, schedule output and table numbers of the meeting scheduler."""

from __future__ import annotations

import json

import pytest

from innobelt.meetings.scheduling.instance import (
    InstanceError,
    Meeting,
    assign_tables,
    dump_schedule,
    instance_to_dict,
    load_instance,
    parse_instance,
    verify_schedule,
)


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


def base(**over):
    d = event({"s1": 2, "s2": 1}, {"a": {}, "b": {}, "c": {"unavailable": ["s2"]}},
              [("a", "b", 1), ("a", "c", 2, ["s1"])])
    d.update(over)
    return d


def test_parse_valid_instance():
    inst = parse_instance(base())
    assert [s.id for s in inst.slots] == ["s1", "s2"]
    assert inst.participant("c").unavailable == frozenset({"s2"})
    assert inst.request_for("c", "a").weight == 2
    assert inst.request_for("c", "a").slots == frozenset({"s1"})
    assert inst.request_for("a", "b").slots is None
    assert inst.requesters() == {"a", "b", "c"}
    assert parse_instance(instance_to_dict(inst)) == inst


def test_weight_defaults_to_one():
    d = base()
    del d["requests"][0]["weight"]
    assert parse_instance(d).request_for("a", "b").weight == 1


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["requests"].append({"a": "a", "b": "zz", "weight": 1}),
     "unknown participant 'zz'"),
    (lambda d: d["participants"].append({"id": "a"}), "duplicate participant id 'a'"),
    (lambda d: d["slots"].append({"id": "s1", "tables": 3}), "duplicate slot id 's1'"),
    (lambda d: d["slots"].__setitem__(0, {"id": "s1", "tables": -1}), "negative tables"),
    (lambda d: d["requests"].append({"a": "b", "b": "b", "weight": 1}), "self-meeting of 'b'"),
    (lambda d: d["requests"].append({"a": "b", "b": "a", "weight": 1}),
     "duplicate request for the pair b-a"),
    (lambda d: d["requests"].append({"a": "b", "b": "c", "weight": 1, "slots": ["s9"]}),
     "unknown slot 's9'"),
    (lambda d: d["participants"].append({"id": "d", "unavailable": ["s7"]}), "unknown slot 's7'"),
    (lambda d: d["requests"].append({"a": "b", "b": "c", "weight": 1.5}),
     "'weight' must be an integer"),
    (lambda d: d["requests"].append({"a": "b", "b": "c", "weight": -2}), "negative weight"),
    (lambda d: d["participants"].append({"id": "d", "max_meetings": -1}), "negative max_meetings"),
    (lambda d: d.pop("slots"), "missing 'slots'"),
    (lambda d: d.__setitem__("requests", {}), "'requests' must be a list"),
    (lambda d: d["participants"].append({"name": "x"}), "missing 'id'"),
])
def test_validation_errors_name_the_problem(mutate, message):
    d = base()
    mutate(d)
    with pytest.raises(InstanceError, match=message.replace("(", r"\(")):
        parse_instance(d)


@pytest.mark.parametrize("fixed, message", [
    ([("b", "c", "s1")], "does not match any request"),
    ([("a", "b", "s1"), ("a", "c", "s1")], "a has two meetings in s1"),
    ([("a", "c", "s2")], "does not allow slot s2"),
    ([("a", "b", "s9")], "unknown slot 's9'"),
    ([("a", "b", "s1"), ("a", "b", "s2")], "already pre-set"),
])
def test_inconsistent_fixed_meetings(fixed, message):
    with pytest.raises(InstanceError, match=message):
        parse_instance(base(fixed=[{"a": a, "b": b, "slot": s} for a, b, s in fixed]))


def test_fixed_meeting_in_unavailable_slot():
    d = event({"s1": 1, "s2": 1}, {"a": {}, "b": {"unavailable": ["s2"]}}, [("a", "b", 1)],
              fixed=[("a", "b", "s2")])
    with pytest.raises(InstanceError, match="b is unavailable in s2"):
        parse_instance(d)


def test_fixed_meetings_over_tables_and_max():
    d = event({"s1": 1}, {"a": {}, "b": {}, "c": {}, "d": {}}, [("a", "b", 1), ("c", "d", 1)],
              fixed=[("a", "b", "s1"), ("c", "d", "s1")])
    with pytest.raises(InstanceError, match="slot s1 would hold 2 pre-set meetings on 1 tables"):
        parse_instance(d)
    d = event({"s1": 2, "s2": 2}, {"a": {"max_meetings": 1}, "b": {}, "c": {}},
              [("a", "b", 1), ("a", "c", 1)], fixed=[("a", "b", "s1"), ("a", "c", "s2")])
    with pytest.raises(InstanceError, match="max_meetings is 1"):
        parse_instance(d)


def test_load_instance_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"slots": [', encoding="utf-8")
    with pytest.raises(InstanceError, match="malformed JSON"):
        load_instance(bad)
    with pytest.raises(InstanceError, match="no such file"):
        load_instance(tmp_path / "missing.json")
    top = tmp_path / "list.json"
    top.write_text("[]", encoding="utf-8")
    with pytest.raises(InstanceError, match="top level must be a JSON object"):
        load_instance(top)


def test_load_instance_uses_file_name_when_unnamed(tmp_path):
    d = base()
    del d["name"]
    path = tmp_path / "my-event.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    assert load_instance(path).name == "my-event"


def test_assign_tables_numbers_each_slot_and_keeps_given_tables():
    inst = parse_instance(event({"s1": 3, "s2": 1}, {p: {} for p in "abcdef"},
                                [("a", "b", 1), ("c", "d", 1), ("e", "f", 1)]))
    out = assign_tables(inst, [Meeting("a", "b", "s1"), Meeting("c", "d", "s1", table=1),
                               Meeting("e", "f", "s2")])
    tables = {(m.a, m.slot): m.table for m in out}
    assert tables == {("c", "s1"): 1, ("a", "s1"): 2, ("e", "s2"): 1}
    assert [m.slot for m in out] == ["s1", "s1", "s2"]


def test_dump_schedule_writes_meetings_with_tables(tmp_path):
    inst = parse_instance(base())
    path = tmp_path / "out.json"
    doc = dump_schedule(path, inst, [Meeting("a", "c", "s1"), Meeting("a", "b", "s2")])
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk == doc
    assert on_disk["value"] == 3
    assert on_disk["meetings"] == [{"a": "a", "b": "c", "slot": "s1", "table": 1},
                                   {"a": "a", "b": "b", "slot": "s2", "table": 1}]


def test_verify_schedule_catches_broken_rules():
    inst = parse_instance(base())
    assert verify_schedule(inst, [Meeting("a", "c", "s1"), Meeting("a", "b", "s2")]) is None
    assert "slot s2 not allowed for a-c" in verify_schedule(inst, [Meeting("a", "c", "s2")])
    assert "two meetings" in verify_schedule(inst, [Meeting("a", "c", "s1"),
                                                    Meeting("a", "b", "s1")])
    assert "not requested" in verify_schedule(inst, [Meeting("b", "c", "s1")])
