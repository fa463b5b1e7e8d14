"""Integer-indexed form of an instance, shared by the solvers.

Slots become bit positions (``1 << s`` in a Python int mask), participants and requests become
list indices. Pre-set meetings (the instance's fixed meetings plus the ones the caller asks to
keep) are placed first; everything the solvers choose is on top of that *residual* problem:

* ``busy[p]``       slots where participant ``p`` already has a pre-set meeting,
* ``rem_tables[s]`` tables left in slot ``s``,
* ``rem_cap[p]``    meetings ``p`` may still have (``max_meetings`` minus pre-set ones),
* ``usable[r]``     slots where request ``r`` could still be held: allowed by the request,
  both people available and not busy, a table left. ``0`` for pre-set requests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .instance import Instance, InstanceError, Meeting, check_preset


def popcount(mask: int) -> int:
    return mask.bit_count()


def bits(mask: int) -> list[int]:
    """Positions of the set bits of ``mask``, lowest first."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


@dataclass
class Model:
    """The residual problem in integer form (see the module docstring)."""

    inst: Instance
    n_slots: int
    tables: list[int]
    people: list[str]
    max_meetings: list[int]
    avail: list[int]
    req_u: list[int]
    req_v: list[int]
    req_w: list[int]
    req_mask: list[int]
    pre: list[tuple[int, int]]                       # (request, slot) placed before solving
    busy: list[int] = field(default_factory=list)
    rem_tables: list[int] = field(default_factory=list)
    rem_cap: list[int] = field(default_factory=list)
    usable: list[int] = field(default_factory=list)
    incident: list[list[int]] = field(default_factory=list)   # p -> usable requests at p
    notes: list[str] = field(default_factory=list)
    pre_value: int = 0

    @property
    def n_people(self) -> int:
        return len(self.people)

    @property
    def n_requests(self) -> int:
        return len(self.req_u)

    def candidates(self) -> list[int]:
        """Requests that can still be scheduled on top of the pre-set meetings."""
        return [r for r in range(self.n_requests) if self.usable[r]]

    def meetings(self, assignment: Iterable[tuple[int, int]]) -> list[Meeting]:
        """Meetings for ``(request, slot)`` pairs (pre-set ones included by the caller)."""
        slots = self.inst.slots
        reqs = self.inst.requests
        return [Meeting(reqs[r].a, reqs[r].b, slots[s].id) for r, s in assignment]

    def value(self, chosen: Iterable[int]) -> int:
        return sum(self.req_w[r] for r in chosen)

    def requesters(self) -> list[int]:
        """Participants (indices) who made or received a request."""
        seen = [False] * self.n_people
        for u, v in zip(self.req_u, self.req_v):
            seen[u] = seen[v] = True
        return [p for p in range(self.n_people) if seen[p]]


def _keep_meetings(inst: Instance, keep: Sequence[Meeting], notes: list[str]) -> list[Meeting]:
    """Drop kept meetings whose participants or request disappeared (cancellations) and the
    ones duplicating fixed meetings; the rest is validated like fixed meetings."""
    fixed = {(m.pair, m.slot) for m in inst.fixed}
    fixed_pairs = {m.pair for m in inst.fixed}
    out: list[Meeting] = []
    for m in keep:
        if not (inst.has_participant(m.a) and inst.has_participant(m.b)):
            notes.append(f"keep {m.a}-{m.b} in {m.slot} dropped: participant cancelled")
            continue
        if inst.request_for(m.a, m.b) is None:
            notes.append(f"keep {m.a}-{m.b} in {m.slot} dropped: request cancelled")
            continue
        if (m.pair, m.slot) in fixed:
            continue
        if m.pair in fixed_pairs:
            raise InstanceError(f"kept meeting {m.a}-{m.b} in {m.slot} conflicts with the "
                                f"fixed meeting of the same pair in another slot")
        out.append(m)
    check_preset(inst, out, "kept meeting", base=inst.fixed)
    return out


