"""The pages: a firm applies, the operator approves, the firm reserves for a booking and sees its co-payment,
the provider claims, the issuing city approves and the figures show the cross-city pair."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from innobelt.resources.domain.access import report_outcome
from innobelt.vouchers.models import Application, Claim, Reservation, Voucher
from tests.vouchers.conftest import booking


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_whole_path_on_the_pages(scene):
    sme, operator, lab = _client(scene.sme_member), _client(scene.suzhou_operator), _client(scene.lab_admin)
    page = sme.get(f"/en/vouchers/programmes/{scene.programme.pk}/").content.decode()
    assert "Suzhou, Pudong" in page and 'id="apply-form"' in page
    response = sme.post(
        f"/vouchers/programmes/{scene.programme.pk}/apply/",
        {"organisation": scene.sme.pk, "amount": "1000.00", "purpose": "Salt-spray tests."},
    )
    application = Application.objects.get()
    assert response.status_code == 302 and application.requested_fen == 1_000_00
    operator.post(f"/vouchers/applications/{application.pk}/decide/", {"decision": "approve", "amount": "800"})
    voucher = Voucher.objects.get()
    assert voucher.available_fen == 800_00
    made = booking(scene)
    page = sme.get(f"/en/vouchers/{voucher.pk}/").content.decode()
    assert "¥350.00" in page and "¥150.00" in page  # the voucher's share and the firm's co-payment
    response = sme.post(
        f"/en/vouchers/{voucher.pk}/reserve/", {"booking": made.pk, "idempotency_key": "form-1"}, follow=True
    )
    assert "your co-payment is ¥150.00" in response.content.decode()
    sme.post(f"/vouchers/{voucher.pk}/reserve/", {"booking": made.pk, "idempotency_key": "form-1"})  # a double submit
    assert Reservation.objects.count() == 1
    made.start, made.end = timezone.now() - timedelta(hours=2), timezone.now() - timedelta(hours=1)
    made.save()
    report_outcome(user=scene.sme_member, access_request=scene.access, summary="Passed.")
    assert "¥350.00" in lab.get("/en/vouchers/claims/").content.decode()
    lab.post("/vouchers/claims/new/", {"provider": scene.lab.pk, "programme": scene.programme.pk})
    claim = Claim.objects.get()
    operator.post(f"/vouchers/claims/{claim.pk}/decide/", {"decision": "approve"})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    figures = operator.get("/en/vouchers/figures/").content.decode()
    assert "Suzhou → Pudong" in figures and 'class="cross-city"' in figures
    assert "苏州市 → 浦东新区" in operator.get("/vouchers/figures/").content.decode()
