"""Command line: ``innobelt schedule-meetings INSTANCE.json --out SCHEDULE.json ...``.

    python -m innobelt.meetings.scheduling INSTANCE.json --out SCHEDULE.json \
        [--time-limit SECONDS] [--fairness tiebreak|first] [--greedy fcfs|weight] \
        [--keep OLD_SCHEDULE.json]
    python -m innobelt.meetings.scheduling generate --regime people --participants 2000 \
        --slots 16 --seed 1 --out X.json

Prints value, bound, gap, time and method. Exit status: 0 on success, 2 when the instance
(or the schedule to keep) is unreadable or inconsistent — with a message naming the problem —
or the arguments are wrong, 1 when the output cannot be written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .greedy import ORDERS
from .instance import InstanceError, dump_schedule, load_instance, parse_meetings
from .matching import FAIRNESS_MODES
from .solver import greedy_result, schedule_meetings


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="innobelt schedule-meetings",
        description="Schedule 1:1 meetings: maximise the total weight of the meetings held.")
    ap.add_argument("instance", help="instance JSON (see shared/benchmarks/README.md)")
    ap.add_argument("--out", help="schedule JSON to write")
    ap.add_argument("--time-limit", type=float, default=30.0, metavar="SECONDS",
                    help="wall-clock budget of the solver, reading the instance not "
                         "included (default 30)")
    ap.add_argument("--fairness", choices=FAIRNESS_MODES, default="tiebreak",
                    help="tiebreak: value first, then participants covered (default); "
                         "first: participants covered first, then value")
    ap.add_argument("--greedy", choices=ORDERS,
                    help="run a greedy baseline instead of the optimiser")
    ap.add_argument("--keep", metavar="SCHEDULE.json",
                    help="an earlier schedule whose meetings must stay where they are")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--verbose", "-v", action="store_true", help="print the solver's steps")
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in and args_in[0] == "generate":
        from .generator import main as generate_main
        return generate_main(args_in[1:])
    if args_in and args_in[0] == "schedule-meetings":
        args_in = args_in[1:]
    try:
        args = _parser().parse_args(args_in)
    except SystemExit as exc:          # argparse: --help (0) or usage error (2)
        return int(exc.code or 0)
    if args.time_limit < 0:
        print("error: --time-limit must be >= 0", file=sys.stderr)
        return 2
    try:
        inst = load_instance(args.instance)
        keep = []
        if args.keep:
            try:
                with open(args.keep, encoding="utf-8") as fh:
                    keep = parse_meetings(json.load(fh), f"keep file {args.keep}")
            except (OSError, json.JSONDecodeError) as exc:
                raise InstanceError(f"cannot read keep file {args.keep}: {exc}") from exc
        if args.greedy:
            result = greedy_result(inst, args.greedy, keep=keep)
        else:
            result = schedule_meetings(inst, time_limit=args.time_limit, keep=keep,
                                       fairness=args.fairness, seed=args.seed)
    except InstanceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.out:
        try:
            dump_schedule(args.out, inst, result)
        except OSError as exc:
            print(f"error: cannot write {args.out}: {exc}", file=sys.stderr)
            return 1
    print(f"{inst.name}: value {result.value} bound {result.bound} gap {result.gap:.2%} "
          f"time {result.seconds:.2f}s method {result.method} status {result.status} "
          f"meetings {len(result.meetings)} covered {result.covered}/{result.requesters}")
    if result.fallback:
        print(f"warning: greedy fallback used: {result.fallback_reason}", file=sys.stderr)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if args.verbose:
        for step in result.steps:
            print(f"  {step}", file=sys.stderr)
    return 0
