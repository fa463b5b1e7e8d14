"""iCal files parsed back, and the organiser's attendance figures."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import translation
from icalendar import Calendar

from innobelt.events.models import Registration
from innobelt.events.queries import attendance_figures
from innobelt.organisations.models import Organisation
from tests.events.conftest import at
from tests.factories import OrganisationFactory, RegistrationFactory, RoomFactory, SessionFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_event_calendar_parses_back(scene):
    response = Client().get(f"/en/events/{scene.event.pk}/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    [vevent] = cal.walk("VEVENT")
    assert str(cal["VERSION"]) == "2.0"
    assert str(vevent["UID"]) == f"event-{scene.event.pk}@innobelt"
    assert str(vevent["SUMMARY"]) == scene.event.title_en
    assert (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) == (at(10, 9), at(10, 17))
    assert str(vevent["LOCATION"]) == "Meeting zone of the Collaborative Innovation Center"
    assert str(vevent["URL"]) == f"http://testserver/en/events/{scene.event.pk}/"


def test_each_session_has_its_calendar(scene):
    room = RoomFactory(event=scene.event, name_en="Hall A")
    speaker = SpeakerFactory(event=scene.event, name_en="Dr Li")
    session = SessionFactory(event=scene.event, title_en="Opening", room=room, starts_at=at(10, 9, 30), ends_at=at(10, 10, 15))
    session.speakers.set([speaker])
    cal = Calendar.from_ical(Client().get(f"/en/events/sessions/{session.pk}/calendar.ics").content)
    [vevent] = cal.walk("VEVENT")
    assert str(vevent["UID"]) == f"event-session-{session.pk}@innobelt"
    assert str(vevent["SUMMARY"]) == f"Opening · {scene.event.title_en}"
    assert (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) == (at(10, 9, 30), at(10, 10, 15))
    assert str(vevent["LOCATION"]).startswith("Hall A, ")
    assert str(vevent["DESCRIPTION"]).splitlines()[0] == "Dr Li"


def test_the_calendar_of_a_draft_is_not_found(scene):
    scene.event.status = "draft"
    scene.event.save()
    session = SessionFactory(event=scene.event)
    assert Client().get(f"/events/{scene.event.pk}/calendar.ics").status_code == 404
    assert Client().get(f"/events/sessions/{session.pk}/calendar.ics").status_code == 404


def test_attendance_figures(scene):
    startup, investor = OrganisationFactory(kind=Organisation.Kind.STARTUP), OrganisationFactory(kind=Organisation.Kind.INVESTOR)
    now = at(10, 12)
    for checked in (True, True, False):
        RegistrationFactory(event=scene.event, organisation=startup, checked_in_at=now if checked else None)
    RegistrationFactory(event=scene.event, organisation=investor, checked_in_at=now)
    RegistrationFactory(event=scene.event, organisation=investor, status=Registration.Status.WAITLISTED, waitlisted_at=now)
    RegistrationFactory(event=scene.event, organisation=None, user=UserFactory())
    RegistrationFactory(event=scene.event, organisation=startup, status=Registration.Status.CANCELLED)
    RegistrationFactory(event=scene.event, organisation=startup, status=Registration.Status.PENDING)
    with translation.override("en"):
        during = attendance_figures(scene.event, now=now)
    assert during == {
        "registered": 5, "waitlisted": 1, "pending": 1, "cancelled": 1, "checked_in": 3, "capacity": None, "no_shows": None,
        "by_kind": [
            {"kind": "investor", "label": "investor", "registered": 1, "waitlisted": 1, "checked_in": 1, "no_shows": None},
            {"kind": "none", "label": "—", "registered": 1, "waitlisted": 0, "checked_in": 0, "no_shows": None},
            {"kind": "startup", "label": "startup", "registered": 3, "waitlisted": 0, "checked_in": 2, "no_shows": None},
        ],
    }
    after = attendance_figures(scene.event, now=scene.event.ends_at + timedelta(hours=1))
    assert (after["no_shows"], [row["no_shows"] for row in after["by_kind"]]) == (2, [0, 1, 1])


def test_a_chinese_session_calendar_lists_with_the_enumeration_comma(scene):
    room = RoomFactory(event=scene.event, name_zh="一号厅", name_en="Hall A")
    session = SessionFactory(event=scene.event, room=room, starts_at=at(10, 9, 30), ends_at=at(10, 10, 15))
    session.speakers.set([SpeakerFactory(event=scene.event, name_zh="李博士"), SpeakerFactory(event=scene.event, name_zh="王教授")])
    [vevent] = Calendar.from_ical(Client().get(f"/events/sessions/{session.pk}/calendar.ics").content).walk("VEVENT")
    assert str(vevent["LOCATION"]).startswith("一号厅、协同创新中心会议区") and ", " not in str(vevent["LOCATION"])
    assert str(vevent["DESCRIPTION"]).splitlines()[0] in ("李博士、王教授", "王教授、李博士")
