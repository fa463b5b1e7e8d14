"""Phase 1, "who meets whom": a weighted b-matching solved by HiGHS.

Every schedule picks a set of requests such that

* each participant ``p`` is in at most ``cap(p)`` of them, where ``cap(p)`` is ``max_meetings``
  (less pre-set meetings) capped by the number of slots usable by p's requests,
* for every participant and every set ``T`` of slots that is the usable set of one of his
  requests, at most ``|T|`` of his chosen requests can only be held in ``T`` (Hall),
* for every such ``T`` at most ``tables(T)`` chosen requests can only be held in ``T``, and in
  all at most the number of tables left,
* every chosen request has a usable slot (a common free, allowed slot),

so the optimum of this b-matching (or any dual bound HiGHS proves for it) is an upper bound
on the value of every schedule. Phase 2 (:mod:`.timetable`) then tries to give the chosen
requests slots; when it manages, the schedule is optimal.

Fairness ("coverage": participants who made or received a request and get a meeting):

* ``tiebreak``: value first, then the most covered participants among the maximum-value
  choices (swap heuristic, then a MIP restricted to the LP optima by complementary slackness);
* ``first``: maximise ``covered`` first, then value with ``covered`` held at its optimum.

Both are solved as two stages rather than one weighted objective (see :func:`solve_matching`).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import overload

import numpy as np

from .highs_mip import LpDuals, MipBuilder, MipResult, maximise
from .model import Model, person_capacity, popcount

FAIRNESS_MODES = ("tiebreak", "first")


@dataclass
class MatchingResult:
    """Chosen requests (``None`` if HiGHS found none), proven bounds and status."""

    chosen: list[int] | None
    value: int                      # residual value of ``chosen``
    value_bound: float              # proven upper bound on the residual value
    covered: int                    # participants covered by ``chosen`` (not counting pre-set)
    cover_bound: float              # bound on covered participants (tiebreak: at this value)
    status: str
    seconds: float
    stages: list[str] = field(default_factory=list)


def coverable_people(model: Model, cand: Sequence[int]) -> list[int]:
    """Requesters not covered by pre-set meetings who have at least one candidate request."""
    covered = set()
    for r, _ in model.pre:
        covered.add(model.req_u[r])
        covered.add(model.req_v[r])
    has = set()
    for r in cand:
        has.add(model.req_u[r])
        has.add(model.req_v[r])
    return sorted(has - covered)


def hall_sets(model: Model, cand: Sequence[int],
              caps: Sequence[int]) -> list[tuple[list[int], int]]:
    """Valid Hall rows: (requests, limit) pairs, only those that are not already implied."""
    rows: list[tuple[list[int], int]] = []
    at: dict[int, list[int]] = defaultdict(list)
    for r in cand:
        at[model.req_u[r]].append(r)
        at[model.req_v[r]].append(r)
    for p, reqs in at.items():
        cap = caps[p]
        masks: set[int] | list[int] = {model.usable[r] for r in reqs if popcount(model.usable[r]) < cap}
        for t in masks:
            inside = [r for r in reqs if model.usable[r] & ~t == 0]
            if len(inside) > popcount(t):
                rows.append((inside, popcount(t)))
    # slot sets: at most tables(T) requests can only be held inside T. Only the masks of
    # requests are tried as T (smallest first), and only masks no larger than T can be in it.
    by_mask = Counter(model.usable[r] for r in cand)
    masks = sorted(by_mask, key=popcount)
    sizes = [popcount(m) for m in masks]
    full_tables = sum(max(0, t) for t in model.rem_tables)
    for i, t in enumerate(masks[:400]):
        cap_t = sum(model.rem_tables[s] for s in range(model.n_slots) if t >> s & 1)
        if cap_t >= full_tables or by_mask[t] == 0:
            continue
        n_inside = 0
        for j in range(len(masks)):
            if sizes[j] > sizes[i]:
                break
            if masks[j] & ~t == 0:
                n_inside += by_mask[masks[j]]
        if n_inside > cap_t:
            inside = [r for r in cand if model.usable[r] & ~t == 0]
            rows.append((inside, cap_t))
    return rows


def improve_coverage(model: Model, chosen: Sequence[int], cand: Sequence[int],
                     caps: Sequence[int], people: Sequence[int]) -> list[int]:
    """Cover more participants without losing value. For an uncovered participant ``p`` and
    a request ``e = (p, q)``, heaviest first:

    * add ``e`` if ``q`` has room and a table is left;
    * else swap out a request ``(q, r)`` of at most ``e``'s weight whose other end ``r`` keeps
      a meeting;
    * else, if only the tables are short, swap out any request of at most ``e``'s weight whose
      two ends both keep a meeting.

    One greedy pass; phase 2 decides whether the result can be timetabled."""
    chosen_set = set(chosen)
    deg: Counter[int] = Counter()
    at: dict[int, list[int]] = defaultdict(list)
    for r in cand:
        at[model.req_u[r]].append(r)
        at[model.req_v[r]].append(r)
    for r in chosen_set:
        deg[model.req_u[r]] += 1
        deg[model.req_v[r]] += 1
    room = sum(max(0, t) for t in model.rem_tables) - len(chosen_set)
    spare = sorted(chosen_set, key=lambda r: model.req_w[r])   # for table-making swaps

    def other(r: int, p: int) -> int:
        return model.req_v[r] if model.req_u[r] == p else model.req_u[r]

    def make_room(e: int, p: int, q: int) -> int | None:
        for g in spare[:5000]:
            if model.req_w[g] > model.req_w[e]:
                break
            x, y = model.req_u[g], model.req_v[g]
            if g in chosen_set and deg[x] >= 2 and deg[y] >= 2 and not {x, y} & {p, q}:
                return g
        return None

    for p in people:
        if deg[p] or caps[p] <= 0:
            continue
        for e in sorted(at[p], key=lambda r: -model.req_w[r]):
            q = other(e, p)
            drop = None
            if deg[q] < caps[q]:
                if room <= 0:
                    drop = make_room(e, p, q)
                    if drop is None:
                        continue
            else:
                drop = next((f for f in at[q] if f in chosen_set
                             and model.req_w[f] <= model.req_w[e]
                             and deg[other(f, q)] >= 2), None)
                if drop is None:
                    continue
            if drop is not None:
                chosen_set.discard(drop)
                deg[model.req_u[drop]] -= 1
                deg[model.req_v[drop]] -= 1
                room += 1
            chosen_set.add(e)
            deg[p] += 1
            deg[q] += 1
            room -= 1
            break
    return sorted(chosen_set)


def greedy_cover(model: Model, cand: Sequence[int], caps: Sequence[int],
                 people: Sequence[int]) -> list[int]:
    """A choice of requests covering many participants (start for ``fairness="first"``):
    participants with fewest requests first, each takes a partner with room (an uncovered one
    if possible, then the heaviest request); then heaviest requests fill the room left."""
    at: dict[int, list[int]] = defaultdict(list)
    for r in cand:
        at[model.req_u[r]].append(r)
        at[model.req_v[r]].append(r)
    deg: Counter[int] = Counter()
    chosen: set[int] = set()
    room = sum(max(0, t) for t in model.rem_tables)
    for p in sorted(people, key=lambda p: len(at[p])):
        if deg[p] or room <= 0 or caps[p] <= 0:
            continue
        best, best_key = None, None
        for e in at[p]:
            q = model.req_v[e] if model.req_u[e] == p else model.req_u[e]
            if deg[q] >= caps[q]:
                continue
            k = (deg[q] == 0, model.req_w[e], caps[q] - deg[q])
            if best_key is None or k > best_key:
                best, best_key = e, k
        if best is not None:
            chosen.add(best)
            deg[model.req_u[best]] += 1
            deg[model.req_v[best]] += 1
            room -= 1
    for e in sorted(cand, key=lambda r: -model.req_w[r]):
        if room <= 0:
            break
        u, v = model.req_u[e], model.req_v[e]
        if e not in chosen and deg[u] < caps[u] and deg[v] < caps[v]:
            chosen.add(e)
            deg[u] += 1
            deg[v] += 1
            room -= 1
    return sorted(chosen)


class _Phase1Model:
    """The b-matching MIP: x columns (requests); y columns (covered participants) are only
    added when a coverage stage needs them."""

    def __init__(self, model: Model, cand: Sequence[int], nogoods: Sequence[Sequence[int]]):
        self.model = model
        self.caps = [person_capacity(model, p) for p in range(model.n_people)]
        caps = self.caps
        self.cand = [r for r in cand if caps[model.req_u[r]] > 0 and caps[model.req_v[r]] > 0]
        self.people = coverable_people(model, self.cand)
        b = self.b = MipBuilder()
        self.col = {r: b.add_col(float(model.req_w[r])) for r in self.cand}
        self.ycol: dict[int, int] = {}
        at: dict[int, list[int]] = defaultdict(list)
        for r in self.cand:
            at[model.req_u[r]].append(self.col[r])
            at[model.req_v[r]].append(self.col[r])
        self.at = at
        for p, cols in at.items():
            if len(cols) > caps[p]:
                b.add_row(cols, 1.0, upper=caps[p])
        total = sum(max(0, t) for t in model.rem_tables)
        if len(self.cand) > total and sum(caps) // 2 > total:
            b.add_row([self.col[r] for r in self.cand], 1.0, upper=total)
        for inside, limit in hall_sets(model, self.cand, caps):
            b.add_row([self.col[r] for r in inside], 1.0, upper=limit)
        for ng in nogoods:
            if all(r in self.col for r in ng):
                b.add_row([self.col[r] for r in ng], 1.0, upper=len(ng) - 1)
        self.n_base_rows = b.n_rows

    def add_coverage(self) -> None:
        """Add ``y_p <= sum of p's x`` for every coverable participant (once)."""
        if self.ycol:
            return
        for p in self.people:
            c = self.b.add_col(0.0, integer=False)
            self.ycol[p] = c
            self.b.add_row([c] + self.at[p], [1.0] + [-1.0] * len(self.at[p]), upper=0.0)

    def objective(self, value: float, cover: float) -> None:
        for r, c in self.col.items():
            self.b.cost[c] = value * self.model.req_w[r]
        for c in self.ycol.values():
            self.b.cost[c] = cover

    def restrict_to_lp_optima(self, lp: LpDuals, tol: float = 1e-6) -> None:
        """Complementary slackness with the LP duals ``lp`` of the value objective: keeps
        exactly the LP-optimal points (all the maximum-value choices when LP = MIP value)."""
        b = self.b
        for c in self.col.values():
            if lp.col_dual[c] < -tol:
                b.upper[c] = b.lower[c]
            elif lp.col_dual[c] > tol:
                b.lower[c] = b.upper[c]
        for i in range(self.n_base_rows):
            if abs(lp.row_dual[i]) > tol:
                if np.isfinite(b.row_upper[i]):
                    b.row_lower[i] = b.row_upper[i]
                else:
                    b.row_upper[i] = b.row_lower[i]

    @overload
    def vector(self, chosen: Sequence[int]) -> np.ndarray: ...
    @overload
    def vector(self, chosen: None) -> None: ...
    def vector(self, chosen: Sequence[int] | None) -> np.ndarray | None:
        if chosen is None:
            return None
        x = np.zeros(self.b.n_cols)
        hit: set[int] = set()
        for r in chosen:
            if r in self.col:
                x[self.col[r]] = 1.0
                hit.update((self.model.req_u[r], self.model.req_v[r]))
        for p, c in self.ycol.items():
            x[c] = 1.0 if p in hit else 0.0
        return x

    def chosen(self, x: np.ndarray) -> list[int]:
        return [r for r, c in self.col.items() if x[c] > 0.5]

    def covered(self, chosen: Sequence[int]) -> int:
        hit: set[int] = set()
        for r in chosen:
            hit.update((self.model.req_u[r], self.model.req_v[r]))
        return sum(1 for p in self.people if p in hit)


