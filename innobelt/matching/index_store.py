"""The platform's one matching index on disk, shared by every process.

Vectors and postings are memory-mapped (`MatchIndex.load`), so web workers share
one copy. Writers (the re-index task, `innobelt matching rebuild`) take a file
lock, reload what another process saved, apply their change and save a new
generation; readers call `reload_if_changed()` before a query.

Several machines (MATCHING_INDEX_SHARED, on by default with an object store; ADR 0019): a writer also
holds a lock in Redis across machines, first fetches the newest published generation, and after saving
publishes the new generation's files to the object store (under `matching-index/`, `CURRENT` last). A
reader looks at the published `CURRENT` at most every MATCHING_INDEX_SYNC_SECONDS and fetches a newer
generation into its own folder before the query; a machine started afresh fetches it before its first.
"""

import contextlib
import fcntl
import json
import logging
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages

from innobelt.matching.engine import CachedEncoder, EmbeddingCache, MatchIndex, UsemEncoder

logger = logging.getLogger(__name__)
_lock = threading.RLock()
_index: MatchIndex | None = None
_encoder: CachedEncoder | None = None
PREFIX = "matching-index"  # the published generations' folder in the object store
_last_sync = 0.0
_writers = 0  # this process holds the folder's write lock (a writer fetched already: no second fetch)


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
    """The current index (loaded once per process, refreshed when another process saved or, on several
    machines, when a newer generation was published)."""
    global _index
    with _lock:
        sync_from_shared()
        if _index is None:
            if (index_dir() / "CURRENT").exists():
                _index = MatchIndex.load(index_dir(), encoder(), title_weight=settings.MATCHING_TITLE_RERANK_WEIGHT)
            else:
                _index = MatchIndex(encoder(), title_weight=settings.MATCHING_TITLE_RERANK_WEIGHT)
        else:
            _index.reload_if_changed()
        return _index


