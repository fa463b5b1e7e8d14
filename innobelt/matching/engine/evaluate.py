"""Evaluation on BEIR-format sets: loading, metrics, and the three rankings.

Metrics follow trec_eval's conventions:

* nDCG@k with *linear* gain: DCG = sum(rel_i / log2(i + 1)), ideal DCG from the graded
  qrels of the query (all judged documents, not only those retrieved).
* Recall@k: relevant documents (grade > 0) in the top k over all relevant documents.
* MRR@k: 1 / rank of the first relevant document within the top k, else 0.

Only queries that have at least one relevant judgement are evaluated (BEIR practice).  A grade
of 0 or below is a judged non-relevant document: it never counts as relevant and adds no gain.
As in BEIR's ``ignore_identical_ids``, a document whose id equals the query's id is dropped
from that query's rankings (a record used as the query is not its own match; the Django layer
excludes it the same way).  A corpus line may carry an ``items`` list (long-profile texts,
matched one by one as in production); plain BEIR sets have none.

Rankings are evaluated at the record level.  ``words`` is BM25 alone (records with a zero
words score are never returned), ``meaning`` is cosine alone, ``production`` is what
:meth:`MatchIndex.search` returns.  Ties are broken by a fixed seeded hash of the record id,
so corpus order can never leak the answer.
"""

from __future__ import annotations

import json
import math
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .ties import rank_with_ties, tiebreak_keys

if TYPE_CHECKING:
    from .encoder import CachedEncoder

RANKINGS = ("words", "meaning", "production")
__all__ = ["RANKINGS", "BeirSet", "evaluate_beir", "load_beir", "mrr_at_k", "ndcg_at_k",
           "rank_with_ties", "recall_at_k", "score_run", "split_queries", "tiebreak_keys"]


# ----------------------------------------------------------------------------- metrics
def ndcg_at_k(ranked: list[str], qrels: dict[str, int], k: int = 10) -> float:
    """nDCG@k with linear gain (trec_eval ``ndcg_cut``)."""
    gains = sorted((g for g in qrels.values() if g > 0), reverse=True)
    if not gains:
        return 0.0
    dcg = sum(max(0, qrels.get(d, 0)) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains[:k]))
    return dcg / idcg


def recall_at_k(ranked: list[str], qrels: dict[str, int], k: int) -> float:
    rel = {d for d, g in qrels.items() if g > 0}
    if not rel:
        return 0.0
    return len(rel.intersection(ranked[:k])) / len(rel)


def mrr_at_k(ranked: list[str], qrels: dict[str, int], k: int = 10) -> float:
    for i, d in enumerate(ranked[:k]):
        if qrels.get(d, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


def score_run(run: dict[str, list[str]], qrels: dict[str, dict[str, int]]) -> dict[str, float]:
    """Mean nDCG@10, Recall@10, Recall@100, MRR@10 over the judged queries."""
    qids = [q for q, rel in qrels.items() if any(g > 0 for g in rel.values())]
    if not qids:
        return {"ndcg@10": 0.0, "recall@10": 0.0, "recall@100": 0.0, "mrr@10": 0.0,
                "queries": 0}
    sums = {"ndcg@10": 0.0, "recall@10": 0.0, "recall@100": 0.0, "mrr@10": 0.0}
    for q in qids:
        ranked = run.get(q, [])
        sums["ndcg@10"] += ndcg_at_k(ranked, qrels[q], 10)
        sums["recall@10"] += recall_at_k(ranked, qrels[q], 10)
        sums["recall@100"] += recall_at_k(ranked, qrels[q], 100)
        sums["mrr@10"] += mrr_at_k(ranked, qrels[q], 10)
    out = {k: v / len(qids) for k, v in sums.items()}
    out["queries"] = len(qids)
    return out


# ----------------------------------------------------------------------------- loading
@dataclass
class BeirSet:
    name: str
    corpus: list[dict[str, Any]]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]


