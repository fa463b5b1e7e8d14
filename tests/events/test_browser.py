"""In Chromium: a person joins the waiting list of a full event, a place is freed, they are registered;
the organiser checks them in on a phone-sized screen. No console errors, no CSP violations."""

import re

import pytest
from django.test import Client
from django.utils import translation
from playwright.sync_api import expect

from innobelt.events import domain, tickets
from innobelt.events.models import Registration
from innobelt.organisations.models import Membership
from tests.factories import EventFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.browser


def sign_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.clear_cookies()
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def errors_of(page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda msg: found.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: found.append(str(exc)))
    return found


def test_waiting_list_promotion_and_check_in_on_a_phone(page, browser, live_server, transactional_db, console_errors):
    base = live_server.url
    organiser = OrganisationFactory()
    door = MembershipFactory(organisation=organiser, role=Membership.Role.MEMBER).user
    event = EventFactory(organiser=organiser, city=organiser.city, capacity=1, title_en="Full forum", title_zh="满员论坛")
    holder = MembershipFactory().user
    domain.register_for_event(user=holder, event=event)
    waiting = MembershipFactory(user__display_name="Wang Wei").user

    # the event is full: joining puts Wang Wei on the waiting list
    sign_in(page.context, live_server, waiting)
    page.goto(f"{base}/en/events/{event.pk}/")
    expect(page.locator("#places")).to_contain_text("full")
    page.click("#register-link")
    page.click("#registration-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/en/events/registrations/\d+/$"))
    expect(page.locator("#registration-status")).to_have_text("on the waiting list")
    expect(page.locator("#waitlist-position")).to_contain_text("number 1")
    ticket_url = page.url

    # the holder cancels on their own ticket page
    sign_in(page.context, live_server, holder)
    page.goto(f"{base}/en/events/registrations/{event.registrations.get(user=holder).pk}/")
    page.click("#cancel-registration")  # asks first (issue 19, bug 3): the button is refused until the box is ticked
    page.click("#confirm-cancel")
    expect(page.locator("#id_confirm")).to_be_visible()
    assert Registration.objects.get(event=event, user=holder).status == "confirmed"
    page.check("#id_confirm")
    page.click("#confirm-cancel")
    expect(page.locator("#registration-status")).to_have_text("cancelled")
    expect(page.locator("#add-to-calendar")).to_have_count(0)

    # Wang Wei is registered now, with a QR code and a code to tell at the door
    sign_in(page.context, live_server, waiting)
    page.goto(ticket_url)
    expect(page.locator("#registration-status")).to_have_text("registered")
    expect(page.locator("img.qr")).to_be_visible()
    assert page.eval_on_selector("img.qr", "img => img.naturalWidth") > 0
    code = page.inner_text("#short-code").strip()
    registration = Registration.objects.get(user=waiting, event=event)
    assert (registration.status, registration.code) == ("confirmed", code)

    # at the door, on a phone: type the code, then the same person again
    phone_context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = phone_context.new_page()
    phone_errors = errors_of(phone)
    sign_in(phone_context, live_server, door)
    phone.goto(f"{base}/en/events/{event.pk}/check-in/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    phone.fill("#id_code", code.lower())
    phone.click(".checkin-button")
    expect(phone.locator(".message-success")).to_have_text(f"Checked in: Wang Wei ({waiting.memberships.get().organisation.name_en})")
    expect(phone.locator("#checkin-count")).to_have_text("1 of 1 checked in")
    phone.fill("#id_code", code)
    phone.click(".checkin-button")
    expect(phone.locator(".message-warning")).to_contain_text("Wang Wei was already checked in at ")

    # scanning the QR code opens the person's page: it says so too, with no button to press
    with translation.override("en"):
        phone.goto(base + tickets.check_in_path(registration))  # /en/events/check-in/<signed token>/
    expect(phone.locator("#checkin-name")).to_have_text("Wang Wei")
    expect(phone.locator("#already-checked-in")).to_be_visible()
    expect(phone.locator("#confirm-check-in")).to_have_count(0)
    phone_context.close()

    assert console_errors == []
    assert [e for e in phone_errors if "Failed to load resource" not in e] == []
