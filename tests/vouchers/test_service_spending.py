"""A voucher pays its share of a service request: chosen by the firm, reserved when the provider accepts,
redeemed when the firm confirms the resolved request, released when it is rejected (services/hooks.py)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innobelt.kit.api_errors import ConflictError
from innobelt.services.domain import change_status, confirm_request, request_service
from innobelt.services.domain.vouchers import choose_voucher
from innobelt.vouchers import domain
from innobelt.vouchers.models import Programme, Reservation, Use, Voucher
from innobelt.vouchers.queries import city_pairs
from tests.factories import MembershipFactory, OrganisationFactory
from tests.services.factories import service_of
from tests.vouchers.conftest import issue
from tests.vouchers.test_domain import _balanced

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(scene):
    """Suzhou's technical-services programme (accepted in Pudong), a Pudong consultancy's ¥5,000 service."""
    today = timezone.localdate()
    scene.programme = domain.create_programme(
        actor=scene.suzhou_operator,
        authority=scene.suzhou,
        name_zh="苏州技术服务券",
        name_en="Suzhou technical services vouchers",
        budget_fen=1_000_000_00,
        per_firm_cap_fen=200_000_00,
        co_payment_percent=30,
        uses=[Use.TECHNICAL_SERVICES],
        spendable=Programme.Spendable.ACCEPTING,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=60),
        validity_days=180,
    )
    domain.accept_programme(actor=scene.pudong_operator, programme=scene.programme, city=scene.pudong)
    consultancy = OrganisationFactory(city=scene.pudong, name_en="Pudong IP Consultancy")
    scene.consultant = MembershipFactory(organisation=consultancy, role="admin").user
    service_of(consultancy, cities=[scene.pudong], category="legal_ip", title_en="Patent search", fee=Decimal("5000.00"))
    return scene


def _request(scene):
    return request_service(
        actor=scene.sme_member,
        firm=scene.sme,
        category="legal_ip",
        need="A freedom-to-operate search for our sensor housing.",
        firm_city=scene.suzhou,
        target_city=scene.pudong,
    )


def test_chosen_reserved_on_acceptance_redeemed_on_confirmation(services):
    scene = services
    voucher = issue(scene, 10_000_00)
    asked = _request(scene)
    assert asked.provider.organisation.name_en == "Pudong IP Consultancy"
    bill = choose_voucher(actor=scene.sme_member, request=asked, voucher=voucher)
    assert (bill.total_fen, bill.share_fen, bill.co_payment_fen) == (5_000_00, 3_500_00, 1_500_00)
    assert not Reservation.objects.exists()  # nothing moves before the provider accepts
    change_status(actor=scene.consultant, request=asked, to="accepted")
    reservation = Reservation.objects.get(service_request=asked)
    assert (reservation.status, reservation.use, reservation.provider_city) == ("reserved", "technical_services", scene.pudong)
    voucher.refresh_from_db()
    assert (voucher.available_fen, voucher.reserved_fen) == (6_500_00, 3_500_00)
    with pytest.raises(ConflictError):  # too late to change the voucher
        choose_voucher(actor=scene.sme_member, request=asked, voucher=None)
    change_status(actor=scene.consultant, request=asked, to="resolved")
    reservation.refresh_from_db()
    assert reservation.status == "reserved"  # resolved is not yet confirmed
    confirm_request(actor=scene.sme_member, request=asked, rating=5)
    reservation.refresh_from_db()
    voucher.refresh_from_db()
    assert reservation.status == "redeemed" and (voucher.available_fen, voucher.reserved_fen) == (6_500_00, 0)
    _balanced(voucher)
    pairs = city_pairs(scene.suzhou_operator)
    assert [(p["issuer_en"], p["spent_en"], p["count"], p["amount_fen"]) for p in pairs] == [("Suzhou", "Pudong", 1, 3_500_00)]
    claim = domain.submit_claim(actor=scene.consultant, provider=reservation.provider, programme=scene.programme)
    assert claim.amount_fen == 3_500_00


def test_a_rejection_releases_the_share(services):
    scene = services
    voucher = issue(scene, 10_000_00)
    asked = _request(scene)
    choose_voucher(actor=scene.sme_member, request=asked, voucher=voucher)
    change_status(actor=scene.consultant, request=asked, to="accepted")
    with pytest.raises(ConflictError):  # the share follows the request, not a button on the voucher
        domain.release_reservation(actor=scene.sme_member, reservation=Reservation.objects.get())
    change_status(actor=scene.consultant, request=asked, to="rejected", reason="Outside our field after all.")
    assert Reservation.objects.get().status == "released"
    voucher.refresh_from_db()
    assert (voucher.available_fen, voucher.reserved_fen) == (10_000_00, 0)
    _balanced(voucher)


def test_what_the_firm_may_not_choose(services):
    scene = services
    asked = _request(scene)
    small = issue(scene, 1_000_00)
    with pytest.raises(domain.InsufficientBalance) as refused:
        choose_voucher(actor=scene.sme_member, request=asked, voucher=small)
    assert refused.value.details["available_fen"] == 1_000_00 and refused.value.details["needed_fen"] == 3_500_00
    with pytest.raises(PermissionDenied):
        choose_voucher(actor=scene.consultant, request=asked, voucher=small)
    instruments_only = scene.programme
    instruments_only.uses = [Use.INSTRUMENT_TIME]
    instruments_only.save(update_fields=["uses"])
    with pytest.raises(ValidationError, match="technical services"):
        choose_voucher(actor=scene.sme_member, request=asked, voucher=Voucher.objects.get(pk=small.pk))
    asked.refresh_from_db()
    assert asked.voucher is None


def test_acceptance_is_refused_when_the_voucher_no_longer_covers_the_share(services):
    scene = services
    voucher = issue(scene, 4_000_00)
    first, second = _request(scene), _request(scene)
    choose_voucher(actor=scene.sme_member, request=first, voucher=voucher)
    choose_voucher(actor=scene.sme_member, request=second, voucher=voucher)
    change_status(actor=scene.consultant, request=first, to="accepted")
    with pytest.raises(domain.InsufficientBalance):
        change_status(actor=scene.consultant, request=second, to="accepted")
    second.refresh_from_db()
    assert second.status == "new"  # rolled back with the reservation that could not be made
    _balanced(voucher)


def test_the_firm_chooses_the_voucher_through_the_api(services):
    from django.test import Client

    scene = services
    voucher = issue(scene, 10_000_00)
    asked = _request(scene)
    firm, provider = Client(), Client()
    firm.force_login(scene.sme_member)
    provider.force_login(scene.consultant)
    url = f"/api/v1/service-requests/{asked.pk}/voucher"
    chosen = firm.put(url, {"voucher": voucher.pk}, content_type="application/json")
    assert chosen.status_code == 200
    assert chosen.json() == {"request": asked.pk, "voucher": voucher.pk, "total_fen": 5_000_00, "share_fen": 3_500_00,
                             "co_payment_fen": 1_500_00}
    unknown = firm.put(url, {"voucher": 2**31 - 1}, content_type="application/json")
    assert unknown.status_code == 400 and unknown.json()["error"]["fields"]
    assert provider.put(url, {"voucher": None}, content_type="application/json").status_code in (403, 404)
    change_status(actor=scene.consultant, request=asked, to="accepted")
    late = firm.put(url, {"voucher": None}, content_type="application/json")
    assert late.status_code == 409
    asked.refresh_from_db()
    assert asked.voucher_id == voucher.pk and Reservation.objects.get(service_request=asked).amount_fen == 3_500_00


def test_the_firm_chooses_the_voucher_on_the_request_page(services):
    from django.test import Client

    scene = services
    voucher = issue(scene, 10_000_00)
    asked = _request(scene)
    firm = Client()
    firm.force_login(scene.sme_member)
    page = firm.get(f"/en/services/requests/{asked.pk}/").content.decode()
    assert 'id="voucher-form"' in page and f'value="{voucher.pk}"' in page
    chosen = firm.post(f"/en/services/requests/{asked.pk}/voucher/", {"voucher": voucher.pk}, follow=True)
    assert "The voucher will pay ¥3,500.00 of ¥5,000.00 when the provider accepts; you pay ¥1,500.00." in chosen.content.decode()
    asked.refresh_from_db()
    assert asked.voucher_id == voucher.pk
    other = OrganisationFactory(kind="sme", city=scene.suzhou, verification="verified")
    MembershipFactory(organisation=other, role="admin")
    forged = firm.post(f"/en/services/requests/{asked.pk}/voucher/", {"voucher": 2**31 - 1}, follow=True)
    assert "Choose one of your organisation" in forged.content.decode()
    change_status(actor=scene.consultant, request=asked, to="accepted")
    assert 'id="voucher-form"' not in firm.get(f"/en/services/requests/{asked.pk}/").content.decode()
    late = firm.post(f"/en/services/requests/{asked.pk}/voucher/", {"voucher": ""}, follow=True)
    assert "before the provider accepts" in late.content.decode()
    asked.refresh_from_db()
    assert asked.voucher_id == voucher.pk


def test_a_reimbursing_voucher_is_said_to_reimburse_not_to_share_the_bill(services):
    from django.test import Client

    scene = services
    Programme.objects.filter(pk=scene.programme.pk).update(mode=Programme.Mode.REIMBURSEMENT)
    voucher = issue(scene, 10_000_00)
    asked = _request(scene)
    firm = Client()
    firm.force_login(scene.sme_member)
    chosen = firm.post(f"/en/services/requests/{asked.pk}/voucher/", {"voucher": voucher.pk}, follow=True).content.decode()
    assert ("You pay the provider ¥5,000.00 in full; ¥3,500.00 is reimbursed to you once you confirm the work and the "
            "issuing authority approves.") in chosen
    assert "you pay ¥1,500.00" not in chosen
    zh = firm.post(f"/services/requests/{asked.pk}/voucher/", {"voucher": voucher.pk}, follow=True).content.decode()
    assert "全额支付 ¥5,000.00" in zh
