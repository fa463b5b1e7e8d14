"""`POST /api/v1/resources/{id}/bookings` with a voucher: booking and reservation in one transaction, an idempotency
key (a retry answers the first bookings, 200), a structured 409 naming the balance, 404/403 for a voucher not the
caller's (resources/api.py, domain/paid_bookings.py)."""

from datetime import timedelta

import pytest
from django.test import Client

from innobelt.resources.models import Booking
from innobelt.vouchers.domain.ledger import ledger_sums
from innobelt.vouchers.models import Reservation, Voucher
from tests.factories import OrganisationFactory
from tests.resources.conftest import at
from tests.vouchers.conftest import issue

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _body(start, hours=1, **extra):
    return {"start": start.isoformat(), "end": (start + timedelta(hours=hours)).isoformat(), **extra}


def _post(client, scene, body):
    return client.post(f"/api/v1/resources/{scene.equipment.pk}/bookings", body, content_type="application/json")


def test_book_and_pay_in_one_step_and_a_retry_reserves_once(scene):
    voucher = issue(scene, 1_000_00)
    firm = _client(scene.sme_member)
    body = _body(at(7, 10), voucher=voucher.pk, idempotency_key="api-book-1")
    made = _post(firm, scene, body)
    assert made.status_code == 201, made.content
    data = made.json()
    (booking,) = Booking.objects.all()
    assert [b["id"] for b in data["bookings"]] == [booking.pk]
    assert data["payments"] == ["¥350.00 of the voucher is reserved; your co-payment is ¥150.00."]
    retried = _post(firm, scene, body)
    assert retried.status_code == 200 and [b["id"] for b in retried.json()["bookings"]] == [booking.pk]
    assert Booking.objects.count() == 1 and Reservation.objects.count() == 1
    assert ledger_sums(voucher.pk) == (650_00, 350_00)
    weekly = _post(firm, scene, _body(at(8, 9), voucher=voucher.pk, idempotency_key="api-book-2", repeat_weekly=2))
    assert weekly.status_code == 409  # two weeks' shares (¥700.00) > the ¥650.00 left: neither booked
    error = weekly.json()["error"]
    assert error["code"] == "conflict" and error["details"]["available_fen"] == 300_00  # after the first week's share
    assert "The voucher has ¥300.00 available" in error["message"]
    assert Booking.objects.count() == 1 and ledger_sums(voucher.pk) == (650_00, 350_00)


def test_refusals_are_structured_and_book_nothing(scene):
    voucher = issue(scene, 1_000_00)
    firm = _client(scene.sme_member)
    missing_key = _post(firm, scene, _body(at(7, 10), voucher=voucher.pk))
    assert missing_key.status_code == 400 and missing_key.json()["error"]["fields"][0]["field"] == "idempotency_key"
    theirs = Voucher.objects.create(programme=scene.programme, organisation=OrganisationFactory(city=scene.suzhou),
                                    issued_fen=1_000_00, available_fen=1_000_00, expires_on=at(90, 0).date())
    for voucher_id in (theirs.pk, 999_999_999):
        answer = _post(firm, scene, _body(at(7, 10), voucher=voucher_id, idempotency_key=f"k{voucher_id}"))
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"
    small = issue(scene, 100_00)
    short = _post(firm, scene, _body(at(7, 10), voucher=small.pk, idempotency_key="short"))
    assert short.status_code == 409
    assert short.json()["error"]["details"] == {"available_fen": 100_00, "needed_fen": 350_00, "voucher": small.pk}
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    chinese.force_login(scene.sme_member)
    assert "¥100.00" in _post(chinese, scene, _body(at(7, 10), voucher=small.pk, idempotency_key="zh")).json()[
        "error"]["message"]
    assert not Booking.objects.exists() and not Reservation.objects.exists()
    plain = _post(firm, scene, _body(at(7, 10)))  # no voucher: booked as before
    assert plain.status_code == 201 and plain.json()["payments"] == [] and not Reservation.objects.exists()


def test_the_programmes_operator_may_see_a_voucher_but_not_spend_it(scene):
    from innobelt.organisations.models import Membership
    from tests.factories import AccessRequestFactory, MembershipFactory

    voucher = issue(scene, 1_000_00)
    operator = scene.suzhou_operator  # sees every voucher of the programme; here also a member of another firm
    firm = OrganisationFactory(kind="sme", city=scene.suzhou, verification="verified")
    MembershipFactory(organisation=firm, user=operator, role=Membership.Role.ADMIN)
    AccessRequestFactory(resource=scene.equipment, organisation=firm, requested_by=operator)
    answer = _post(_client(operator), scene, _body(at(7, 10), voucher=voucher.pk, idempotency_key="op"))
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "forbidden"
    assert not Booking.objects.exists() and not Reservation.objects.exists()
