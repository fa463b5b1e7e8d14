"""Issue 22: a booking is checked in on a phone by scanning the QR poster at the instrument (as events do).
The owner prints the poster; its QR code holds the check-in address; the booker opens it on a phone-sized
screen and checks in with one tap; scanning again says it is done; someone with no booking is told so."""

from datetime import timedelta

import pytest
import segno
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from innobelt.audit.models import AuditEntry
from innobelt.resources.domain.bookings import _book_one
from innobelt.resources.models import Booking
from tests.browser.conftest import browser_type_launch_args, console_errors  # noqa: F401  (Debian's Chromium, shared fixtures)
from tests.factories import MembershipFactory

pytestmark = pytest.mark.browser


def sign_in(context, base, user) -> None:
    client = Client()
    client.force_login(user)
    context.clear_cookies()
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])


def test_the_booker_scans_the_poster_and_checks_in_on_a_phone(page, browser, live_server, scene, console_errors):  # noqa: F811
    base = live_server.url
    scene.equipment.check_in_grace_minutes = 15
    scene.equipment.save(update_fields=["check_in_grace_minutes"])
    now = timezone.now().replace(second=0, microsecond=0)
    booking = _book_one(actor=scene.seeker, access_request=scene.access, start=now - timedelta(minutes=5), end=now + timedelta(minutes=55),
                        series=None, note="")  # started five minutes ago (book_equipment refuses the past)

    # The owner prints the poster: its QR code holds the check-in address, and the short code is printed under it.
    sign_in(page.context, base, scene.owner_admin)
    page.goto(f"{base}/en/resources/{scene.equipment.pk}/check-in/poster/")
    code = page.inner_text("#check-in-code").strip()
    scene.equipment.refresh_from_db()
    assert code == scene.equipment.check_in_code and len(code) == 6
    from innobelt.resources.domain.checkin import check_in_path

    address = base + check_in_path(scene.equipment)
    printed = page.locator(".ticket-qr svg path").first.get_attribute("d")
    assert printed == _qr_path(address)  # the same modules as the address's QR code
    assert page.locator(".ticket-qr svg").bounding_box()["width"] > 100

    # On a phone: the booker opens what the camera read and taps once.
    phone_context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB")
    phone = phone_context.new_page()
    phone_errors: list[str] = []
    phone.on("console", lambda msg: phone_errors.append(msg.text) if msg.type == "error" else None)
    phone.on("pageerror", lambda exc: phone_errors.append(str(exc)))
    sign_in(phone_context, base, scene.seeker)
    phone.goto(address)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    expect(phone.locator("#check-in-now")).to_be_visible()
    phone.tap("#check-in-now")
    expect(phone.locator(".message-success")).to_be_visible()
    expect(phone.locator("#checked-in")).to_be_visible()
    booking = Booking.objects.get(pk=booking.pk)
    assert booking.checked_in_at is not None and booking.checked_in_by == scene.seeker
    assert AuditEntry.objects.get(action="booking.checked_in", target_id=str(booking.pk)).data == {"by": "qr"}

    # Scanning again: it says the booking is checked in, with no button to press.
    phone.goto(address)
    expect(phone.locator("#check-in-now")).to_have_count(0)
    expect(phone.locator("main")).to_contain_text("This booking is checked in.")

    # Someone of another organisation scanning the poster has nothing to check in; a forged address is not found.
    sign_in(phone_context, base, MembershipFactory().user)
    phone.goto(address)
    expect(phone.locator("main")).to_contain_text("You have no booking of this equipment to check in now.")
    assert phone.goto(address[:-3] + "xyz/").status == 404
    phone_context.close()

    assert console_errors == []
    assert [e for e in phone_errors if "Failed to load resource" not in e] == []  # the forged address's 404


def _qr_path(data: str) -> str:
    import re

    svg = segno.make(data, error="m", micro=False).svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", dark="#1c2430",
                                                              light="#ffffff")
    return re.search(r'<path[^>]* d="([^"]+)"', svg).group(1)
