"""Issue 22's must-show: an untrained SME is refused a booking with the reason, asks for training, is
trained, books; misses the booking (not checked in); the rest of the slot goes to the waitlisted SME,
who takes it; both see it."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from innobelt.organisations.models import Membership, Organisation
from innobelt.resources import domain
from innobelt.resources.domain.checkin import release_no_shows
from innobelt.resources.domain.training import record_training
from innobelt.resources.models import Booking, Resource, TrainingRecord, TrainingRequest
from tests.browser.conftest import browser_type_launch_args, console_errors, demo  # noqa: F401  (Debian's Chromium, shared fixtures)
from tests.resources.conftest import at
from tests.resources.test_browser import sign_in, sme

pytestmark = pytest.mark.browser


def _active(resource, org, user, owner):
    asked = domain.request_access(user=user, resource=resource, organisation=org, purpose="Raman maps of our coatings.")
    domain.approve_access_request(actor=owner, access_request=asked)
    domain.accept_terms(user=user, access_request=asked, conditions_accepted=True, nda_acknowledged=True)
    return asked


def test_trained_books_misses_and_the_waitlisted_sme_takes_the_slot(page, live_server, demo, console_errors):  # noqa: F811
    from innobelt.web.demo import DEMO_PASSWORD

    base = live_server.url
    raman = Resource.objects.get(title_en="Confocal Raman spectrometer")
    Resource.objects.filter(pk=raman.pk).update(check_in_grace_minutes=15)
    owner = Membership.objects.get(organisation=raman.owner, role=Membership.Role.ADMIN).user
    org, person = sme("宝山薄膜科技有限公司", "film@example.com")
    waiting_org, waiter = sme("宝山晶圆科技有限公司", "wafer@example.com", kind=Organisation.Kind.STARTUP)
    _active(raman, org, person, owner)
    _active(raman, waiting_org, waiter, owner)
    record_training(actor=owner, resource=raman, person=waiter)
    monday = at(14 - at(0, 0).weekday(), 0).date()  # the Monday of the week after next: no demo bookings then
    offset = (monday - at(0, 0).date()).days + 1
    tuesday_10, tuesday_11 = at(offset, 10), at(offset, 11)
    week = f"{base}/resources/{raman.pk}/book/?week={monday:%Y-%m-%d}"

    # Untrained: the booking page says why and where to ask; booking anyway is refused with the reason.
    sign_in(page, base, person.email)
    page.goto(week)
    expect(page.locator("#training-needed")).to_contain_text(f"/resources/{raman.pk}/training/")
    page.check(f"input[name=slot][value='{tuesday_10.isoformat()}']")
    page.click("#book-ticked")
    expect(page.locator(".message-error")).to_contain_text(f"/resources/{raman.pk}/training/")
    assert not Booking.objects.filter(organisation=org).exists()

    # The SME asks for training.
    page.click("#training-needed a")
    page.fill("#id_message", "两人需要培训，每周二上午有空。")
    page.click("#ask-training button[type=submit]")
    expect(page.locator(".message-success")).to_be_visible()
    training = TrainingRequest.objects.get(person=person)

    # The owner schedules the session (a booking of its own) and records the SME as trained.
    sign_in(page, base, owner.email, DEMO_PASSWORD)
    page.goto(f"{base}/resources/{raman.pk}/training/")
    session_day = at(offset - 1, 9)  # the Monday before, 09:00-10:00
    form = page.locator(f"form[action='/resources/training/{training.pk}/schedule/']")
    form.locator("input[name=start]").fill(f"{session_day:%Y-%m-%dT%H:%M}")
    form.locator("input[name=end]").fill(f"{session_day + timedelta(hours=1):%Y-%m-%dT%H:%M}")
    form.locator("button[type=submit]").click()
    expect(page.locator(".message-success")).to_be_visible()
    assert TrainingRequest.objects.get(pk=training.pk).session.kind == "training"
    page.select_option("#record-training select[name=person]", str(person.pk))
    page.click("#record-training button[type=submit]")
    expect(page.locator(".message-success")).to_be_visible()
    assert TrainingRecord.objects.filter(resource=raman, person=person, trained_by=owner).exists()

    # Trained, the SME books 10:00-12:00.
    sign_in(page, base, person.email)
    page.goto(week)
    expect(page.locator("#training-needed")).to_have_count(0)
    page.check(f"input[name=slot][value='{tuesday_10.isoformat()}']")
    page.check(f"input[name=slot][value='{tuesday_11.isoformat()}']")
    page.click("#book-ticked")
    expect(page).to_have_url(re.compile(r"/resources/bookings/$"))
    missed = Booking.objects.get(organisation=org, kind="use")

    # The other SME waits for its second hour.
    sign_in(page, base, waiter.email)
    page.goto(week)
    page.click(f"button[form=waitlist-form][value^='{tuesday_11.isoformat()}']")
    expect(page).to_have_url(re.compile(r"/resources/waitlist/$"))
    expect(page.locator("#waiting")).to_contain_text(f"{tuesday_11:%Y-%m-%d} 11:00")

    # Nobody checks in: twenty minutes after the start the periodic release runs.
    assert release_no_shows(now=missed.start + timedelta(minutes=20)) == 1

    # The waitlisted SME is offered 11:00-12:00 and takes it.
    page.goto(f"{base}/resources/waitlist/")
    page.click("#offers button[type=submit]")
    expect(page.locator("#booking-status")).to_be_visible()
    taken = Booking.objects.get(organisation=waiting_org)
    assert (taken.start, taken.end, taken.status) == (tuesday_11, tuesday_11 + timedelta(hours=1), "confirmed")

    # Both see it: the missed booking as a no-show, the slot as the other SME's booking.
    page.goto(f"{base}/resources/bookings/")
    expect(page.locator(f"a[href='/resources/bookings/{taken.pk}/']")).to_be_visible()
    sign_in(page, base, person.email)
    page.goto(f"{base}/resources/bookings/{missed.pk}/")
    expect(page.locator("#booking-status")).to_contain_text("未到场")  # "no-show"
    assert Booking.objects.get(pk=missed.pk).status == "no_show"
    assert console_errors == []