@contextmanager
def writing() -> Iterator[MatchIndex]:
    """Exclusive write access across threads, processes and machines; saves (and publishes) on success."""
    global _index
    directory = index_dir()
    directory.mkdir(parents=True, exist_ok=True)
    global _writers
    with _lock, _machines_lock(), open(directory / ".write-lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        _writers += 1
        try:
            _fetch_published(directory)
            index = get_index()
            yield index
            index.save(directory)
            _publish(directory)
        finally:
            _writers -= 1
            fcntl.flock(handle, fcntl.LOCK_UN)


def replace_index(index: MatchIndex) -> None:
    """Install a freshly built index (used by a full rebuild)."""
    global _index
    directory = index_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with _lock, _machines_lock(), open(directory / ".write-lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            index.save(directory)
            _index = index
            _publish(directory)
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# ---- several machines: generations published to the object store ------------------------------------

def _shared() -> bool:
    return bool(getattr(settings, "MATCHING_INDEX_SHARED", False))


def _store() -> Storage:
    return storages["default"]


@contextmanager
def _machines_lock() -> Iterator[None]:
    """One writer on all machines at a time (a Redis lock); nothing on one machine."""
    if not (_shared() and settings.REDIS_URL):
        yield
        return
    import redis

    client: Any = redis.Redis.from_url(settings.REDIS_URL)
    with client.lock("innobelt:matching-index:write", timeout=600, blocking_timeout=600):
        yield


def _generation_files(directory: Path, current: dict) -> list[Path]:
    """The files of one generation: the main segment's folder and the delta's files."""
    found: list[Path] = []
    for part in (current["main"], current["delta"]):
        for path in sorted(directory.glob(f"{part}*")):
            found.extend(sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path])
    return found


def _publish(directory: Path) -> None:
    """Upload the saved generation's files that the store lacks, then its CURRENT (readers see a complete one)."""
    if not _shared():
        return
    store = _store()
    text = (directory / "CURRENT").read_text()
    for path in _generation_files(directory, json.loads(text)):
        key = f"{PREFIX}/{path.relative_to(directory).as_posix()}"
        if path.name.endswith(".tmp") or (path.parent != directory and store.exists(key)):
            continue  # a main segment's files never change once written: upload them once
        with path.open("rb") as handle:
            store.save(key, File(handle, name=path.name))
    previous = _read_published(store)
    store.save(f"{PREFIX}/CURRENT", ContentFile(text.encode()))
    keep = {*json.loads(text).values(), *(json.loads(previous).values() if previous else ())}
    _forget_published(store, keep={str(name) for name in keep})


def _forget_published(store: Storage, *, keep: set[str]) -> None:
    """Delete published generations older than the previous one (a reader may still be fetching that)."""
    with contextlib.suppress(Exception):
        folders, files = store.listdir(PREFIX)
        for name in files:
            if name.startswith("delta-") and name.split(".")[0] not in keep:
                store.delete(f"{PREFIX}/{name}")
        for folder in folders:
            if folder.startswith("main-") and folder not in keep:
                for name in store.listdir(f"{PREFIX}/{folder}")[1]:
                    store.delete(f"{PREFIX}/{folder}/{name}")


def _read_published(store: Storage) -> str | None:
    try:
        with store.open(f"{PREFIX}/CURRENT", "rb") as handle:
            return bytes(handle.read()).decode()
    except FileNotFoundError:
        return None


def _fetch_published(directory: Path) -> bool:
    """Fetch the published generation into `directory` when it is not the local one (the caller holds the
    folder's write lock); whether CURRENT changed."""
    if not _shared():
        return False
    store = _store()
    remote = _read_published(store)
    local = (directory / "CURRENT").read_text() if (directory / "CURRENT").is_file() else None
    if remote is None or remote == local:
        return False
    current = json.loads(remote)
    if not (directory / current["main"]).is_dir():
        folder = f"{PREFIX}/{current['main']}"
        names = store.listdir(folder)[1]
        if not names:
            return False  # replaced meanwhile: the next look fetches the newer one
        temporary = directory / f"{current['main']}.fetching"
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(parents=True)
        for name in names:
            with store.open(f"{folder}/{name}", "rb") as source:
                (temporary / name).write_bytes(source.read())
        temporary.rename(directory / current["main"])
    delta = [name for name in store.listdir(PREFIX)[1] if name.split(".")[0] == current["delta"]]
    if len(delta) < 2:  # its vectors and its JSON; replaced meanwhile otherwise
        return False
    for name in delta:
        if not (directory / name).exists():
            with store.open(f"{PREFIX}/{name}", "rb") as source:
                (directory / f"{name}.fetching").write_bytes(source.read())
            (directory / f"{name}.fetching").replace(directory / name)
    (directory / "CURRENT.fetching").write_text(remote)
    (directory / "CURRENT.fetching").replace(directory / "CURRENT")
    keep = {current["main"], current["delta"]} | (MatchIndex._names(local) if local else set())
    MatchIndex._cleanup(directory, keep)
    return True


def sync_from_shared(*, force: bool = False) -> None:
    """On several machines: fetch a newer published generation, at most every MATCHING_INDEX_SYNC_SECONDS
    (at once when forced or when this machine has no index yet). A store that does not answer keeps the
    local generation (logged)."""
    global _last_sync
    if not _shared():
        return
    directory = index_dir()
    now = time.monotonic()
    if not force and (directory / "CURRENT").is_file() and now - _last_sync < settings.MATCHING_INDEX_SYNC_SECONDS:
        return
    directory.mkdir(parents=True, exist_ok=True)
    try:
        with _lock:
            if _writers:
                return  # this thread is the writer: it fetched before writing
            _last_sync = now
            handle = open(directory / ".write-lock", "w")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX)
                _fetch_published(directory)
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
    except Exception:
        logger.exception("fetching the published matching index failed; the local one stays")


def reset_for_tests() -> None:
    global _index, _last_sync
    with _lock:
        _index = None
        _last_sync = 0.0
