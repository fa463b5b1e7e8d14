import threading

import pytest
from django.db import connection, connections

from tests.races import copy_to_wal_file


class ThreadedDatabase:
    """Run ORM code in fresh threads, each with its own connection to the test database.

    On SQLite pytest-django's test database lives in memory, where other connections share one cache and
    its table locks (no busy timeout, unlike the embedded production setup). `open()` copies it to a
    WAL file and points every connection made from then on at that file: exactly settings.py's setup
    (WAL, IMMEDIATE transactions, busy timeout). On PostgreSQL threads already have their own connections.
    """

    def __init__(self, tmp_path):
        self.tmp_path, self._restore = tmp_path, None

    def open(self, *, timeout: float | None = None) -> None:
        if connection.vendor != "sqlite" or not connection.is_in_memory_db():
            return
        path = self.tmp_path / "threads.sqlite3"
        copy_to_wal_file(path)
        original = connections.settings["default"]
        options = {**original.get("OPTIONS", {}), **({"timeout": timeout} if timeout else {})}
        connections.settings["default"] = {**original, "NAME": str(path), "OPTIONS": options}

        def restore():
            connections.settings["default"] = original

        self._restore = restore

    def close(self) -> None:
        if self._restore:
            self._restore()

    def start(self, fn) -> "Worker":
        worker = Worker(fn)
        worker.thread.start()
        return worker

    def run(self, fn):
        return self.start(fn).join()


class Worker:
    def __init__(self, fn):
        self.result, self.error = None, None

        def target():
            try:
                self.result = fn()
            except Exception as exc:  # re-raised by join()
                self.error = exc
            finally:
                connections.close_all()

        self.thread = threading.Thread(target=target, daemon=True)

    def join(self, timeout: float = 300):
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "the thread did not finish"
        if self.error is not None:
            raise self.error
        return self.result


@pytest.fixture
def threaded_db(tmp_path, transactional_db):
    db = ThreadedDatabase(tmp_path)
    yield db
    db.close()


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
