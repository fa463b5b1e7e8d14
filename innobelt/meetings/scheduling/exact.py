"""The full MIP over (request, slot) pairs, for small instances and as a last resort.

    max  sum W * w_r * x_rs  (+ covered participants, tie-break)  over usable (r, s)
    s.t. sum_s x_rs <= 1                     each request at most once
         sum_{r at p} x_rs <= 1               one meeting per participant and slot
         sum_r x_rs <= tables left in s       tables
         sum_{r at p, s} x_rs <= cap(p)       max_meetings
         y_p <= sum_{r at p, s} x_rs          coverage (fairness)

It is exact but grows as requests x slots; the scheduler only runs it when phase 1 and 2 do not
meet (a chosen set that has no timetable) and the instance is small enough.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .highs_mip import MipBuilder
from .matching import coverable_people
from .model import Model, bits, person_capacity


@dataclass
class ExactResult:
    """Assignment found (``None`` if none), its residual value and coverage, proven bounds.

    With ``fairness="first"``, ``value_bound`` holds for schedules covering at least
    ``covered`` participants, and ``cover_bound`` bounds the coverage of any schedule.
    """

    assignment: list[tuple[int, int]] | None
    value: int
    value_bound: float
    covered: int
    cover_bound: float
    status: str
    seconds: float


def n_columns(model: Model, cand: Sequence[int]) -> int:
    return sum(model.usable[r].bit_count() for r in cand)


def solve_exact(model: Model, cand: Sequence[int], *, fairness: str = "tiebreak",
                time_limit: float = 30.0, start: Sequence[tuple[int, int]] = (),
                value_target: float | None = None, cover_target: float | None = None,
                seed: int = 0) -> ExactResult:
    """Solve the whole residual problem exactly (up to ``time_limit``).

    ``tiebreak``: one objective ``W * value + covered`` (exact and small enough here).
    ``first``: maximise coverage (stopping at ``cover_target`` if reached), then value with
    coverage held. ``value_target`` — a known upper bound on the value (tiebreak only) —
    stops the search as soon as a schedule reaches it with every participant covered.
    """
    t0 = time.perf_counter()
    deadline = t0 + time_limit
    caps = [person_capacity(model, p) for p in range(model.n_people)]
    cand = [r for r in cand if caps[model.req_u[r]] > 0 and caps[model.req_v[r]] > 0]
    people = coverable_people(model, cand)
    tiebreak = fairness == "tiebreak"
    scale = float(len(people) + 1) if tiebreak else 1.0
    b = MipBuilder()
    cols: dict[tuple[int, int], int] = {}
    by_r: dict[int, list[int]] = defaultdict(list)
    by_ps: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_s: dict[int, list[int]] = defaultdict(list)
    by_p: dict[int, list[int]] = defaultdict(list)
    for r in cand:
        u, v = model.req_u[r], model.req_v[r]
        for s in bits(model.usable[r]):
            c = b.add_col(scale * model.req_w[r] if tiebreak else 0.0)
            cols[(r, s)] = c
            by_r[r].append(c)
            by_ps[(u, s)].append(c)
            by_ps[(v, s)].append(c)
            by_s[s].append(c)
            by_p[u].append(c)
            by_p[v].append(c)
    ycol = {p: b.add_col(1.0, integer=False) for p in people}
    for cs in by_r.values():
        if len(cs) > 1:
            b.add_row(cs, 1.0, upper=1.0)
    for cs in by_ps.values():
        if len(cs) > 1:
            b.add_row(cs, 1.0, upper=1.0)
    for s, cs in by_s.items():
        if len(cs) > model.rem_tables[s]:
            b.add_row(cs, 1.0, upper=model.rem_tables[s])
    for p, cs in by_p.items():
        if len(cs) > caps[p]:
            b.add_row(cs, 1.0, upper=caps[p])
    for p in people:
        b.add_row([ycol[p]] + by_p[p], [1.0] + [-1.0] * len(by_p[p]), upper=0.0)
    x0 = None
    if start:
        x0 = np.zeros(b.n_cols)
        hit: set[int] = set()
        for r, s in start:
            if (r, s) in cols:
                x0[cols[(r, s)]] = 1.0
                hit.update((model.req_u[r], model.req_v[r]))
        for p in people:
            x0[ycol[p]] = 1.0 if p in hit else 0.0

    def covered_by(x: np.ndarray) -> int:
        return sum(1 for c in ycol.values() if x[c] > 0.5)

    cover_bound = float(len(people))
    if tiebreak:
        target = None
        if value_target is not None and np.isfinite(value_target):
            target = scale * value_target + len(people)
        res = b.solve(time_limit, start=x0, target=target, seed=seed)
        if res.x is None:
            return ExactResult(None, 0, np.inf, 0, cover_bound, res.status,
                               time.perf_counter() - t0)
        bound = np.inf if res.bound is None else float(np.floor(res.bound / scale + 1e-6))
    else:
        res = b.solve(time_limit, start=x0, seed=seed,
                      target=cover_target if cover_target is not None else len(people))
        if res.x is None:
            return ExactResult(None, 0, np.inf, 0, cover_bound, res.status,
                               time.perf_counter() - t0)
        got = covered_by(res.x)
        if res.bound is not None:
            cover_bound = min(cover_bound, float(np.floor(res.bound + 1e-6)))
        if res.status == "interrupted" and cover_target is not None:
            cover_bound = min(cover_bound, float(cover_target))
        if got < cover_bound and res.status != "optimal":
            status = "coverage_" + res.status
        else:
            cover_bound = float(got) if res.status == "optimal" else cover_bound
            status = "optimal"
        b.add_row(list(ycol.values()), 1.0, lower=float(got))
        for (r, _), c in cols.items():
            b.cost[c] = float(model.req_w[r])
        for c in ycol.values():
            b.cost[c] = 0.0
        first = res
        res = b.solve(deadline - time.perf_counter(), start=first.x, seed=seed)
        if res.x is None:
            res, bound = first, np.inf
            res.status = status if status != "optimal" else "value_time_limit"
        else:
            bound = np.inf if res.bound is None else float(np.floor(res.bound + 1e-6))
            res.status = status if status != "optimal" else res.status
    assert res.x is not None  # for mypy: the paths without a solution returned above
    assignment = [(r, s) for (r, s), c in cols.items() if res.x[c] > 0.5]
    value = model.value(r for r, _ in assignment)
    return ExactResult(assignment, value, max(bound, value), covered_by(res.x), cover_bound,
                       res.status, time.perf_counter() - t0)
