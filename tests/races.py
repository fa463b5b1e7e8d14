"""Running calls at the same moment, for the PostgreSQL race tests of every app.

Each call runs on its own thread, so on its own database connection (closed when it is done); a barrier
releases them together. SQLite's in-memory test database is one connection and serialises writers, so the race
tests ask for `postgresql_only` (or skip on another vendor themselves).

- `race(*calls)`: the calls' answers, in the calls' order (an exception in one is raised to the test).
- `in_parallel(fn, items)`: `fn(item)` for every item at once, answers in the items' order.
- `tally(*calls, refusals={ConflictError: "conflict"})`: how many calls answered what, a refusal (an exception
  of one of the given classes, checked in that order) counted under its label.
- `copy_to_wal_file(path)`: SQLite's in-memory test database copied to a file in WAL mode, for the fixtures that give
  each thread its own connection to it (tests/resources/test_concurrency.py, tests/imports/conftest.py).
"""

import functools
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from django.db import connection, connections

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741


def copy_to_wal_file(path) -> None:
    """The test database (SQLite, in memory) copied to `path`, switched to WAL before any thread opens it. A copy is
    in the rollback journal's mode (an in-memory database has no WAL), and threads each switching a fresh copy to WAL
    as they connect (settings.py's `init_command`) could be refused at once with "database is locked": a booking
    answered 500 once in tests/resources/test_pledge_race.py; twelve threads doing so locked in 2 of 40 trials here,
    none of 80 once the copy was switched first."""
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        assert copy.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    finally:
        copy.close()


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs a connection per thread and row locks (PostgreSQL)")


def race(*calls: Callable[[], T]) -> list[T]:
    """Run the calls at the same moment, each on its own thread (and so its own connection), released together
    by a barrier; their answers in the calls' order."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        try:
            barrier.wait()
            return call()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def in_parallel(fn: Callable[[I], T], items: Iterable[I]) -> list[T]:
    """`fn(item)` for every item at the same moment; the answers in the items' order."""
    return race(*[functools.partial(fn, item) for item in items])


def tally(*calls: Callable[[], Hashable], refusals: Mapping[type[BaseException], str] = {}) -> Counter[Any]:
    """Run the calls at the same moment and count their answers; a call that raises one of `refusals` (checked in
    that order) counts under its label, any other exception is raised to the test."""

    def answer(call: Callable[[], Hashable]) -> Hashable:
        try:
            return call()
        except tuple(refusals) as exc:
            return next(label for kind, label in refusals.items() if isinstance(exc, kind))

    return Counter(race(*[functools.partial(answer, call) for call in calls]))
