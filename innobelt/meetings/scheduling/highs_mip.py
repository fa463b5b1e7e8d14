"""A thin builder around highspy for the scheduler's MIPs.

Columns and rows are collected in plain lists and handed to HiGHS in one ``passModel`` call
(the expression API of highspy is far too slow for 10^5 columns). Objectives are maximised.
:func:`maximise` solves LP first and only branches when the LP solution is fractional.
Set ``INNOBELT_HIGHS_LOG=1`` to see HiGHS's log.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

Vector = Sequence[float] | np.ndarray  # a column vector: a list, or the x of an earlier solve

#: HiGHS model statuses mapped to short words.
_STATUS = {
    highspy.HighsModelStatus.kOptimal: "optimal",
    highspy.HighsModelStatus.kInfeasible: "infeasible",
    highspy.HighsModelStatus.kTimeLimit: "time_limit",
    highspy.HighsModelStatus.kInterrupt: "interrupted",
    highspy.HighsModelStatus.kSolutionLimit: "solution_limit",
    highspy.HighsModelStatus.kIterationLimit: "iteration_limit",
    highspy.HighsModelStatus.kObjectiveTarget: "target",
    highspy.HighsModelStatus.kModelEmpty: "optimal",
}


#: rows with more nonzeros than this switch HiGHS presolve off (see MipBuilder.solve)
DENSE_ROW = 20000


@dataclass
class MipResult:
    """Outcome of one HiGHS run. ``x`` is ``None`` when HiGHS found no feasible point."""

    status: str
    x: np.ndarray | None
    objective: float | None
    bound: float | None
    seconds: float

    @property
    def optimal(self) -> bool:
        return self.status == "optimal"


class MipBuilder:
    """Collects a maximisation MIP/LP: ``add_col`` then ``add_row``, then :meth:`solve`."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[bool] = []
        self.row_start: list[int] = [0]
        self.row_index: list[int] = []
        self.row_value: list[float] = []
        self.row_lower: list[float] = []
        self.row_upper: list[float] = []

    @property
    def n_cols(self) -> int:
        return len(self.cost)

    @property
    def n_rows(self) -> int:
        return len(self.row_lower)

    def add_col(self, cost: float, lower: float = 0.0, upper: float = 1.0,
                integer: bool = True) -> int:
        self.cost.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(integer)
        return len(self.cost) - 1

    def add_row(self, index: Sequence[int], value: Sequence[float] | float,
                lower: float = -np.inf, upper: float = np.inf) -> int:
        if isinstance(value, (int, float)):
            value = [float(value)] * len(index)
        self.row_index.extend(index)
        self.row_value.extend(value)
        self.row_start.append(len(self.row_index))
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        return len(self.row_lower) - 1

    def max_row_length(self) -> int:
        starts = self.row_start
        return max((starts[i + 1] - starts[i] for i in range(self.n_rows)), default=0)

    def is_feasible(self, x: Vector, tol: float = 1e-6) -> bool:
        """Does ``x`` satisfy every bound and row of the model?"""
        x = np.asarray(x, dtype=np.float64)
        if len(x) != self.n_cols:
            return False
        if np.any(x < np.asarray(self.lower) - tol) or np.any(x > np.asarray(self.upper) + tol):
            return False
        idx = np.asarray(self.row_index, dtype=np.int64)
        starts = np.asarray(self.row_start, dtype=np.int64)
        row_of = np.repeat(np.arange(self.n_rows), np.diff(starts))
        vals = np.asarray(self.row_value, dtype=np.float64) * x[idx]
        act = np.bincount(row_of, weights=vals, minlength=self.n_rows)
        return bool(np.all(act >= np.asarray(self.row_lower) - tol)
                    and np.all(act <= np.asarray(self.row_upper) + tol))

    def _lp(self, relax: bool) -> highspy.HighsLp:
        lp = highspy.HighsLp()
        lp.num_col_ = self.n_cols
        lp.num_row_ = self.n_rows
        lp.col_cost_ = np.asarray(self.cost, dtype=np.float64)
        lp.col_lower_ = np.asarray(self.lower, dtype=np.float64)
        lp.col_upper_ = np.asarray(self.upper, dtype=np.float64)
        lp.row_lower_ = np.asarray(self.row_lower, dtype=np.float64)
        lp.row_upper_ = np.asarray(self.row_upper, dtype=np.float64)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_ = self.n_cols
        lp.a_matrix_.num_row_ = self.n_rows
        lp.a_matrix_.start_ = np.asarray(self.row_start, dtype=np.int32)
        lp.a_matrix_.index_ = np.asarray(self.row_index, dtype=np.int32)
        lp.a_matrix_.value_ = np.asarray(self.row_value, dtype=np.float64)
        lp.sense_ = highspy.ObjSense.kMaximize
        if not relax and any(self.integer):
            lp.integrality_ = [highspy.HighsVarType.kInteger if i else
                               highspy.HighsVarType.kContinuous for i in self.integer]
        return lp

    def solve(self, time_limit: float, *,
              start: Vector | None = None, target: float | None = None,
              abs_gap: float = 0.99, seed: int = 0) -> MipResult:
        """Maximise. ``abs_gap`` < 1 proves optimality of integral objectives exactly;
        ``target`` stops as soon as a solution that good is found (a known upper bound);
        ``start`` is a feasible MIP start."""
        t0 = time.perf_counter()
        if self.n_cols == 0:
            return MipResult("optimal", np.zeros(0), 0.0, 0.0, 0.0)
        if time_limit <= 0.01:
            return MipResult("time_limit", None, None, None, 0.0)
        h = highspy.Highs()
        h.setOptionValue("output_flag", bool(os.environ.get("INNOBELT_HIGHS_LOG")))
        h.setOptionValue("time_limit", float(time_limit))
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", float(abs_gap))
        h.setOptionValue("random_seed", int(seed))
        if self.max_row_length() > DENSE_ROW:
            # HiGHS presolve can stall for minutes, ignoring the time limit, on models with
            # a row over ~all columns (the tables row of a b-matching): keep it off there
            h.setOptionValue("presolve", "off")
        h.passModel(self._lp(relax=False))
        if start is not None:
            sol = highspy.HighsSolution()
            sol.col_value = list(map(float, start))
            sol.value_valid = True
            h.setSolution(sol)
        if target is not None:
            def _stop(e: Any) -> None:  # interrupt once the incumbent reaches the known bound
                if np.isfinite(e.data_out.mip_primal_bound) and \
                        e.data_out.mip_primal_bound >= target - 1e-6:
                    e.interrupt()
            h.cbMipInterrupt.subscribe(_stop)
        h.run()
        status = _STATUS.get(h.getModelStatus(), str(h.getModelStatus()))
        info = h.getInfo()
        x = None
        obj = None
        bound = None
        if not any(self.integer):
            if status == "optimal":
                x = np.asarray(h.getSolution().col_value)
                obj = h.getInfo().objective_function_value
                bound = obj
        else:
            if info.primal_solution_status == 2:  # feasible point available
                x = np.asarray(h.getSolution().col_value)
                obj = info.objective_function_value
            db = info.mip_dual_bound
            bound = db if np.isfinite(db) else None
            if status == "optimal" and obj is not None:
                bound = obj if bound is None else max(bound, obj)
        return MipResult(status, x, obj, bound, time.perf_counter() - t0)


