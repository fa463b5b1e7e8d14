"""When to answer nothing: a meaning floor calibrated per index on generated nonsense.

A query is answered when it has an *informative word hit* (one of its informative terms,
:mod:`.informative`, or of its dictionary translation occurs in the index) or when the best
cosine among its candidate rows reaches the index's *meaning floor*.  Otherwise the search
abstains: nothing in the index is close enough to show.

The floor is measured, not chosen: :func:`nonsense_probes` generates :data:`N_PROBES`
strings that mean nothing (random Latin letter strings, pronounceable pseudo-words, random
Han characters, mixtures; seeded, so every build makes the same ones), each is searched like
a query, and the floor is the :data:`PERCENTILE` th percentile of their best cosines plus
:data:`MARGIN`.  It follows the encoder and the index: an index of near-duplicates, or an
encoder whose background cosine is high, gets a higher floor.  Calibrating costs one search
per probe (a few seconds at 100k rows) and is done when a main segment is built; the floor
is stored in the segment's metadata.

A *short* query (ADR 0202 Decision 6) is also answered when the best cosine between it and the
titles of its re-rank candidates reaches the index's *title floor*, measured the same way on the
same probes (all short): the highest probe's best title cosine plus :data:`TITLE_MARGIN`.  A
short need in one language has no word to hit in records of the other and its best cosine with
whole abstracts sits near the meaning floor, while its cosine with the title of the record it is
about is well above anything nonsense reaches.

A short query is also answered when two views *agree* (ADR 0202 Decision 7): the re-rank candidate
whose title is closest to the query is the fused ranking's first, and that title cosine reaches the
*agreement floor*: the highest best title cosine among the probes whose views agreed too, plus
:data:`TITLE_MARGIN`.  The plain title floor bounds the share of nonsense answered by about one in
:data:`N_PROBES` (the highest of that many probes); the agreement floor bounds the share of nonsense
that agrees *and* reaches it by the same amount (agreement is itself rare for nonsense: a few in a
hundred probes), so it may be lower without answering more nonsense.  With no agreeing probe there is
nothing to calibrate on and the rule adds nothing (the agreement floor is the title floor).  Since
agreeing probes are few (about one in twenty), the agreement floor is measured on
:data:`N_AGREEMENT_PROBES` probes (the :data:`N_PROBES` of the other floors and more of the same
seeded sequence): its tail is then estimated from some forty agreeing probes rather than ten, and
the agreement route answers nonsense about a quarter as often as the title floor does.
"""

from __future__ import annotations

import random
from typing import NamedTuple

N_PROBES = 192
N_AGREEMENT_PROBES = 4 * N_PROBES  # the agreement floor's probes (the first N_PROBES are the others')
PERCENTILE = 100.0
MARGIN = 0.05
TITLE_MARGIN = 0.05
PROBE_SEED = 20261



class TitleCheck(NamedTuple):
    """What a short query's title comparison found among its re-rank candidates."""

    best: float  # the best cos(query, title) among them
    agrees: bool  # the candidate with that title is the fused ranking's first


_CONSONANTS = "bcdfghjklmnprstvwxz"
_VOWELS = "aeiou"


def _latin_word(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))


def _pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 4)))


def _han(rng: random.Random, n: int) -> str:
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n))


def nonsense_probes(n: int = N_PROBES, seed: int = PROBE_SEED) -> list[str]:
    """``n`` meaningless query strings of four kinds, a quarter each (seeded)."""
    rng = random.Random(seed)
    out: list[str] = []
    for i in range(n):
        kind = i % 4
        if kind == 0:
            out.append(" ".join(_latin_word(rng) for _ in range(rng.randint(1, 4))))
        elif kind == 1:
            out.append(" ".join(_pseudo_word(rng) for _ in range(rng.randint(1, 4))))
        elif kind == 2:
            out.append(_han(rng, rng.randint(2, 10)))
        else:
            out.append(f"{_pseudo_word(rng)} {_han(rng, rng.randint(2, 5))}")
    return out


def floor_from(best_cosines: list[float], percentile: float = PERCENTILE,
               margin: float = MARGIN) -> float:
    """The meaning floor from the probes' best cosines."""
    if not best_cosines:
        return 1.0
    s = sorted(best_cosines)
    pos = (len(s) - 1) * percentile / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return float(s[lo] + (s[hi] - s[lo]) * (pos - lo) + margin)


def title_floor_from(best_title_cosines: list[float], margin: float = TITLE_MARGIN) -> float:
    """The title floor from the probes' best title cosines (the highest plus ``margin``)."""
    return floor_from(best_title_cosines, PERCENTILE, margin)


def title_agreement_floor_from(agreeing_title_cosines: list[float], title_floor: float,
                               margin: float = TITLE_MARGIN) -> float:
    """The agreement floor: the highest best title cosine among the probes whose title-best candidate
    was the fused first, plus ``margin``; never above ``title_floor`` (agreeing is never a reason to
    answer less), and ``title_floor`` itself when no probe agreed."""
    if not agreeing_title_cosines:
        return title_floor
    return min(title_floor, floor_from(agreeing_title_cosines, PERCENTILE, margin))
