"""Issue 19, bug 2 in Chromium: the organiser fixed a meeting of COMAC's delegate and a startup's
founder; COMAC cancels its event registration on its ticket page; the founder's agenda (in Chinese
and English) shows the meeting cancelled, with the reason and no record or cancel button, the
founder's calendar feed says STATUS:CANCELLED, and the organiser's grid lists it as cancelled."""

import pytest
from django.test import Client
from icalendar import Calendar
from playwright.sync_api import expect

from innobelt.notifications.models import Notification
from tests.factories import EventFactory, OrganisationFactory, RegistrationFactory
from tests.meetings.helpers import admin_of

pytestmark = pytest.mark.browser


def signed_in(browser, live_server, user, errors):
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    return page


def cancel_registration(page, base, registration):
    """On the ticket page: the cancel button, then (issue 19, bug 3) the confirmation if asked."""
    page.goto(f"{base}/en/events/registrations/{registration.pk}/")
    page.click("#cancel-registration")
    if page.locator("#confirm-cancel").count():
        page.check("#id_confirm")
        page.click("#confirm-cancel")
    page.wait_for_load_state()
    expect(page.locator("#registration-status")).to_have_text("cancelled")


def test_after_comac_cancels_the_other_agenda_shows_the_meeting_cancelled(browser, live_server, transactional_db):
    from innobelt.meetings import domain

    event = EventFactory()
    organiser = admin_of(event.organiser)
    comac = OrganisationFactory(kind="large_firm", name_en="Commercial Aircraft Corporation of China", name_zh="中国商飞")
    startup = OrganisationFactory(kind="startup", name_en="Lingang Composites", name_zh="临港复材")
    programme = domain.configure_programme(actor=organiser, event=event, default_tables=2, time_limit=10)
    slot = domain.add_slots(actor=organiser, programme=programme, first_start=event.starts_at, count=2)[0]
    comac_reg, founder_reg = RegistrationFactory(event=event, organisation=comac), RegistrationFactory(event=event, organisation=startup)
    delegate, founder = (domain.join_programme(user=r.user, programme=programme) for r in (comac_reg, founder_reg))
    meeting = domain.fix_meeting(actor=organiser, programme=programme, a=delegate, b=founder, slot=slot)

    errors: list[str] = []
    base = live_server.url
    comac_page = signed_in(browser, live_server, comac_reg.user, errors)
    founder_page = signed_in(browser, live_server, founder_reg.user, errors)
    founder_page.goto(f"{base}/en/meetings/{event.pk}/agenda/")  # before: scheduled, with its buttons
    row = founder_page.locator(f"#agenda-{meeting.pk}")
    expect(row.locator("form.inline-form button")).to_have_count(1)

    cancel_registration(comac_page, base, comac_reg)

    for prefix, cancelled, reason in (("/en", "cancelled", "a registration for the event was cancelled"),
                                      ("", "已取消", "一方的活动报名已取消")):
        founder_page.goto(f"{base}{prefix}/meetings/{event.pk}/agenda/")
        row = founder_page.locator(f"#agenda-{meeting.pk}")
        expect(row.locator(".meeting-cancelled")).to_have_text(cancelled)
        expect(row.locator(".agenda-cancel-reason")).to_have_text(reason)
        expect(row.locator("form")).to_have_count(0)  # neither record nor cancel
    feed = Calendar.from_ical(Client().get(f"/meetings/calendar/{founder.calendar_token}.ics").content)
    assert [(str(e["UID"]), str(e["STATUS"])) for e in feed.walk("VEVENT")] == [(f"meeting-{meeting.pk}@innobelt", "CANCELLED")]

    organiser_page = signed_in(browser, live_server, organiser, errors)
    organiser_page.goto(f"{base}/en/meetings/{event.pk}/grid/")
    expect(organiser_page.locator(f"#cancelled-{meeting.pk}")).to_contain_text("a registration for the event was cancelled")
    expect(organiser_page.locator(f"#meeting-{meeting.pk}")).to_have_count(0)
    assert Notification.objects.filter(kind="meetings.cancelled", recipient=founder_reg.user).exists()
    assert Notification.objects.filter(kind="meetings.cancelled_for_organiser", recipient=organiser).exists()
    assert errors == []
