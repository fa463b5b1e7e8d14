"""A second encoder's vectors of short fields, to re-rank the fused top candidates (ADR 0202, Decision 4).

Issue 20 asks whether multilingual-e5-small (:class:`.encoder.E5Encoder`) earns its cost for a short need
typed in one language against records written in the other.  E5 encodes a ~1,000-character text in
about a second, so only *short* fields (a record's title or name, query-sized) can be encoded for every
record at index time.  :class:`ShortFieldVectors` holds those vectors (record id -> E5 vector of its
title), built through the embedding cache and saved beside an index; :meth:`ShortFieldVectors.rerank`
re-orders the production ranking's top ``top`` records by

    z(fused score) + weight * z(cos(E5 query vector, E5 title vector))

both standardised over those candidates (E5's cosines sit in a narrow band, so they are put on the
fused scores' scale rather than added raw); a candidate without a title gets the mean (z = 0), and
records below the top ``top`` keep their order.  Only *short* queries are re-ranked (at most
``SHORT_QUERY_UNITS`` text units, a Han character counting 3: a title or a one- or two-sentence need):
E5 encodes a query of an abstract's length in about a second, and a long query is not the regime this
is for (its words side and USE already carry it); a long query keeps the production ranking.  A set of vectors refuses another encoder, as an index
does.  Measured with E5, and not adopted: see the ADR.

Production (ADR 0202 Decision 6) does the same with the index's *own* encoder (USE): the title
vectors are stored in the index (:class:`.store.MainSegment` ``title_vectors``, the delta) and
:meth:`.index.MatchIndex.search` re-ranks with :func:`rerank_scores`, :data:`RERANK_TOP` and
:data:`TITLE_WEIGHT` from here.  :class:`ShortFieldVectors` stays for measuring another encoder's
titles (``matching eval --rerank-short``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from .encoder import CachedEncoder, encode_queries
from .records import Record
from .text import normalize, text_units

__all__ = ["RERANK_MIN_TITLES", "RERANK_TOP", "SHORT_QUERY_UNITS", "TITLE_WEIGHT", "ShortFieldVectors", "is_short", "rerank_scores"]

SHORT_QUERY_UNITS = 300
RERANK_TOP = 50  # the fused ranking's top records that a short query's title re-rank re-orders
TITLE_WEIGHT = 1.0  # w of z(fused) + w * z(cos(query, title)) in production (ADR 0202 Decision 6)
# fewer titled candidates than this: the fused order stands (a z-score over a handful of records swings
# on one record: with 4 or 5 candidates a slightly closer title undid a clear words win)
RERANK_MIN_TITLES = 10


def is_short(text: str) -> bool:
    """A query the title re-rank is for: at most :data:`SHORT_QUERY_UNITS` text units (a Han
    character counting 3), i.e. a title or a one- or two-sentence need."""
    return text_units(normalize(text)) <= SHORT_QUERY_UNITS


def _z(x: np.ndarray) -> np.ndarray:
    sd = float(x.std())
    return (x - float(x.mean())) / sd if sd > 1e-9 else np.zeros_like(x)


def rerank_scores(fused: Sequence[float], cosines: Sequence[float | None], weight: float = 1.0) -> np.ndarray:
    """``z(fused) + weight * z(cos)`` over the candidates; a missing cosine counts as the mean."""
    f = np.asarray(fused, dtype=np.float64)
    have = np.array([c is not None for c in cosines], dtype=bool)
    zc = np.zeros_like(f)
    if have.sum() >= 2:
        c = np.array([0.0 if x is None else float(x) for x in cosines])
        zc[have] = _z(c[have])
    return _z(f) + weight * zc


class ShortFieldVectors:
    """Record id -> vector of its short field (title or name) by ``encoder`` (normally E5)."""

    def __init__(self, encoder: CachedEncoder, ids: Sequence[str] = (), vectors: np.ndarray | None = None):
        self.encoder = encoder
        self.ids = list(ids)
        self.vectors = (np.zeros((0, encoder.dim), dtype=np.float32) if vectors is None
                        else np.asarray(vectors, dtype=np.float32))
        self._row = {r: i for i, r in enumerate(self.ids)}

    @classmethod
    def build(cls, records: Iterable[Record], encoder: CachedEncoder, progress: bool = False) -> ShortFieldVectors:
        """Encode every record's title (records without one get no vector) as passages, through the cache."""
        ids, texts = [], []
        for r in records:
            t = normalize(r.title or "")
            if t:
                ids.append(r.id)
                texts.append(t)
        vecs = encoder.encode(texts, progress="short fields" if progress else False) if texts else None
        return cls(encoder, ids, vecs)

    def __len__(self) -> int:
        return len(self.ids)

    def save(self, directory: str | Path) -> None:
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        np.save(d / "short_vectors.npy", self.vectors)
        (d / "short_fields.json").write_text(json.dumps({"encoder": self.encoder.name, "ids": self.ids}))

    @classmethod
    def load(cls, directory: str | Path, encoder: CachedEncoder) -> ShortFieldVectors:
        d = Path(directory)
        meta = json.loads((d / "short_fields.json").read_text())
        if meta["encoder"] != encoder.name:
            raise ValueError(f"short-field vectors were made with {meta['encoder']}, not {encoder.name}")
        return cls(encoder, meta["ids"], np.load(d / "short_vectors.npy", mmap_mode="r"))

    def applies(self, text: str) -> bool:
        """Is ``text`` a query this re-rank is for (short, and there are titles to compare)?"""
        return bool(self.ids) and is_short(text)

    def query_vector(self, text: str) -> np.ndarray:
        """The query's vector by this encoder (its query side; never cached)."""
        vec: np.ndarray = encode_queries(self.encoder, [normalize(text)])[0]
        return vec

    def cosines(self, ids: Sequence[str], qvec: np.ndarray) -> list[float | None]:
        rows = [self._row.get(i) for i in ids]
        have = [r for r in rows if r is not None]
        sims: list[float] = []
        if have:
            sims = (np.asarray(self.vectors[have], dtype=np.float32) @ np.asarray(qvec, dtype=np.float32)).tolist()
        it = iter(sims)
        return [None if r is None else next(it) for r in rows]

    def rerank(self, ids: Sequence[str], scores: Sequence[float], qvec: np.ndarray, *,
               top: int = 50, weight: float = 1.0) -> list[str]:
        """``ids`` (best first, with their fused ``scores``) with the first ``top`` re-ordered."""
        head = list(ids[:top])
        if len(head) < 2:
            return list(ids)
        combined = rerank_scores(scores[:top], self.cosines(head, qvec), weight)
        order = sorted(range(len(head)), key=lambda i: (-combined[i], i))
        return [head[i] for i in order] + list(ids[top:])
