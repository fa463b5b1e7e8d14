"""The meeting scheduler: :func:`schedule_meetings`.

Decomposition (see ``docs/adr/0101-meeting-scheduler.md``):

1. *Who meets whom* (:mod:`.matching`): a weighted b-matching solved by HiGHS, LP first. Its
   optimum — or the dual bound HiGHS proves — bounds every schedule's value.
2. *When* (:mod:`.timetable`): give the chosen requests slots (constructive, ejection chains,
   MIP repair). If all get one, the schedule reaches the bound: it is optimal.
3. If some are left out: on small instances the full MIP over (request, slot) pairs
   (:mod:`.exact`) closes the gap; if the chosen set provably has no timetable, a small *core*
   of it that has none is cut off in phase 1 (``sum_{core} x <= |core| - 1``) and phase 1 is
   solved again (the bound stays valid); otherwise phase 1 is retried without the requests
   that could not be placed (a heuristic: those rounds give no bound).

A greedy schedule (heaviest requests first) is computed up front. It becomes the answer —
with ``fallback=True`` and the reason — when HiGHS finds nothing in time or does worse.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .exact import n_columns, solve_exact
from .greedy import greedy_assignment
from .instance import (
    Instance,
    Meeting,
    assign_tables,
    parse_instance,
    parse_meetings,
    verify_schedule,
)
from .matching import FAIRNESS_MODES, MatchingResult, coverable_people, solve_matching
from .model import Model, build_model, combinatorial_bound
from .timetable import Timetable, fill_extra, infeasible_core, schedule_chosen

#: the full (request, slot) MIP is tried only below this many columns
EXACT_COLUMNS = 30000
#: at most this many phase-1 / phase-2 rounds with cuts
MAX_ROUNDS = 40
#: at most this many heuristic retries without requests phase 2 could not place
MAX_RETRIES = 3


@dataclass
class ScheduleResult:
    """A schedule and what is proven about it.

    ``bound`` is a proven upper bound on the value of any feasible schedule (with
    ``fairness="first"``: of any schedule covering as many participants as this one);
    ``gap = (bound - value) / bound``. ``covered`` counts the participants who made or
    received a request (``requesters``) and got a meeting; ``cover_bound`` bounds it (for
    ``tiebreak``: among schedules of this value). ``status``: ``optimal`` (the lexicographic
    optimum is proven), ``value_optimal`` (value proven, coverage not), ``feasible`` (gap
    left), ``fallback`` (the greedy schedule, see ``fallback_reason``).
    """

    meetings: list[Meeting]
    value: int
    bound: int
    method: str
    status: str
    seconds: float
    fallback: bool = False
    fallback_reason: str | None = None
    fairness: str = "tiebreak"
    covered: int = 0
    requesters: int = 0
    cover_bound: int | None = None
    steps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def gap(self) -> float:
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.value) / self.bound)

    @property
    def optimal(self) -> bool:
        return self.status == "optimal"

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "bound": self.bound, "gap": round(self.gap, 6),
                "method": self.method, "status": self.status,
                "seconds": round(self.seconds, 3), "fallback": self.fallback,
                "fallback_reason": self.fallback_reason, "fairness": self.fairness,
                "covered": self.covered, "requesters": self.requesters,
                "cover_bound": self.cover_bound, "meetings_held": len(self.meetings),
                "steps": self.steps, "notes": self.notes}


@dataclass
class _Best:
    assignment: list[tuple[int, int]]
    value: int       # residual value (pre-set meetings not included)
    covered: int     # requesters covered, pre-set meetings included


def _covered(model: Model, assignment: Iterable[tuple[int, int]]) -> int:
    hit: set[int] = set()
    for r, _ in list(model.pre) + list(assignment):
        hit.update((model.req_u[r], model.req_v[r]))
    return sum(1 for p in model.requesters() if p in hit)


def _better(a: _Best, b: _Best | None, fairness: str) -> bool:
    if b is None:
        return True
    if fairness == "first":
        return (a.covered, a.value) > (b.covered, b.value)
    return (a.value, a.covered) > (b.value, b.covered)


def _complete(model: Model, placed: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``placed`` plus any other request that still fits (heaviest first)."""
    tt = Timetable(model)
    cap_left = list(model.rem_cap)
    for r, s in placed:
        tt.place(r, s)
        cap_left[model.req_u[r]] -= 1
        cap_left[model.req_v[r]] -= 1
    fill_extra(model, tt, model.candidates(), cap_left)
    return tt.assignment()