@dataclass
class LpDuals:
    """Optimal LP relaxation: objective, column values, reduced costs and row duals."""

    objective: float
    x: np.ndarray
    col_dual: np.ndarray
    row_dual: np.ndarray


def solve_lp(builder: MipBuilder, time_limit: float) -> LpDuals | None:
    """Solve the LP relaxation of ``builder`` (maximised); ``None`` unless optimal."""
    if time_limit <= 0.01 or builder.n_cols == 0:
        return None
    h = highspy.Highs()
    h.setOptionValue("output_flag", bool(os.environ.get("INNOBELT_HIGHS_LOG")))
    h.setOptionValue("time_limit", float(time_limit))
    # HiGHS presolve gains nothing on these LPs and can stall for minutes (ignoring the
    # time limit) on a b-matching with a binding dense tables row and no max_meetings
    h.setOptionValue("presolve", "off")
    h.passModel(builder._lp(True))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    sol = h.getSolution()
    if not sol.dual_valid:
        return None
    return LpDuals(h.getInfo().objective_function_value, np.asarray(sol.col_value),
                   np.asarray(sol.col_dual), np.asarray(sol.row_dual))


def maximise(builder: MipBuilder, time_limit: float, *, start: Vector | None = None,
             seed: int = 0) -> tuple[MipResult, LpDuals | None]:
    """Maximise a MIP with an integral objective, LP first.

    1. Solve the LP relaxation. If its solution is integral (common for b-matchings), it is
       optimal: no branch and bound at all.
    2. Else fix, by reduced costs, every binary column whose flip would push the LP bound
       below ``B = floor(LP)``: the restricted MIP keeps every solution of value ``>= B``
       and stops as soon as it finds one (then optimal).
    3. Else (no solution reaches ``B``) the full MIP with the time left.

    Returns the result and the LP duals (``None`` if the LP did not solve).
    """
    t0 = time.perf_counter()
    deadline = t0 + time_limit
    lp = solve_lp(builder, time_limit)
    if lp is None:
        return builder.solve(deadline - time.perf_counter(), start=start, seed=seed), None
    ints = np.asarray(builder.integer, dtype=bool)
    xi = lp.x.copy()
    xi[ints] = np.round(xi[ints])
    cost = np.asarray(builder.cost)
    target = float(np.floor(lp.objective + 1e-6))
    if np.all(np.abs(lp.x[ints] - xi[ints]) < 1e-6) and builder.is_feasible(xi):
        return MipResult("optimal", xi, float(cost @ xi), lp.objective,
                         time.perf_counter() - t0), lp
    lower, upper = list(builder.lower), list(builder.upper)
    slack = lp.objective - target + 1e-7
    fixed = 0
    for j in np.flatnonzero(ints):
        rc = lp.col_dual[j]
        if lp.x[j] < 1e-6 and rc < -slack:
            builder.upper[j] = builder.lower[j]
            fixed += 1
        elif lp.x[j] > builder.upper[j] - 1e-6 and rc > slack:
            builder.lower[j] = builder.upper[j]
            fixed += 1
    try:
        res = builder.solve(deadline - time.perf_counter(), start=start, target=target,
                            seed=seed)
    finally:
        builder.lower, builder.upper = lower, upper
    if res.x is not None and res.objective is not None and res.objective >= target - 1e-6:
        return MipResult("optimal", res.x, res.objective, lp.objective,
                         time.perf_counter() - t0), lp
    start2 = res.x if res.x is not None else start
    full = builder.solve(deadline - time.perf_counter(), start=start2, seed=seed)
    if full.bound is not None:
        full.bound = min(full.bound, lp.objective)
    full.seconds = time.perf_counter() - t0
    return full, lp
