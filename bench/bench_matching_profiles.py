"""Query cost of ADR 0202's additions, as ratios against a baseline in the same process.

    python bench/bench_matching_profiles.py [--set DIR] [--queries N] [--repeat R]

Builds one index of the set (default ../shared/benchmarks/matching/expert-profiles-en: long
profiles, where the whole-record view is scored) and times ``MatchIndex.search(k=10)`` per
query, query vectors given (encoding is the same for every variant and is left out):

* ``baseline``      ``whole_record=False, abstain=False`` (ADR 0201's pipeline)
* ``+whole-record`` the long-profile view (record-level BM25 and mean vector)
* ``+abstention``   the same plus the abstention check (word-hit lookup, best cosine)

The variants run interleaved query by query, R rounds, so load on a shared machine falls on
all of them alike; the figures are medians of CPU time (``time.process_time``) per search,
and each variant's ratio to the baseline.  Also prints the cost of calibrating the meaning
floor (done once per build).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from innobelt.matching.engine import MatchIndex, Record  # noqa: E402
from innobelt.matching.engine.evaluate import load_beir  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "benchmarks" / "matching" / "expert-profiles-en"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=DEFAULT)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    data = load_beir(args.set)
    idx = MatchIndex()
    stats = idx.build([Record(id=str(c["_id"]), title=c.get("title") or None, text=c.get("text") or "")
                       for c in data.corpus])
    t0 = time.process_time()
    idx.calibrate_floor()
    calib = time.process_time() - t0
    qids = sorted(data.qrels)[: args.queries]
    texts = [data.queries[q] for q in qids]
    vecs = idx.encoder.encode([idx.normalize(t) for t in texts])
    variants = {"baseline": (False, False), "+whole-record": (True, False), "+abstention": (True, True)}
    times: dict[str, list[float]] = {v: [] for v in variants}
    for _ in range(args.repeat):
        for text, vec in zip(texts, vecs):
            for name, (whole, abstain) in variants.items():
                idx.whole_record = whole
                t = time.process_time()
                idx.search(text, k=10, query_vector=vec, abstain=abstain)
                times[name].append(time.process_time() - t)
    base = statistics.median(times["baseline"])
    print(f"{data.name}: {stats.records} records, {stats.rows} rows, {len(texts)} queries x {args.repeat}")
    print(f"meaning floor {idx.meaning_floor():.3f}; calibration {calib:.2f} s CPU (once per build)")
    print(f"{'variant':<16}{'p50 ms':>10}{'p95 ms':>10}{'ratio p50':>12}")
    for name, ts in times.items():
        ts = sorted(ts)
        p50, p95 = statistics.median(ts), ts[int(0.95 * (len(ts) - 1))]
        print(f"{name:<16}{1000 * p50:>10.2f}{1000 * p95:>10.2f}{p50 / base:>12.2f}")


if __name__ == "__main__":
    main()
