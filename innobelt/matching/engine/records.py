"""What goes into the matching index and what comes out of it: ``Record`` (input), ``Match`` and
``SearchResult`` (output), ``BuildStats``, and the facet filters' one shape (``facets_of``).

This module imports no Django.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .reasons import Reason


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
        self.explainer: Callable[[Match], list[Reason]] | None = None  # set by search(explain="later")

    def reasons_for(self, match: Match) -> list[Reason]:
        """The reasons of one of these matches: attached already, or worked out now for a search
        with ``explain="later"`` (the same reasons ``explain=True`` attaches, computed only for the
        matches a caller keeps)."""
        if self.explainer is None:
            return list(match.reasons)
        return self.explainer(match)

    def __repr__(self) -> str:
        extra = f", abstained=True, reason={self.reason!r}" if self.abstained else ""
        return f"SearchResult({list.__repr__(self)}{extra})"


@dataclass
class BuildStats:
    records: int
    rows: int
    encoded: int  # texts that really went through the encoder (the rest came from the cache)
    seconds: float


def facets_of(raw: Mapping[str, Sequence[str] | str]) -> dict[str, list[str]]:
    """Facets as stored: every value a list of strings (``{"kind": "resource"}`` → ``{"kind": ["resource"]}``)."""
    out: dict[str, list[str]] = {}
    for k, v in (raw or {}).items():
        vals = [v] if isinstance(v, str) else list(v)
        out[str(k)] = [str(x) for x in vals]
    return out


def filters_of(raw: Filters | None) -> dict[str, list[str]]:
    """Search filters in the same shape (none: ``{}``)."""
    return facets_of(raw) if raw else {}