@dataclass
class _Round:
    """Outcome of one phase-1/phase-2 round (``stop``: nothing more to do)."""

    stop: bool
    chosen: list[int] = field(default_factory=list)
    unplaced: list[int] = field(default_factory=list)
    infeasible_proven: bool = False


class _Run:
    """State of one scheduling run: the best schedule so far and what is proven.

    Values here are totals (pre-set meetings included). Bounds:

    * ``ub_all`` bounds the value of every schedule;
    * ``fairness="first"``: ``cover_max`` bounds every schedule's coverage and ``ub_first =
      (bound, n)`` bounds the value of schedules covering at least ``n``;
    * ``fairness="tiebreak"``: ``cover_at = (value, bound)`` bounds the coverage of the
      schedules of that value.
    """

    def __init__(self, model: Model, fairness: str, deadline: float, seed: int):
        self.model = model
        self.fairness = fairness
        self.deadline = deadline
        self.seed = seed
        self.steps: list[str] = []
        self.pre_covered = _covered(model, [])
        self.cand = model.candidates()
        self.coverable = self.pre_covered + len(coverable_people(model, self.cand))
        self.ub_all = combinatorial_bound(model)
        self.ub_first: tuple[int, int] | None = None
        self.cover_max = self.coverable
        self.cover_at: tuple[int, int] | None = None
        self.best: _Best | None = None
        self.highs_error: str | None = None
        self.nogoods: list[list[int]] = []

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def offer(self, assignment: list[tuple[int, int]]) -> None:
        cur = _Best(assignment, self.model.value(r for r, _ in assignment),
                    _covered(self.model, assignment))
        if _better(cur, self.best, self.fairness):
            self.best = cur

    def total(self) -> int:
        return self.model.pre_value + (self.best.value if self.best else 0)

    def value_bound(self) -> int:
        """Proven bound for the best schedule's value (in its coverage class for "first")."""
        bound = self.ub_all
        if (self.fairness == "first" and self.ub_first is not None and self.best is not None
                and self.best.covered >= self.ub_first[1]):
            bound = min(bound, self.ub_first[0])
        return max(bound, self.total())

    def cover_bound(self) -> int:
        if self.fairness == "first":
            return self.cover_max
        if self.cover_at is not None and self.cover_at[0] == self.total():
            return self.cover_at[1]
        return self.coverable

    def value_proven(self) -> bool:
        return self.best is not None and self.total() >= self.value_bound()

    def proven(self) -> bool:
        return self.value_proven() and self.best is not None and self.best.covered >= self.cover_bound()

    # -- one round of the decomposition --------------------------------------------------
    def round(self, number: int, start: Sequence[int], forbid: set[int],
              whole_mip: bool) -> _Round:
        """Phase 1 then phase 2. With ``forbid`` (requests phase 2 could not place before),
        phase 1 looks for another choice without them — a heuristic retry whose bounds are
        not kept (only unrestricted rounds give bounds)."""
        model = self.model
        p1_time = self.left() * (0.75 if number == 1 else 0.6)
        cand = [r for r in self.cand if r not in forbid] if forbid else self.cand
        try:
            p1 = solve_matching(model, cand, fairness=self.fairness, time_limit=p1_time,
                                nogoods=self.nogoods, start=start, seed=self.seed)
        except Exception as exc:  # any HiGHS failure: fall back, never silently
            self.highs_error = f"HiGHS failed in phase 1: {exc!r}"
            return _Round(True)
        self.steps.append(f"round {number} phase 1{' (retry)' if forbid else ''}: "
                          f"{','.join(p1.stages)}; value {p1.value} bound "
                          f"{p1.value_bound:g} ({p1.seconds:.2f}s)")
        if p1.chosen is None:
            if not forbid:
                self.highs_error = (f"HiGHS found no phase-1 solution ({p1.status}) within "
                                    f"{p1_time:.2f}s")
            return _Round(True)
        if not forbid:
            self._take_phase1_bounds(p1)
        tt = schedule_chosen(model, p1.chosen, time_limit=max(0.05, self.left()),
                             seed=self.seed, exact_limit=40000 if whole_mip else 0)
        self.steps.append(f"round {number} phase 2: {'; '.join(tt.steps)} "
                          f"({tt.seconds:.2f}s)")
        self.offer(_complete(model, tt.placed) if tt.unplaced else list(tt.placed))
        if self.proven() or self.left() <= 0 or not tt.unplaced:
            return _Round(True)
        return _Round(False, p1.chosen, tt.unplaced, tt.infeasible_proven)

    def _take_phase1_bounds(self, p1: MatchingResult) -> None:
        pre_v, pre_c = self.model.pre_value, self.pre_covered
        if self.fairness == "first":
            self.cover_max = min(self.cover_max, pre_c + int(p1.cover_bound))
            if np.isfinite(p1.value_bound):
                self.ub_first = (pre_v + int(p1.value_bound), pre_c + p1.covered)
            return
        if np.isfinite(p1.value_bound):
            self.ub_all = min(self.ub_all, pre_v + int(p1.value_bound))
        if p1.status == "optimal" and np.isfinite(p1.cover_bound):
            self.cover_at = (pre_v + p1.value, pre_c + int(p1.cover_bound))

    def exact(self, budget: float) -> None:
        """The full (request, slot) MIP, started from the best schedule."""
        model, best = self.model, self.best
        pre_v, pre_c = model.pre_value, self.pre_covered
        start = best.assignment if best is not None else ()
        if self.fairness == "tiebreak":
            ex = solve_exact(model, self.cand, time_limit=budget, start=start,
                             value_target=self.ub_all - pre_v, seed=self.seed)
        else:
            ex = solve_exact(model, self.cand, fairness="first", time_limit=budget,
                             start=start, cover_target=self.cover_max - pre_c,
                             seed=self.seed)
        self.steps.append(f"exact MIP: {ex.status}; value {ex.value} bound "
                          f"{ex.value_bound:g} ({ex.seconds:.2f}s)")
        if ex.assignment is None:
            return
        self.offer(ex.assignment)
        if self.fairness == "tiebreak":
            if np.isfinite(ex.value_bound):
                self.ub_all = min(self.ub_all, pre_v + int(ex.value_bound))
            if ex.status in ("optimal", "interrupted") and ex.value + pre_v >= self.ub_all:
                # optimal (or stopped at the value bound with everyone covered)
                self.cover_at = (pre_v + ex.value, pre_c + ex.covered)
        else:
            self.cover_max = min(self.cover_max, pre_c + int(ex.cover_bound))
            if np.isfinite(ex.value_bound):
                self.ub_first = (pre_v + int(ex.value_bound), pre_c + ex.covered)


