"""Fifty people waiting for one released slot accept it at once through the HTTP API: exactly one gets
it (201), the other 49 a clear 409 naming the booking that took it, no 5xx. SQLite and PostgreSQL
(see test_concurrency.py for how the live server gets real concurrency on SQLite)."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from innobelt.accounts.domain import create_api_token
from innobelt.resources import domain
from innobelt.resources.domain.checkin import release_no_shows
from innobelt.resources.models import Booking, ReleasedSlot, WaitlistEntry
from tests.factories import AccessRequestFactory, OrganisationFactory
from tests.resources.conftest import at
from tests.resources.test_concurrency import CLIENTS, _post, concurrent_server  # noqa: F401 - the fixture


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_fifty_waiting_people_one_released_slot(concurrent_server, scene):  # noqa: F811
    scene.equipment.check_in_grace_minutes = 15
    scene.equipment.save(update_fields=["check_in_grace_minutes"])
    (no_show,) = domain.book_equipment(actor=scene.seeker, access_request=scene.access, start=at(3, 10), end=at(3, 12)).created
    tokens = []
    for _i in range(CLIENTS):
        request = AccessRequestFactory(resource=scene.equipment, organisation=OrganisationFactory(kind="sme", city=scene.city))
        WaitlistEntry.objects.create(resource=scene.equipment, access_request=request, organisation=request.organisation,
                                     person=request.requested_by, start=at(3, 10), end=at(3, 12))
        tokens.append(create_api_token(user=request.requested_by, name="race")[1])
    assert release_no_shows(now=no_show.start + timedelta(minutes=20)) == 1
    slot = ReleasedSlot.objects.get()
    server = concurrent_server
    server.open()
    url = f"{server.url}/api/v1/released-slots/{slot.pk}/accept"
    barrier = threading.Barrier(CLIENTS)
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(lambda i: _post(url, tokens[i], {}, barrier), range(CLIENTS)))

    assert Counter(status for status, _body in results) == {201: 1, 409: CLIENTS - 1}, [b for s, b in results if s not in (201, 409)][:2]
    taken = server.run(lambda: list(Booking.objects.filter(resource=scene.equipment, status="confirmed").values("pk", "start", "end")))
    assert len(taken) == 1 and (taken[0]["start"], taken[0]["end"]) == (slot.start, slot.end)
    state = server.run(lambda: ReleasedSlot.objects.values("status", "taken_by").get())
    assert state == {"status": "taken", "taken_by": taken[0]["pk"]}
    served = server.run(lambda: WaitlistEntry.objects.filter(status="served").count())
    assert served == 1
    for status, body in results:
        if status == 409:
            assert body["error"]["code"] == "conflict"
            assert body["error"]["details"]["conflicting_booking"]["id"] == taken[0]["pk"]