def solve_matching(model: Model, cand: Sequence[int], *, fairness: str = "tiebreak",
                   time_limit: float = 30.0, nogoods: Sequence[Sequence[int]] = (),
                   start: Sequence[int] | None = None, seed: int = 0) -> MatchingResult:
    """Solve phase 1 on the candidate requests ``cand`` (indices into the model).

    Lexicographic objectives are solved in two stages, the primary objective, then the
    secondary with the primary held at its optimum (a single weighted objective
    ``W * value + covered`` is exact too, but its cost range makes the LP several times
    slower). Value stages go LP first (:func:`~.highs_mip.maximise`). In ``tiebreak`` the
    coverage stage is skipped when a value-preserving swap heuristic already covers every
    coverable participant; otherwise, when the LP bound equals the optimum, "value held at
    its optimum" is imposed by complementary slackness with the LP duals (no dense row), and
    the stage gets at most a third of the time left (coverage is then best effort, see
    ``cover_bound``). ``nogoods`` are sets of requests proven not to fit together in any
    timetable (each gives ``sum x <= len - 1``); ``start`` is a known feasible choice.
    """
    if fairness not in FAIRNESS_MODES:
        raise ValueError(f"fairness must be one of {FAIRNESS_MODES}, got {fairness!r}")
    t0 = time.perf_counter()
    deadline = t0 + time_limit
    pm = _Phase1Model(model, cand, nogoods)
    people = pm.people
    stages: list[str] = []
    cover_bound = float(len(people))

    def left() -> float:
        return deadline - time.perf_counter()

    def done(chosen: list[int] | None, status: str, value_bound: float, cover_bound: float) -> MatchingResult:
        if chosen is None:
            return MatchingResult(None, 0, np.inf, 0, cover_bound, status,
                                  time.perf_counter() - t0, stages)
        value = model.value(chosen)
        return MatchingResult(chosen, value, max(value_bound, value), pm.covered(chosen),
                              cover_bound, status, time.perf_counter() - t0, stages)

    def floor_bound(res: MipResult) -> float:
        return np.inf if res.bound is None else float(np.floor(res.bound + 1e-6))

    if fairness == "first":
        pm.add_coverage()
        heur = greedy_cover(model, pm.cand, pm.caps, people)
        start_x: np.ndarray | None  # None once the greedy start proves infeasible
        start_x = pm.vector(heur)
        best_cover = pm.covered(heur)
        if not pm.b.is_feasible(start_x):
            best_cover, start_x = 0, None
        if best_cover < len(people):
            pm.objective(0.0, 1.0)
            res = pm.b.solve(left(), start=start_x, target=float(len(people)), seed=seed)
            stages.append(f"coverage:{res.status}")
            if res.x is not None and res.objective is not None:
                best_cover = max(best_cover, int(round(res.objective)))
                start_x = res.x
            if res.bound is not None and res.status in ("optimal", "interrupted"):
                cover_bound = min(cover_bound, floor_bound(res))
        else:
            stages.append("coverage:heuristic covers all")
        if best_cover >= len(people):
            for p in people:   # everyone covered: per-person rows instead of a dense one
                pm.b.add_row(pm.at[p], 1.0, lower=1.0)
        else:
            pm.b.add_row(list(pm.ycol.values()), 1.0, lower=float(best_cover))
        pm.objective(1.0, 0.0)
        res, _ = maximise(pm.b, left(), start=start_x, seed=seed)
        stages.append(f"value:{res.status}")
        if res.x is None:
            return done(None, res.status, np.inf, cover_bound)
        return done(pm.chosen(res.x), res.status, floor_bound(res), cover_bound)

    pm.objective(1.0, 0.0)
    res, lp = maximise(pm.b, left(), start=pm.vector(start), seed=seed)
    stages.append(f"value:{res.status}")
    if res.x is None:
        return done(None, res.status, np.inf, cover_bound)
    chosen = pm.chosen(res.x)
    bound = floor_bound(res)
    status = res.status
    if pm.covered(chosen) < len(people):
        better = improve_coverage(model, chosen, pm.cand, pm.caps, people)
        if pm.covered(better) > pm.covered(chosen) and model.value(better) >= model.value(chosen):
            chosen = better
        stages.append(f"coverage-swaps:{pm.covered(chosen)}/{len(people)}")
    value = model.value(chosen)
    if pm.covered(chosen) >= len(people):
        cover_bound = float(len(people))
    elif res.optimal and left() > 0.05:
        pm.add_coverage()
        if lp is not None and lp.objective <= value + 1e-6:
            pm.restrict_to_lp_optima(lp)
            how = "coverage(CS)"
        else:
            pm.b.add_row(list(pm.col.values()), [float(model.req_w[r]) for r in pm.col],
                         lower=float(value))
            how = "coverage"
        pm.objective(0.0, 1.0)
        res2 = pm.b.solve(max(0.05, left() / 3), start=pm.vector(chosen),
                          target=float(len(people)), seed=seed)
        stages.append(f"{how}:{res2.status}")
        if res2.x is not None:
            cand2 = pm.chosen(res2.x)
            if pm.covered(cand2) > pm.covered(chosen) and model.value(cand2) >= value:
                chosen = cand2
        if res2.bound is not None and res2.status in ("optimal", "interrupted"):
            cover_bound = min(cover_bound, floor_bound(res2))
    return done(chosen, status, bound, cover_bound)