def schedule_meetings(instance: Instance | Mapping[str, Any], *, time_limit: float = 30.0,
                      keep: Sequence[Meeting | Mapping[str, Any] | Sequence[str]] = (),
                      fairness: str = "tiebreak", seed: int = 0) -> ScheduleResult:
    """Schedule the 1:1 meetings of ``instance`` maximising the total weight.

    ``keep``: meetings ``(a, b, slot)`` of an earlier schedule that must stay where they are
    (like fixed meetings); pass ``()`` for a full re-run. Kept meetings whose participant or
    request was cancelled are dropped (see ``notes``); ones that became infeasible raise
    :class:`InstanceError`.

    ``fairness``: ``"tiebreak"`` (default) maximises value, then the number of requesters
    who get at least one meeting; ``"first"`` maximises that number first, then value.
    """
    t0 = time.perf_counter()
    if fairness not in FAIRNESS_MODES:
        raise ValueError(f"fairness must be one of {FAIRNESS_MODES}, got {fairness!r}")
    inst = instance if isinstance(instance, Instance) else parse_instance(instance)
    keep_meetings = parse_meetings(list(keep), "keep")
    model = build_model(inst, keep_meetings)
    run = _Run(model, fairness, t0 + max(0.0, time_limit), seed)

    greedy = greedy_assignment(model, "weight")
    greedy_best = _Best(greedy, model.value(r for r, _ in greedy), _covered(model, greedy))
    if not run.cand:
        run.best = _Best([], 0, run.pre_covered)
        run.steps.append("nothing to schedule beyond the pre-set meetings")
    small = n_columns(model, run.cand) <= EXACT_COLUMNS
    exact_tried = False
    start = [r for r, _ in greedy]
    forbid: set[int] = set()
    rounds = retries = 0
    while run.cand and rounds < MAX_ROUNDS and run.left() > 0 and not run.proven():
        rounds += 1
        # small instances: the exact MIP closes gaps faster than proving phase-2 failures
        out = run.round(rounds, start, forbid, whole_mip=not small or exact_tried)
        if out.stop:
            break
        if small and not exact_tried:
            exact_tried = True
            run.exact(min(run.left(), max(1.0, 0.3 * run.left())))
            continue
        if out.infeasible_proven:
            core = infeasible_core(model, out.chosen, out.unplaced, min(run.left(), 10.0))
            if core is None:
                break
            run.nogoods.append(core)
            run.steps.append(f"round {rounds}: cut off a core of {len(core)} requests that "
                             f"has no timetable")
        elif out.unplaced:
            # not proven impossible: look for an equally good choice without those requests
            if retries >= MAX_RETRIES:
                break
            retries += 1
            forbid.update(out.unplaced)
        else:
            break
        start = [r for r, _ in run.best.assignment] if run.best else start
    if (run.best is not None and not run.proven() and run.highs_error is None and small
            and run.left() > 0.5):
        run.exact(run.left())
    return _finish(run, inst, keep_meetings, greedy_best, t0)


