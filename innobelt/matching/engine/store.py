"""Index storage: the immutable main segment (memory-mapped) and the in-memory delta.

Main segment (one directory, written once, then only read):

=========================  ======================================================
``meta.json``              counts, BM25 statistics, facet posting offsets, encoder
``ids.npy``                record ids, fixed-width UTF-8 bytes (mmap)
``tiebreak.npy``           seeded uint64 per record for tie-breaking (mmap)
``rec_lang.npy``           record language code (mmap)
``vectors.npy``            float32 (rows, dim), L2-normalised (mmap, shared by workers)
``row_rec.npy``            record ordinal of every row (mmap)
``row_item.npy``           item number of every row inside its record (mmap)
``row_lang.npy``           language code of every row (mmap)
``bg_rows.npy``            fixed sample of rows for the meaning background (mmap)
``bm25/``                  bm25s arrays (``data/indices/indptr``, CSC by term) + vocab
``postings.npy``           record ordinals per facet value, concatenated (mmap)
``records.jsonl``          id, title, lang, facets, row texts per record (read by offset)
``records.offsets.npy``    byte offset of each record's line
``ivf_*.npy``              optional coarse quantiser: centroids and list offsets
``title_vectors.npy``      float32 (records, dim): each record's title (short field) vector,
                           zeros for a record without a title (format 2, ADR 0202 Decision 6)
``has_title.npy``          bool per record: whether it has a title vector
=========================  ======================================================

Rows are the items of records (a long profile has several rows).  When the segment has an
IVF quantiser its rows are stored list by list, so probing a list is a contiguous slice.

The delta holds records added or changed since the main segment was built; upserts and
removals touch only it (and a tombstone mask over the main segment), so they cost
milliseconds at any index size.  :meth:`MatchIndex.rebuild` folds it into a new main segment.
"""

from __future__ import annotations

import json
import math
import os
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

import numpy as np

FORMAT_VERSION = 2  # 2: title vectors (ADR 0202 Decision 6); a format-1 index is refused: rebuild it
BG_SAMPLE = 1024


class IndexFormatError(ValueError):
    """A saved index of another format (e.g. one saved before title vectors): rebuild it."""


# --------------------------------------------------------------------------- prepared rows
@dataclass
class PreparedRecord:
    """A record turned into rows: normalised texts, languages, BM25 terms, vectors."""

    id: str
    title: str | None
    lang: str
    facets: dict[str, list[str]]
    texts: list[str]
    langs: list[str]
    terms: list[list[str]]
    vectors: np.ndarray  # (rows, dim) float32
    item_numbers: list[int] = field(default_factory=list)
    title_vector: np.ndarray | None = None  # (dim,) float32: the title's own vector, None without a title

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "lang": self.lang, "facets": self.facets,
                "texts": self.texts, "langs": self.langs, "items": self.item_numbers,
                "terms": self.terms, "has_title": self.title_vector is not None}


# ------------------------------------------------------------------------------ BM25 words
def bm25_scores(data: np.ndarray, indices: np.ndarray, indptr: np.ndarray,
                term_ids: list[int], weights: list[float], n_rows: int) -> np.ndarray:
    """Sum of precomputed BM25 term scores over the query terms (CSC by term).

    One ``np.bincount`` over the concatenated postings: O(postings + rows), much faster than
    bm25s' ``np.add.at`` loop at a million rows.
    """
    if not term_ids:
        return np.zeros(n_rows, dtype=np.float32)
    idx_parts, val_parts = [], []
    for t, w in zip(term_ids, weights):
        a, b = int(indptr[t]), int(indptr[t + 1])
        if b > a:
            idx_parts.append(indices[a:b])
            v = data[a:b]
            val_parts.append(v if w == 1.0 else v * np.float32(w))
    if not idx_parts:
        return np.zeros(n_rows, dtype=np.float32)
    idx = np.concatenate(idx_parts)
    val = np.concatenate(val_parts)
    return np.bincount(idx, weights=val, minlength=n_rows).astype(np.float32)


