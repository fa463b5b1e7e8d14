"""The registry of what a voucher pays (vouchers/redeemables.py): the kinds are looked up by key, each app registers
its own (services in services/vouchers.py, found like admin.py), the Reservation constraints follow PAID_FIELDS, and
the API reserves any kind that can be reserved directly."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from innobelt.kit.api_errors import ConflictError
from innobelt.vouchers import domain, redeemables
from innobelt.vouchers.models import PAID_FIELDS, Reservation, Use
from innobelt.vouchers.redeemables import RedeemableKind
from tests.vouchers.conftest import booking, issue

pytestmark = pytest.mark.django_db


def _kind(**changes) -> RedeemableKind:
    values = dict(key="pilot_test", field="booking", use=Use.TECHNICAL_SERVICES, label=lambda: "pilot test",
                  model="resources.Booking", problems=lambda v, o: [], quote=lambda v, o: None,
                  provider=lambda o: (0, None), evidence=lambda o: [])
    values.update(changes)
    return RedeemableKind(**values)


def test_every_app_registered_its_kind_at_start_up():
    assert redeemables.keys() == ["booking", "sample_job", "service_request"]
    assert {k.field for k in redeemables.KINDS.values()} == set(PAID_FIELDS)
    service = redeemables.get("service_request")
    assert (service.model, service.use, service.may_pay, service.releasable) == (
        "services.ServiceRequest", Use.TECHNICAL_SERVICES, None, False)  # registered by innobelt/services/vouchers.py
    assert redeemables.get("sample_job").use == Use.SAMPLE_TESTING and redeemables.get("booking").releasable
    with pytest.raises(redeemables.UnknownKind):
        redeemables.get("pilot_test")


def test_a_kind_needs_its_own_foreign_key():
    with pytest.raises(ValueError, match="no foreign key 'pilot'"):
        redeemables.register(_kind(field="pilot"))
    with pytest.raises(ValueError, match="already the kind 'booking'"):
        redeemables.register(_kind(field="booking"))
    assert "pilot_test" not in redeemables.KINDS


def test_the_constraints_follow_the_paid_fields(scene):
    names = {c.name for c in Reservation._meta.constraints}
    assert {"one_live_voucher_reservation_per_booking", "vouchers_one_live_reservation_per_service_request",
            "vouchers_one_live_reservation_per_sample_job", "vouchers_reservation_pays_one_thing"} <= names
    voucher = issue(scene, 1_000_00)
    made = booking(scene)
    reservation, _ = domain.reserve_voucher(actor=scene.sme_member, voucher=voucher, booking=made, idempotency_key="k")
    with pytest.raises(IntegrityError), transaction.atomic():  # nothing paid at all
        Reservation.objects.filter(pk=reservation.pk).update(booking=None)


def test_a_reservation_knows_its_kind_and_what_it_pays(scene):
    voucher = issue(scene, 1_000_00)
    made = booking(scene)
    reservation, _ = domain.reserve_voucher(actor=scene.sme_member, voucher=voucher, booking=made, idempotency_key="k")
    assert (reservation.kind, reservation.paid_for) == ("booking", made)
    assert redeemables.kind_of(reservation) is redeemables.get("booking")


def test_the_domain_reserves_and_releases_any_kind_through_the_registry(scene):
    voucher = issue(scene, 1_000_00)
    made = booking(scene)
    kind = redeemables.get("booking")
    reservation, created = domain.reserve_paid(actor=scene.sme_member, voucher=voucher, kind=kind, paid=made,
                                               idempotency_key="generic")
    assert created and (reservation.booking_id, reservation.use, reservation.amount_fen) == (made.pk, Use.INSTRUMENT_TIME,
                                                                                              350_00)
    again, created = domain.reserve_paid(actor=scene.sme_member, voucher=voucher, kind=kind, paid=made,
                                         idempotency_key="generic")
    assert (again.pk, created) == (reservation.pk, False)
    released = domain.release_reservation(actor=scene.sme_member, reservation=reservation)
    assert released.status == Reservation.Status.RELEASED
    with pytest.raises(ConflictError):
        domain.release_reservation(actor=scene.sme_member, reservation=reservation)


def test_the_api_takes_a_kind_and_its_id(scene):
    voucher = issue(scene, 1_000_00)
    made = booking(scene)
    client = Client()
    client.force_login(scene.sme_member)
    url = f"/api/v1/vouchers/{voucher.pk}/reservations"

    def post(body):
        return client.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")

    response = post({"kind": "booking", "paid": made.pk, "idempotency_key": "api-kind"})
    assert response.status_code == 201 and response.json()["kind"] == "booking"
    assert response.json()["booking"] == made.pk and response.json()["amount_fen"] == 350_00
    assert post({"kind": "booking", "paid": made.pk, "idempotency_key": "api-kind"}).status_code == 200  # a retry
    for body, field, message in [
        ({"kind": "pilot_test", "paid": 1}, "kind", "A voucher cannot be reserved for this kind here."),
        ({"kind": "service_request", "paid": 1}, "kind", "A voucher cannot be reserved for this kind here."),
        ({"kind": "booking", "paid": 999_999}, "paid", "Unknown booking."),
        ({"kind": "booking", "paid": made.pk, "booking": made.pk}, "kind",
         "Send one thing to pay: a kind and its id (or a booking, or a sample job)."),
        ({"paid": made.pk}, "kind", "Send one thing to pay: a kind and its id (or a booking, or a sample job)."),
        ({"booking": 999_999}, "booking", "Unknown booking."),
    ]:
        response = post({**body, "idempotency_key": "bad"})
        assert response.status_code == 400, body
        assert field in str(response.json()) and message in str(response.json()), response.json()
    assert Reservation.objects.count() == 1
