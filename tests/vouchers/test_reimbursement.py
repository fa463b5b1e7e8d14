"""The other mode of 通用通兑: the firm pays the provider in full and is reimbursed. A completed use becomes the
firm's reimbursement claim instead of a provider's redemption to claim; the issuing authority approves it; it is
settled on the firm's statement."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from innobelt.resources.domain.access import report_outcome
from innobelt.vouchers import domain
from innobelt.vouchers.domain.claims import claimable
from innobelt.vouchers.domain.settlement import close_period
from innobelt.vouchers.models import Claim, Programme, Reservation
from tests.vouchers.conftest import booking, issue
from tests.vouchers.test_domain import _balanced


def _reimbursing(scene):
    Programme.objects.filter(pk=scene.programme.pk).update(mode=Programme.Mode.REIMBURSEMENT)
    scene.programme.refresh_from_db()
    return scene


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_completed_use_is_the_firms_claim_approved_and_settled_to_the_firm(scene):
    _reimbursing(scene)
    voucher = issue(scene, 1_000_00)
    made = booking(scene)
    reservation, _ = domain.reserve_voucher(actor=scene.sme_member, voucher=voucher, booking=made, idempotency_key="r")
    assert (reservation.total_fen, reservation.amount_fen) == (500_00, 350_00)
    made.start, made.end = timezone.now() - timedelta(hours=2), timezone.now() - timedelta(hours=1)
    made.save()
    report_outcome(user=scene.sme_member, access_request=scene.access, summary="Passed.")

    reservation.refresh_from_db()
    claim = reservation.claim
    assert reservation.status == Reservation.Status.REDEEMED
    assert (claim.kind, claim.provider, claim.amount_fen, claim.status) == (
        Claim.Kind.REIMBURSEMENT, scene.sme, 350_00, Claim.Status.SUBMITTED)
    assert not claimable(scene.lab).exists()  # the provider was paid in full by the firm: nothing to claim
    with pytest.raises(ValidationError):
        domain.submit_claim(actor=scene.lab_admin, provider=scene.lab, programme=scene.programme)
    _balanced(voucher)

    page = _client(scene.sme_admin).get(f"/en/vouchers/claims/{claim.pk}/").content.decode()
    assert "firm&#x27;s reimbursement" in page or "firm's reimbursement" in page
    _client(scene.suzhou_operator).post(f"/vouchers/claims/{claim.pk}/decide/", {"decision": "approve"})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED

    today = timezone.localdate()
    period = close_period(actor=scene.suzhou_operator, authority=scene.suzhou, starts_on=today - timedelta(days=7),
                          ends_on=today)
    assert list(period.lines.values_list("payee_id", "kind", "amount_fen")) == [(scene.sme.pk, "reimbursement", 350_00)]
    csv = _client(scene.sme_admin).get(f"/vouchers/settlements/{period.pk}/statement.csv")
    assert csv.status_code == 200 and "350.00" in csv.content.decode("utf-8-sig")
    assert _client(scene.lab_admin).get(f"/vouchers/settlements/{period.pk}/").status_code == 404


def test_the_mode_is_a_programme_setting_on_the_page_and_in_the_api(scene):
    client = _client(scene.suzhou_operator)
    today = timezone.localdate()
    made = client.post("/api/v1/vouchers/programmes", {
        "authority": "suzhou", "name_zh": "报销券", "budget_fen": 100_000, "per_firm_cap_fen": 10_000,
        "uses": ["instrument_time"], "mode": "reimbursement", "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=9)).isoformat()}, content_type="application/json")
    assert made.status_code == 201 and made.json()["mode"] == "reimbursement"
    bad = client.post("/api/v1/vouchers/programmes", {
        "authority": "suzhou", "name_zh": "x", "budget_fen": 100_000, "per_firm_cap_fen": 10_000,
        "uses": ["instrument_time"], "mode": "cash", "opens_on": today.isoformat(),
        "closes_on": today.isoformat()}, content_type="application/json")
    assert bad.status_code == 422  # the schema refuses an unknown mode
    form = client.get("/en/vouchers/programmes/new/").content.decode()
    assert 'name="mode"' in form and "reimbursed" in form
    page = client.get(f"/en/vouchers/programmes/{made.json()['id']}/").content.decode()
    assert "the firm pays in full and is reimbursed" in page
