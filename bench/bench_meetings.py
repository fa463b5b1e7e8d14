"""Benchmark of the 1:1 meeting scheduler.

    python bench/bench_meetings.py [--quick] [--time-limit 30] [--only SUBSTRING] [--json OUT]

For every instance: requests, proven optimum (the README's table for the shared instances; for
generated ones the scheduler's own proven bound when its gap is 0, else "<= bound"), the
scheduler's value as a share of the optimum, its gap and seconds, and the two greedy
baselines (first-come-first-served, heaviest-first) as a share of the optimum with their
seconds. Seconds are wall-clock (process CPU in brackets), instance already loaded. Every
schedule is checked with the official ``check_schedule.py`` when the shared folder is
present (else with the package's own checker). Instances: the shared real events, the two
shared people-bound events, and generated events in both regimes at 300x12, 2,000x16 and
10,000x20 (``--quick`` skips 10,000). Progress goes to stderr, the table to stdout (Markdown).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from innobelt.meetings.scheduling import generate, load_instance, parse_instance
from innobelt.meetings.scheduling.greedy import greedy_schedule
from innobelt.meetings.scheduling.instance import instance_to_dict, verify_schedule
from innobelt.meetings.scheduling.solver import schedule_meetings

#: proven optima published in shared/benchmarks/README.md
README_OPTIMA = {
    **{f"forum-13.{v}": 154 for v in ("original", "forb0003", "forb0007", "fixed020-Forb",
                                      "fixed040-Forb")},
    "tic-12.original": 125, "tic-12.fixed020-Forb": 125, "tic-12.forb0003": 124,
    "tic-12.forb0007": 124, "tic-12.fixed040-Forb": 123,
    **{f"tic-13.{v}": 180 for v in ("original", "fixed020-Forb", "fixed040-Forb")},
    "tic-13.forb0003": 179, "tic-13.forb0007": 179,
    "people-bound-1000x16": 5418, "people-bound-2000x16": 10579,
}
GENERATED = [("people", 300, 12), ("tables", 300, 12), ("people", 2000, 16),
             ("tables", 2000, 16), ("people", 10000, 20), ("tables", 10000, 20)]


def shared_meetings() -> Path:
    root = os.environ.get("INNOBELT_SHARED")
    shared = Path(root) if root else Path(__file__).resolve().parents[2] / "shared"
    return shared / "benchmarks" / "meetings"


def official_checker(folder: Path):
    path = folder / "check_schedule.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("check_schedule", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.check


def instances(args):
    folder = shared_meetings()
    if folder.is_dir():
        names = sorted(p.stem for p in folder.glob("*.json"))
        real = [n for n in names if not n.startswith("people-bound")]
        for n in real + [n for n in names if n.startswith("people-bound")]:
            yield n, (lambda n=n: load_instance(folder / f"{n}.json"))
    else:
        print(f"shared folder {folder} absent: generated instances only", file=sys.stderr)
    for regime, n, s in GENERATED:
        if args.quick and n >= 10000:
            continue
        name = f"gen-{regime}-{n}x{s}-seed{args.seed}"
        yield name, (lambda r=regime, n=n, s=s, name=name:
                     parse_instance(generate(n, s, regime=r, seed=args.seed, name=name)))


def share(value, optimum):
    return f"{value / optimum:.1%}" if optimum else "-"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="skip the 10,000-participant events")
    ap.add_argument("--time-limit", type=float, default=30.0)
    ap.add_argument("--seed", type=int, default=1, help="seed of the generated events")
    ap.add_argument("--only", help="run only instances whose name contains this")
    ap.add_argument("--json", help="also write the rows as JSON here")
    args = ap.parse_args(argv)
    check = official_checker(shared_meetings())
    rows = []
    for name, load in instances(args):
        if args.only and args.only not in name:
            continue
        t = time.perf_counter()
        inst = load()
        load_s = time.perf_counter() - t
        print(f"[{name}] loaded in {load_s:.2f}s: {len(inst.participants)} participants, "
              f"{len(inst.slots)} slots, {len(inst.requests)} requests", file=sys.stderr)
        t, c = time.perf_counter(), time.process_time()
        res = schedule_meetings(inst, time_limit=args.time_limit)
        solve_s, solve_cpu = time.perf_counter() - t, time.process_time() - c
        print(f"[{name}] scheduler: value {res.value} bound {res.bound} gap {res.gap:.4%} "
              f"{res.status} {res.method} in {solve_s:.2f}s", file=sys.stderr)
        greedy = {}
        for order in ("fcfs", "weight"):
            t = time.perf_counter()
            ms = greedy_schedule(inst, order)
            greedy[order] = (inst.value_of(ms), time.perf_counter() - t, ms)
        ok = True
        for ms in [res.meetings] + [g[2] for g in greedy.values()]:
            if check is not None:
                ok &= not isinstance(check(instance_to_dict(inst), {"meetings": [
                    {"a": m.a, "b": m.b, "slot": m.slot} for m in ms]}), str)
            else:
                ok &= verify_schedule(inst, ms) is None
        optimum = README_OPTIMA.get(name)
        source = "README"
        if optimum is None:
            optimum, source = (res.bound, "proven") if res.gap == 0 else (res.bound, "bound")
        row = {"instance": name, "participants": len(inst.participants),
               "slots": len(inst.slots), "requested": len(inst.requests),
               "optimum": optimum, "optimum_source": source, "value": res.value,
               "bound": res.bound, "gap": res.gap, "status": res.status,
               "method": res.method, "fallback": res.fallback, "seconds": solve_s,
               "cpu_seconds": solve_cpu,
               "load_seconds": load_s, "fcfs": greedy["fcfs"][0],
               "fcfs_seconds": greedy["fcfs"][1], "weight": greedy["weight"][0],
               "weight_seconds": greedy["weight"][1], "checked": ok}
        rows.append(row)
        print(f"[{name}] fcfs {share(row['fcfs'], optimum)}, by weight "
              f"{share(row['weight'], optimum)}; checker {'ok' if ok else 'REJECTED'}",
              file=sys.stderr)
    print("| instance | requested | optimum | scheduler held/opt | gap | s (cpu) | FCFS held/opt "
          "| s | by weight held/opt | s | checked |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|")
    for r in rows:
        opt = f"{r['optimum']:,}" + ("" if r["optimum_source"] != "bound" else " (bound)")
        if r["optimum_source"] == "proven":
            opt += "*"
        print(f"| {r['instance']} | {r['requested']:,} | {opt} | "
              f"{r['value']:,} ({share(r['value'], r['optimum'])}) | {r['gap']:.2%} | "
              f"{r['seconds']:.2f} ({r['cpu_seconds']:.2f}) | {share(r['fcfs'], r['optimum'])} | "
              f"{r['fcfs_seconds']:.2f} | "
              f"{share(r['weight'], r['optimum'])} | {r['weight_seconds']:.2f} | "
              f"{'yes' if r['checked'] else 'NO'} |")
    print("\n(*) optimum proven by this scheduler (value = bound); the others from the README.")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"time limit {args.time_limit:g}s; seconds are wall-clock (process CPU in brackets, "
          f"HiGHS threads included); load average at the end {load:.1f} on {os.cpu_count()} "
          f"cores.")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=1)
    return 0 if all(r["checked"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
