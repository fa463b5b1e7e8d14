"""An SME finds a spectrometer in Chinese, asks, is approved, books two slots and downloads
the .ics; a second SME on a page loaded earlier cannot book an overlapping slot."""

import re
from datetime import timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from innobelt.organisations.models import Membership, Organisation
from innobelt.resources import domain
from innobelt.resources.domain.training import record_training
from innobelt.resources.models import AccessRequest, Booking, Resource
from tests.browser.conftest import browser_type_launch_args, console_errors, demo  # noqa: F401  (Debian's Chromium, shared fixtures)
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.resources.conftest import at

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's


def sign_in(page, base, email, password=PASSWORD):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("form.form-card button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def sme(name_zh, email, kind=Organisation.Kind.SME):
    from innobelt.belt.models import City

    org = OrganisationFactory(kind=kind, city=City.objects.get(slug="baoshan"), name_zh=name_zh, verification="verified")
    user = UserFactory(email=email)
    MembershipFactory(user=user, organisation=org, role=Membership.Role.ADMIN)
    return org, user


def test_find_ask_approve_book_download_and_a_rival_is_told(page, browser, live_server, demo, console_errors, tmp_path):  # noqa: F811
    from innobelt.web.demo import DEMO_PASSWORD

    base = live_server.url
    raman = Resource.objects.get(title_en="Confocal Raman spectrometer")
    org, person = sme("宝山薄膜科技有限公司", "film@example.com")
    rival_org, rival = sme("宝山晶圆科技有限公司", "wafer@example.com", kind=Organisation.Kind.STARTUP)
    owner = Membership.objects.get(organisation=raman.owner, role=Membership.Role.ADMIN).user
    rival_request = domain.request_access(user=rival, resource=raman, organisation=rival_org, purpose="Stress mapping around vias.")
    domain.approve_access_request(actor=owner, access_request=rival_request)
    domain.accept_terms(user=rival, access_request=rival_request, conditions_accepted=True, nda_acknowledged=True)

    # The SME finds the spectrometer in Chinese and asks for it.
    sign_in(page, base, person.email)
    page.goto(f"{base}/resources/")
    page.fill("#id_q", "光谱")
    expect(page.locator("#results")).to_contain_text("激光显微拉曼光谱仪")
    expect(page.locator("#results .why").first).to_contain_text("光谱")
    page.click("#results h3 a:has-text('激光显微拉曼光谱仪')")
    page.click(f"a[href='/resources/{raman.pk}/request/']")
    page.fill("#id_purpose", "表征涂覆隔膜的碳包覆层，每周约四小时。")
    page.click("form.form-card button[type=submit]")
    expect(page.locator(".message-success")).to_be_visible()
    asked = AccessRequest.objects.get(resource=raman, organisation=org)

    # The owner approves.
    sign_in(page, base, owner.email, DEMO_PASSWORD)
    page.goto(f"{base}/resources/requests/")
    page.click(f"#requests-as-owner a[href='/resources/requests/{asked.pk}/']")
    page.click(f"form[action='/resources/requests/{asked.pk}/approve/'] button[type=submit]")
    expect(page.locator(".message-success")).to_be_visible()

    # The SME accepts the terms and the NDA.
    sign_in(page, base, person.email)
    page.goto(f"{base}/resources/requests/{asked.pk}/")
    page.check("#id_conditions_accepted")
    page.check("#id_nda_acknowledged")
    page.click("#accept-terms button[type=submit]")
    expect(page.locator("#request-status")).to_have_class(re.compile("status-active"))
    for trained in (person, rival):  # the spectrometer is booked only by trained people (tests/resources/test_training.py)
        record_training(actor=owner, resource=raman, person=trained)

    # The rival opens the booking page of the same week first.
    monday = at(14 - at(0, 0).weekday(), 0).date()  # the Monday of the week after next: no demo bookings then
    tuesday_10, tuesday_14 = at((monday - at(0, 0).date()).days + 1, 10), at((monday - at(0, 0).date()).days + 1, 14)
    rival_context = browser.new_context()
    rival_page = rival_context.new_page()
    rival_errors: list[str] = []
    rival_page.on("console", lambda msg: rival_errors.append(msg.text) if msg.type == "error" else None)
    sign_in(rival_page, base, rival.email)
    rival_page.goto(f"{base}/resources/{raman.pk}/book/?week={monday:%Y-%m-%d}")

    # The SME books two slots and downloads its calendar.
    page.goto(f"{base}/resources/{raman.pk}/book/?week={monday:%Y-%m-%d}")
    page.check(f"input[name=slot][value='{tuesday_10.isoformat()}']")
    page.check(f"input[name=slot][value='{tuesday_14.isoformat()}']")
    page.click(".booking-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/resources/bookings/$"))
    booked = list(Booking.objects.filter(organisation=org).order_by("start"))
    assert [(b.start, b.end) for b in booked] == [(tuesday_10, tuesday_10 + timedelta(hours=1)), (tuesday_14, tuesday_14 + timedelta(hours=1))]
    page.click("#make-feed")
    with page.expect_download() as download:
        page.click("#download-ics")
    path = tmp_path / "bookings.ics"
    download.value.save_as(path)
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert sorted(e.decoded("dtstart") for e in events) == [tuesday_10, tuesday_14]
    assert {str(e["url"]) for e in events} == {f"{base}/resources/bookings/{b.pk}/" for b in booked}

    # The rival's page still shows 10:00 free; booking it is refused with a clear message.
    rival_page.check(f"input[name=slot][value='{tuesday_10.isoformat()}']")
    rival_page.click(".booking-form button[type=submit]")
    expect(rival_page.locator(".message-error")).to_contain_text(f"#{booked[0].pk}")
    expect(rival_page.locator(".message-error")).to_contain_text("10:00–11:00")
    assert Booking.objects.filter(organisation=rival_org).count() == 0
    rival_context.close()
    assert console_errors == [] and rival_errors == []
