"""Phase 2, "when": give the requests chosen in phase 1 a slot each.

This is a list edge-colouring problem with slot capacities: the chosen requests are the edges,
slots the colours; an edge may only take the slots usable by both its ends and its request,
two edges at one participant take different slots, and a slot takes at most ``tables`` edges.

:class:`Timetable` holds a partial assignment with undo. :func:`construct` places edges most
constrained first (DSatur-like: fewest open slots, then most pending edges at the ends),
choosing the slot with most tables left. Edges that find no slot go through a bounded
ejection-chain search (:meth:`Timetable.insert`): take a slot, move the (at most two) meetings
of the ends that block it — and, when the slot is full, one meeting of that slot — elsewhere,
recursively. Whatever is left is handed to a small HiGHS MIP over the neighbourhood
(:func:`repair_with_mip`) or, for small problems, over all the chosen edges.
"""

from __future__ import annotations

import heapq
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .highs_mip import MipBuilder
from .model import Model, bits, popcount

_PRE = -1  # marker: the meeting in that cell is pre-set and cannot move


class Timetable:
    """A partial assignment of requests to slots on top of the model's pre-set meetings."""

    def __init__(self, model: Model):
        self.model = model
        self.busy = list(model.busy)
        self.rem = list(model.rem_tables)
        self.full = sum(1 << s for s in range(model.n_slots) if self.rem[s] <= 0)
        self.occ: list[dict[int, int]] = [dict() for _ in range(model.n_people)]
        for r, s in model.pre:
            self.occ[model.req_u[r]][s] = _PRE
            self.occ[model.req_v[r]][s] = _PRE
        self.slot_of: dict[int, int] = {}
        self.in_slot: list[set[int]] = [set() for _ in range(model.n_slots)]
        self.log: list[tuple[int, int, int]] = []  # (+1 place / -1 remove, request, slot)
        self.pre_slot = {r: s for r, s in model.pre}

    # -- basic moves -------------------------------------------------------------------
    def options(self, r: int) -> int:
        m = self.model
        return m.usable[r] & ~self.busy[m.req_u[r]] & ~self.busy[m.req_v[r]] & ~self.full

    def place(self, r: int, s: int) -> None:
        m = self.model
        u, v = m.req_u[r], m.req_v[r]
        bit = 1 << s
        assert not (self.busy[u] & bit or self.busy[v] & bit or self.rem[s] <= 0), (r, s)
        self.busy[u] |= bit
        self.busy[v] |= bit
        self.occ[u][s] = r
        self.occ[v][s] = r
        self.rem[s] -= 1
        if self.rem[s] == 0:
            self.full |= bit
        self.slot_of[r] = s
        self.in_slot[s].add(r)
        self.log.append((1, r, s))

    def remove(self, r: int) -> int:
        m = self.model
        s = self.slot_of.pop(r)
        u, v = m.req_u[r], m.req_v[r]
        bit = 1 << s
        self.busy[u] &= ~bit
        self.busy[v] &= ~bit
        del self.occ[u][s]
        del self.occ[v][s]
        self.rem[s] += 1
        self.full &= ~bit
        self.in_slot[s].discard(r)
        self.log.append((-1, r, s))
        return s

    def undo(self, mark: int) -> None:
        """Roll back every move made since ``len(self.log) == mark``."""
        while len(self.log) > mark:
            op, r, s = self.log.pop()
            if op == 1:
                self.remove(r)
            else:
                self.place(r, s)
            self.log.pop()

    # -- ejection chains ------------------------------------------------------------------
    def insert(self, r: int, depth: int, rng: random.Random, budget: list[int],
               tabu: frozenset[int] = frozenset(), avoid: int = -1) -> bool:
        """Place unassigned ``r``, moving other (non pre-set) meetings up to ``depth`` levels
        deep. ``budget[0]`` counts search nodes left; ``avoid`` is a slot not to use."""
        m = self.model
        opts = self.options(r) & ~(1 << avoid if avoid >= 0 else 0)
        if opts:
            self.place(r, self.best_slot(opts))
            return True
        if depth <= 0 or budget[0] <= 0:
            return False
        u, v = m.req_u[r], m.req_v[r]
        tries = []
        for s in bits(m.usable[r]):
            if s == avoid:
                continue
            blockers = {x for x in (self.occ[u].get(s), self.occ[v].get(s)) if x is not None}
            if _PRE in blockers or blockers & tabu:
                continue
            evict = self.rem[s] <= 0 and not blockers
            tries.append((len(blockers) + evict, rng.random(), s, blockers, evict))
        tries.sort()
        for _, _, s, blockers, evict in tries:
            budget[0] -= 1
            if budget[0] <= 0:
                return False
            mark = len(self.log)
            for x in blockers:
                self.remove(x)
            if evict and not self._evict_one(s, tabu | {r}, rng):
                self.undo(mark)
                continue
            self.place(r, s)
            inner = tabu | blockers | {r}
            if all(self.insert(x, depth - 1, rng, budget, inner, avoid=s) for x in blockers):
                return True
            self.undo(mark)
        return False

    def _evict_one(self, s: int, tabu: frozenset[int], rng: random.Random) -> bool:
        """Move one meeting out of full slot ``s`` to a slot free for it (no recursion)."""
        members = list(self.in_slot[s])
        rng.shuffle(members)
        for x in members[:400]:
            if x in tabu:
                continue
            opts = self.options(x) & ~(1 << s)
            if opts:
                self.remove(x)
                self.place(x, self.best_slot(opts))
                return True
        return False

    def best_slot(self, opts: int) -> int:
        """Among ``opts``, the slot with the most tables left (earliest on ties)."""
        best, best_rem = -1, -1
        for s in bits(opts):
            if self.rem[s] > best_rem:
                best, best_rem = s, self.rem[s]
        return best

    def assignment(self) -> list[tuple[int, int]]:
        return sorted(self.slot_of.items())