def load_beir(directory: str | Path, split: str = "test") -> BeirSet:
    d = Path(directory)
    corpus = []
    with open(d / "corpus.jsonl", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                corpus.append(json.loads(line))
    queries = {}
    with open(d / "queries.jsonl", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                q = json.loads(line)
                queries[str(q["_id"])] = q["text"]
    qrels: dict[str, dict[str, int]] = {}
    with open(d / "qrels" / f"{split}.tsv", encoding="utf-8") as f:
        for n, line in enumerate(f):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or (n == 0 and not parts[2].lstrip("-").isdigit()):
                continue
            qrels.setdefault(parts[0], {})[parts[1]] = int(parts[2])
    qrels = {q: r for q, r in qrels.items() if q in queries}
    return BeirSet(d.name, corpus, queries, qrels)


def split_queries(qids: list[str], seed: int = 20260, parts: int = 2) -> list[list[str]]:
    """Deterministic split of query ids into ``parts`` halves (tuning / held-out)."""
    ids = sorted(qids)
    random.Random(seed).shuffle(ids)
    return [sorted(ids[i::parts]) for i in range(parts)]


# --------------------------------------------------------------------------- evaluation
def evaluate_beir(directory: str | Path, *, limit_queries: int | None = None,
                  encoder: CachedEncoder | None = None, cache_path: str | Path | None = None, progress: bool = True,
                  query_ids: list[str] | None = None, k: int = 100,
                  seed: int = 0, rerank_encoder: CachedEncoder | None = None,
                  rerank_weights: tuple[float, ...] = (0.5, 1.0, 2.0),
                  rerank_top: int = 50, title_weight: float | None = None) -> dict[str, dict[str, float]]:
    """Index the corpus with the production pipeline (temporary index) and score the
    three rankings.  Returns ``{ranking: {metric: value}}`` plus timing under ``"_info"``.

    ``rerank_encoder`` (E5, ADR 0202 Decision 4): also encode every document's title with it
    (:class:`.rerank.ShortFieldVectors`) and score the production ranking's top ``rerank_top``
    re-ranked with each of ``rerank_weights`` (rankings ``production+short@W``); the cost per
    query (its encoding of the query and the re-rank) and per 1,000 titles is in ``_info``.

    ``production`` is :meth:`.index.MatchIndex.search`'s ranking, the title re-rank of short
    queries included (ADR 0202 Decision 6); ``title_weight`` overrides its weight (0: off)."""
    from .encoder import CachedEncoder, EmbeddingCache, UsemEncoder, default_cache_path, encode_queries
    from .index import MatchIndex, Record

    data = load_beir(directory)
    qids = sorted(data.qrels) if query_ids is None else [q for q in query_ids if q in data.qrels]
    if limit_queries:
        qids = qids[:limit_queries]
    if encoder is None:
        cache = EmbeddingCache(cache_path if cache_path is not None else default_cache_path())
        encoder = CachedEncoder(UsemEncoder(), cache)
    tw: dict[str, Any] = {} if title_weight is None else {"title_weight": title_weight}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="innobelt-eval-") as tmp:
        index = MatchIndex(encoder=encoder, tiebreak_seed=seed, **tw)
        index.build([Record(id=str(c["_id"]), title=c.get("title") or None,
                            text=c.get("text") or "", items=tuple(c.get("items") or ()))
                     for c in data.corpus],
                    progress=progress)
        index.save(tmp)
        index = MatchIndex.load(tmp, encoder=encoder, tiebreak_seed=seed, **tw)
        t_index = time.perf_counter() - t0
        qtexts = [data.queries[q] for q in qids]
        if progress and len(qtexts) > 1:
            print(f"encoding {len(qtexts)} queries", file=sys.stderr)
        normalized = [index.normalize(t) for t in qtexts]
        if hasattr(encoder.encoder, "encode_queries"):  # queries embedded apart (E5-like)
            qvecs = encode_queries(encoder, normalized)
        else:  # embedded like records: the persistent cache serves a re-run
            qvecs = encoder.encode(normalized, progress="queries" if progress else False)
        runs: dict[str, dict[str, list[str]]] = {r: {} for r in RANKINGS}
        t1 = time.perf_counter()
        for qid, text, vec in zip(qids, qtexts, qvecs):
            res = index.rankings(text, k=k + 1, query_vector=vec)
            for r in RANKINGS:
                runs[r][qid] = [d for d in res[r] if d != qid][:k]
        t_query = time.perf_counter() - t1
        # real queries the search would have answered with nothing (abstention, ADR 0202);
        # the rankings above are scored without abstaining
        abstained = [q for q, text, vec in zip(qids, qtexts, qvecs)
                     if index.would_abstain(text, query_vector=vec)]
        floor = index.meaning_floor()
        title_floor = index.title_floor()
        extra: dict[str, Any] = {}
        if rerank_encoder is not None:
            extra = _rerank_runs(index, data, qids, qtexts, qvecs, runs, rerank_encoder,
                                 rerank_weights, rerank_top, k, progress)
    qrels = {q: data.qrels[q] for q in qids}
    out: dict[str, dict[str, Any]] = {r: score_run(runs[r], qrels) for r in runs}
    out["_info"] = {"set": data.name, "docs": len(data.corpus), "queries": len(qids),
                    "index_seconds": round(t_index, 2),
                    "ms_per_query": round(1000 * t_query / max(1, len(qids)), 2),
                    "abstained": len(abstained), "abstained_ids": abstained,
                    "meaning_floor": round(floor, 4), "title_floor": round(title_floor, 4),
                    "title_weight": index.title_weight, "rankings": list(runs), **extra}
    return out


def _rerank_runs(index: Any, data: BeirSet, qids: list[str], qtexts: list[str], qvecs: Any,
                 runs: dict[str, dict[str, list[str]]], encoder: CachedEncoder,
                 weights: tuple[float, ...], top: int, k: int, progress: bool) -> dict[str, Any]:
    """Add ``production+short@W`` runs to ``runs``; return their costs."""
    from .index import Record
    from .rerank import ShortFieldVectors

    index.title_weight = 0.0  # re-rank the fused ranking, not production's own title re-rank

    t0 = time.perf_counter()
    short = ShortFieldVectors.build([Record(id=str(c["_id"]), title=c.get("title") or None, text="")
                                     for c in data.corpus], encoder, progress=progress)
    build_s = time.perf_counter() - t0
    enc_ms, rr_ms = [], []
    for w in weights:
        runs[f"production+short@{w:g}"] = {}
    for qid, text, vec in zip(qids, qtexts, qvecs):
        if not short.applies(text):  # a long query (or no titles): production's ranking as it is
            for w in weights:
                runs[f"production+short@{w:g}"][qid] = runs["production"][qid]
            continue
        t1 = time.perf_counter()
        ev = short.query_vector(text)
        t2 = time.perf_counter()
        res = index.search(text, k=max(k, top) + 1, query_vector=vec, explain=False, abstain=False)
        ids = [m.id for m in res if m.id != qid]
        scores = [m.score for m in res if m.id != qid]
        t3 = time.perf_counter()
        for w in weights:
            runs[f"production+short@{w:g}"][qid] = short.rerank(ids, scores, ev, top=top, weight=w)[:k]
        rr_ms.append(1000 * (time.perf_counter() - t3) / len(weights))
        enc_ms.append(1000 * (t2 - t1))
    enc_ms.sort()
    return {"short_fields": len(short), "short_encoded": encoder.encoded_count, "short_queries": len(enc_ms),
            "short_build_ms_per_1k": round(1000 * build_s / len(short) * 1000, 1) if len(short) else 0.0,
            "short_query_ms_p50": round(enc_ms[len(enc_ms) // 2], 2) if enc_ms else 0.0,
            "short_query_ms_p95": round(enc_ms[int(0.95 * (len(enc_ms) - 1))], 2) if enc_ms else 0.0,
            "rerank_ms_mean": round(sum(rr_ms) / max(1, len(rr_ms)), 3)}
