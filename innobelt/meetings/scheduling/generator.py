"""Seeded generator of weighted brokerage events, in the instance JSON format.

Two regimes:

``people`` — people's time binds (like the shared ``people-bound-*`` instances): tables for
60 % of the participants in every slot, everyone at most 8 meetings, each person-slot
unavailable with probability 10 %.

``tables`` — tables bind: tables for 20 % of the participants in every slot, everyone at
most 8 meetings, 5 % of person-slots unavailable.

In both, every participant makes about 10 requests; targets are drawn without replacement
with Zipf-like popularity (weight ``1 / rank ** 0.8`` over a random ranking), so the most
popular participants are asked by hundreds. A pair asked by one side has weight 1, a mutual
pair 3, plus 1 for each side that marked it a priority (each request is a priority with
probability 20 %).

    python -m innobelt.meetings.scheduling.generator --regime people --participants 2000 \\
        --slots 16 --seed 1 --out event.json
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import numpy as np

REGIMES = {
    # regime: (tables as a share of participants per slot, max meetings, unavailable share)
    "people": (0.6, 8, 0.10),
    "tables": (0.2, 8, 0.05),
}


def generate(participants: int, slots: int, *, regime: str = "people", seed: int = 0,
             requests_each: int = 10, zipf: float = 0.8, priority: float = 0.2,
             name: str | None = None) -> dict[str, Any]:
    """Return an instance dict (see :func:`~.instance.parse_instance`)."""
    if regime not in REGIMES:
        raise ValueError(f"regime must be one of {sorted(REGIMES)}, got {regime!r}")
    if participants < 2 or slots < 1:
        raise ValueError("need at least 2 participants and 1 slot")
    share, max_meetings, unavailable = REGIMES[regime]
    rng = np.random.default_rng(seed)
    n = participants
    tables = max(1, round(share * n / 2))
    slot_ids = [f"s{i + 1}" for i in range(slots)]
    people = []
    for i in range(n):
        off = np.flatnonzero(rng.random(slots) < unavailable)
        d: dict[str, Any] = {"id": f"p{i + 1}", "max_meetings": max_meetings}
        if len(off):
            d["unavailable"] = [slot_ids[j] for j in off]
        people.append(d)
    rank = rng.permutation(n)                       # popularity rank of each participant
    pop = 1.0 / (rank + 1.0) ** zipf
    asked: dict[tuple[int, int], list[bool]] = {}   # (a, b) in order asked -> priority flags
    k = min(requests_each, n - 1)
    for a in range(n):
        p = pop.copy()
        p[a] = 0.0
        p /= p.sum()
        targets = rng.choice(n, size=k, replace=False, p=p)
        for b in targets:
            b = int(b)
            pri = bool(rng.random() < priority)
            key = (a, b) if (b, a) not in asked else (b, a)
            asked.setdefault(key, []).append(pri)
    requests = []
    for (a, b), flags in asked.items():
        weight = (1 if len(flags) == 1 else 3) + sum(flags)
        requests.append({"a": f"p{a + 1}", "b": f"p{b + 1}", "weight": weight})
    order = rng.permutation(len(requests))          # file order = arrival order, shuffled
    requests = [requests[i] for i in order]
    return {"name": name or f"{regime}-{n}x{slots}-seed{seed}",
            "slots": [{"id": s, "tables": tables} for s in slot_ids],
            "participants": people,
            "requests": requests,
            "fixed": []}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m innobelt.meetings.scheduling.generator",
                                 description="Generate a weighted 1:1 meeting instance.")
    ap.add_argument("--regime", choices=sorted(REGIMES), default="people")
    ap.add_argument("--participants", type=int, default=300)
    ap.add_argument("--slots", type=int, default=12)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--requests-each", type=int, default=10)
    ap.add_argument("--name")
    ap.add_argument("--out", required=True, help="instance JSON to write ('-' for stdout)")
    args = ap.parse_args(argv)
    try:
        inst = generate(args.participants, args.slots, regime=args.regime, seed=args.seed,
                        requests_each=args.requests_each, name=args.name)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = json.dumps(inst)
    if args.out == "-":
        sys.stdout.write(text + "\n")
    else:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    print(f"{inst['name']}: {args.participants} participants, {args.slots} slots, "
          f"{len(inst['requests'])} requests -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
