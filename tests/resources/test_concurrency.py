"""Fifty clients race for overlapping slots of one instrument through the HTTP API.

Exactly one booking wins (201); the other 49 get 409 with the structured error naming
the winner. Runs on SQLite (IMMEDIATE transactions serialise writers) and on PostgreSQL
(row lock on the resource, and the exclusion constraint behind it).

On SQLite pytest-django's live_server hands every request thread the test's single
in-memory connection, which can show no concurrency at all (and breaks under it). The
`concurrent_server` fixture therefore copies the test database to a WAL file and lets
each request thread open its own connection to it, which is exactly the embedded
production setup (settings.py: WAL, IMMEDIATE, busy timeout). On PostgreSQL the live
server's threads already have their own connections and nothing is changed.
"""

import json
import threading
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from innobelt.accounts.domain import create_api_token
from innobelt.resources.models import Booking
from tests.factories import MembershipFactory
from tests.races import copy_to_wal_file
from tests.resources.conftest import at

CLIENTS = 50


class ConcurrentServer:
    """The live server, and `run(fn)` to execute ORM code against the database its threads use."""

    def __init__(self, live_server, tmp_path):
        self.live_server, self.tmp_path, self._restore = live_server, tmp_path, None

    @property
    def url(self) -> str:
        return self.live_server.url

    def open(self) -> None:
        """Call once the test's data exists: on in-memory SQLite, from here on each request
        thread opens its own connection to a WAL file holding a copy of the test database."""
        # Django's test server listens with a backlog of 10; fifty simultaneous connects would be
        # reset by the kernel before reaching it. Listening again (Linux) raises the backlog.
        self.live_server.thread.httpd.socket.listen(CLIENTS * 2)
        if connection.vendor != "sqlite" or not connection.is_in_memory_db():
            return
        path = self.tmp_path / "concurrency.sqlite3"
        copy_to_wal_file(path)
        override = self.live_server.thread.connections_override  # the dict the server consults per request
        shared, original = dict(override), connections.settings["default"]
        override.clear()
        connections.settings["default"] = {**original, "NAME": str(path)}  # threads made from now on use the file

        def restore():
            connections.settings["default"] = original
            override.update(shared)

        self._restore = restore

    def close(self) -> None:
        if self._restore:
            self._restore()

    def run(self, fn):
        result, error = [], []

        def target():
            try:
                result.append(fn())
            except Exception as exc:  # pragma: no cover - re-raised below
                error.append(exc)
            finally:
                connections.close_all()

        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
        if error:
            raise error[0]
        return result[0]


@pytest.fixture
def concurrent_server(live_server, transactional_db, tmp_path):
    server = ConcurrentServer(live_server, tmp_path)
    yield server
    server.close()


def _post(url: str, token: str, body: dict, barrier: threading.Barrier) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    barrier.wait()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_fifty_clients_one_winner(concurrent_server, scene):
    tokens = [create_api_token(user=MembershipFactory(organisation=scene.seeker_org).user, name="race")[1] for _ in range(CLIENTS)]
    server = concurrent_server
    server.open()
    url = f"{server.url}/api/v1/resources/{scene.equipment.pk}/bookings"
    # Four different but pairwise overlapping spans: every one contains 11:00–12:00 in three days.
    bodies = [{"start": at(3, 10 + i % 2).isoformat(), "end": at(3, 12 + (i // 2) % 2).isoformat(), "note": f"client {i}"}
              for i in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(lambda i: _post(url, tokens[i], bodies[i], barrier), range(CLIENTS)))

    assert Counter(status for status, _body in results) == {201: 1, 409: CLIENTS - 1}, [b for s, b in results if s not in (201, 409)][:2]
    winners = server.run(lambda: list(Booking.objects.filter(resource=scene.equipment).values("pk", "start", "end", "status")))
    assert len(winners) == 1 and winners[0]["status"] == "confirmed"
    winner = winners[0]
    created = next(body for status, body in results if status == 201)
    assert [b["id"] for b in created["bookings"]] == [winner["pk"]]
    for status, body in results:
        if status == 409:
            error = body["error"]
            assert error["code"] == "conflict"
            assert error["details"]["conflicting_booking"]["id"] == winner["pk"]
            assert error["details"]["conflicts"][0]["booking"]["id"] == winner["pk"]
            assert f"#{winner['pk']}" in error["message"]
