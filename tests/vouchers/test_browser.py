"""Must show (issue 23): a Suzhou SME with a Suzhou-issued voucher books a Pudong instrument, sees and pays
its co-payment share, checks in at the instrument, reports the outcome; the Pudong provider claims the
voucher's share; Suzhou's operator approves; the figures show one cross-city redemption. In Debian's Chromium.

The instrument opens a few minutes from now for one 6-minute slot (a tenth of an hour: resources bills
hours to two decimals), so the slot booked starts within the quarter of an hour in which check-in opens:
the test checks in for real, without moving the clock or the booking."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from innobelt.belt.models import City
from innobelt.organisations.models import Membership, Organisation
from innobelt.resources.domain.checkin import ensure_check_in_code
from innobelt.resources.domain.pricing import set_prices
from innobelt.resources.models import Booking
from innobelt.vouchers import domain
from innobelt.vouchers.models import Claim, Programme, Reservation, Use
from tests.browser.conftest import browser_type_launch_args, console_errors  # noqa: F401  (Debian's Chromium, shared fixtures)
from tests.factories import (
    AccessRequestFactory,
    CityFactory,
    MembershipFactory,
    OrganisationFactory,
    ResourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's


def sign_in(page, base, email):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form-card button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def next_slot():
    """A whole minute 2 to 3 minutes from now (midnight when the slot would run past it); check-in opens
    15 minutes before it, so it is open by the time the test gets there."""
    start = (timezone.localtime() + timedelta(minutes=3)).replace(second=0, microsecond=0)
    if (start + timedelta(minutes=6)).date() != start.date():
        start = (start + timedelta(days=1)).replace(hour=0, minute=0)
    return start


def test_a_suzhou_voucher_pays_for_a_pudong_instrument_and_is_claimed(page, live_server, transactional_db, console_errors):  # noqa: F811
    base = live_server.url
    suzhou = CityFactory(slug="suzhou", name_zh="苏州市", name_en="Suzhou")
    pudong = CityFactory(slug="pudong", name_zh="浦东新区", name_en="Pudong", kind=City.Kind.SHANGHAI_DISTRICT)
    suzhou_operator = UserFactory(email="operator@suzhou.example", operator_for=[suzhou])
    pudong_operator = UserFactory(operator_for=[pudong])
    verified = Organisation.Verification.VERIFIED
    sme = OrganisationFactory(kind=Organisation.Kind.SME, city=suzhou, verification=verified, name_zh="苏州传感科技有限公司")
    person = UserFactory(email="sensors@suzhou.example")
    MembershipFactory(user=person, organisation=sme, role=Membership.Role.ADMIN)
    lab = OrganisationFactory(kind=Organisation.Kind.LABORATORY, city=pudong, verification=verified, name_zh="浦东测试中心")
    lab_admin = UserFactory(email="lab@pudong.example")
    MembershipFactory(user=lab_admin, organisation=lab, role=Membership.Role.ADMIN)
    start = next_slot()
    end = start + timedelta(minutes=6)
    equipment = ResourceFactory(
        owner=lab,
        title_zh="扫描电子显微镜",
        slot_minutes=6,
        check_in_grace_minutes=60,
        opening_hours=[[start.weekday(), f"{start:%H:%M}", f"{end:%H:%M}"]],
    )
    set_prices(actor=lab_admin, resource=equipment, prices={("sme", "hour"): "600"})  # six minutes: ¥60.00
    access = AccessRequestFactory(resource=equipment, organisation=sme, requested_by=person)
    today = timezone.localdate()
    programme = domain.create_programme(
        actor=suzhou_operator,
        authority=suzhou,
        name_zh="苏州科技创新券",
        name_en="Suzhou innovation vouchers",
        budget_fen=1_000_000_00,
        per_firm_cap_fen=200_000_00,
        co_payment_percent=30,
        uses=[Use.INSTRUMENT_TIME],
        spendable=Programme.Spendable.ACCEPTING,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=60),
        validity_days=180,
    )
    domain.accept_programme(actor=pudong_operator, programme=programme, city=pudong)
    application = domain.apply_for_voucher(
        actor=person, programme=programme, organisation=sme, requested_fen=1_000_00, purpose="外壳截面的电镜表征。"
    )
    voucher = domain.approve_application(actor=suzhou_operator, application=application, amount_fen=1_000_00)

    # The SME books the Pudong instrument and chooses the voucher on the booking page itself, in the same step: the
    # voucher pays 70 %, its co-payment is shown before (the share) and after (the amount).
    sign_in(page, base, person.email)
    page.goto(f"{base}/resources/{equipment.pk}/book/?week={start:%Y-%m-%d}")
    offered = page.locator(f"#payment-choice input[name=payment][value='vouchers:{voucher.pk}']")
    expect(offered).to_have_count(1)
    expect(page.locator("#payment-choice")).to_contain_text("30 %")
    page.check(f"input[name=slot][value='{start.isoformat()}']")
    offered.check()
    page.click(".booking-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/resources/bookings/$"))
    expect(page.locator(".message-success", has_text="¥18.00")).to_be_visible()
    booked = Booking.objects.get(organisation=sme)
    assert (booked.start, booked.end) == (start, end)
    assert Reservation.objects.get().booking == booked
    page.goto(f"{base}/vouchers/{voucher.pk}/")
    expect(page.locator("#available")).to_have_text("¥958.00")
    expect(page.locator("#reserved")).to_have_text("¥42.00")

    # At the instrument it checks in with the code shown there, then reports the outcome.
    code = ensure_check_in_code(equipment)
    page.goto(f"{base}/resources/bookings/{booked.pk}/")
    page.fill("#check-in-form #id_code", code)
    page.click("#check-in-form button[type=submit]")
    expect(page.locator("#checked-in")).to_be_visible()
    page.goto(f"{base}/resources/requests/{access.pk}/outcome/")
    page.fill("#id_summary", "外壳截面无裂纹，样品通过验收。")
    page.click("form.form-card button[type=submit]")
    expect(page.locator(".message-success")).to_be_visible()
    page.goto(f"{base}/vouchers/{voucher.pk}/")
    expect(page.locator("#reserved")).to_have_text("¥0.00")
    expect(page.locator("#reservations tbody tr")).to_contain_text("¥18.00")
    assert Reservation.objects.get().status == Reservation.Status.REDEEMED

    # The Pudong provider claims the voucher's share from Suzhou's programme.
    sign_in(page, base, lab_admin.email)
    page.goto(f"{base}/vouchers/claims/")
    expect(page.locator(".claimable")).to_contain_text("¥42.00")
    page.click(".claimable button[type=submit]")
    expect(page.locator(".message-success")).to_be_visible()
    claim = Claim.objects.get()
    expect(page.locator("#claim-reservations tbody tr")).to_have_count(1)

    # Suzhou's operator reads the evidence (the check-in and the outcome report), then approves the claim.
    sign_in(page, base, suzhou_operator.email)
    page.goto(f"{base}/vouchers/claims/{claim.pk}/")
    page.click("#claim-reservations a.evidence-check_in")
    expect(page.locator("#check_in")).to_contain_text(person.display_name)
    expect(page.locator("#outcome")).to_contain_text("外壳截面无裂纹，样品通过验收。")
    page.goto(f"{base}/vouchers/claims/{claim.pk}/")
    page.click("#approve-claim button[type=submit]")
    expect(page.locator(".message-success")).to_be_visible()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED

    # The figures: one cross-city redemption, Suzhou → Pudong, ¥42.00, not settled yet (no period closed).
    page.goto(f"{base}/en/vouchers/figures/")
    rows = page.locator("#city-pairs tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_class(re.compile("cross-city"))
    expect(rows.first.locator("td")).to_have_text(["Suzhou → Pudong", "1", "¥42.00", "¥0.00"])
    assert console_errors == []
