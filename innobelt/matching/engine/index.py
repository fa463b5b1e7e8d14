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

The records' and results' types are in :mod:`.records`; each segment's candidates and the ranking
in :mod:`.candidates`.  Storage is a memory-mapped main segment plus an in-memory delta (see :mod:`.store`);
``upsert``/``remove`` only touch the delta and a tombstone mask, ``rebuild`` folds the delta
into a new main segment (no text is re-encoded: vectors are reused, and a full ``build`` goes
through the embedding cache).  ``save`` writes a new generation and flips ``CURRENT``
atomically, so worker processes can ``reload_if_changed()`` between requests.

This module imports no Django.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

from . import abstain as abstention
from . import candidates, fusion, rerank
from .candidates import Part, Ranked
from .encoder import BlasThreads, CachedEncoder, EmbeddingCache, Encoder, UsemEncoder, default_cache_path, encode_queries
from .informative import informative_for
from .reasons import QueryContext, Reason, ReasonHook, cross_language_reason, matched_terms_reason, semantic_reason, supporting_items_reason
from .records import BuildStats, Filters, Match, Record, SearchResult, facets_of, filters_of
from .store import Delta, MainSegment, PreparedRecord
from .text import Analyzer, default_analyzer, detect_language, normalize, split_passages
from .ties import tiebreak_keys