def _finish(run: _Run, inst: Instance, keep: Sequence[Meeting], greedy_best: _Best,
            t0: float) -> ScheduleResult:
    """Pick HiGHS's schedule or the greedy fallback, check it, and build the result."""
    model = run.model
    method, fallback, reason = "highs", False, None
    if run.best is None:
        run.best, method, fallback = greedy_best, "greedy", True
        reason = run.highs_error or "time limit reached before HiGHS produced a schedule"
    elif _better(greedy_best, run.best, run.fairness):
        run.best, method, fallback = greedy_best, "greedy", True
        reason = "the greedy schedule was better than what HiGHS reached in the time limit"
    if run.highs_error is not None and not fallback:
        run.steps.append(run.highs_error)
    meetings = _meetings(model, inst, run.best.assignment, keep)
    problem = verify_schedule(inst, meetings, model.meetings(model.pre))
    if problem is not None:  # a bug: never hand out an infeasible schedule
        run.best, method, fallback = greedy_best, "greedy", True
        reason = f"internal check rejected the HiGHS schedule ({problem})"
        meetings = _meetings(model, inst, run.best.assignment, keep)
    if fallback:
        status = "fallback"
    elif run.proven():
        status = "optimal"
    elif run.value_proven():
        status = "value_optimal"
    else:
        status = "feasible"
    return ScheduleResult(meetings, run.total(), run.value_bound(), method, status,
                          time.perf_counter() - t0, fallback, reason, run.fairness,
                          run.best.covered, len(model.requesters()), run.cover_bound(),
                          run.steps, list(model.notes))


def _meetings(model: Model, inst: Instance, assignment: Sequence[tuple[int, int]],
              keep: Sequence[Meeting]) -> list[Meeting]:
    """Meeting objects for pre-set + ``assignment``, with tables (kept tables preserved)."""
    tables = {(m.pair, m.slot): m.table for m in keep if m.table is not None}
    out = []
    for m in model.meetings(list(model.pre) + list(assignment)):
        t = tables.get((m.pair, m.slot))
        out.append(Meeting(m.a, m.b, m.slot, t) if t is not None else m)
    return assign_tables(inst, out)


def greedy_result(instance: Instance | Mapping[str, Any], order: str = "weight", *,
                  keep: Sequence[Meeting | Mapping[str, Any] | Sequence[str]] = ()
                  ) -> ScheduleResult:
    """A greedy baseline schedule (``order`` "fcfs" or "weight") as a :class:`ScheduleResult`
    with the cheap combinatorial bound; asked for explicitly, so not flagged as fallback."""
    t0 = time.perf_counter()
    inst = instance if isinstance(instance, Instance) else parse_instance(instance)
    keep_meetings = parse_meetings(list(keep), "keep")
    model = build_model(inst, keep_meetings)
    assignment = greedy_assignment(model, order)
    value = model.pre_value + model.value(r for r, _ in assignment)
    bound = max(value, combinatorial_bound(model))
    return ScheduleResult(_meetings(model, inst, assignment, keep_meetings), value, bound,
                          "greedy", "optimal" if value >= bound else "feasible",
                          time.perf_counter() - t0, False, None, "none",
                          _covered(model, assignment), len(model.requesters()), None,
                          [f"greedy order: {order}"], list(model.notes))
