"""Where a search's time goes on a large index, at a size the shared machine builds quickly.

    python bench/profile_matching_scale.py build --rows 400000 --dir var/prof-400k
    python bench/profile_matching_scale.py profile --dir var/prof-400k [--queries 100]

``build`` makes an index the way ``bench/bench_matching.py`` makes its 1M one (its synthesised Belt
records and facets, a small sample of texts really encoded with USE and perturbed copies for the
rest, the texts repeating past ``--distinct`` so jieba is not what is measured), but with fewer
distinct texts so that it takes a couple of minutes.  ``profile`` loads it memory-mapped, warms it
up, and reports for the bench's queries (a need with a ``kind`` or ``kind`` + ``city`` filter,
query vectors given, so encoding is left out):

* the CPU time per search (median, p95), and the same with ``MatchIndex(prune=False)`` (the
  earlier, unpruned path) interleaved query by query, as a ratio;
* a cProfile of the searches, the top functions by cumulative time.

Timings on a shared 2-core machine are noisy: read the ratios, and the call counts.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_matching as bm  # noqa: E402

from innobelt.matching.engine import MatchIndex  # noqa: E402
from innobelt.matching.engine.encoder import BlasThreads, CachedEncoder, EmbeddingCache, UsemEncoder  # noqa: E402
from innobelt.matching.engine.text import normalize  # noqa: E402


def build(rows: int, distinct: int, n_real: int, out: Path) -> None:
    bm.DISTINCT_TEXTS = distinct
    usem = UsemEncoder()
    recs, keys = bm.make_records(rows)
    cache = EmbeddingCache(None)
    bm.seed_vectors(recs[:distinct], keys[:distinct], usem, cache, usem.name, n_real)
    idx = MatchIndex(encoder=CachedEncoder(usem, cache))
    t0 = time.perf_counter()
    bm.build_beyond_distinct(idx, recs)
    print(f"built {rows:,} rows in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    idx.save(out)


def pct(xs: list[float], p: float) -> float:
    return bm.pct(xs, p)


def profile(d: Path, n_queries: int, top: int) -> None:
    usem = UsemEncoder()
    enc = CachedEncoder(usem, EmbeddingCache(None))
    idx = MatchIndex.load(d, encoder=enc)
    base = MatchIndex.load(d, encoder=enc, prune=False)
    n = idx._segment().n_rows
    synth = bm.Synth(1234 + n)
    queries = [synth.query() for _ in range(n_queries)]
    vecs = usem.encode([normalize(q) for q, _ in queries])
    for (q, f), v in list(zip(queries, vecs))[:5]:
        idx.search(q + " warm", k=10, filters=f, query_vector=v)
        base.search(q + " warm", k=10, filters=f, query_vector=v)
    cpu: dict[str, list[float]] = {"pruned": [], "unpruned": []}
    same = 0
    for (q, f), v in zip(queries, vecs):
        for name, ix in (("unpruned", base), ("pruned", idx)):
            c0 = time.process_time()
            res = ix.search(q, k=10, filters=f, query_vector=v, explain=False)
            cpu[name].append((time.process_time() - c0) * 1000)
            if name == "unpruned":
                ref = [m.id for m in res]
            else:
                same += [m.id for m in res] == ref
    print(f"{n:,} rows, {n_queries} queries (CPU ms per search, query vectors given)")
    for name, xs in cpu.items():
        print(f"  {name:<9} p50 {pct(xs, 50):6.1f}  p95 {pct(xs, 95):6.1f}  mean {statistics.mean(xs):6.1f}")
    ratio = statistics.median(a / b for a, b in zip(cpu["pruned"], cpu["unpruned"]))
    print(f"  median per-query ratio pruned / unpruned {ratio:.2f}; identical top 10 in {same} of {n_queries}")
    stage(idx, queries, vecs)
    for name, ix in (("unpruned", base), ("pruned", idx)):
        prof = cProfile.Profile()
        prof.enable()
        for (q, f), v in zip(queries, vecs):
            ix.search(q, k=10, filters=f, query_vector=v, explain=False)
        prof.disable()
        print(f"\n--- cProfile, {name} ---")
        pstats.Stats(prof).sort_stats("tottime").print_stats(top)


def stage(idx: MatchIndex, queries: list, vecs: np.ndarray) -> None:
    """The vector-candidate stage alone, both ways, per kind of filter: CPU time, and the rows
    whose vectors are read (a count that load does not blur)."""
    from innobelt.matching.engine import candidates
    from innobelt.matching.engine.store import bm25_scores

    m = idx._segment()
    offs = np.asarray(m.ivf_offsets)
    n_lists = offs.size - 1
    nprobe0 = max(8, int(np.ceil(np.sqrt(n_lists))))
    out: dict[str, dict[str, list[float]]] = {}
    threads = BlasThreads(idx.blas_threads)
    threads.__enter__()
    for (q, f), v in zip(queries, vecs):
        plan = idx.plan(q)
        rare = candidates.term_ids(m, plan, False)
        kind = "+".join(sorted(f))
        d = out.setdefault(kind, {"old ms": [], "new ms": [], "old rows": [], "new rows": []})
        c0 = time.process_time()
        rec_mask = m.facet_mask(f)
        row_mask = rec_mask[m.row_rec]
        bm = bm25_scores(m.bm_data, m.bm_indices, m.bm_indptr, *rare, m.n_rows)
        candidates.ivf_rows(m, v, bm, row_mask, None)
        c1 = time.process_time()
        candidates.ivf_rows_pruned(m, v, rare, m.facet_mask(f), None)
        c2 = time.process_time()
        d["old ms"].append((c1 - c0) * 1000)
        d["new ms"].append((c2 - c1) * 1000)
        # rows whose vectors each way reads (the words side's 2,000 rows aside: both read them)
        allowed = int(row_mask.sum())
        probed = m.n_rows * nprobe0 / n_lists
        if allowed <= probed:
            d["old rows"].append(allowed)
            d["new rows"].append(allowed)
            continue
        nprobe = min(n_lists, 2 * nprobe0) if allowed < 4 * probed else nprobe0
        lists = np.argpartition(-(m.ivf_centroids @ v), nprobe - 1)[:nprobe]
        old = new = 0
        for li in lists:
            a, b = int(offs[li]), int(offs[li + 1])
            keep = int(row_mask[a:b].sum())
            old += b - a
            new += keep if 4 * keep < b - a else b - a
        d["old rows"].append(old)
        d["new rows"].append(new)
    threads.__exit__()
    print(f"\nvector-candidate stage (mask, words pick, probes), {m.n_rows:,} rows, {n_lists} lists, {nprobe0} probes:")
    for kind, d in out.items():
        print(
            f"  filter {kind:<10} ({len(d['old ms'])} q): CPU ms p50/p95 old "
            f"{pct(d['old ms'], 50):.2f}/{pct(d['old ms'], 95):.2f} new "
            f"{pct(d['new ms'], 50):.2f}/{pct(d['new ms'], 95):.2f}; vector rows read mean old "
            f"{statistics.mean(d['old rows']):,.0f} new {statistics.mean(d['new rows']):,.0f}"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--rows", type=int, default=400_000)
    b.add_argument("--distinct", type=int, default=20_000)
    b.add_argument("--real-sample", type=int, default=400)
    b.add_argument("--dir", type=Path, required=True)
    p = sub.add_parser("profile")
    p.add_argument("--dir", type=Path, required=True)
    p.add_argument("--queries", type=int, default=100)
    p.add_argument("--top", type=int, default=25)
    a = ap.parse_args()
    if a.cmd == "build":
        build(a.rows, a.distinct, a.real_sample, a.dir)
    else:
        np.seterr(all="ignore")
        profile(a.dir, a.queries, a.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
