"""The platform's one matching index on disk, shared by every process.

Vectors and postings are memory-mapped (`MatchIndex.load`), so web workers share
one copy. Writers (the re-index task, `innobelt matching rebuild`) take a file
lock, reload what another process saved, apply their change and save a new
generation; readers call `reload_if_changed()` before a query.
"""

import fcntl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from innobelt.matching.engine import CachedEncoder, EmbeddingCache, MatchIndex, UsemEncoder

_lock = threading.RLock()
_index: MatchIndex | None = None
_encoder: CachedEncoder | None = None


def index_dir() -> Path:
    return Path(settings.MATCHING_INDEX_DIR)


def encoder() -> CachedEncoder:
    """The encoder with its on-disk embedding cache (a rebuild re-encodes only changed text)."""
    global _encoder
    with _lock:
        if _encoder is None:
            _encoder = CachedEncoder(UsemEncoder(), EmbeddingCache(Path(settings.MATCHING_EMBEDDING_CACHE)))
        return _encoder


def build_encoder() -> CachedEncoder:
    """The encoder for a full rebuild: the same cache, large batches encoded in
    MATCHING_BUILD_PROCESSES worker processes (one BLAS thread each)."""
    return CachedEncoder(UsemEncoder(processes=settings.MATCHING_BUILD_PROCESSES), encoder().cache)


def get_index() -> MatchIndex:
    """The current index (loaded once per process, refreshed when another process saved)."""
    global _index
    with _lock:
        if _index is None:
            if (index_dir() / "CURRENT").exists():
                _index = MatchIndex.load(index_dir(), encoder())
            else:
                _index = MatchIndex(encoder())
        else:
            _index.reload_if_changed()
        return _index


@contextmanager
def writing() -> Iterator[MatchIndex]:
    """Exclusive write access across threads and processes; saves on success."""
    global _index
    directory = index_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with _lock, open(directory / ".write-lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            index = get_index()
            yield index
            index.save(directory)
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def replace_index(index: MatchIndex) -> None:
    """Install a freshly built index (used by a full rebuild)."""
    global _index
    directory = index_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with _lock, open(directory / ".write-lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            index.save(directory)
            _index = index
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def reset_for_tests() -> None:
    global _index
    with _lock:
        _index = None
