"""Query-adaptive fusion of the words side (BM25) and the meaning side (cosine).

Both sides are first put on a footing where 0 means "like an unrelated record" and 1 means
"as good as it gets", using only what the query and the score distribution say:

``coverage`` (words)
    BM25 score divided by the most the query could score, ``sum(idf(t))`` over the query's
    terms (lucene BM25's term-frequency part is at most 1; a term the index has never seen
    counts with the idf of an unseen term).  A keyword query that meets its paper scores
    near 1; an abstract used as a query spreads its information over a hundred terms, so even
    a good topical neighbour covers only a few per cent.  Query length is therefore part of
    the scale instead of a tuned weight.  A record in the other language may instead cover
    the query's translation through the domain dictionary (the bridge), which counts in
    proportion to the share of the query that was translated.  Clipped to [0, 1].

``gain`` (meaning)
    ``cos - bg`` where ``bg`` is the median cosine of the query against a fixed sample of the
    index: the typical *unrelated* record.  Short queries sit on a high background (every
    record looks somewhat alike to them), long ones on a low one; measuring from the
    background makes "no evidence" zero on both sides, which the language imputation below
    and the item aggregation rely on.  (Also dividing by ``1 - bg`` was tried; it changed
    nothing measurable on the development sets, so the simpler form stays.)

The two are added, but the words side can only speak for the part of the query that could
appear in the record at all.  With ``rho(q, d)`` the share of the query's idf mass that is
*matchable* in record ``d`` (same language: all of it; Chinese query vs English record: its
numbers, Latin acronyms and the domain terms the bilingual bridge can translate), the
words evidence about the unmatchable share is *missing*, not negative, and the meaning side
stands in for it::

    fused(q, d) = coverage(q, d) + (2 - rho(q, d)) * gain(q, d)

For a same-language pair this is ``coverage + gain``; for a pure cross-language pair
``coverage + 2 gain``, so an English resource is not out-ranked by a Chinese one merely
because the Chinese one can share words with a Chinese need.

Records made of several items (long profiles) are fused item by item and aggregated by
:func:`aggregate_items`: the best item plus a geometrically discounted bonus for further
supporting items (only items above the background support).

No constant here was fitted to a benchmark; see docs/adr/0201-matching-engine.md for the
derivation and the development / held-out figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .text import has_han

LANG_CODES = {"und": 0, "zh": 1, "en": 2, "mixed": 3}
LANG_NAMES = {v: k for k, v in LANG_CODES.items()}

_NUMERIC_CHARS = set("0123456789.")


def lucene_idf(df: np.ndarray | float, n: int) -> np.ndarray | float:
    """Lucene's BM25 idf, ``ln(1 + (N - df + 0.5) / (df + 0.5))`` (as bm25s 'lucene')."""
    return np.log1p((n - np.asarray(df, dtype=np.float64) + 0.5) / (np.asarray(df) + 0.5))


def term_class(term: str, surface: str | None = None) -> str:
    """``"num"`` (numbers, also "5g"/"3d"-like codes), ``"acronym"``, ``"han"`` or ``"latin"``."""
    if has_han(term):
        return "han"
    if any(c in _NUMERIC_CHARS for c in term):
        return "num"
    if surface is not None and len(surface) >= 2 and surface.isupper():
        return "acronym"
    return "latin"


@dataclass
class QueryPlan:
    """Everything fusion needs to know about one query, computed once per search."""

    text: str
    lang: str
    terms: list[str]                 # BM25 terms of the query (with repeats)
    bridge: list[str]                # the query translated through the domain dictionary
    idf: dict[str, float] = field(default_factory=dict)   # idf of each distinct term
    attainable: float = 0.0          # sum of idf over the query terms (with repeats)
    bridge_attainable: float = 0.0   # sum of idf over the translated terms
    bridged_share: float = 0.0       # share of the query's idf mass the translation covers
    rho_by_lang: np.ndarray = field(default_factory=lambda: np.ones(4, dtype=np.float32))
    record_idf: dict[str, float] | None = None  # record-level idf (long profiles), lazily
    bridge_from: dict[str, list[str]] = field(default_factory=dict)  # term -> query words


def matchable_share(terms: list[str], classes: list[str], bridged: set[int],
                    idf: dict[str, float], query_lang: str) -> np.ndarray:
    """``rho`` for each record language code (und, zh, en, mixed).

    A query term is matchable in a record of language L when: it is a number or an acronym
    (written the same in both languages); or its script is L's script; or, for a Latin word
    inside a Chinese query (names, formulae), L is Chinese too, since Chinese text writes
    those in Latin letters; or the bilingual bridge translated it (``bridged`` holds token
    indices).  Mixed and undetermined records can match everything.
    """
    total = 0.0
    parts = {"zh": 0.0, "en": 0.0}
    for i, (t, c) in enumerate(zip(terms, classes)):
        w = idf.get(t, 0.0)
        total += w
        bridged_t = i in bridged
        if c in ("num", "acronym"):
            parts["zh"] += w
            parts["en"] += w
        elif c == "han":
            parts["zh"] += w
            if bridged_t:
                parts["en"] += w
        else:  # latin word
            parts["en"] += w
            if query_lang in ("zh", "mixed") or bridged_t:
                parts["zh"] += w
    rho = np.ones(4, dtype=np.float32)
    if total > 0:
        rho[LANG_CODES["zh"]] = parts["zh"] / total
        rho[LANG_CODES["en"]] = parts["en"] / total
    return rho


