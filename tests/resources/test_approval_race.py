"""Two admins of the owner decide one booking awaiting approval at the same moment: exactly one decision holds.

approve_booking and decline_booking lock the resource row, then the booking's, and re-read its status
(domain/approvals.py): the loser gets 409 naming the status the winner left, and the statement line is
issued once (approved) or never (declined). PostgreSQL and SQLite, the live server's threads each on
their own connection (`concurrent_server`, tests/resources/test_concurrency.py).
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.utils import timezone

from innobelt.accounts.domain import create_api_token
from innobelt.organisations.models import Membership
from innobelt.resources import domain
from innobelt.resources.domain.pricing import set_prices
from innobelt.resources.models import Booking, StatementLine
from tests.factories import BookingFactory, MembershipFactory
from tests.resources.conftest import at
from tests.resources.test_concurrency import _post, concurrent_server  # noqa: F401 (the fixture)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_approve_and_decline_at_once_one_wins(concurrent_server, scene):  # noqa: F811 (the fixture)
    scene.equipment.approval_after_no_shows = 1
    scene.equipment.save(update_fields=["approval_after_no_shows"])
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "hour"): "50"})
    missed = timezone.now() - timedelta(days=3)
    BookingFactory(access_request=scene.access, start=missed, end=missed + timedelta(hours=1), status="no_show")
    [booking] = domain.book_equipment(actor=scene.seeker, access_request=scene.access, start=at(3, 10), end=at(3, 12)).created
    assert booking.status == "pending"
    second_admin = MembershipFactory(organisation=scene.owner_org, role=Membership.Role.ADMIN).user
    approver, decliner = (create_api_token(user=u, name="race")[1] for u in (scene.owner_admin, second_admin))
    server = concurrent_server
    server.open()
    base = f"{server.url}/api/v1/bookings/{booking.pk}"
    barrier = threading.Barrier(2)
    calls = [(f"{base}/approve", approver, {}), (f"{base}/decline", decliner, {"reason": "campaign week"})]
    with ThreadPoolExecutor(2) as pool:
        approved, declined = pool.map(lambda call: _post(call[0], call[1], call[2], barrier), calls)
    assert sorted([approved[0], declined[0]]) == [200, 409], (approved, declined)
    status = server.run(lambda: Booking.objects.get(pk=booking.pk).status)
    lines = server.run(lambda: list(StatementLine.objects.filter(booking_id=booking.pk).values_list("kind", "amount")))
    if approved[0] == 200:
        assert status == "confirmed" and declined[1]["error"]["details"] == {"status": "confirmed"}
        assert [(kind, str(amount)) for kind, amount in lines] == [("charge", "100.00")]
    else:
        assert status == "declined" and approved[1]["error"]["details"] == {"status": "declined"}
        assert lines == []
