"""Many clients book different hours of one pledged instrument at once: the pledge is never overdrawn.

Each booking draws from the pledge under the resource's row lock (PostgreSQL) or the one write lock
(SQLite, IMMEDIATE), so with 5 pledged hours and 12 one-hour bookings exactly 5 lines carry a
pledged hour and 7 are charged, however the requests interleave.
"""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

from innobelt.accounts.domain import create_api_token
from innobelt.resources.domain.pricing import set_prices
from innobelt.resources.domain.statements import set_pledge
from innobelt.resources.models import StatementLine
from tests.factories import MembershipFactory
from tests.resources.conftest import at
from tests.resources.test_concurrency import _post, concurrent_server  # noqa: F401 (the fixture)

CLIENTS = 12


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_simultaneous_bookings_never_overdraw_the_pledge(concurrent_server, scene):  # noqa: F811 (the fixture)
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "hour"): "50"})
    set_pledge(actor=scene.owner_admin, resource=scene.equipment, hours_per_quarter=5)
    tokens = [create_api_token(user=MembershipFactory(organisation=scene.seeker_org).user, name="race")[1] for _ in range(CLIENTS)]
    server = concurrent_server
    server.open()
    url = f"{server.url}/api/v1/resources/{scene.equipment.pk}/bookings"
    bodies = [{"start": at(3, 8 + i).isoformat(), "end": at(3, 9 + i).isoformat()} for i in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(lambda i: _post(url, tokens[i], bodies[i], barrier), range(CLIENTS)))
    assert Counter(status for status, _body in results) == {201: CLIENTS}, results[:2]
    lines = server.run(lambda: list(StatementLine.objects.values_list("pledged_hours", "amount")))
    assert sorted(lines) == [(0, Decimal("50.00"))] * 7 + [(1, Decimal("0.00"))] * 5