def bridged_share(terms: list[str], bridged: set[int], idf: dict[str, float]) -> float:
    total = sum(idf.get(t, 0.0) for t in terms)
    if total <= 0:
        return 0.0
    return sum(idf.get(t, 0.0) for i, t in enumerate(terms) if i in bridged) / total


def coverage(bm25: np.ndarray, attainable: float, bridge_bm25: np.ndarray | None = None,
             bridge_attainable: float = 0.0, share: float = 0.0) -> np.ndarray:
    """Words evidence: the share of the query's attainable BM25 score, in [0, 1].

    Through the bilingual bridge a record can instead cover the *translated* query; that
    counts as ``share * bm25_bridge / bridge_attainable`` (a complete translation of the whole
    query is worth a complete match).  A record gets the better of the two readings.
    """
    cov = (bm25 / np.float32(attainable) if attainable > 0
           else np.zeros_like(bm25, dtype=np.float32))
    if bridge_bm25 is not None and bridge_attainable > 0 and share > 0:
        cov = np.maximum(cov, bridge_bm25 * np.float32(share / bridge_attainable))
    return np.clip(cov, 0.0, 1.0).astype(np.float32, copy=False)


def background(cos_sample: np.ndarray) -> float:
    """The cosine of a typical unrelated record: the median over a fixed index sample."""
    if cos_sample.size == 0:
        return 0.0
    return float(min(np.median(cos_sample), 0.99))


def meaning_gain(cos: np.ndarray, bg: float) -> np.ndarray:
    """``cos - bg``: how far above a typical (unrelated) record the cosine is."""
    return (cos - np.float32(bg)).astype(np.float32, copy=False)


def fuse(cov: np.ndarray, gain: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """``coverage + (2 - rho) * gain`` (see the module docstring)."""
    fused: np.ndarray = cov + (np.float32(2.0) - rho) * gain
    return fused


def aggregate_items(scores: np.ndarray) -> float:
    """Score of a record from its items' fused scores: best + discounted support.

    ``best + sum_{j>=2} max(0, s_j) / 2**j`` over the items sorted best first: a second item as
    good as the best adds a quarter of it, a third an eighth, and so on, so breadth helps but
    can never add more than half of the best item; items at or below the background (fused
    score <= 0) add nothing.
    """
    if scores.size == 1:
        return float(scores[0])
    s = np.sort(scores)[::-1]
    best = float(s[0])
    rest = np.maximum(s[1:], 0.0)
    weights = 0.5 ** np.arange(2, 2 + rest.size)
    return best + float(np.dot(rest, weights))


def record_scores(agg: np.ndarray, groups: np.ndarray, prof_groups: np.ndarray,
                  prof_scores: np.ndarray, how: str) -> np.ndarray:
    """Combine the row view of each record with the whole-record view of long profiles.

    ``agg`` is the row view per candidate record (``groups`` its ids, ascending): the best
    row (words, meaning) or :func:`aggregate_items` (production).  ``prof_groups`` /
    ``prof_scores`` are the same scores computed on each multi-row record taken as one text
    (BM25 over all its rows, the normalised mean of its row vectors).  ``how="max"`` keeps the
    better reading (a coverage or a cosine: the record contains what its best row contains and
    more); ``how="mean"`` averages the two views (production: "one passage is very close" and
    "the profile as a whole is close" are two estimates of one relevance).  A one-row record
    has no second view and keeps its score.
    """
    out = agg.copy()
    if not prof_groups.size or not groups.size:
        return out
    pos = np.searchsorted(groups, prof_groups)
    ok = pos < groups.size
    ok[ok] = groups[pos[ok]] == prof_groups[ok]
    at, ps = pos[ok], prof_scores[ok]
    out[at] = np.maximum(out[at], ps) if how == "max" else (out[at] + ps) / 2.0
    return out


def aggregate_max(scores: np.ndarray) -> float:
    return float(scores.max())


def plan_idf(terms: list[str], df_lookup: Callable[[str], int], n_docs: int) -> dict[str, float]:
    """idf per distinct term; unseen terms get the idf of df = 0 (the rarest possible)."""
    out: dict[str, float] = {}
    for t in set(terms):
        out[t] = float(lucene_idf(df_lookup(t), max(n_docs, 1)))
    return out


def attainable_score(terms: list[str], idf: dict[str, float]) -> float:
    return float(math.fsum(idf[t] for t in terms))
