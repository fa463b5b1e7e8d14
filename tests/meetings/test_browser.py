"""In Chromium: two participants (one coming from the event page) ask to meet each other, the
organiser sets the tables of every slot and runs the scheduler,
both see the same table and time on their agendas and download the .ics; no console error."""

import re
from pathlib import Path

import pytest
from django.test import Client
from icalendar import Calendar

from tests.factories import EventFactory, RegistrationFactory
from tests.meetings.helpers import admin_of

pytestmark = pytest.mark.browser


def signed_in_page(browser, live_server, user, errors):
    client = Client()
    client.force_login(user)
    context = browser.new_context(accept_downloads=True)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    return page


def test_two_participants_meet_at_the_same_table_and_time(browser, live_server, transactional_db, tmp_path):
    from innobelt.meetings import domain

    event = EventFactory()
    organiser = admin_of(event.organiser)
    programme = domain.configure_programme(actor=organiser, event=event, default_tables=2, time_limit=10)
    domain.add_slots(actor=organiser, programme=programme, first_start=event.starts_at, count=3)
    ann, bob = RegistrationFactory(event=event).user, RegistrationFactory(event=event).user
    errors: list[str] = []
    pages = {who: signed_in_page(browser, live_server, user, errors) for who, user in (("ann", ann), ("bob", bob), ("org", organiser))}
    base = f"{live_server.url}/en/meetings/{event.pk}"

    pages["ann"].goto(f"{live_server.url}/en/events/{event.pk}/")  # the event page offers to join the 1:1 meetings
    pages["ann"].click("#meetings-join button[type=submit]")
    pages["ann"].wait_for_url(re.compile(r"/profile/$"))
    pages["bob"].goto(f"{base}/profile/")  # a participant page offers the join button too
    pages["bob"].click("form.join-meetings button[type=submit]")
    pages["bob"].wait_for_url(re.compile(r"/profile/$"))
    for who in ("ann", "bob"):
        pages[who].goto(f"{base}/profile/")
        pages[who].fill("#id_offers", f"Offer of {who}")
        pages[who].click("#profile-form button[type=submit]")
        pages[who].wait_for_url(re.compile(r"/people/$"))
    for who, other in (("ann", bob), ("bob", ann)):
        page = pages[who]
        page.goto(f"{base}/people/")
        row = page.locator("#people tbody tr", has_text=str(other))
        row.locator("select[name=priority]").select_option("must")
        row.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert "Saved" in page.locator(".messages").inner_text()

    org = pages["org"]
    org.goto(f"{base}/manage/")
    org.fill("#tables-form input[name=all]", "1")  # one table in every slot (the per-slot inputs sit in the table above)
    org.click("#save-tables")
    org.wait_for_load_state()
    assert "Slots whose tables changed: 3." in org.locator(".messages").inner_text()
    assert org.locator("#slots input.tables-input").evaluate_all("inputs => inputs.map(i => i.value)") == ["1", "1", "1"]
    org.click("#run-scheduler")
    org.wait_for_url(re.compile(r"/runs/\d+/$"))
    org.locator("#run-state", has_text="done").wait_for(timeout=30000)
    assert org.locator("#run-value").inner_text() == "5"  # mutual, both must meet

    seen = []
    for who in ("ann", "bob"):
        page = pages[who]
        page.goto(f"{base}/agenda/")
        rows = page.locator("#agenda tbody tr")
        assert rows.count() == 1
        seen.append((rows.locator(".agenda-time").inner_text(), rows.locator(".agenda-table").inner_text()))
        with page.expect_download() as info:
            page.click("#calendar-download")
        target = Path(tmp_path) / f"{who}.ics"
        info.value.save_as(target)
        events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
        assert len(events) == 1 and str(events[0]["STATUS"]) == "CONFIRMED"
    for page in pages.values():
        page.context.close()
    assert seen[0] == seen[1]
    assert [e for e in errors if "Failed to load resource" not in e] == []
