"""Instance and schedule formats of the 1:1 meeting scheduler.

An *instance* is the JSON document described in ``shared/benchmarks/README.md``::

    {"name": "...",
     "slots": [{"id": "s1", "tables": 21}, ...],                     # in time order
     "participants": [{"id": "p1", "unavailable": ["s3"], "max_meetings": 8}, ...],
     "requests": [{"a": "p1", "b": "p8", "weight": 1, "slots": ["s1", "s2"]}, ...],
     "fixed": [{"a": "p1", "b": "p8", "slot": "s2"}]}

:func:`parse_instance` turns such a dict into frozen dataclasses and refuses anything
inconsistent with an :class:`InstanceError` whose message names the problem (unknown
participant or slot, duplicate ids, negative tables, self-meetings, fixed meetings that do not
match a request or that clash with each other, with unavailability, with tables or with
``max_meetings``...). :func:`dump_schedule` writes a schedule in the format read by
``check_schedule.py`` (plus table numbers and the solver's figures).

This module is pure Python: no Django, no solver.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


class InstanceError(ValueError):
    """The instance (or a list of meetings to keep) is unreadable or inconsistent."""


@dataclass(frozen=True)
class Slot:
    """A time slot with ``tables`` meetings that can run in parallel."""

    id: str
    tables: int


@dataclass(frozen=True)
class Participant:
    """A participant; ``max_meetings`` is ``None`` when unlimited."""

    id: str
    unavailable: frozenset[str] = frozenset()
    max_meetings: int | None = None


@dataclass(frozen=True)
class Request:
    """A wish that ``a`` and ``b`` meet; ``slots`` is ``None`` when any slot will do."""

    a: str
    b: str
    weight: int = 1
    slots: frozenset[str] | None = None

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True)
class Meeting:
    """A meeting of ``a`` and ``b`` in ``slot``; ``table`` is 1-based once assigned."""

    a: str
    b: str
    slot: str
    table: int | None = None

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True)
class Instance:
    """A validated instance. Build it with :func:`parse_instance` or :func:`load_instance`."""

    name: str
    slots: tuple[Slot, ...]
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    fixed: tuple[Meeting, ...] = ()
    _slot_pos: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    _people: dict[str, Participant] = field(default_factory=dict, repr=False, compare=False)
    _by_pair: dict[frozenset[str], Request] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._slot_pos.update({s.id: i for i, s in enumerate(self.slots)})
        self._people.update({p.id: p for p in self.participants})
        self._by_pair.update({r.pair: r for r in self.requests})

    def slot_position(self, slot_id: str) -> int:
        """Index of a slot in time order."""
        return self._slot_pos[slot_id]

    def has_slot(self, slot_id: str) -> bool:
        return slot_id in self._slot_pos

    def participant(self, pid: str) -> Participant:
        return self._people[pid]

    def has_participant(self, pid: str) -> bool:
        return pid in self._people

    def request_for(self, a: str, b: str) -> Request | None:
        """The request for the unordered pair ``{a, b}``, or ``None``."""
        return self._by_pair.get(frozenset((a, b)))

    def tables(self, slot_id: str) -> int:
        return self.slots[self._slot_pos[slot_id]].tables

    def value_of(self, meetings: Iterable[Meeting]) -> int:
        """Sum of the weights of the requests held by ``meetings``."""
        return sum(self._by_pair[m.pair].weight for m in meetings)

    def requesters(self) -> set[str]:
        """Participants who made or received at least one request."""
        out: set[str] = set()
        for r in self.requests:
            out.add(r.a)
            out.add(r.b)
        return out


# --------------------------------------------------------------------------------------------
# parsing and validation


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _need(cond: bool, msg: str) -> None:
    if not cond:
        raise InstanceError(msg)


def _str_id(obj: Any, key: str, where: str) -> str:
    _need(isinstance(obj, Mapping), f"{where}: expected an object, got {type(obj).__name__}")
    _need(key in obj, f"{where}: missing '{key}'")
    val = obj[key]
    _need(isinstance(val, str) and val != "", f"{where}: '{key}' must be a non-empty string")
    return str(val)


def _slot_list(raw: Any, known: Mapping[str, int], where: str) -> frozenset[str]:
    _need(isinstance(raw, list), f"{where}: expected a list of slot ids")
    for s in raw:
        _need(isinstance(s, str), f"{where}: slot ids must be strings, got {s!r}")
        _need(s in known, f"{where}: unknown slot '{s}'")
    return frozenset(raw)


def parse_instance(data: Any, *, name: str | None = None) -> Instance:
    """Validate an instance given as a decoded JSON dict and return an :class:`Instance`.

    Raises :class:`InstanceError` naming the first problem found.
    """
    _need(isinstance(data, Mapping), "instance: the top level must be a JSON object")
    for key in ("slots", "participants", "requests"):
        _need(key in data, f"instance: missing '{key}'")
        _need(isinstance(data[key], list), f"instance: '{key}' must be a list")
    inst_name = data.get("name", name or "instance")
    _need(isinstance(inst_name, str), "instance: 'name' must be a string")

    slots: list[Slot] = []
    slot_pos: dict[str, int] = {}
    for i, raw in enumerate(data["slots"]):
        sid = _str_id(raw, "id", f"slot #{i + 1}")
        _need(sid not in slot_pos, f"duplicate slot id '{sid}'")
        _need("tables" in raw, f"slot '{sid}': missing 'tables'")
        tables = raw["tables"]
        _need(_is_int(tables), f"slot '{sid}': 'tables' must be an integer, got {tables!r}")
        _need(tables >= 0, f"slot '{sid}' has negative tables ({tables})")
        slot_pos[sid] = i
        slots.append(Slot(sid, tables))

    people: dict[str, Participant] = {}
    for i, raw in enumerate(data["participants"]):
        pid = _str_id(raw, "id", f"participant #{i + 1}")
        _need(pid not in people, f"duplicate participant id '{pid}'")
        unavailable = _slot_list(raw.get("unavailable", []), slot_pos,
                                 f"participant '{pid}' unavailable")
        mx = raw.get("max_meetings")
        if mx is not None:
            _need(_is_int(mx), f"participant '{pid}': 'max_meetings' must be an integer")
            _need(mx >= 0, f"participant '{pid}' has negative max_meetings ({mx})")
        people[pid] = Participant(pid, unavailable, mx)

    requests: list[Request] = []
    seen: dict[frozenset[str], int] = {}
    for i, raw in enumerate(data["requests"]):
        where = f"request #{i + 1}"
        a = _str_id(raw, "a", where)
        b = _str_id(raw, "b", where)
        where = f"request #{i + 1} ({a}-{b})"
        _need(a in people, f"{where}: unknown participant '{a}'")
        _need(b in people, f"{where}: unknown participant '{b}'")
        _need(a != b, f"{where}: self-meeting of '{a}'")
        weight = raw.get("weight", 1)
        _need(_is_int(weight), f"{where}: 'weight' must be an integer, got {weight!r}")
        _need(weight >= 0, f"{where}: negative weight ({weight})")
        allowed = None
        if raw.get("slots") is not None:
            allowed = _slot_list(raw["slots"], slot_pos, f"{where} slots")
        pair = frozenset((a, b))
        _need(pair not in seen, f"{where}: duplicate request for the pair {a}-{b} "
                                f"(already request #{seen.get(pair, 0) + 1})")
        seen[pair] = i
        requests.append(Request(a, b, weight, allowed))

    fixed_raw = data.get("fixed", [])
    _need(isinstance(fixed_raw, list), "instance: 'fixed' must be a list")
    fixed: list[Meeting] = []
    for i, raw in enumerate(fixed_raw):
        where = f"fixed meeting #{i + 1}"
        a = _str_id(raw, "a", where)
        b = _str_id(raw, "b", where)
        s = _str_id(raw, "slot", where)
        fixed.append(Meeting(a, b, s))

    inst = Instance(str(inst_name), tuple(slots), tuple(people.values()), tuple(requests))
    check_preset(inst, fixed, "fixed meeting")
    return Instance(inst.name, inst.slots, inst.participants, inst.requests, tuple(fixed))


def check_preset(inst: Instance, meetings: Sequence[Meeting], kind: str,
                 base: Sequence[Meeting] = ()) -> None:
    """Check that pre-set ``meetings`` (fixed or kept) can all be held together with ``base``.

    Raises :class:`InstanceError` naming the first conflict.
    """
    busy: dict[tuple[str, str], str] = {}
    per_slot: Counter[str] = Counter()
    per_person: Counter[str] = Counter()
    pairs: set[frozenset[str]] = set()
    for m in base:
        busy[(m.a, m.slot)] = busy[(m.b, m.slot)] = f"{m.a}-{m.b}"
        per_slot[m.slot] += 1
        per_person[m.a] += 1
        per_person[m.b] += 1
        pairs.add(m.pair)
    for m in meetings:
        where = f"{kind} {m.a}-{m.b} in {m.slot}"
        _need(inst.has_participant(m.a), f"{where}: unknown participant '{m.a}'")
        _need(inst.has_participant(m.b), f"{where}: unknown participant '{m.b}'")
        _need(inst.has_slot(m.slot), f"{where}: unknown slot '{m.slot}'")
        req = inst.request_for(m.a, m.b)
        _need(req is not None, f"{where} does not match any request")
        assert req is not None
        _need(req.slots is None or m.slot in req.slots,
              f"{where}: the request does not allow slot {m.slot}")
        _need(m.pair not in pairs, f"{where}: the pair {m.a}-{m.b} is already pre-set")
        pairs.add(m.pair)
        for p in (m.a, m.b):
            _need(m.slot not in inst.participant(p).unavailable,
                  f"{where}: {p} is unavailable in {m.slot}")
            other = busy.get((p, m.slot))
            _need(other is None, f"{where} conflicts with {other}: {p} has two meetings "
                                 f"in {m.slot}")
            busy[(p, m.slot)] = f"{m.a}-{m.b}"
            per_person[p] += 1
            mx = inst.participant(p).max_meetings
            _need(mx is None or per_person[p] <= mx,
                  f"{where}: {p} would have {per_person[p]} pre-set meetings, "
                  f"max_meetings is {mx}")
        per_slot[m.slot] += 1
        _need(per_slot[m.slot] <= inst.tables(m.slot),
              f"{where}: slot {m.slot} would hold {per_slot[m.slot]} pre-set meetings on "
              f"{inst.tables(m.slot)} tables")


def load_instance(path: str | os.PathLike[str]) -> Instance:
    """Read and validate an instance file; raises :class:`InstanceError` on any problem."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError as exc:
        raise InstanceError(f"cannot read {path}: no such file") from exc
    except json.JSONDecodeError as exc:
        raise InstanceError(f"malformed JSON in {path}: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InstanceError(f"cannot read {path}: {exc}") from exc
    return parse_instance(data, name=os.path.splitext(os.path.basename(str(path)))[0])


def instance_to_dict(inst: Instance) -> dict[str, Any]:
    """The JSON-ready dict of an instance (the inverse of :func:`parse_instance`)."""
    people = []
    for p in inst.participants:
        d: dict[str, Any] = {"id": p.id}
        if p.unavailable:
            d["unavailable"] = sorted(p.unavailable, key=inst.slot_position)
        if p.max_meetings is not None:
            d["max_meetings"] = p.max_meetings
        people.append(d)
    reqs = []
    for r in inst.requests:
        d = {"a": r.a, "b": r.b, "weight": r.weight}
        if r.slots is not None:
            d["slots"] = sorted(r.slots, key=inst.slot_position)
        reqs.append(d)
    return {"name": inst.name,
            "slots": [{"id": s.id, "tables": s.tables} for s in inst.slots],
            "participants": people,
            "requests": reqs,
            "fixed": [{"a": m.a, "b": m.b, "slot": m.slot} for m in inst.fixed]}


def parse_meetings(raw: Any, where: str = "meetings") -> list[Meeting]:
    """Read a list of ``{"a", "b", "slot"[, "table"]}`` dicts or ``(a, b, slot)`` tuples."""
    if isinstance(raw, Mapping) and "meetings" in raw:
        raw = raw["meetings"]
    _need(isinstance(raw, (list, tuple)), f"{where}: expected a list of meetings")
    out = []
    for i, m in enumerate(raw):
        if isinstance(m, Meeting):
            out.append(m)
        elif isinstance(m, Mapping):
            table = m.get("table")
            out.append(Meeting(_str_id(m, "a", f"{where} #{i + 1}"),
                               _str_id(m, "b", f"{where} #{i + 1}"),
                               _str_id(m, "slot", f"{where} #{i + 1}"),
                               table if _is_int(table) else None))
        elif isinstance(m, (list, tuple)) and len(m) in (3, 4) and all(
                isinstance(x, str) for x in m[:3]):
            out.append(Meeting(m[0], m[1], m[2], m[3] if len(m) == 4 else None))
        else:
            raise InstanceError(f"{where} #{i + 1}: expected (a, b, slot), got {m!r}")
    return out


# --------------------------------------------------------------------------------------------
# schedules


def assign_tables(inst: Instance, meetings: Iterable[Meeting]) -> list[Meeting]:
    """Give every meeting a table number in ``1..tables`` of its slot.

    Meetings that already carry a valid, unclashing table number keep it (so a re-run that
    keeps meetings does not move people between tables); the others take the lowest free
    numbers. The result is sorted by slot (time order), then table.
    """
    meetings = list(meetings)
    taken: dict[str, set[int]] = {}
    final: list[Meeting | None] = [None] * len(meetings)
    for i, m in enumerate(meetings):
        used = taken.setdefault(m.slot, set())
        if m.table is not None and 1 <= m.table <= inst.tables(m.slot) and m.table not in used:
            used.add(m.table)
            final[i] = m
    nxt: dict[str, int] = {}
    for i, m in enumerate(meetings):
        if final[i] is not None:
            continue
        used = taken.setdefault(m.slot, set())
        t = nxt.get(m.slot, 1)
        while t in used:
            t += 1
        used.add(t)
        nxt[m.slot] = t + 1
        final[i] = Meeting(m.a, m.b, m.slot, t)
    out = [m for m in final if m is not None]
    out.sort(key=lambda m: (inst.slot_position(m.slot), m.table or 0))
    return out


def schedule_to_dict(inst: Instance, meetings: Iterable[Meeting],
                     **extra: Any) -> dict[str, Any]:
    """The JSON-ready schedule: meetings with tables first, then the extra keys given."""
    rows = [{"a": m.a, "b": m.b, "slot": m.slot, "table": m.table}
            for m in assign_tables(inst, meetings)]
    doc: dict[str, Any] = {"name": inst.name, "meetings": rows}
    doc.update(extra)
    return doc


def dump_schedule(path: str | os.PathLike[str], inst: Instance, result: Any) -> dict[str, Any]:
    """Write a schedule file and return the dict written.

    ``result`` is a :class:`~innobelt.meetings.scheduling.solver.ScheduleResult` (anything
    with an ``as_dict()`` giving the summary keys and a ``meetings`` list) or a plain list of
    :class:`Meeting`. The file holds ``meetings`` (each with ``a``, ``b``, ``slot``, ``table``)
    and, for a result, ``value``, ``bound``, ``gap``, ``method``, ``status``, ``seconds``...
    """
    if hasattr(result, "as_dict"):
        summary = result.as_dict()
        meetings = result.meetings
    else:
        meetings = list(result)
        summary = {"value": inst.value_of(meetings)}
    doc = schedule_to_dict(inst, meetings, **summary)
    head = {k: v for k, v in doc.items() if k != "meetings"}
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:   # summary first, one meeting per line
        fh.write("{\n")
        for k, v in head.items():
            fh.write(f" {json.dumps(k)}: {json.dumps(v)},\n")
        fh.write(' "meetings": [')
        fh.write(",".join(f"\n  {json.dumps(m)}" for m in doc["meetings"]))
        fh.write("\n ]\n}\n")
    os.replace(tmp, path)
    return doc


def verify_schedule(inst: Instance, meetings: Sequence[Meeting],
                    keep: Sequence[Meeting] = ()) -> str | None:
    """Return ``None`` if ``meetings`` is a feasible schedule (same rules as the official
    ``check_schedule.py``, plus kept meetings and tables), else a message naming the problem."""
    busy: set[tuple[str, str]] = set()
    per_slot: Counter[str] = Counter()
    count: Counter[str] = Counter()
    seen: set[frozenset[str]] = set()
    tables_used: set[tuple[str, int]] = set()
    for m in meetings:
        req = inst.request_for(m.a, m.b)
        if req is None:
            return f"not requested: {m.a}-{m.b}"
        if m.pair in seen:
            return f"held twice: {m.a}-{m.b}"
        seen.add(m.pair)
        if not inst.has_slot(m.slot):
            return f"no such slot: {m.slot}"
        if req.slots is not None and m.slot not in req.slots:
            return f"slot {m.slot} not allowed for {m.a}-{m.b}"
        for p in (m.a, m.b):
            if m.slot in inst.participant(p).unavailable:
                return f"{p} unavailable in {m.slot}"
            if (p, m.slot) in busy:
                return f"{p} has two meetings in {m.slot}"
            busy.add((p, m.slot))
            count[p] += 1
        per_slot[m.slot] += 1
        if m.table is not None:
            if not 1 <= m.table <= inst.tables(m.slot) or (m.slot, m.table) in tables_used:
                return f"bad or shared table {m.table} in {m.slot}"
            tables_used.add((m.slot, m.table))
    for s, n in per_slot.items():
        if n > inst.tables(s):
            return f"slot {s} holds {n} meetings on {inst.tables(s)} tables"
    for p, n in count.items():
        mx = inst.participant(p).max_meetings
        if mx is not None and n > mx:
            return f"{p} has {n} meetings, max {mx}"
    held = {(m.pair, m.slot) for m in meetings}
    for f in list(inst.fixed) + list(keep):
        if (f.pair, f.slot) not in held:
            return f"pre-set meeting missing: {f.a}-{f.b} in {f.slot}"
    return None
