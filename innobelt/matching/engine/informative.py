"""Which words are worth naming: reasons and the abstention rule only count informative ones.

A matched word is *uninformative* when it says nothing about what a record offers:

* a word of ``data/uninformative.txt`` (legal forms such as 有限公司 / Co. / Ltd, the Belt's
  city and district names, units such as nm / kg / ℃, filler such as "New" or 新型), taken
  as the analyser sees it (a Chinese entry also covers the dictionary words inside it, an
  English one its stem);
* a bare number ("500", "0.05") or a number glued to a unit ("500nm", "3kg");
* a single Han character (kept for BM25 recall, but alone it is rarely a word a reader would
  call a reason, and random Chinese strings fall apart into them);
* a term found in more than :data:`MAX_DF_SHARE` of the index's rows (once the index has at
  least :data:`MIN_ROWS_FOR_DF` rows): a word every record has is no reason to pick one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from .text import DATA_DIR, Analyzer, has_han

MAX_DF_SHARE = 0.10
MIN_ROWS_FOR_DF = 50
_NUMBER_RE = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_NUMBER_UNIT_RE = re.compile(r"^[0-9]+(?:\.[0-9]+)?([a-zμ°℃]+)$")


def _read(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


class Informative:
    """``is_informative(term, df, n_rows)`` over the analyser's terms."""

    def __init__(self, analyzer: Analyzer, path: Path | None = None):
        words = _read(path or DATA_DIR / "uninformative.txt")
        terms: set[str] = set()
        for w in words:
            terms.update(analyzer.terms(w))
            terms.add(w.lower())
        self.terms = frozenset(terms)
        self.units = frozenset(t for w in words for t in analyzer.terms(w)
                               if t.isascii() and t.isalpha() and len(t) <= 4)

    def is_informative(self, term: str, df: int = 0, n_rows: int = 0) -> bool:
        if not term or term in self.terms:
            return False
        if _NUMBER_RE.match(term):
            return False
        m = _NUMBER_UNIT_RE.match(term)
        if m and (m.group(1) in self.units or m.group(1) in self.terms):
            return False
        if has_han(term) and len(term) == 1:
            return False
        return not (n_rows >= MIN_ROWS_FOR_DF and df > MAX_DF_SHARE * n_rows)

    def predicate(self, df: Callable[[str], int], n_rows: int) -> Callable[[str], bool]:
        """``term -> bool`` for one index (its document frequencies)."""
        return lambda t: self.is_informative(t, df(t), n_rows)


@lru_cache(maxsize=4)
def informative_for(analyzer: Analyzer) -> Informative:
    return Informative(analyzer)