__all__ = ["BuildStats", "Match", "MatchIndex", "Record", "SearchResult"]


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
    ``prune``: a large (quantised) segment picks its candidates without row-length arrays
    (:func:`candidates.ivf_rows_pruned`: same candidates, less work); ``False`` only for the
    bench's comparison and the equivalence test.
    ``title_weight``: a *short* query (:data:`rerank.SHORT_QUERY_UNITS`) re-orders the fused
    top :data:`rerank.RERANK_TOP` by ``z(fused) + title_weight * z(cos(query, title))`` with the
    records' stored title vectors (same encoder); records without a title count as average.
    ``0`` switches the re-rank (and the title check of the abstention) off (ADR 0202 Decision 6).
    """

    QUERY_MEMO = 512  # query vectors kept per process (a record's "matches for this" asks its own text again)

    def __init__(self, encoder: Encoder | CachedEncoder | None = None,
                 analyzer: Analyzer | None = None, *, cache: EmbeddingCache | None = None,
                 tiebreak_seed: int = 0, ivf_min_rows: int = 50_000,
                 nprobe: int | None = None, k1: float = 1.2, b: float = 0.75,
                 blas_threads: int | None = 1, whole_record: bool = True, prune: bool = True,
                 title_weight: float = rerank.TITLE_WEIGHT):
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
        self.prune = prune
        self.title_weight = float(title_weight)
        self.main: MainSegment | None = None
        self.alive: np.ndarray = np.zeros(0, dtype=bool)  # tombstone mask over the main segment
        self.delta = Delta(self.encoder.dim)
        self.path: Path | None = None
        self._current: str | None = None
        self._qmemo: dict[str, np.ndarray] = {}
        self._qmemo_lock = threading.Lock()  # a web worker's threads share the index and its memo
        self._floor: float | None = None
        self._title_floor: float | None = None
        self._agreement_floor: float | None = None

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
        titles: list[str] = []  # each record's title alone ("" without one): its title vector
        memo: dict[str, list[str]] = {}  # the same text twice in one batch is analysed once
        for r in records:
            titles.append(normalize(r.title or ""))
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
            prepared.append(PreparedRecord(str(r.id), r.title, lang, facets_of(r.facets), texts,
                                           langs, terms, np.zeros((0, 0), np.float32),
                                           numbers))
            all_texts.extend(texts)
        with_title = [t for t in titles if t]
        vecs = self.encoder.encode(all_texts + with_title, progress="encoding" if progress else False)
        row = 0
        for p in prepared:
            n = len(p.texts)
            p.vectors = vecs[row:row + n]
            row += n
        for p, t in zip(prepared, titles):
            if t:
                p.title_vector = np.asarray(vecs[row], dtype=np.float32)
                row += 1
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
        self._floor = self._title_floor = self._agreement_floor = None
        if self.main.n_rows:
            self.main.meta["abstain_floor"] = self.meaning_floor()
            self.main.meta["abstain_title_floor"] = self.title_floor()
            self.main.meta["abstain_title_agreement_floor"] = self.title_agreement_floor()

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
                                               rec["items"],
                                               np.asarray(m.title_vectors[i], np.float32)
                                               if m.has_title[i] else None))
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
        self._floor = self._title_floor = self._agreement_floor = None

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

    def _score_parts(self, plan: fusion.QueryPlan, qvec: np.ndarray, filters: Filters | None = None,
                     exclude: Iterable[str] = ()) -> list[Part]:
        return candidates.score_parts(self.main, self.alive, self.delta, plan, qvec, filters, exclude, nprobe=self.nprobe,
                                      whole_record=self.whole_record, k1=self.k1, b=self.b,
                                      prune=self.prune)

    def _rank(self, parts: list[Part], key: str, k: int, aggregate: str = "items") -> list[Ranked]:
        return candidates.rank(parts, key, k, aggregate, main=self.main, delta=self.delta)

    def _record_info(self, seg: str, rec: int) -> dict[str, Any]:
        if seg == "main":
            return self._segment().record(rec)
        info: dict[str, Any] = self.delta.arrays()["records"][rec].to_json()
        return info

    def search(self, query: str, k: int = 10, filters: Filters | None = None, *,
               exclude_ids: Iterable[str] = (), query_vector: np.ndarray | None = None,
               explain: bool | Literal["later"] = True, hooks: Sequence[ReasonHook] = (),
               abstain: bool = True) -> SearchResult:
        """Top ``k`` records for ``query`` among those passing ``filters``.

        ``filters``: ``{facet: value or [values]}`` — AND across facets, OR within one; a facet named
        ``-facet`` excludes the records having any of its values (``{"-owner": ["12"]}``).
        ``exclude_ids``: records never to return (e.g. the asker's own).  ``explain``: attach
        reasons (a fraction of a millisecond per result); ``"later"``: attach none, and let
        :meth:`SearchResult.reasons_for` work out the reasons of the matches a caller keeps (the
        same reasons, for a caller that fetches more candidates than it shows).  ``hooks``: callables
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
        top, title_cos = self._production(plan, parts, qvec, k)
        if abstain and self._abstains(plan, parts, title_cos):
            return SearchResult(abstained=True, reason="no_close_match")
        ctx = QueryContext(plan.text, plan.lang, plan.terms, filters_of(filters))
        out = []
        later: dict[int, tuple[dict[str, Any], list[tuple[int, int]]]] = {}
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
            if explain == "later":
                later[id(match)] = (info, members)
            elif explain:
                match.reasons = self._explain(plan, ctx, info, match, members, parts, hooks)
            out.append(match)
        result = SearchResult(out)
        if later:
            def reasons_for(match: Match) -> list[Reason]:
                info, members = later[id(match)]
                return self._explain(plan, ctx, info, match, members, parts, hooks)

            result.explainer = reasons_for
        return result

    def _explain(self, plan: fusion.QueryPlan, ctx: QueryContext, info: dict[str, Any], match: Match,
                 members: list[tuple[int, int]], parts: list[Part], hooks: Sequence[ReasonHook]) -> list[Reason]:
        """A match's reasons: the engine's, then the hooks'."""
        reasons = self._reasons(plan, info, match, members, parts)
        for hook in hooks:
            reasons.extend(r for r in hook(ctx, match) if r is not None)
        return reasons

    def _short(self, plan: fusion.QueryPlan) -> bool:
        """Is the title re-rank (and its abstention check) on for this query?"""
        return self.title_weight > 0 and rerank.is_short(plan.text)

    def _production(self, plan: fusion.QueryPlan, parts: list[Part], qvec: np.ndarray, k: int
                    ) -> tuple[list[Ranked], abstention.TitleCheck | None]:
        """The production ranking's top ``k``: the fused ranking, its top :data:`rerank.RERANK_TOP`
        re-ordered by the titles for a short query when at least :data:`rerank.RERANK_MIN_TITLES` of
        them have a title (ADR 0202 Decision 6).  Also returns what the titles of those candidates
        showed: the best title cosine and whether its record is the fused first (ADR 0202 Decision 7;
        ``None``: not a short query, or no title there)."""
        if not self._short(plan):
            return self._rank(parts, "fused", k), None
        top = self._rank(parts, "fused", max(k, rerank.RERANK_TOP))
        cos = self._title_cosines(top, qvec)
        have = [c for c in cos if c is not None]
        if not have:
            return top[:k], None
        best = max(have)
        check = abstention.TitleCheck(best, cos[0] is not None and cos[0] >= best)
        if len(have) < rerank.RERANK_MIN_TITLES:
            return top[:k], check
        head = top[:rerank.RERANK_TOP]
        combined = rerank.rerank_scores([float(t[0]) for t in head], cos[:len(head)],
                                        self.title_weight)
        order = sorted(range(len(head)), key=lambda i: (-combined[i], i))
        return ([head[i] for i in order] + top[len(head):])[:k], check

    def _title_cosines(self, top: list[Ranked], qvec: np.ndarray) -> list[float | None]:
        """cos(query, title) of each ranked record (``None`` for a record without a title)."""
        q = np.asarray(qvec, dtype=np.float32)
        d = self.delta.arrays() if len(self.delta) else None
        out: list[float | None] = []
        for t in top:
            seg, rec = t[2], int(t[3])
            if seg == "main":
                m = self._segment()
                out.append(float(np.asarray(m.title_vectors[rec]) @ q) if m.has_title[rec] else None)
            else:
                assert d is not None
                out.append(float(d["title_vectors"][rec] @ q) if d["has_title"][rec] else None)
        return out

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

    def _abstains(self, plan: fusion.QueryPlan, parts: list[Part],
                  title: abstention.TitleCheck | None = None) -> bool:
        if self._best_cosine(parts) >= self.meaning_floor():
            return False
        if title is not None:
            if title.best >= self.title_floor():
                return False  # a short query close enough to a candidate's title (Decision 6)
            if title.agrees and title.best >= self.title_agreement_floor():
                return False  # its closest title is the fused first, closer than agreeing nonsense (Decision 7)
        return not self._word_hit(plan)

    def would_abstain(self, query: str, query_vector: np.ndarray | None = None,
                      filters: Filters | None = None) -> bool:
        """Whether :meth:`search` would abstain on ``query`` (for evaluations)."""
        plan = self.plan(query)
        qvec = self._qvec(plan, query_vector)
        with BlasThreads(self.blas_threads):
            parts = self._score_parts(plan, qvec, filters)
        if not parts:
            return False
        return self._abstains(plan, parts, self._production(plan, parts, qvec, 10)[1])

    def meaning_floor(self) -> float:
        """The index's meaning floor (:mod:`.abstain`): stored with the main segment when it
        was built, else calibrated now (once per process and index state)."""
        if self._floor is None:
            stored = self.main.meta.get("abstain_floor") if self.main is not None else None
            self._floor = float(stored) if stored is not None else self.calibrate_floor()
        return self._floor

    def title_floor(self) -> float:
        """The title floor of short queries (:mod:`.abstain`): stored with the main segment,
        else calibrated now, as :meth:`meaning_floor`."""
        if self._title_floor is None:
            stored = self.main.meta.get("abstain_title_floor") if self.main is not None else None
            if stored is None:  # calibrate both title floors in one pass
                self._title_floor, self._agreement_floor = self.calibrate_title_floors()
            else:
                self._title_floor = float(stored)
        return self._title_floor

    def title_agreement_floor(self) -> float:
        """The agreement floor of short queries (:mod:`.abstain`, ADR 0202 Decision 7): stored with
        the main segment, else calibrated now (an index saved before it was stored)."""
        if self._agreement_floor is None:
            m = self.main
            stored = m.meta.get("abstain_title_agreement_floor") if m is not None else None
            if stored is None:
                stored = self.calibrate_title_floors()[1]
            self._agreement_floor = float(stored)
        return self._agreement_floor

    def calibrate_title_floor(self, probes: Sequence[str] | None = None) -> float:
        """The title floor alone (see :meth:`calibrate_title_floors`)."""
        return self.calibrate_title_floors(probes)[0]

    def calibrate_title_floors(self, probes: Sequence[str] | None = None) -> tuple[float, float]:
        """The best title cosine among each nonsense probe's re-rank candidates (the probes are
        all short queries), made the title floor by :func:`abstain.title_floor_from`, and the
        agreement floor from the probes whose title-best candidate is their fused first
        (:func:`abstain.title_agreement_floor_from`).  By default the title floor reads the
        :data:`abstain.N_PROBES` probes of the meaning floor and the agreement floor
        :data:`abstain.N_AGREEMENT_PROBES` of the same sequence; given ``probes`` serve both."""
        if probes is None:
            texts = [normalize(t) for t in abstention.nonsense_probes(abstention.N_AGREEMENT_PROBES)]
            n_title = abstention.N_PROBES
        else:
            texts = [normalize(t) for t in probes]
            n_title = len(texts)
        if not self._n_rows():
            return 1.0, 1.0
        vecs = encode_queries(self.encoder, texts)
        best: list[float] = []
        agreeing: list[float] = []
        with BlasThreads(self.blas_threads):
            for i, (t, v) in enumerate(zip(texts, vecs)):
                plan = self.plan(t)
                parts = self._score_parts(plan, v)
                top = self._rank(parts, "fused", rerank.RERANK_TOP) if parts else []
                all_cos = self._title_cosines(top, v)
                cos = [c for c in all_cos if c is not None]
                if cos:
                    b = max(cos)
                    if i < n_title:
                        best.append(b)
                    if all_cos[0] is not None and all_cos[0] >= b:
                        agreeing.append(b)
        # no title among any probe's candidates: the rule never answers (1 is above any cosine)
        floor = abstention.title_floor_from(best) if best else 1.0
        return floor, abstention.title_agreement_floor_from(agreeing, floor)

    def calibrate_floor(self, probes: Sequence[str] | None = None) -> float:
        """Search each generated nonsense probe and derive the meaning floor from their best
        cosines (:func:`abstain.floor_from`).  Probes are encoded directly, never cached."""
        texts = [normalize(t) for t in (probes or abstention.nonsense_probes())]
        if not self._n_rows():
            return 1.0
        vecs = encode_queries(self.encoder, texts)
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
            v = encode_queries(self.encoder, [plan.text])[0]  # outside the lock: threads encode side by side
            with self._qmemo_lock:  # trimming is two steps; two threads at once popped one key twice (KeyError)
                while len(self._qmemo) >= self.QUERY_MEMO:
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
        for name, key, agg in (("words", "cov", "max"), ("meaning", "cos", "max")):
            top = self._rank(parts, key, k, agg) if parts else []
            out[name] = [self._record_id(seg, rec) for _a, _t, seg, rec, _m in top]
        # production: exactly what search() ranks (the title re-rank of short queries included)
        top = self._production(plan, parts, qvec, k)[0] if parts else []
        out["production"] = [self._record_id(seg, rec) for _a, _t, seg, rec, _m in top]
        return out

    def _record_id(self, seg: str, rec: int) -> str:
        if seg == "main":
            return self._segment().record_id(rec)
        return str(self.delta.arrays()["records"][rec].id)