@dataclass
class TimetableResult:
    """Placed (request, slot) pairs, requests left out and how the placement went."""

    placed: list[tuple[int, int]]
    unplaced: list[int]
    seconds: float
    steps: list[str] = field(default_factory=list)
    infeasible_proven: bool = False   # the whole chosen set provably has no timetable


def construct(model: Model, chosen: Sequence[int],
              tt: Timetable | None = None) -> tuple[Timetable, list[int]]:
    """Greedy DSatur-like placement of ``chosen``; returns the timetable and the failures."""
    tt = tt or Timetable(model)
    pending_at: list[set[int]] = [set() for _ in range(model.n_people)]
    for r in chosen:
        pending_at[model.req_u[r]].add(r)
        pending_at[model.req_v[r]].add(r)
    heap = []

    def key(r: int) -> tuple[int, int]:
        u, v = model.req_u[r], model.req_v[r]
        return popcount(tt.options(r)), -(len(pending_at[u]) + len(pending_at[v]))

    stored: dict[int, tuple[int, int]] = {}
    for r in chosen:
        k = key(r)
        stored[r] = k
        heap.append((k[0], k[1], r))
    heapq.heapify(heap)
    failed = []
    by_slot_pending: list[set[int]] | None = None
    while heap:
        n, pr, r = heapq.heappop(heap)
        if r not in stored or stored[r] != (n, pr):
            continue
        del stored[r]
        opts = tt.options(r)
        u, v = model.req_u[r], model.req_v[r]
        pending_at[u].discard(r)
        pending_at[v].discard(r)
        if not opts:
            failed.append(r)
            continue
        s = tt.best_slot(opts)
        tt.place(r, s)
        touched = pending_at[u] | pending_at[v]
        if tt.rem[s] == 0:
            if by_slot_pending is None:
                by_slot_pending = [set() for _ in range(model.n_slots)]
                for f in stored:
                    for t in bits(model.usable[f]):
                        by_slot_pending[t].add(f)
            touched = touched | {f for f in by_slot_pending[s] if f in stored}
        for f in touched:
            k = key(f)
            if stored.get(f) != k:
                stored[f] = k
                heapq.heappush(heap, (k[0], k[1], f))
    return tt, failed


