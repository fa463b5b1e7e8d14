"""Tie-breaking shared by the index and the evaluation: a fixed seeded hash per record id.

Its own module so that :mod:`.index` and :mod:`.evaluate` do not import each other (the
evaluation builds indexes; the index needs the same tie-break keys).
"""

from __future__ import annotations

import hashlib

import numpy as np


def tiebreak_keys(ids: list[str], seed: int = 0) -> np.ndarray:
    """A fixed pseudo-random uint64 per id (seeded hash; independent of position)."""
    s = str(seed).encode()
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(i.encode("utf-8"), digest_size=8, key=s).digest(),
                        "little") for i in ids), dtype=np.uint64, count=len(ids))


def rank_with_ties(scores: np.ndarray, keys: np.ndarray, k: int,
                   valid: np.ndarray | None = None) -> np.ndarray:
    """Indices of the top ``k`` scores, ties ordered by ``keys`` (never by position).

    ``valid`` (bool) restricts the candidates.  Uses argpartition, then an exact lexsort of
    everything tied with the k-th score, so it stays O(n) for large arrays.
    """
    idx = np.arange(scores.shape[0]) if valid is None else np.flatnonzero(valid)
    if idx.size == 0 or k <= 0:
        return idx[:0]
    s = scores[idx]
    if idx.size > k:
        part = np.argpartition(-s, k - 1)[:k]
        kth = s[part].min()
        sel = np.flatnonzero(s >= kth)  # everything tied with the k-th score too
        idx, s = idx[sel], s[sel]
    order = np.lexsort((keys[idx], -s))
    return idx[order[:k]]