def build_model(inst: Instance, keep: Sequence[Meeting] = ()) -> Model:
    """Compile ``inst`` plus the meetings to ``keep`` into a :class:`Model`.

    Raises :class:`InstanceError` if a kept meeting cannot stay where it is.
    """
    notes: list[str] = []
    kept = _keep_meetings(inst, keep, notes)
    n_slots = len(inst.slots)
    slot_pos = {s.id: i for i, s in enumerate(inst.slots)}
    full = (1 << n_slots) - 1
    people = [p.id for p in inst.participants]
    pidx = {pid: i for i, pid in enumerate(people)}
    avail = []
    max_m = []
    for p in inst.participants:
        mask = full
        for s in p.unavailable:
            mask &= ~(1 << slot_pos[s])
        avail.append(mask)
        max_m.append(n_slots if p.max_meetings is None else min(p.max_meetings, n_slots))
    req_u, req_v, req_w, req_mask = [], [], [], []
    for r in inst.requests:
        u, v = pidx[r.a], pidx[r.b]
        allowed = full
        if r.slots is not None:
            allowed = 0
            for s in r.slots:
                allowed |= 1 << slot_pos[s]
        req_u.append(u)
        req_v.append(v)
        req_w.append(r.weight)
        req_mask.append(allowed & avail[u] & avail[v])
    ridx = {r.pair: i for i, r in enumerate(inst.requests)}
    pre = [(ridx[m.pair], slot_pos[m.slot]) for m in list(inst.fixed) + kept]
    model = Model(inst, n_slots, [s.tables for s in inst.slots], people, max_m, avail,
                  req_u, req_v, req_w, req_mask, pre, notes=notes)
    _residual(model)
    return model


def _residual(model: Model) -> None:
    busy = [0] * model.n_people
    rem_tables = list(model.tables)
    rem_cap = list(model.max_meetings)
    done = set()
    for r, s in model.pre:
        u, v = model.req_u[r], model.req_v[r]
        busy[u] |= 1 << s
        busy[v] |= 1 << s
        rem_tables[s] -= 1
        rem_cap[u] -= 1
        rem_cap[v] -= 1
        done.add(r)
    open_mask = sum(1 << s for s in range(model.n_slots) if rem_tables[s] > 0)
    usable = []
    incident: list[list[int]] = [[] for _ in range(model.n_people)]
    for r in range(model.n_requests):
        u, v = model.req_u[r], model.req_v[r]
        if r in done or rem_cap[u] <= 0 or rem_cap[v] <= 0:
            usable.append(0)
            continue
        m = model.req_mask[r] & ~busy[u] & ~busy[v] & open_mask
        usable.append(m)
        if m:
            incident[u].append(r)
            incident[v].append(r)
    model.busy, model.rem_tables, model.rem_cap = busy, rem_tables, rem_cap
    model.usable, model.incident = usable, incident
    model.pre_value = sum(model.req_w[r] for r, _ in model.pre)


def person_capacity(model: Model, p: int) -> int:
    """Meetings ``p`` can still get: ``rem_cap`` capped by the slots usable by p's requests."""
    union = 0
    for r in model.incident[p]:
        union |= model.usable[r]
    return max(0, min(model.rem_cap[p], popcount(union), len(model.incident[p])))


def combinatorial_bound(model: Model) -> int:
    """A cheap upper bound on the total value (pre-set meetings included).

    Every meeting is counted at both its ends, so the residual value is at most half the sum,
    over participants, of the weights of their ``capacity`` heaviest usable requests; it is
    also at most the weight of the heaviest ``tables left`` usable requests.
    """
    cand = model.candidates()
    half = 0
    for p in range(model.n_people):
        ws = sorted((model.req_w[r] for r in model.incident[p]), reverse=True)
        half += sum(ws[:person_capacity(model, p)])
    weights = sorted((model.req_w[r] for r in cand), reverse=True)
    by_tables = sum(weights[:sum(max(0, t) for t in model.rem_tables)])
    return model.pre_value + min(half // 2, by_tables)
