"""Fixtures for the matching-engine tests (no Django involved)."""

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest

from innobelt.matching.engine.encoder import CachedEncoder, EmbeddingCache, UsemEncoder
from innobelt.matching.engine.text import default_analyzer, normalize

BELT = Path(__file__).resolve().parents[3] / "innobelt" / "matching" / "engine" / "data" / \
    "belt-bilingual"


def shared_dir() -> Path | None:
    env = os.environ.get("INNOBELT_SHARED")
    p = Path(env) if env else Path(__file__).resolve().parents[3].parent / "shared"
    return p if p.is_dir() else None


class HashEncoder:
    """Fast deterministic stand-in for USE: hashed character bigrams, L2-normalised.

    Texts sharing characters get similar vectors, enough for structural tests.
    """

    name = "test-hash-256"
    dim = 256

    def encode(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            t = normalize(t).lower()
            for a, b in zip(t, t[1:] + " "):
                h = int.from_bytes(hashlib.blake2b((a + b).encode(), digest_size=4).digest(),
                                   "little")
                out[i, h % self.dim] += 1.0
            n = np.linalg.norm(out[i])
            out[i] = out[i] / n if n else out[i]
            if not n:
                out[i, 0] = 1.0
        return out


@pytest.fixture(scope="session")
def analyzer():
    return default_analyzer()


@pytest.fixture(scope="session")
def usem():
    """USE multilingual v3, loaded once per session, with an in-memory cache."""
    return CachedEncoder(UsemEncoder(threads=1), EmbeddingCache(None))


@pytest.fixture()
def hash_encoder():
    return CachedEncoder(HashEncoder(), EmbeddingCache(None))


@pytest.fixture(scope="session")
def belt_dir():
    return BELT


@pytest.fixture(scope="session")
def shared():
    """The shared folder (benchmarks), or None when this checkout has none beside it."""
    return shared_dir()
