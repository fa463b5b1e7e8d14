"""``MatchIndex``: the bilingual matching index the Django layer feeds and queries.

A record is one thing that can be matched (a need, a resource, an organisation, an expert).
Its ``title`` + ``text`` form item 0; a long profile adds ``items`` (an organisation's
resources, an expert's papers), each matched on its own and aggregated (best item plus a
discounted bonus for further supporting items, :func:`fusion.aggregate_items`), and a record
of several rows is also scored as one text (record-level BM25, mean vector) and the two
views averaged (:func:`fusion.record_scores`, docs/adr/0202).  :meth:`MatchIndex.search`
returns a :class:`SearchResult` (a list) that may *abstain* when nothing is close enough.  ``facets``
are hard filters applied *before* ranking (``{"kind": ["resource"], "city": ["suzhou"],
"industries": ["ic", "mat"], "audience": ["public"]}``: AND across facets, OR within one).

Storage is a memory-mapped main segment plus an in-memory delta (see :mod:`.store`);
``upsert``/``remove`` only touch the delta and a tombstone mask, ``rebuild`` folds the delta
into a new main segment (no text is re-encoded: vectors are reused, and a full ``build`` goes
through the embedding cache).  ``save`` writes a new generation and flips ``CURRENT``
atomically, so worker processes can ``reload_if_changed()`` between requests.

This module imports no Django.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import abstain as abstention
from . import fusion
from .encoder import BlasThreads, CachedEncoder, EmbeddingCache, Encoder, UsemEncoder, default_cache_path
from .informative import informative_for
from .reasons import QueryContext, Reason, ReasonHook, cross_language_reason, matched_terms_reason, semantic_reason, supporting_items_reason
from .store import Delta, MainSegment, PreparedRecord, bm25_scores, bm25_scores_at
from .text import Analyzer, default_analyzer, detect_language, normalize, split_passages
from .ties import tiebreak_keys


@dataclass
class Record:
    """Input record.  ``items`` are extra texts matched one by one (long profiles)."""

    id: str
    text: str = ""
    title: str | None = None
    items: Sequence[str] = ()
    facets: Mapping[str, Sequence[str] | str] = field(default_factory=dict)
    lang: str | None = None  # detected from the text when None


@dataclass
class Match:
    """One search result.  ``score`` is the fused, aggregated score (higher is better);
    ``words`` is the best item's words coverage (0..1), ``meaning`` its best cosine;
    ``items`` are the supporting item numbers, best first: positions in the record's stored
    texts (0 = title + text, or its first passage; then further passages of a long text, then
    the ``items``, each long one in passages)."""

    id: str
    score: float
    words: float
    meaning: float
    lang: str
    facets: dict[str, list[str]]
    items: list[int]
    reasons: list[Reason] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "score": self.score, "words": self.words,
                "meaning": self.meaning, "lang": self.lang, "facets": self.facets,
                "items": self.items, "reasons": [r.as_dict() for r in self.reasons]}


Filters = Mapping[str, Sequence[str] | str]
Part = dict[str, Any]  # one segment's candidate rows and their scores (see _score_parts)
Ranked = tuple[float, int, str, int, list[tuple[int, int]]]  # score, tiebreak, seg, rec, rows


class SearchResult(list["Match"]):
    """What :meth:`MatchIndex.search` returns: the matches (a ``list`` of :class:`Match`, so
    callers that iterate or index keep working) plus whether the engine *abstained*.

    ``abstained`` is true when nothing in the index is close enough to show (no informative
    word of the query occurs in it and no candidate reaches the index's meaning floor,
    :mod:`.abstain`); the list is then empty and ``reason`` says why (``"no_close_match"``).
    ``reason`` is ``""`` when the engine answered (even with an empty list: an empty index,
    or filters nothing passes).
    """

    def __init__(self, matches: Iterable[Match] = (), *, abstained: bool = False,
                 reason: str = ""):
        super().__init__(matches)
        self.abstained = abstained
        self.reason = reason

    def __repr__(self) -> str:
        extra = f", abstained=True, reason={self.reason!r}" if self.abstained else ""
        return f"SearchResult({list.__repr__(self)}{extra})"


@dataclass
class BuildStats:
    records: int
    rows: int
    encoded: int  # texts that really went through the encoder (the rest came from the cache)
    seconds: float


def _facets(raw: Mapping[str, Sequence[str] | str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in (raw or {}).items():
        vals = [v] if isinstance(v, str) else list(v)
        out[str(k)] = [str(x) for x in vals]
    return out


def _filters(raw: Filters | None) -> dict[str, list[str]]:
    return _facets(raw) if raw else {}


class MatchIndex:
    """Bilingual hybrid index (BM25 over jieba/stem tokens + sentence vectors).

    ``encoder``: an :class:`Encoder` (wrapped with an embedding cache unless it is already a
    :class:`CachedEncoder`); default USE multilingual v3 with the cache at
    :func:`encoder.default_cache_path`.  ``ivf_min_rows``: main segments with at least this
    many rows get a coarse quantiser (``sqrt(rows)`` lists) and a query scans the ``nprobe``
    lists nearest to it (default ``max(8, sqrt(lists))``: about 6 % of the rows at 100k, 3 %
    at 1M) plus the 2,000 rows the words side rates highest (a filter that leaves fewer rows
    than a probe would scan is scanned exactly; one that leaves under 4x that doubles the
    probes); ``ivf_min_rows=None`` keeps exact scans.
    ``blas_threads``: OpenBLAS threads while scoring a query (1 suits one web worker process
    per core; ``None`` leaves numpy's default).
    ``whole_record``: also score each multi-row record (long profile) as one text (BM25 over
    all its rows, the mean of its row vectors) and combine that view with the row view
    (:func:`fusion.record_scores`, docs/adr/0202); ``False`` only for ablations and benches.
    """

    def __init__(self, encoder: Encoder | CachedEncoder | None = None,
                 analyzer: Analyzer | None = None, *, cache: EmbeddingCache | None = None,
                 tiebreak_seed: int = 0, ivf_min_rows: int = 50_000,
                 nprobe: int | None = None, k1: float = 1.2, b: float = 0.75,
                 blas_threads: int | None = 1, whole_record: bool = True):
        if isinstance(encoder, CachedEncoder):
            self.encoder = encoder
        else:
            if cache is None:
                cache = EmbeddingCache(default_cache_path())
            self.encoder = CachedEncoder(encoder or UsemEncoder(), cache)
        self.analyzer = analyzer or default_analyzer()
        self.seed = tiebreak_seed
        self.ivf_min_rows = ivf_min_rows
        self.nprobe = nprobe
        self.k1, self.b = k1, b
        self.blas_threads = blas_threads
        self.whole_record = whole_record
        self.main: MainSegment | None = None
        self.alive: np.ndarray = np.zeros(0, dtype=bool)  # tombstone mask over the main segment
        self.delta = Delta(self.encoder.dim)
        self.path: Path | None = None
        self._current: str | None = None
        self._qmemo: dict[str, np.ndarray] = {}
        self._floor: float | None = None

    def _segment(self) -> MainSegment:
        """The main segment, where one must exist (after build, rebuild, load or save)."""
        if self.main is None:
            raise RuntimeError("the index has no main segment yet")
        return self.main

    # ================================================================ records -> rows
    @staticmethod
    def normalize(text: str) -> str:
        return normalize(text)

    def _prepare(self, records: Iterable[Record], progress: bool = False
                 ) -> list[PreparedRecord]:
        prepared: list[PreparedRecord] = []
        all_texts: list[str] = []
        memo: dict[str, list[str]] = {}  # the same text twice in one batch is analysed once
        for r in records:
            texts: list[str] = []
            numbers: list[int] = []
            # item 0 is title + text; a long text or item is matched passage by passage (each
            # passage a row with its own number: the numbers count the record's stored texts)
            raws = [(r.title or "").strip(), *split_passages(r.text)] if r.title else split_passages(r.text)
            if r.title and len(raws) > 2:
                raws = [f"{raws[0]} {raws[1]}", *raws[2:]]  # the title goes with the first passage
            elif r.title:
                raws = [" ".join(raws)]
            for raw in [*raws, *(passage for item in (r.items or ()) for passage in split_passages(item))]:
                t = normalize(raw)
                if t:
                    texts.append(t)
                    numbers.append(len(numbers))
            if not texts:
                texts, numbers = [""], [0]
            langs = [detect_language(t) for t in texts]
            lang = r.lang or detect_language(" ".join(texts))
            terms = []
            for t in texts:
                tt = memo.get(t)
                if tt is None:
                    tt = memo[t] = self.analyzer.terms(t, normalized=True)
                terms.append(tt)
            prepared.append(PreparedRecord(str(r.id), r.title, lang, _facets(r.facets), texts,
                                           langs, terms, np.zeros((0, 0), np.float32),
                                           numbers))
            all_texts.extend(texts)
        vecs = self.encoder.encode(all_texts, progress="encoding" if progress else False)
        row = 0
        for p in prepared:
            n = len(p.texts)
            p.vectors = vecs[row:row + n]
            row += n
        return prepared

    # ==================================================================== building
    def build(self, records: Iterable[Record], progress: bool = False) -> BuildStats:
        """Replace the whole index with ``records`` (texts come from the cache if known)."""
        import time

        t0 = time.perf_counter()
        before = self.encoder.encoded_count
        recs = list(records)
        seen: dict[str, int] = {}
        for i, r in enumerate(recs):  # last one wins for duplicate ids
            seen[str(r.id)] = i
        recs = [recs[i] for i in sorted(seen.values())]
        prepared = self._prepare(recs, progress=progress)
        self._install_main(prepared, progress)
        return BuildStats(len(prepared), int(self._segment().n_rows), self.encoder.encoded_count
                          - before, time.perf_counter() - t0)

    def _install_main(self, prepared: list[PreparedRecord], progress: bool = False,
                      keep_delta: bool = False) -> None:
        keys = tiebreak_keys([p.id for p in prepared], self.seed)
        if self.main is not None:
            self.main.close()
        self.main = MainSegment.build(prepared, dim=self.encoder.dim,
                                      encoder_name=self.encoder.name, tiebreak=keys,
                                      k1=self.k1, b=self.b, ivf_min_rows=self.ivf_min_rows,
                                      seed=self.seed, progress=progress)
        self.alive = np.ones(self.main.n_records, dtype=bool)
        if not keep_delta:
            self.delta = Delta(self.encoder.dim)
        self._floor = None
        if self.main.n_rows:
            self.main.meta["abstain_floor"] = self.meaning_floor()

    def rebuild(self, progress: bool = False) -> BuildStats:
        """Fold the delta and the tombstones into a new main segment; encodes nothing."""
        import time

        t0 = time.perf_counter()
        prepared: list[PreparedRecord] = []
        if self.main is not None and self.main.n_records:
            m = self.main
            order = np.argsort(m.row_rec, kind="stable")
            starts = np.searchsorted(m.row_rec[order], np.arange(m.n_records + 1))
            for i in np.flatnonzero(self.alive):
                rec = m.record(int(i))
                rows = order[starts[i]:starts[i + 1]]
                rows = rows[np.argsort(m.row_item[rows], kind="stable")]
                prepared.append(PreparedRecord(rec["id"], rec["title"], rec["lang"],
                                               rec["facets"], rec["texts"], rec["langs"],
                                               rec["terms"], m.vectors[rows],
                                               rec["items"]))
        prepared.extend(self.delta.records.values())
        self._install_main(prepared, progress)
        return BuildStats(len(prepared), int(self._segment().n_rows), 0, time.perf_counter() - t0)

    # ============================================================== incremental
    def upsert(self, record: Record) -> None:
        """Add or replace one record (milliseconds: it goes to the delta segment)."""
        self.upsert_many([record])

    def upsert_many(self, records: Iterable[Record]) -> None:
        prepared = self._prepare(list(records))
        keys = tiebreak_keys([p.id for p in prepared], self.seed)
        for p, key in zip(prepared, keys):
            self._tombstone(p.id)
            self.delta.put(p, int(key))

    def remove(self, record_id: str) -> bool:
        """Remove a record; returns whether it was there."""
        hit = self._tombstone(record_id)
        return self.delta.drop(record_id) or hit

    def _tombstone(self, record_id: str) -> bool:
        if self.main is None or not self.main.n_records:
            return False
        i = self.main.ordinal(record_id)
        if i is None or not self.alive[i]:
            return False
        if not self.alive.flags.writeable:
            self.alive = self.alive.copy()
        self.alive[i] = False
        return True

    def __len__(self) -> int:
        n = int(self.alive.sum())
        return n + len(self.delta)

    def __contains__(self, record_id: str) -> bool:
        if record_id in self.delta.records:
            return True
        if self.main is None or not self.main.n_records:
            return False
        i = self.main.ordinal(record_id)
        return i is not None and bool(self.alive[i])

    # =============================================================== persistence
    def save(self, directory: str | os.PathLike[str]) -> Path:
        """Write a new generation under ``directory`` and point ``CURRENT`` at it."""
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        gen = uuid.uuid4().hex[:12]
        if self.main is None:  # only upserts so far: an empty main segment plus the delta
            self._install_main([], keep_delta=True)
        main = self._segment()
        main_dir = main.path
        if main_dir is None or main_dir.parent.resolve() != d.resolve():
            main_dir = d / f"main-{gen}"
            main.save(main_dir)
            main.close()
            self.main = MainSegment.load(main_dir)
        tomb = [int(i) for i in np.flatnonzero(~self.alive)]
        delta_stem = d / f"delta-{gen}"
        self.delta.save(delta_stem, tomb)
        current = {"main": main_dir.name, "delta": delta_stem.name, "encoder": self.encoder.name,
                   "seed": self.seed}
        tmp = d / "CURRENT.tmp"
        tmp.write_text(json.dumps(current))
        os.replace(tmp, d / "CURRENT")
        previous, self._current = self._current, json.dumps(current)
        self.path = d
        self._cleanup(d, keep={main_dir.name, delta_stem.name}
                      | self._names(previous))
        return d

    @staticmethod
    def _names(current_json: str | None) -> set[str]:
        if not current_json:
            return set()
        c = json.loads(current_json)
        return {c.get("main", ""), c.get("delta", "")}

    @staticmethod
    def _cleanup(d: Path, keep: set[str]) -> None:
        for p in d.iterdir():
            stem = p.name.split(".")[0]
            if p.name.startswith(("main-", "delta-")) and stem not in keep:
                if p.is_dir():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)

    @classmethod
    def load(cls, directory: str | os.PathLike[str],
             encoder: Encoder | CachedEncoder | None = None, analyzer: Analyzer | None = None,
             *, mmap: bool = True, **kwargs: Any) -> MatchIndex:
        """Open a saved index; vectors and postings are memory-mapped (shared by processes)."""
        d = Path(directory)
        current_json = (d / "CURRENT").read_text()
        current = json.loads(current_json)
        kwargs.setdefault("tiebreak_seed", current.get("seed", 0))
        idx = cls(encoder, analyzer, **kwargs)
        if current.get("encoder") and current["encoder"] != idx.encoder.name:
            raise ValueError(f"index was built with {current['encoder']}, "
                             f"not {idx.encoder.name}")
        idx._open(d, current, mmap)
        idx._current = current_json
        return idx

    def _open(self, d: Path, current: dict[str, Any], mmap: bool) -> None:
        if self.main is not None:
            self.main.close()
        self.main = MainSegment.load(d / current["main"], mmap=mmap)
        self.delta, tomb = Delta.load(d / current["delta"], self.encoder.dim)
        self.alive = np.ones(self.main.n_records, dtype=bool)
        self.alive[tomb] = False
        self.path = d
        self._floor = None

    def reload_if_changed(self) -> bool:
        """For worker processes: re-open the index if another process saved a newer one."""
        if self.path is None:
            return False
        try:
            current_json = (self.path / "CURRENT").read_text()
        except FileNotFoundError:
            return False
        if current_json == self._current:
            return False
        self._open(self.path, json.loads(current_json), True)
        self._current = current_json
        return True

    # ==================================================================== queries
    def _n_rows(self) -> int:
        n = self.main.n_rows if self.main is not None else 0
        return n + int(self.delta.arrays()["vectors"].shape[0])

    def _df(self, term: str) -> int:
        d = self.main.df(term) if self.main is not None else 0
        return d + int(self.delta.arrays()["df"].get(term, 0))

    def _record_idf(self, plan: fusion.QueryPlan) -> dict[str, float]:
        """Record-level idf of the query's (and translation's) terms, for the whole-record
        view of long profiles: a term's df counts the records containing it, not the rows."""
        if plan.record_idf is None:
            n = max((self.main.n_records if self.main is not None else 0) + len(self.delta), 1)
            rdf = self.delta.arrays()["rdf"]

            def df(t: str) -> int:
                d = self.main.record_df(t) if self.main is not None and self.main.n_rows else 0
                return d + int(rdf.get(t, 0))

            plan.record_idf = fusion.plan_idf(plan.terms + plan.bridge, df, n)
        return plan.record_idf

    def _record_avgdl(self) -> float:
        m = self.main
        if m is not None and m.n_rows:
            return m.rec_avgdl or m.avgdl
        lengths = self.delta.arrays()["rec_lengths"]
        return float(max(lengths.mean(), 1.0)) if lengths.size else 1.0

    def plan(self, query: str) -> fusion.QueryPlan:
        """Analyse a query once: terms, translation, idf, attainable scores, ``rho``."""
        qn = normalize(query)
        lang = detect_language(qn)
        toks = self.analyzer.tokens(qn, normalized=True)
        terms = [t.term for t in toks]
        surfaces = [qn[t.start:t.end] for t in toks]
        spans: dict[str, list[tuple[int, int]]] = {}
        bridge, bridged = self.analyzer.bridge(toks, spans)
        n = max(self._n_rows(), 1)
        idf = fusion.plan_idf(terms + bridge, self._df, n)
        p = fusion.QueryPlan(qn, lang, terms, bridge, idf,
                             fusion.attainable_score(terms, idf),
                             fusion.attainable_score(bridge, idf),
                             fusion.bridged_share(terms, bridged, idf))
        classes = [fusion.term_class(t, s) for t, s in zip(terms, surfaces)]
        p.rho_by_lang = fusion.matchable_share(terms, classes, bridged, idf, lang)
        p.bridge_from = {t: [qn[a:b] for a, b in where] for t, where in spans.items()}
        return p

    @staticmethod
    def _weighted_terms(plan: fusion.QueryPlan, bridge: bool = False
                        ) -> tuple[list[str], list[float]]:
        if bridge:
            return list(plan.bridge), [1.0] * len(plan.bridge)
        counts = Counter(plan.terms)
        return list(counts), [float(c) for c in counts.values()]

    def _term_ids(self, plan: fusion.QueryPlan, bridge: bool) -> tuple[list[int], list[float]]:
        m = self._segment()
        terms, weights = self._weighted_terms(plan, bridge)
        tids, tw = [], []
        for t, w in zip(terms, weights):
            j = m.vocab.get(t)
            if j is not None:
                tids.append(j)
                tw.append(w)
        return tids, tw

    def _main_rows(self, plan: fusion.QueryPlan, qvec: np.ndarray, filters: dict[str, list[str]],
                   exclude: set[str]) -> Part | None:
        m = self.main
        if m is None or not m.n_rows:
            return None
        rec_mask = m.facet_mask(filters)
        if not self.alive.all():
            rec_mask = self.alive.copy() if rec_mask is None else rec_mask & self.alive
        if exclude:
            ex = m.ordinals(exclude)
            if ex:
                rec_mask = self.alive.copy() if rec_mask is None else rec_mask.copy()
                rec_mask[ex] = False
        row_rec = m.row_rec
        row_mask = None if rec_mask is None else rec_mask[row_rec]
        q = qvec.astype(np.float32)
        bg = fusion.background(m.bg_vectors @ q)
        direct = self._term_ids(plan, False)
        bridged = self._term_ids(plan, True) if plan.bridge else ([], [])
        if m.ivf_centroids is None:
            bm = bm25_scores(m.bm_data, m.bm_indices, m.bm_indptr, *direct, m.n_rows)
            bmb = (bm25_scores(m.bm_data, m.bm_indices, m.bm_indptr, *bridged, m.n_rows)
                   if plan.bridge else None)
            rows = np.arange(m.n_rows) if row_mask is None else np.flatnonzero(row_mask)
            if rows.size == m.n_rows:
                cos = m.vectors @ q
            elif rows.size * 4 < m.n_rows:
                cos = m.vectors[rows] @ q
            else:
                cos = (m.vectors @ q)[rows]
            bm, bmb = bm[rows], None if bmb is None else bmb[rows]
        else:
            # Large segment: terms found in more than 2 % of the rows are scored only on the
            # candidate rows (exactly, by binary search); the rarer terms, which carry almost
            # all of the idf, pick the words-side candidates over the whole segment.
            cut = max(1000, m.n_rows // 50)
            df = np.diff(m.bm_indptr)

            Weighted = tuple[list[int], list[float]]

            def split(ids_w: Weighted) -> tuple[Weighted, Weighted]:
                rare: Weighted = ([], [])
                common: Weighted = ([], [])
                for t, w in zip(*ids_w):
                    side = rare if df[t] <= cut else common
                    side[0].append(t)
                    side[1].append(w)
                return rare, common

            def at(ids_w: Weighted) -> np.ndarray:
                return bm25_scores_at(m.bm_data, m.bm_indices, m.bm_indptr, ids_w[0], ids_w[1],
                                      rows)

            d_rare, d_common = split(direct)
            b_rare, b_common = split(bridged)
            pick = bm25_scores(m.bm_data, m.bm_indices, m.bm_indptr, d_rare[0] + b_rare[0],
                               d_rare[1] + b_rare[1], m.n_rows)
            rows, cos = self._ivf_rows(m, q, pick, row_mask)
            bm = at(d_rare) + at(d_common)
            bmb = at(b_rare) + at(b_common) if plan.bridge else None
        part = {"seg": "main", "rows": rows, "rec": row_rec[rows], "cos": cos,
                "bm": bm, "bmb": bmb, "lang": m.row_lang[rows], "item": m.row_item[rows],
                "bg": bg}
        pdata, pind, pptr, pvec = m.pbm_data, m.pbm_indices, m.pbm_indptr, m.prof_vectors
        if (self.whole_record and m.prof_rec.size and pdata is not None and pind is not None
                and pptr is not None and pvec is not None):
            keep = np.arange(m.prof_rec.size) if rec_mask is None else np.flatnonzero(
                rec_mask[m.prof_rec])
            n_prof = int(m.prof_rec.size)
            pbm = bm25_scores(pdata, pind, pptr, direct[0], direct[1], n_prof)[keep]
            pbmb = (bm25_scores(pdata, pind, pptr, bridged[0], bridged[1], n_prof)[keep]
                    if plan.bridge else None)
            prec = np.asarray(m.prof_rec[keep], dtype=np.int64)
            part["prof"] = {"rec": prec, "bm": pbm, "bmb": pbmb,
                            "cos": np.asarray(pvec[keep]) @ q, "lang": m.rec_lang[prec]}
        return part

    def _ivf_rows(self, m: MainSegment, q: np.ndarray, bm: np.ndarray,
                  row_mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        offs, centroids = m.ivf_offsets, m.ivf_centroids
        if offs is None or centroids is None:
            raise RuntimeError("the main segment has no coarse quantiser")
        n_lists = offs.size - 1
        nprobe = min(n_lists, self.nprobe or max(8, math.ceil(math.sqrt(n_lists))))
        probed = m.n_rows * nprobe / n_lists
        if row_mask is not None:
            allowed = int(row_mask.sum())
            if allowed <= probed:  # selective filter: scanning what passes is the cheaper scan
                rows = np.flatnonzero(row_mask)
                return rows, m.vectors[rows] @ q
            if allowed < 4 * probed:  # fairly selective: probe twice as many lists instead
                nprobe = min(n_lists, 2 * nprobe)
        lists = np.argpartition(-(centroids @ q), nprobe - 1)[:nprobe]
        parts_r, parts_c = [], []
        for li in lists:
            a, b = int(offs[li]), int(offs[li + 1])
            if b > a:
                parts_r.append(np.arange(a, b))
                parts_c.append(m.vectors[a:b] @ q)
        # Rows the words side likes are always candidates, wherever their vectors live.
        has_words = bm > 0
        if row_mask is not None:
            has_words &= row_mask
        pos = np.flatnonzero(has_words)
        if pos.size > 2000:
            pos = np.sort(pos[np.argpartition(-bm[pos], 1999)[:2000]])
        if pos.size:
            parts_r.append(pos)
            parts_c.append(m.vectors[pos] @ q)
        rows = np.concatenate(parts_r) if parts_r else np.zeros(0, np.int64)
        cos = np.concatenate(parts_c) if parts_c else np.zeros(0, np.float32)
        rows, first = np.unique(rows, return_index=True)
        cos = cos[first]
        if row_mask is not None:
            keep = row_mask[rows]
            rows, cos = rows[keep], cos[keep]
        return rows, cos

    def _delta_rows(self, plan: fusion.QueryPlan, qvec: np.ndarray, filters: dict[str, list[str]],
                    exclude: set[str]) -> Part | None:
        a = self.delta.arrays()
        if not a["vectors"].shape[0]:
            return None
        avgdl = self.main.avgdl if self.main is not None and self.main.n_rows else float(
            max(a["lengths"].mean(), 1.0))
        bm = self.delta.bm25(*self._weighted_terms(plan), plan.idf, avgdl, self.k1, self.b)
        bmb = (self.delta.bm25(*self._weighted_terms(plan, True), plan.idf, avgdl, self.k1,
                               self.b) if plan.bridge else None)
        rec_mask = self.delta.facet_mask(filters)
        if exclude:
            ex = np.array([r.id in exclude for r in a["records"]], dtype=bool)
            rec_mask = ~ex if rec_mask is None else rec_mask & ~ex
        rows = (np.arange(bm.size) if rec_mask is None
                else np.flatnonzero(rec_mask[a["row_rec"]]))
        cos = a["vectors"][rows] @ qvec.astype(np.float32)
        bg = fusion.background(a["vectors"][: fusion_bg_size(a)] @ qvec.astype(np.float32))
        part = {"seg": "delta", "rows": rows, "rec": a["row_rec"][rows], "cos": cos,
                "bm": bm[rows], "bmb": None if bmb is None else bmb[rows],
                "lang": a["row_lang"][rows], "item": a["row_item"][rows], "bg": bg}
        if self.whole_record and a["prof_rec"].size:
            keep = (np.arange(a["prof_rec"].size) if rec_mask is None
                    else np.flatnonzero(rec_mask[a["prof_rec"]]))
            ridf, ravgdl = self._record_idf(plan), self._record_avgdl()
            pbm = self.delta.profile_bm25(*self._weighted_terms(plan), ridf, ravgdl, self.k1,
                                          self.b)[keep]
            pbmb = (self.delta.profile_bm25(*self._weighted_terms(plan, True), ridf, ravgdl,
                                            self.k1, self.b)[keep] if plan.bridge else None)
            prec = a["prof_rec"][keep].astype(np.int64)
            langs = np.array([fusion.LANG_CODES.get(a["records"][i].lang, 0) for i in prec],
                             dtype=np.int8)
            part["prof"] = {"rec": prec, "bm": pbm, "bmb": pbmb,
                            "cos": a["prof_vectors"][keep] @ qvec.astype(np.float32),
                            "lang": langs}
        return part

    def _score_parts(self, plan: fusion.QueryPlan, qvec: np.ndarray, filters: Filters | None = None,
                     exclude: Iterable[str] = ()) -> list[Part]:
        flt = _filters(filters)
        excl = set(exclude or ())
        parts = [p for p in (self._main_rows(plan, qvec, flt, excl),
                             self._delta_rows(plan, qvec, flt, excl)) if p is not None]
        if not parts:
            return parts
        # One background for the whole index: the main segment's sample when there is one.
        bg = parts[0]["bg"]
        for p in parts:
            p["cov"] = fusion.coverage(p["bm"], plan.attainable, p["bmb"],
                                       plan.bridge_attainable, plan.bridged_share)
            if p["bmb"] is not None:  # "has words evidence" for the words-only ranking
                p["bm"] = p["bm"] + p["bmb"]
            p["gain"] = fusion.meaning_gain(p["cos"], bg)
            p["fused"] = fusion.fuse(p["cov"], p["gain"], plan.rho_by_lang[p["lang"]])
            prof = p.get("prof")
            if prof is not None:
                ridf = self._record_idf(plan)
                prof["cov"] = fusion.coverage(
                    prof["bm"], fusion.attainable_score(plan.terms, ridf), prof["bmb"],
                    fusion.attainable_score(plan.bridge, ridf), plan.bridged_share)
                prof["fused"] = fusion.fuse(prof["cov"], fusion.meaning_gain(prof["cos"], bg),
                                            plan.rho_by_lang[prof["lang"]])
        return parts

    def _rank(self, parts: list[Part], key: str, k: int, aggregate: str = "items"
              ) -> list[Ranked]:
        """Top ``k`` records by ``key`` aggregated over their candidate rows (vectorised).

        Each segment contributes its best ``max(200, 10 k)`` rows; rows are grouped by record,
        aggregated (:func:`fusion.aggregate_items` or the max), and ties between records are
        broken by their seeded hash.  Returns ``(score, key, seg, rec, [(part, row), ...])``.
        """
        pool = max(200, 10 * k)
        cand_part, cand_row, cand_score, cand_group, cand_tb = [], [], [], [], []
        prof_groups, prof_scores = [], []
        base = 0
        for pi, p in enumerate(parts):
            s = p[key]
            # the words side never returns a record it has no words for
            sel = np.flatnonzero(p["bm"] > 0) if key == "cov" else np.arange(s.size)
            if sel.size > pool:
                sel = sel[np.argpartition(-s[sel], pool - 1)[:pool]]
            prof = p.get("prof")
            if prof is not None and prof["rec"].size:
                # long profiles: their whole-record view (fusion.record_scores) joins the
                # candidates, so a profile good as a whole is not lost for want of one best row
                ps = prof[key]
                top = np.arange(ps.size) if key != "cov" else np.flatnonzero(prof["bm"] > 0)
                if top.size > pool:
                    top = top[np.argpartition(-ps[top], pool - 1)[:pool]]
                extra = np.flatnonzero(np.isin(p["rec"], prof["rec"][top]))
                if extra.size:
                    sel = np.union1d(sel, extra)
                prof_groups.append(prof["rec"] + base)
                prof_scores.append(ps.astype(np.float64))
            recs = p["rec"][sel].astype(np.int64)
            tb = (np.asarray(self._segment().tiebreak)[recs] if p["seg"] == "main"
                  else self.delta.arrays()["tiebreak"][recs])
            cand_part.append(np.full(sel.size, pi, np.int64))
            cand_row.append(sel)
            cand_score.append(s[sel].astype(np.float64))
            cand_group.append(recs + base)
            cand_tb.append(tb)
            base += (self._segment().n_records if p["seg"] == "main" else len(self.delta)) + 1
        if not cand_row:
            return []
        part = np.concatenate(cand_part)
        row = np.concatenate(cand_row)
        score = np.concatenate(cand_score)
        group = np.concatenate(cand_group)
        tb = np.concatenate(cand_tb)
        if not score.size:
            return []
        order = np.lexsort((-score, group))
        part, row, score, group, tb = part[order], row[order], score[order], group[order], tb[order]
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
        if aggregate == "items":
            rank_in = np.arange(score.size) - np.repeat(starts, np.diff(np.r_[starts, score.size]))
            contrib = np.where(rank_in == 0, score,
                               np.maximum(score, 0.0) * 0.5 ** (rank_in + 1.0))
            agg = np.add.reduceat(contrib, starts)
        else:
            agg = score[starts]
        if prof_groups:
            agg = fusion.record_scores(agg, group[starts], np.concatenate(prof_groups),
                                       np.concatenate(prof_scores),
                                       "mean" if key == "fused" else "max")
        top = np.lexsort((tb[starts], -agg))[:k]
        ends = np.r_[starts[1:], score.size]
        out = []
        for g in top:
            a, b = starts[g], ends[g]
            p = parts[int(part[a])]
            members = list(zip(part[a:b].tolist(), row[a:b].tolist()))
            out.append((float(agg[g]), int(tb[a]), p["seg"], int(p["rec"][row[a]]), members))
        return out

    def _record_info(self, seg: str, rec: int) -> dict[str, Any]:
        if seg == "main":
            return self._segment().record(rec)
        info: dict[str, Any] = self.delta.arrays()["records"][rec].to_json()
        return info

    def search(self, query: str, k: int = 10, filters: Filters | None = None, *,
               exclude_ids: Iterable[str] = (), query_vector: np.ndarray | None = None,
               explain: bool = True, hooks: Sequence[ReasonHook] = (),
               abstain: bool = True) -> SearchResult:
        """Top ``k`` records for ``query`` among those passing ``filters``.

        ``filters``: ``{facet: value or [values]}`` — AND across facets, OR within one.
        ``exclude_ids``: records never to return (e.g. the asker's own).  ``explain``: attach
        reasons (a fraction of a millisecond per result).  ``hooks``: callables
        ``hook(QueryContext, Match) -> Iterable[Reason]`` adding structured reasons.

        ``abstain``: return nothing when nothing is close enough (see :class:`SearchResult`);
        ``False`` always ranks.

        Returns a :class:`SearchResult` (a list) of :class:`Match` objects best first: ``id``,
        ``score`` (fused and aggregated),
        ``words`` (best item's coverage, 0..1), ``meaning`` (best item's cosine), ``lang``,
        ``facets`` (as stored), ``items`` (supporting item numbers, 0 = title + text) and
        ``reasons`` (:class:`Reason` codes + params).  ``Match.as_dict()`` is JSON-ready.
        """
        plan = self.plan(query)
        qvec = self._qvec(plan, query_vector)
        with BlasThreads(self.blas_threads):
            parts = self._score_parts(plan, qvec, filters, exclude_ids)
        if not parts:
            return SearchResult()
        if abstain and self._abstains(plan, parts):
            return SearchResult(abstained=True, reason="no_close_match")
        top = self._rank(parts, "fused", k)
        ctx = QueryContext(plan.text, plan.lang, plan.terms, _filters(filters))
        out = []
        for agg, _tb, seg, rec, members in top:
            info = self._record_info(seg, rec)
            members = sorted(members, key=lambda m: -parts[m[0]]["fused"][m[1]])
            items = [int(parts[pi]["item"][j]) for pi, j in members
                     if parts[pi]["fused"][j] > 0] or [int(parts[members[0][0]]["item"]
                                                           [members[0][1]])]
            best_cos = max(float(parts[pi]["cos"][j]) for pi, j in members)
            best_cov = max(float(parts[pi]["cov"][j]) for pi, j in members)
            prof = parts[members[0][0]].get("prof")
            if prof is not None:  # a long profile's whole-record view counts too
                at = np.flatnonzero(prof["rec"] == rec)
                if at.size:
                    best_cos = max(best_cos, float(prof["cos"][at[0]]))
                    best_cov = max(best_cov, float(prof["cov"][at[0]]))
            match = Match(info["id"], round(float(agg), 6), round(best_cov, 4),
                          round(best_cos, 4), info["lang"], info["facets"], items)
            if explain:
                match.reasons = self._reasons(plan, info, match, members, parts)
                for hook in hooks:
                    match.reasons.extend(r for r in hook(ctx, match) if r is not None)
            out.append(match)
        return SearchResult(out)

    # ================================================================== abstention
    def _best_cosine(self, parts: list[Part]) -> float:
        return max((float(p["cos"].max()) for p in parts if p["cos"].size), default=-1.0)

    def informative(self) -> Callable[[str], bool]:
        """``term -> bool``: may this term be named as a reason / count as a word hit here?"""
        return informative_for(self.analyzer).predicate(self._df, self._n_rows())

    def _word_hit(self, plan: fusion.QueryPlan) -> bool:
        """Does an informative word of the query (or of its translation) occur in the index?"""
        ok = self.informative()
        return any(ok(t) and self._df(t) > 0 for t in dict.fromkeys(plan.terms + plan.bridge))

    def _abstains(self, plan: fusion.QueryPlan, parts: list[Part]) -> bool:
        if self._best_cosine(parts) >= self.meaning_floor():
            return False
        return not self._word_hit(plan)

    def would_abstain(self, query: str, query_vector: np.ndarray | None = None,
                      filters: Filters | None = None) -> bool:
        """Whether :meth:`search` would abstain on ``query`` (for evaluations)."""
        plan = self.plan(query)
        qvec = self._qvec(plan, query_vector)
        with BlasThreads(self.blas_threads):
            parts = self._score_parts(plan, qvec, filters)
        return bool(parts) and self._abstains(plan, parts)

    def meaning_floor(self) -> float:
        """The index's meaning floor (:mod:`.abstain`): stored with the main segment when it
        was built, else calibrated now (once per process and index state)."""
        if self._floor is None:
            stored = self.main.meta.get("abstain_floor") if self.main is not None else None
            self._floor = float(stored) if stored is not None else self.calibrate_floor()
        return self._floor

    def calibrate_floor(self, probes: Sequence[str] | None = None) -> float:
        """Search each generated nonsense probe and derive the meaning floor from their best
        cosines (:func:`abstain.floor_from`).  Probes are encoded directly, never cached."""
        texts = [normalize(t) for t in (probes or abstention.nonsense_probes())]
        if not self._n_rows():
            return 1.0
        raw = getattr(self.encoder, "encoder", self.encoder)
        vecs = np.asarray(raw.encode(texts), dtype=np.float32)
        best = []
        with BlasThreads(self.blas_threads):
            for t, v in zip(texts, vecs):
                parts = self._score_parts(self.plan(t), v)
                best.append(self._best_cosine(parts))
        return abstention.floor_from(best)

    def _qvec(self, plan: fusion.QueryPlan, query_vector: np.ndarray | None) -> np.ndarray:
        """The query's vector: encoded directly (queries do not go into the persistent
        cache, so web workers never write to it), with a small per-process memo."""
        if query_vector is not None:
            return np.asarray(query_vector, dtype=np.float32)
        v = self._qmemo.get(plan.text)
        if v is None:
            raw = getattr(self.encoder, "encoder", self.encoder)
            v = np.asarray(raw.encode([plan.text])[0], dtype=np.float32)
            if len(self._qmemo) >= 512:
                self._qmemo.pop(next(iter(self._qmemo)))
            self._qmemo[plan.text] = v
        return v

    def _reasons(self, plan: fusion.QueryPlan, info: dict[str, Any], match: Match,
                 members: list[tuple[int, int]], parts: list[Part]) -> list[Reason]:
        item_pos = {n: i for i, n in enumerate(info["items"])}
        shown = [item_pos[n] for n in match.items[:3] if n in item_pos]
        terms = (matched_terms_reason(self.analyzer, [info["texts"][i] for i in shown],
                                      [info["terms"][i] for i in shown], plan.terms,
                                      plan.bridge, plan.idf, self.informative(),
                                      plan.bridge_from) if match.words > 0 else None)
        out = [terms,
               semantic_reason(match.meaning),
               cross_language_reason(plan.lang, match.lang, terms),
               supporting_items_reason(match.items)]
        return [r for r in out if r is not None]

    def rankings(self, query: str, k: int = 100, filters: Filters | None = None, *,
                 query_vector: np.ndarray | None = None) -> dict[str, list[str]]:
        """Record ids ranked by ``words`` (BM25 alone; zero scores never returned),
        ``meaning`` (cosine alone) and ``production`` (what :meth:`search` returns)."""
        plan = self.plan(query)
        qvec = self._qvec(plan, query_vector)
        with BlasThreads(self.blas_threads):
            parts = self._score_parts(plan, qvec, filters)
        out = {}
        for name, key, agg in (("words", "cov", "max"), ("meaning", "cos", "max"),
                               ("production", "fused", "items")):
            top = self._rank(parts, key, k, agg) if parts else []
            out[name] = [self._record_id(seg, rec) for _a, _t, seg, rec, _m in top]
        return out

    def _record_id(self, seg: str, rec: int) -> str:
        if seg == "main":
            return self._segment().record_id(rec)
        return str(self.delta.arrays()["records"][rec].id)


def fusion_bg_size(arrays: dict[str, Any]) -> int:
    """Rows of the delta used for its own background when there is no main segment."""
    return min(int(arrays["vectors"].shape[0]), 1024)