def bm25_scores_at(data: np.ndarray, indices: np.ndarray, indptr: np.ndarray,
                   term_ids: list[int], weights: list[float], rows: np.ndarray) -> np.ndarray:
    """The same sums, for the given ascending ``rows`` only: each term's posting list (sorted
    by row) is binary-searched, so a term present in half the index costs O(rows log df)."""
    out = np.zeros(rows.size, dtype=np.float32)
    for t, w in zip(term_ids, weights):
        a, b = int(indptr[t]), int(indptr[t + 1])
        if b <= a or not rows.size:
            continue
        post = indices[a:b]
        pos = np.searchsorted(post, rows)
        pos_c = np.minimum(pos, b - a - 1)
        hit = post[pos_c] == rows
        out[hit] += data[a:b][pos_c[hit]] * np.float32(w)
    return out


# ------------------------------------------------------------------- whole-record view
def profile_arrays(records: list[PreparedRecord], vocab: dict[str, int], k1: float, b: float
                   ) -> tuple[dict[str, np.ndarray], float]:
    """The whole-record view of the records made of several rows (long profiles).

    Returns arrays for :class:`MainSegment` (``prof_rec``: record ordinals; ``prof_vectors``:
    the L2-normalised mean of each profile's row vectors; ``pbm_*``: lucene BM25 over each
    profile's rows taken as one document, CSC by term with the rows' vocabulary; ``rec_df``:
    per term, the number of *records* containing it, which gives the record-level idf) and the
    records' average length.  Empty arrays when every record is one row: then the whole-record
    view is the row view and nothing is stored or scored twice.
    """
    multi = [i for i, r in enumerate(records) if len(r.terms) > 1]
    if not multi:
        return {}, 0.0
    n_rec = len(records)
    rec_df = np.zeros(len(vocab), dtype=np.int32)
    lengths = np.zeros(n_rec, dtype=np.float64)
    for i, r in enumerate(records):
        seen = {t for terms in r.terms for t in terms}
        lengths[i] = sum(len(terms) for terms in r.terms)
        ids = [vocab[t] for t in seen if t in vocab]
        if ids:
            rec_df[np.asarray(ids)] += 1
    avgdl = float(max(lengths.mean(), 1.0))
    term_col, pos_col, score_col = [], [], []
    vecs = np.zeros((len(multi), records[multi[0]].vectors.shape[1]), dtype=np.float32)
    for p, i in enumerate(multi):
        r = records[i]
        counts = Counter(t for terms in r.terms for t in terms)
        norm = k1 * ((1 - b) + b * lengths[i] / avgdl)
        for t, tf in counts.items():
            j = vocab.get(t)
            if j is None:
                continue
            idf = float(np.log1p((n_rec - rec_df[j] + 0.5) / (rec_df[j] + 0.5)))
            term_col.append(j)
            pos_col.append(p)
            score_col.append(idf * tf / (tf + norm))
        v = np.asarray(r.vectors, dtype=np.float32).sum(axis=0)
        n = float(np.linalg.norm(v))
        vecs[p] = v / n if n else v
    tc = np.asarray(term_col, dtype=np.int64)
    order = np.lexsort((np.asarray(pos_col), tc))
    indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(np.bincount(tc, minlength=len(vocab)), out=indptr[1:])
    return {"prof_rec": np.asarray(multi, dtype=np.int32), "prof_vectors": vecs,
            "pbm_data": np.asarray(score_col, dtype=np.float32)[order],
            "pbm_indices": np.asarray(pos_col, dtype=np.int32)[order],
            "pbm_indptr": indptr, "rec_df": rec_df}, avgdl


# ---------------------------------------------------------------------------- IVF (coarse)
def kmeans(x: np.ndarray, n_lists: int, iters: int = 8, seed: int = 0) -> np.ndarray:
    """Spherical k-means (cosine) in numpy; returns L2-normalised centroids."""
    rng = np.random.default_rng(seed)
    c = x[rng.choice(x.shape[0], size=n_lists, replace=False)].copy()
    for _ in range(iters):
        assign = assign_lists(x, c)
        sums = np.zeros_like(c)
        np.add.at(sums, assign, x)
        counts = np.bincount(assign, minlength=n_lists)
        empty = counts == 0
        if empty.any():  # re-seed empty lists with random points
            sums[empty] = x[rng.choice(x.shape[0], size=int(empty.sum()), replace=False)]
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        c = (sums / np.maximum(norms, 1e-12)).astype(np.float32)
    return c


