"""Why a record matched, as data (codes + parameters), never as sentences.

The Django layer turns each :class:`Reason` into a translated sentence; the engine only says
what it saw.  Codes produced by the engine:

``matched_terms``       ``{"terms": [surface forms as written in the record], "bridged":
                         [those reached through the bilingual domain bridge],
                         "counterparts": {bridged term: the query's word it translates}}``;
                         only informative words (:mod:`.informative`) are ever named
``semantic_closeness``  ``{"band": "very_close" | "close" | "related", "cosine": float}``
``cross_language``      ``{"query_lang": "zh", "record_lang": "en", "pairs": [[term in the
                         record, its counterpart in the query], ...]}`` (pairs may be empty)
``supporting_items``    ``{"count": n, "items": [item numbers, best first]}`` (long profiles)

The Django layer adds its own structured reasons (shared industries, a city's specialty,
kind compatibility: it knows organisations, cities and kinds) as :class:`Reason` objects.

A *hook* is any callable ``hook(query: QueryContext, match: Match) -> Iterable[Reason]``;
pass hooks to :meth:`MatchIndex.search` to have them run on every returned match.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .text import has_han

if TYPE_CHECKING:
    from .text import Analyzer

# Cosine bands for USE multilingual v3: zh<->en translations of one sentence land near 0.8,
# paraphrases and close topical neighbours 0.55-0.75; below 0.4 it is background.
BANDS = (("very_close", 0.70), ("close", 0.55), ("related", 0.40))
MAX_TERMS = 8


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params}


@dataclass
class QueryContext:
    """What a hook may look at: the query as the engine understood it."""

    text: str
    lang: str
    terms: list[str]
    filters: dict[str, list[str]]
    extra: dict[str, Any] = field(default_factory=dict)


ReasonHook = Callable[[QueryContext, Any], Iterable[Reason]]


def closeness_band(cosine: float) -> str | None:
    for name, threshold in BANDS:
        if cosine >= threshold:
            return name
    return None


def semantic_reason(cosine: float) -> Reason | None:
    band = closeness_band(cosine)
    if band is None:
        return None
    return Reason("semantic_closeness", {"band": band, "cosine": round(float(cosine), 3)})


_WORD_RE = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")


def _spans(analyzer: Analyzer, text: str, wanted: set[str]) -> list[tuple[int, int, str]]:
    """Where the wanted terms occur in ``text``: English words are re-stemmed in place,
    Chinese terms found by substring search (no re-segmentation: about 0.1 ms a text)."""
    low = text.lower()
    if len(low) != len(text):
        low = text
    spans = []
    for m in _WORD_RE.finditer(low):
        w = m.group(0)
        if len(w) < 2:
            continue
        t = analyzer.stem(w) if w[0].isalpha() else w
        if t in wanted:
            spans.append((m.start(), m.end(), t))
    for t in wanted:
        if has_han(t):
            i = low.find(t)
            if i >= 0:
                spans.append((i, i + len(t), t))
    return sorted(spans)


def matched_terms_reason(analyzer: Analyzer, record_texts: list[str], record_terms: list[list[str]],
                         query_terms: list[str], bridge_terms: list[str],
                         idf: dict[str, float],
                         informative: Callable[[str], bool] | None = None,
                         bridge_from: dict[str, list[str]] | None = None) -> Reason | None:
    """Query terms found in the record, reported as written there, most informative first.

    ``record_terms`` are the stored BM25 terms of the same texts, so only terms that really
    matched are looked for.  Matched tokens that touch in the record (overlapping sub-words,
    or words joined by a space or hyphen, as in "Wafer-level packaging") are reported as one
    phrase.  ``informative`` filters the terms that may be named at all (stop-words, legal
    suffixes, numbers, units, city names and very common terms never are); ``bridge_from``
    maps a translated term to the query words it translates; a bridged phrase shows as its
    counterpart the smallest query word that translates all of its terms ("晶圆级封装测试" for
    "Wafer-Level Packaging test"), else the widest one among them.
    """
    query = set(query_terms) | set(bridge_terms)
    if informative is not None:
        query = {t for t in query if informative(t)}
    if not query:
        return None
    bridged_only = set(bridge_terms) - set(query_terms)
    phrases: dict[str, tuple[float, bool]] = {}
    sources: dict[str, list[list[str]]] = {}
    for text, terms in zip(record_texts, record_terms):
        wanted = query.intersection(terms)
        if not wanted:
            continue
        merged: list[list[Any]] = []
        for st, en, term in _spans(analyzer, text, wanted):
            w, br = idf.get(term, 0.0), term in bridged_only
            src = (bridge_from or {}).get(term) if br else None  # this term's query words
            if merged and st - merged[-1][1] <= 1 and text[merged[-1][1]:st] in ("", " ", "-"):
                m = merged[-1]
                if st >= m[1]:
                    m[2] += w
                m[1] = max(m[1], en)
                m[3] = m[3] and br
                if src:
                    m[4].append(src)
            else:
                merged.append([st, en, w, br, [src] if src else []])
        for st, en, w, br, srcs in merged:
            surface = text[st:en]
            if surface not in phrases:
                phrases[surface] = (w, br)
                sources[surface] = srcs
    if not phrases:
        return None
    ranked: list[str] = []
    for p in sorted(phrases, key=lambda p: (-phrases[p][0], -len(p))):
        if not any(p.lower() in r.lower() for r in ranked):  # "隔膜" inside "锂电池隔膜"
            ranked.append(p)
    ranked = ranked[:MAX_TERMS]
    bridged = [p for p in ranked if phrases[p][1]]
    return Reason("matched_terms", {
        "terms": ranked, "bridged": bridged,
        "counterparts": {p: _counterpart(sources[p]) for p in bridged if sources.get(p)}})


def _counterpart(per_term: list[list[str]]) -> str:
    """The query word a bridged phrase translates: the smallest one that all of its terms
    come from, else the widest of them."""
    common = set(per_term[0]).intersection(*per_term[1:])
    if common:
        return min(common, key=lambda w: (len(w), w))
    return max((w for ws in per_term for w in ws), key=lambda w: (len(w), w))


def cross_language_reason(query_lang: str, record_lang: str,
                          terms: Reason | None = None) -> Reason | None:
    """``cross_language`` with the pairs (term in the record, its counterpart in the query)
    that the bilingual bridge matched, taken from the ``matched_terms`` reason."""
    if {query_lang, record_lang} == {"zh", "en"}:
        counterparts = terms.params.get("counterparts", {}) if terms is not None else {}
        return Reason("cross_language", {"query_lang": query_lang, "record_lang": record_lang,
                                         "pairs": [[t, q] for t, q in counterparts.items()]})
    return None


def supporting_items_reason(items: list[int]) -> Reason | None:
    if len(items) < 2:
        return None
    return Reason("supporting_items", {"count": len(items), "items": items})


# ------------------------------------------------------------------------------- hooks
def facet_overlap_hook(facet: str, values: Iterable[str], code: str = "shared_industries"
                       ) -> ReasonHook:
    """A ready hook: reports the record's values of ``facet`` that are in ``values``."""
    wanted = set(values)

    def hook(query: QueryContext, match: Any) -> Iterable[Reason]:
        shared = sorted(wanted.intersection(match.facets.get(facet, ())))
        if shared:
            yield Reason(code, {"industries" if code == "shared_industries" else "values":
                                shared})

    return hook