def repair_with_mip(model: Model, tt: Timetable, unplaced: Sequence[int], time_limit: float,
                    rings: int = 1, whole: bool = False) -> tuple[list[int], bool]:
    """Re-time a neighbourhood of ``unplaced`` by MIP: the unplaced edges, the placed edges
    sharing a participant with them (``rings`` levels out), or every placed edge if
    ``whole``. The rest stays put. Returns (still unplaced, proven that the neighbourhood
    cannot take all of them)."""
    region_people: set[int] = set()
    for r in unplaced:
        region_people.update((model.req_u[r], model.req_v[r]))
    region = set(unplaced)
    if whole:
        region.update(tt.slot_of)
    else:
        for _ in range(rings):
            new_people: set[int] = set()
            for p in region_people:
                for _slot, x in tt.occ[p].items():
                    if x != _PRE and x not in region:
                        region.add(x)
                        new_people.update((model.req_u[x], model.req_v[x]))
            region_people |= new_people
    movable = [r for r in region if r in tt.slot_of]
    mark = len(tt.log)
    old = {r: tt.slot_of[r] for r in movable}
    for r in movable:
        tt.remove(r)
    b = MipBuilder()
    cols: dict[tuple[int, int], int] = {}
    for r in sorted(region):
        for s in bits(tt.options(r)):
            cols[(r, s)] = b.add_col(float(model.req_w[r]) * 1000.0 + 1.0)
    by_r: dict[int, list[int]] = {}
    by_ps: dict[tuple[int, int], list[int]] = {}
    by_s: dict[int, list[int]] = {}
    for (r, s), c in cols.items():
        by_r.setdefault(r, []).append(c)
        by_ps.setdefault((model.req_u[r], s), []).append(c)
        by_ps.setdefault((model.req_v[r], s), []).append(c)
        by_s.setdefault(s, []).append(c)
    for r in region:
        if r in by_r and len(by_r[r]) > 1:
            b.add_row(by_r[r], 1.0, upper=1.0)
    for cs in by_ps.values():
        if len(cs) > 1:
            b.add_row(cs, 1.0, upper=1.0)
    for s, cs in by_s.items():
        if len(cs) > tt.rem[s]:
            b.add_row(cs, 1.0, upper=max(0, tt.rem[s]))
    start = [0.0] * b.n_cols
    for r, s in old.items():
        if (r, s) in cols:
            start[cols[(r, s)]] = 1.0
    target = sum(float(model.req_w[r]) * 1000.0 + 1.0 for r in region)
    res = b.solve(time_limit, start=start, target=target)
    placed_any = False
    if res.x is not None and (res.objective or 0) >= sum(
            float(model.req_w[r]) * 1000.0 + 1.0 for r in old) - 1e-6:
        for (r, s), c in cols.items():
            if res.x[c] > 0.5:
                tt.place(r, s)
        placed_any = True
    if not placed_any:
        tt.undo(mark)
    left = [r for r in region if r not in tt.slot_of]
    # all of the region in the MIP and it is proven not to fit: the set is infeasible there
    proven = (res.optimal and res.bound is not None
              and float(np.floor(res.bound + 1e-6)) < target - 0.5)
    return left, proven


def schedule_chosen(model: Model, chosen: Sequence[int], *, time_limit: float = 10.0,
                    seed: int = 0, exact_limit: int = 40000) -> TimetableResult:
    """Phase 2 on the chosen requests: construct, ejection chains, MIP repair.

    ``exact_limit`` caps the number of (edge, slot) columns for the MIP over all chosen
    edges, which can prove that the chosen set has no timetable at all.
    """
    t0 = time.perf_counter()
    deadline = t0 + time_limit
    rng = random.Random(seed)
    tt, failed = construct(model, chosen)
    steps = [f"construct:{len(chosen) - len(failed)}/{len(chosen)}"]
    for depth in (2, 3, 4):
        if not failed or time.perf_counter() > deadline:
            break
        still = []
        for r in sorted(failed, key=lambda r: -model.req_w[r]):
            budget = [3000 * depth]
            if not tt.insert(r, depth, rng, budget):
                still.append(r)
        failed = still
        steps.append(f"chains{depth}:{len(failed)} left")
    proven = False
    if failed:
        for rings in (1, 2):
            if not failed or time.perf_counter() > deadline:
                break
            failed, _ = repair_with_mip(model, tt, failed, deadline - time.perf_counter(),
                                        rings=rings)
            steps.append(f"mip-ring{rings}:{len(failed)} left")
    if failed and time.perf_counter() < deadline:
        n_cols = sum(popcount(model.usable[r]) for r in chosen)
        if n_cols <= exact_limit:
            failed, proven = repair_with_mip(model, tt, failed, deadline - time.perf_counter(),
                                             whole=True)
            steps.append(f"mip-all:{len(failed)} left" + (" (proven)" if proven else ""))
    return TimetableResult(tt.assignment(), failed, time.perf_counter() - t0, steps,
                           infeasible_proven=proven and bool(failed))