def assign_lists(x: np.ndarray, centroids: np.ndarray, chunk: int = 65536) -> np.ndarray:
    out = np.empty(x.shape[0], dtype=np.int32)
    for i in range(0, x.shape[0], chunk):
        out[i:i + chunk] = np.argmax(x[i:i + chunk] @ centroids.T, axis=1)
    return out


# --------------------------------------------------------------------------- main segment
class MainSegment:
    """Read-only segment; arrays are memory-mapped when loaded from disk."""

    def __init__(self, path: Path | None, meta: dict[str, Any], arrays: dict[str, Any], vocab: dict[str, int]):
        self.path = path
        self.meta = meta
        # Plain ndarray views of the memory maps: same shared pages, but slicing them skips
        # np.memmap's per-slice bookkeeping (measured at ~6 ms per query at 100k rows).
        arrays = {k: (np.asarray(v) if isinstance(v, np.memmap) else v)
                  for k, v in arrays.items()}
        self.ids = arrays["ids"]
        self.tiebreak = arrays["tiebreak"]
        self.rec_lang = arrays["rec_lang"]
        self.vectors = arrays["vectors"]
        self.row_rec = arrays["row_rec"]
        self.row_item = arrays["row_item"]
        self.row_lang = arrays["row_lang"]
        self.bg_rows = arrays["bg_rows"]
        self.bm_data = arrays["bm_data"]
        self.bm_indices = arrays["bm_indices"]
        self.bm_indptr = arrays["bm_indptr"]
        self.postings = arrays["postings"]
        self.offsets = arrays["offsets"]
        self.ids_order = arrays["ids_order"]
        self.ids_sorted = arrays["ids_sorted"]
        self.ivf_centroids = arrays.get("ivf_centroids")
        self.ivf_offsets = arrays.get("ivf_offsets")
        # whole-record view of multi-row records (absent when every record is one row)
        self.prof_rec = arrays.get("prof_rec", np.zeros(0, np.int32))
        self.prof_vectors = arrays.get("prof_vectors")
        self.pbm_data = arrays.get("pbm_data")
        self.pbm_indices = arrays.get("pbm_indices")
        self.pbm_indptr = arrays.get("pbm_indptr")
        self.rec_df = arrays.get("rec_df")
        self.rec_avgdl = float(meta.get("rec_avgdl", 0.0))
        # each record's title vector (zeros and has_title False for a record without a title)
        self.title_vectors = arrays["title_vectors"]
        self.has_title = arrays["has_title"]
        self.vocab = vocab
        self.n_records = int(meta["n_records"])
        self.n_rows = int(meta["n_rows"])
        self.avgdl = float(meta["avgdl"])
        self.facet_index: dict[str, dict[str, list[int]]] = meta["facets"]
        self._records_file: BinaryIO | None = None
        self._records_cache: dict[int, dict[str, Any]] = {}
        # A web worker's threads share the segment: reading a record is a seek then a line of one file, and a
        # memo is trimmed in two steps; each under this lock (tests/matching/engine/test_engine_threads.py).
        self._lock = threading.Lock()

    # ------------------------------------------------------------------- lookups
    @property
    def bg_vectors(self) -> np.ndarray:
        """The background sample's vectors, gathered once per process (about 2 MB)."""
        v = getattr(self, "_bg_vectors", None)
        if v is None:
            v = self._bg_vectors = np.ascontiguousarray(self.vectors[np.asarray(self.bg_rows)])
        return v

    @property
    def rows_per_record(self) -> np.ndarray:
        """How many rows each record has (counted once per process)."""
        v = getattr(self, "_rows_per_record", None)
        if v is None:
            v = self._rows_per_record = np.bincount(np.asarray(self.row_rec),
                                                    minlength=self.n_records)
        return v

    def df(self, term: str) -> int:
        t = self.vocab.get(term)
        if t is None:
            return 0
        return int(self.bm_indptr[t + 1] - self.bm_indptr[t])

    def record_df(self, term: str) -> int:
        """Records containing ``term`` (equal to :meth:`df` when every record is one row)."""
        if self.rec_df is None:
            return self.df(term)
        t = self.vocab.get(term)
        return 0 if t is None else int(self.rec_df[t])

    def record_id(self, ordinal: int) -> str:
        return bytes(self.ids[ordinal]).rstrip(b"\x00").decode("utf-8")

    def ordinal(self, record_id: str) -> int | None:
        """Ordinal of ``record_id`` by binary search over the sorted ids (no dict to build)."""
        if not self.n_records:
            return None
        key = np.array(record_id.encode("utf-8"), dtype=self.ids.dtype)
        if len(record_id.encode("utf-8")) > self.ids.dtype.itemsize:
            return None
        pos = int(np.searchsorted(self.ids_sorted, key))
        if pos < self.n_records and self.ids_sorted[pos] == key:
            return int(self.ids_order[pos])
        return None

    def ordinals(self, record_ids: Iterable[str]) -> list[int]:
        return [o for o in (self.ordinal(r) for r in record_ids) if o is not None]

    def record(self, ordinal: int) -> dict[str, Any]:
        """The stored record (id, title, lang, facets, texts, langs, items)."""
        r: dict[str, Any] | None = self._records_cache.get(ordinal)
        if r is not None:
            return r
        if self.path is None:
            r = self.meta["_records"][ordinal]
        else:
            with self._lock:  # another thread's seek between this seek and this read would give its line
                if self._records_file is None:
                    self._records_file = open(self.path / "records.jsonl", "rb")
                self._records_file.seek(int(self.offsets[ordinal]))
                line = self._records_file.readline()
            r = json.loads(line)
        if len(self._records_cache) > 4096:
            self._records_cache.clear()
        self._records_cache[ordinal] = r
        return r

    def facet_mask(self, filters: dict[str, list[str]]) -> np.ndarray | None:
        """Record mask for ``filters`` (AND over facets, OR over values; a facet named ``-name`` keeps the
        records having none of its values); None = no filter."""
        if not filters:
            return None
        key = tuple(sorted((name, tuple(sorted(values))) for name, values in filters.items()))
        memo: dict[tuple[Any, ...], np.ndarray] = self.__dict__.setdefault("_mask_memo", {})
        hit = memo.get(key)
        if hit is not None:
            return hit
        mask = np.ones(self.n_records, dtype=bool)
        for name, values in filters.items():
            negated, facet = is_negated(name)
            m = np.zeros(self.n_records, dtype=bool)
            for v in values:
                span = self.facet_index.get(facet, {}).get(v)
                if span:
                    m[self.postings[span[0]:span[1]]] = True
            mask &= ~m if negated else m
        # The pages ask with a few filters again and again (a kind, a city): the segment is
        # read-only, so each mask is built once per process (read-only; the last 16 are kept).
        mask.flags.writeable = False
        with self._lock:  # two threads trimming at once popped one key twice
            while len(memo) >= 16:
                memo.pop(next(iter(memo)))
            memo[key] = mask
        return mask

    def close(self) -> None:
        with self._lock:
            if self._records_file is not None:
                self._records_file.close()
                self._records_file = None

    # ---------------------------------------------------------------------- build
    @classmethod
    def build(cls, records: list[PreparedRecord], *, dim: int, encoder_name: str,
              tiebreak: np.ndarray, k1: float = 1.2, b: float = 0.75,
              ivf_min_rows: int | None = 50_000, seed: int = 0,
              progress: bool = False) -> MainSegment:
        import logging

        import bm25s

        from .fusion import LANG_CODES

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets itself to DEBUG

        n_rec = len(records)
        row_rec_l, row_item_l, row_lang_l, terms_l, vec_parts = [], [], [], [], []
        for i, r in enumerate(records):
            for j, (lang, terms) in enumerate(zip(r.langs, r.terms)):
                row_rec_l.append(i)
                row_item_l.append(r.item_numbers[j] if r.item_numbers else j)
                row_lang_l.append(LANG_CODES.get(lang, 0))
                terms_l.append(terms)
            vec_parts.append(r.vectors)
        vectors = (np.concatenate(vec_parts).astype(np.float32, copy=False) if vec_parts
                   else np.zeros((0, dim), dtype=np.float32))
        n_rows = vectors.shape[0]
        row_rec = np.asarray(row_rec_l, dtype=np.int32)
        row_item = np.asarray(row_item_l, dtype=np.int32)
        row_lang = np.asarray(row_lang_l, dtype=np.int8)

        arrays: dict[str, Any] = {}
        if ivf_min_rows is not None and n_rows >= ivf_min_rows:
            n_lists = int(math.sqrt(n_rows))
            rng = np.random.default_rng(seed)
            sample = vectors[rng.choice(n_rows, size=min(n_rows, 64 * n_lists), replace=False)]
            centroids = kmeans(sample, n_lists, seed=seed)
            assign = assign_lists(vectors, centroids)
            order = np.argsort(assign, kind="stable")
            vectors = vectors[order]
            row_rec, row_item, row_lang = row_rec[order], row_item[order], row_lang[order]
            terms_l = [terms_l[i] for i in order]
            counts = np.bincount(assign, minlength=n_lists)
            offs = np.zeros(n_lists + 1, dtype=np.int64)
            np.cumsum(counts, out=offs[1:])
            arrays["ivf_centroids"] = centroids
            arrays["ivf_offsets"] = offs

        # BM25 over rows with our own tokens (an empty row gets the empty token).
        bm = bm25s.BM25(k1=k1, b=b, method="lucene")
        if n_rows:
            bm.index([t if t else [""] for t in terms_l], show_progress=False,
                     create_empty_token=True)
            vocab = {str(k): int(v) for k, v in bm.vocab_dict.items()}
            bm_data = np.asarray(bm.scores["data"], dtype=np.float32)
            bm_indices = np.asarray(bm.scores["indices"], dtype=np.int32)
            bm_indptr = np.asarray(bm.scores["indptr"], dtype=np.int64)
            # Posting lists must be sorted by row (bm25_scores_at binary-searches them).
            col = np.repeat(np.arange(bm_indptr.size - 1), np.diff(bm_indptr))
            order = np.lexsort((bm_indices, col))
            if not np.array_equal(order, np.arange(order.size)):
                bm_indices, bm_data = bm_indices[order], bm_data[order]
            lengths = np.fromiter((len(t) for t in terms_l), dtype=np.float64, count=n_rows)
            avgdl = float(lengths.mean()) if n_rows else 1.0
        else:
            vocab, avgdl = {}, 1.0
            bm_data = np.zeros(0, np.float32)
            bm_indices = np.zeros(0, np.int32)
            bm_indptr = np.zeros(1, np.int64)
        del terms_l
        prof, rec_avgdl = profile_arrays(records, vocab, k1, b)
        arrays.update(prof)

        # Facet postings (record level).
        facet_lists: dict[str, dict[str, list[int]]] = {}
        for i, r in enumerate(records):
            for name, values in r.facets.items():
                d = facet_lists.setdefault(name, {})
                for v in values:
                    d.setdefault(v, []).append(i)
        facet_index: dict[str, dict[str, list[int]]]
        post_parts, facet_index, pos = [], {}, 0
        for name, d in facet_lists.items():
            facet_index[name] = {}
            for v, lst in d.items():
                post_parts.append(np.asarray(lst, dtype=np.int32))
                facet_index[name][v] = [pos, pos + len(lst)]
                pos += len(lst)
        postings = np.concatenate(post_parts) if post_parts else np.zeros(0, np.int32)

        max_id = max((len(r.id.encode("utf-8")) for r in records), default=1)
        ids = np.array([r.id.encode("utf-8") for r in records], dtype=f"S{max(1, max_id)}")
        rec_lang = np.array([LANG_CODES.get(r.lang, 0) for r in records], dtype=np.int8)
        # Background sample: rows chosen by their records' tie-break hash (fixed, seeded).
        if n_rows:
            pick = np.argsort(tiebreak[row_rec], kind="stable")[:BG_SAMPLE]
            bg_rows = np.sort(pick).astype(np.int64)
        else:
            bg_rows = np.zeros(0, np.int64)
        order = np.argsort(ids, kind="stable").astype(np.int64)
        arrays.update(ids_order=order, ids_sorted=ids[order])
        title_vectors = np.zeros((n_rec, dim), dtype=np.float32)
        has_title = np.zeros(n_rec, dtype=bool)
        for i, r in enumerate(records):
            if r.title_vector is not None:
                title_vectors[i] = r.title_vector
                has_title[i] = True
        arrays.update(title_vectors=title_vectors, has_title=has_title)
        arrays.update(ids=ids, tiebreak=np.asarray(tiebreak, dtype=np.uint64), rec_lang=rec_lang,
                      vectors=np.ascontiguousarray(vectors), row_rec=row_rec, row_item=row_item,
                      row_lang=row_lang, bg_rows=bg_rows, bm_data=bm_data,
                      bm_indices=bm_indices, bm_indptr=bm_indptr, postings=postings,
                      offsets=np.zeros(n_rec, np.int64))
        meta = {"format": FORMAT_VERSION, "n_records": n_rec, "n_rows": int(n_rows),
                "dim": dim, "encoder": encoder_name, "k1": k1, "b": b, "avgdl": avgdl,
                "rec_avgdl": rec_avgdl,
                "facets": facet_index, "ivf": "ivf_centroids" in arrays,
                "_records": [r.to_json() for r in records]}
        return cls(None, meta, arrays, vocab)

    # ----------------------------------------------------------------------- save
    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        records = self.meta.get("_records")
        offsets = np.zeros(self.n_records, dtype=np.int64)
        with open(path / "records.jsonl", "wb") as f:
            for i in range(self.n_records):
                offsets[i] = f.tell()
                r = records[i] if records is not None else self.record(i)
                f.write(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n")
        arrays = {"ids": self.ids, "tiebreak": self.tiebreak, "rec_lang": self.rec_lang,
                  "vectors": self.vectors, "row_rec": self.row_rec, "row_item": self.row_item,
                  "row_lang": self.row_lang, "bg_rows": self.bg_rows, "bm_data": self.bm_data,
                  "bm_indices": self.bm_indices, "bm_indptr": self.bm_indptr,
                  "postings": self.postings, "offsets": offsets, "ids_order": self.ids_order,
                  "ids_sorted": self.ids_sorted, "title_vectors": self.title_vectors,
                  "has_title": self.has_title}
        if self.ivf_centroids is not None:
            arrays["ivf_centroids"] = self.ivf_centroids
            arrays["ivf_offsets"] = self.ivf_offsets
        if self.rec_df is not None:
            arrays.update(prof_rec=self.prof_rec, prof_vectors=self.prof_vectors,
                          pbm_data=self.pbm_data, pbm_indices=self.pbm_indices,
                          pbm_indptr=self.pbm_indptr, rec_df=self.rec_df)
        for name, arr in arrays.items():
            np.save(path / f"{name}.npy", np.asarray(arr), allow_pickle=False)
        with open(path / "vocab.json", "w", encoding="utf-8") as f:
            json.dump(self.vocab, f, ensure_ascii=False)
        meta = {k: v for k, v in self.meta.items() if k != "_records"}
        with open(path / "meta.json", "w", encoding="utf-8") as f:
            json.dump(meta, f, ensure_ascii=False)

    @classmethod
    def load(cls, path: Path, mmap: bool = True) -> MainSegment:
        with open(path / "meta.json", encoding="utf-8") as f:
            meta = json.load(f)
        if meta.get("format") != FORMAT_VERSION:
            raise IndexFormatError(f"{path}: index format {meta.get('format')}, expected "
                                   f"{FORMAT_VERSION}; rebuild the index")
        mode: Literal["r"] | None = "r" if mmap else None
        arrays = {}
        for name in ("ids", "tiebreak", "rec_lang", "vectors", "row_rec", "row_item", "row_lang",
                     "bg_rows", "bm_data", "bm_indices", "bm_indptr", "postings", "offsets",
                     "ids_order", "ids_sorted", "ivf_centroids", "ivf_offsets", "prof_rec",
                     "prof_vectors", "pbm_data", "pbm_indices", "pbm_indptr", "rec_df",
                     "title_vectors", "has_title"):
            p = path / f"{name}.npy"
            if p.exists():
                arrays[name] = np.load(p, mmap_mode=mode, allow_pickle=False)
        with open(path / "vocab.json", encoding="utf-8") as f:
            vocab = json.load(f)
        return cls(path, meta, arrays, vocab)


# ------------------------------------------------------------------------------- delta
class Delta:
    """Records upserted since the main segment was built (small, in memory)."""

    def __init__(self, dim: int):
        self.dim = dim
        self.records: dict[str, PreparedRecord] = {}
        self.tiebreak: dict[str, int] = {}
        self._dirty = True
        self._cache: dict[str, Any] = {}

    def __len__(self) -> int:
        return len(self.records)

    def put(self, rec: PreparedRecord, tiebreak: int) -> None:
        self.records.pop(rec.id, None)  # re-insert at the end
        self.records[rec.id] = rec
        self.tiebreak[rec.id] = int(tiebreak)
        self._dirty = True

    def drop(self, record_id: str) -> bool:
        if record_id in self.records:
            del self.records[record_id]
            self.tiebreak.pop(record_id, None)
            self._dirty = True
            return True
        return False

    def arrays(self) -> dict[str, Any]:
        """Stacked arrays and a small inverted index, rebuilt only after a change."""
        if not self._dirty:
            return self._cache
        from .fusion import LANG_CODES

        recs = list(self.records.values())
        vec_parts, row_rec, row_item, row_lang, lengths = [], [], [], [], []
        inv: dict[str, list[tuple[int, int]]] = {}
        df: Counter[str] = Counter()
        rdf: Counter[str] = Counter()  # records containing each term
        prof_rec, prof_len, prof_tf, prof_vec = [], [], [], []
        row = 0
        for i, r in enumerate(recs):
            vec_parts.append(r.vectors)
            rdf.update({t for terms in r.terms for t in terms})
            if len(r.terms) > 1:
                prof_rec.append(i)
                prof_len.append(sum(len(terms) for terms in r.terms))
                prof_tf.append(Counter(t for terms in r.terms for t in terms))
                v = np.asarray(r.vectors, dtype=np.float32).sum(axis=0)
                n = float(np.linalg.norm(v))
                prof_vec.append(v / n if n else v)
            for j, (lang, terms) in enumerate(zip(r.langs, r.terms)):
                row_rec.append(i)
                row_item.append(r.item_numbers[j] if r.item_numbers else j)
                row_lang.append(LANG_CODES.get(lang, 0))
                lengths.append(len(terms))
                for t, tf in Counter(terms).items():
                    inv.setdefault(t, []).append((row, tf))
                    df[t] += 1
                row += 1
        self._cache = {
            "records": recs,
            "vectors": (np.concatenate(vec_parts).astype(np.float32) if vec_parts
                        else np.zeros((0, self.dim), np.float32)),
            "row_rec": np.asarray(row_rec, dtype=np.int32),
            "row_item": np.asarray(row_item, dtype=np.int32),
            "row_lang": np.asarray(row_lang, dtype=np.int8),
            "lengths": np.asarray(lengths, dtype=np.float32),
            "inv": {t: (np.array([p[0] for p in v], np.int64), np.array([p[1] for p in v],
                                                                         np.float32))
                    for t, v in inv.items()},
            "df": df,
            "rdf": rdf,
            "prof_rec": np.asarray(prof_rec, dtype=np.int32),
            "prof_len": np.asarray(prof_len, dtype=np.float32),
            "prof_tf": prof_tf,
            "prof_vectors": (np.stack(prof_vec).astype(np.float32) if prof_vec
                             else np.zeros((0, self.dim), np.float32)),
            "rec_lengths": np.asarray([sum(len(t) for t in r.terms) for r in recs],
                                      dtype=np.float32),
            "tiebreak": np.array([self.tiebreak[r.id] for r in recs], dtype=np.uint64),
            "title_vectors": (np.stack([np.zeros(self.dim, np.float32) if r.title_vector is None
                                        else np.asarray(r.title_vector, np.float32) for r in recs])
                              if recs else np.zeros((0, self.dim), np.float32)),
            "has_title": np.array([r.title_vector is not None for r in recs], dtype=bool),
        }
        self._dirty = False
        return self._cache

    def bm25(self, terms: list[str], weights: list[float], idf: dict[str, float],
             avgdl: float, k1: float, b: float) -> np.ndarray:
        """Lucene BM25 of the delta rows with the index-wide idf and average length."""
        a = self.arrays()
        out = np.zeros(a["lengths"].shape[0], dtype=np.float32)
        if not out.size:
            return out
        norm = k1 * ((1 - b) + b * a["lengths"] / max(avgdl, 1e-9))
        for t, w in zip(terms, weights):
            p = a["inv"].get(t)
            if p is None:
                continue
            rows, tf = p
            out[rows] += np.float32(w * idf.get(t, 0.0)) * tf / (tf + norm[rows])
        return out

    def profile_bm25(self, terms: list[str], weights: list[float], idf: dict[str, float],
                     avgdl: float, k1: float, b: float) -> np.ndarray:
        """Lucene BM25 of the delta's multi-row records, each taken as one document."""
        a = self.arrays()
        out = np.zeros(a["prof_rec"].shape[0], dtype=np.float32)
        for p, (tfs, length) in enumerate(zip(a["prof_tf"], a["prof_len"])):
            norm = k1 * ((1 - b) + b * float(length) / max(avgdl, 1e-9))
            out[p] = sum(w * idf.get(t, 0.0) * tfs[t] / (tfs[t] + norm)
                         for t, w in zip(terms, weights) if t in tfs)
        return out

    def facet_mask(self, filters: dict[str, list[str]]) -> np.ndarray | None:
        if not filters:
            return None
        recs = self.arrays()["records"]
        parsed = [(*is_negated(name), set(vals)) for name, vals in filters.items()]
        return np.array([all(bool(vals.intersection(r.facets.get(facet, ()))) != negated
                             for negated, facet, vals in parsed) for r in recs], dtype=bool)

    # ---------------------------------------------------------------- persistence
    def save(self, stem: Path, tombstones: list[int]) -> None:
        a = self.arrays()
        np.save(str(stem) + ".npy", a["vectors"], allow_pickle=False)
        np.save(str(stem) + ".titles.npy", a["title_vectors"], allow_pickle=False)
        doc = {"format": FORMAT_VERSION, "records": [r.to_json() for r in a["records"]],
               "tiebreak": {k: str(v) for k, v in self.tiebreak.items()},
               "tombstones": tombstones}
        tmp = str(stem) + ".json.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        os.replace(tmp, str(stem) + ".json")

    @classmethod
    def load(cls, stem: Path, dim: int) -> tuple[Delta, list[int]]:
        d = cls(dim)
        with open(str(stem) + ".json", encoding="utf-8") as f:
            doc = json.load(f)
        if doc.get("format") != FORMAT_VERSION:
            raise IndexFormatError(f"{stem}: delta format {doc.get('format')}, expected "
                                   f"{FORMAT_VERSION}; rebuild the index")
        vecs = np.load(str(stem) + ".npy", allow_pickle=False)
        titles = np.load(str(stem) + ".titles.npy", allow_pickle=False)
        row = 0
        for i, r in enumerate(doc["records"]):
            n = len(r["texts"])
            rec = PreparedRecord(r["id"], r["title"], r["lang"], r["facets"], r["texts"],
                                 r["langs"], r["terms"], vecs[row:row + n].copy(), r["items"],
                                 titles[i].copy() if r.get("has_title") else None)
            row += n
            d.put(rec, int(doc["tiebreak"][r["id"]]))
        return d, [int(x) for x in doc["tombstones"]]


def is_negated(name: str) -> tuple[bool, str]:
    """``"-owner"`` → (True, "owner"): a filter on a facet's absence (the reader's own records left out
    before ranking, so that a firm owning many records still gets ``k`` results of others)."""
    return (True, name[1:]) if name.startswith("-") else (False, name)
