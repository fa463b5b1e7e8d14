"""Greedy baselines: first-come-first-served and heaviest-first.

Both keep the pre-set meetings (fixed and kept), then walk the requests in an order and give
each the earliest slot where both people are free and available, the request allows it and a
table is left, as long as nobody exceeds ``max_meetings``. They are the scheduler's fallback
when HiGHS fails and the baselines of the benchmark.

* :func:`fcfs` — requests in file order (the order they were made),
* :func:`by_weight` — heaviest requests first (file order among equal weights).
"""

from __future__ import annotations

from collections.abc import Sequence

from .instance import Instance, Meeting
from .model import Model, build_model

ORDERS = ("fcfs", "weight")


def greedy_assignment(model: Model, order: str = "weight") -> list[tuple[int, int]]:
    """Residual (request, slot) pairs chosen greedily on top of the model's pre-set ones."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}, got {order!r}")
    busy = list(model.busy)
    rem = list(model.rem_tables)
    cap = list(model.rem_cap)
    full = sum(1 << s for s in range(model.n_slots) if rem[s] <= 0)
    reqs = [r for r in range(model.n_requests) if model.usable[r]]
    if order == "weight":
        reqs.sort(key=lambda r: -model.req_w[r])   # stable: file order among equals
    out = []
    for r in reqs:
        u, v = model.req_u[r], model.req_v[r]
        if cap[u] <= 0 or cap[v] <= 0:
            continue
        opts = model.usable[r] & ~busy[u] & ~busy[v] & ~full
        if not opts:
            continue
        low = opts & -opts
        s = low.bit_length() - 1
        busy[u] |= low
        busy[v] |= low
        cap[u] -= 1
        cap[v] -= 1
        rem[s] -= 1
        if rem[s] <= 0:
            full |= low
        out.append((r, s))
    return out


def greedy_schedule(inst: Instance, order: str = "weight",
                    keep: Sequence[Meeting] = ()) -> list[Meeting]:
    """All meetings (pre-set ones first) of the greedy schedule in the given ``order``."""
    model = build_model(inst, keep)
    return model.meetings(model.pre + greedy_assignment(model, order))


def fcfs(inst: Instance, keep: Sequence[Meeting] = ()) -> list[Meeting]:
    """First come, first served: requests in file order, earliest feasible slot."""
    return greedy_schedule(inst, "fcfs", keep)


def by_weight(inst: Instance, keep: Sequence[Meeting] = ()) -> list[Meeting]:
    """Heaviest requests first, earliest feasible slot."""
    return greedy_schedule(inst, "weight", keep)