def fill_extra(model: Model, tt: Timetable, candidates: Iterable[int],
               cap_left: list[int]) -> list[int]:
    """Add unscheduled candidate requests that still fit (heaviest first). ``cap_left`` is
    the remaining meeting allowance per participant (updated)."""
    added = []
    for r in sorted(candidates, key=lambda r: (-model.req_w[r], r)):
        if r in tt.slot_of:
            continue
        u, v = model.req_u[r], model.req_v[r]
        if cap_left[u] <= 0 or cap_left[v] <= 0:
            continue
        opts = tt.options(r)
        if opts:
            tt.place(r, tt.best_slot(opts))
            cap_left[u] -= 1
            cap_left[v] -= 1
            added.append(r)
    return added


def fits(model: Model, edges: Sequence[int], time_limit: float, seed: int = 0) -> bool | None:
    """Can ``edges`` alone (with the pre-set meetings) all be given slots? ``None`` if
    unknown within ``time_limit``. Tries the constructive method first, then a MIP."""
    t0 = time.perf_counter()
    tt, failed = construct(model, edges)
    rng = random.Random(seed)
    for r in failed:
        if not tt.insert(r, 3, rng, [2000]):
            break
    else:
        return True
    b = MipBuilder()
    by_r: dict[int, list[int]] = {}
    by_ps: dict[tuple[int, int], list[int]] = {}
    by_s: dict[int, list[int]] = {}
    for r in edges:
        for s in bits(model.usable[r]):
            c = b.add_col(0.0)
            by_r.setdefault(r, []).append(c)
            by_ps.setdefault((model.req_u[r], s), []).append(c)
            by_ps.setdefault((model.req_v[r], s), []).append(c)
            by_s.setdefault(s, []).append(c)
    for r in edges:
        if r not in by_r:
            return False
        b.add_row(by_r[r], 1.0, lower=1.0, upper=1.0)
    for cs in by_ps.values():
        if len(cs) > 1:
            b.add_row(cs, 1.0, upper=1.0)
    for s, cs in by_s.items():
        if len(cs) > model.rem_tables[s]:
            b.add_row(cs, 1.0, upper=model.rem_tables[s])
    res = b.solve(time_limit - (time.perf_counter() - t0))
    if res.status == "infeasible":
        return False
    if res.x is not None:
        return True
    return None


def infeasible_core(model: Model, chosen: Sequence[int], failed: Sequence[int],
                    time_limit: float, minimise_up_to: int = 150) -> list[int] | None:
    """A subset of ``chosen`` that provably has no timetable, as small as time allows.

    Grows rings of requests around the participants of the ``failed`` ones until the ring
    alone does not fit, then drops requests one by one while it still does not fit (a
    deletion filter, for cores of at most ``minimise_up_to`` requests). ``None`` if no core
    was proven in time. Each core gives the phase-1 cut ``sum_{core} x <= |core| - 1``.
    """
    deadline = time.perf_counter() + time_limit
    at: dict[int, list[int]] = {}
    for r in chosen:
        at.setdefault(model.req_u[r], []).append(r)
        at.setdefault(model.req_v[r], []).append(r)
    chosen_set = set(chosen)
    people: set[int] = set()
    for r in failed:
        people.update((model.req_u[r], model.req_v[r]))
    core: set[int] | None = None
    ring = set(failed) & chosen_set
    while True:
        for p in list(people):
            ring.update(at.get(p, ()))
        verdict = fits(model, sorted(ring), deadline - time.perf_counter())
        if verdict is False:
            core = ring
            break
        if verdict is None or len(ring) == len(chosen_set) or time.perf_counter() > deadline:
            return None
        people = {q for r in ring for q in (model.req_u[r], model.req_v[r])}
        before = len(ring)
        for p in list(people):
            ring.update(at.get(p, ()))
        if len(ring) == before:          # component exhausted: the rest is independent
            ring = set(chosen_set)
    if len(core) <= minimise_up_to:
        for r in sorted(core, key=lambda r: model.req_w[r]):
            if time.perf_counter() > deadline:
                break
            trial = sorted(core - {r})
            if fits(model, trial, min(2.0, deadline - time.perf_counter())) is False:
                core.discard(r)
    return sorted(core)
