"""Running requests at the same moment, for the challenges app's PostgreSQL race tests."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from django.db import connection, connections

T = TypeVar("T")


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
