"""No list of 1:1 meetings does a query per row (N+1): each list is fetched with a few rows,
then with many more; the number of queries must not grow."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from innobelt.events.models import EventMeetingRequest
from innobelt.meetings.models import ScheduleRun
from tests.factories import MeetingFactory, OrganisationFactory, ParticipantFactory, RegistrationFactory, SlotFactory
from tests.meetings.helpers import admin_of, programme_with, user_of, want

E = "{e}"
LISTS = [
    ("organiser", "/meetings/"), ("organiser", f"/meetings/{E}/grid/"), ("organiser", f"/meetings/{E}/manage/"),
    ("organiser", f"/api/v1/meeting-programmes/{E}/meetings"), ("organiser", f"/api/v1/meeting-programmes/{E}/runs"),
    ("organiser", f"/api/v1/meeting-programmes/{E}/participants"), ("organiser", f"/api/v1/meeting-programmes/{E}"),
    ("me", "/meetings/"), ("me", f"/meetings/{E}/agenda/"), ("me", f"/meetings/{E}/people/"), ("me", f"/meetings/{E}/profile/"),
    ("me", f"/api/v1/meeting-programmes/{E}/agenda"), ("me", f"/api/v1/meeting-programmes/{E}/requests"),
    ("me", f"/api/v1/meeting-programmes/{E}/me"), ("feed", "/meetings/calendar/{token}.ics"),
    ("organiser", f"/events/{E}/"), ("me", f"/events/{E}/"), ("anonymous", f"/events/{E}/"),
]


def add_rows(n, programme, me):
    """n more slots, other participants, meetings of `me`, requests, unavailable slots and runs."""
    for _ in range(n):
        slot = SlotFactory(programme=programme, starts_at=programme.event.starts_at + programme.slots.count() * timedelta(minutes=20))
        other = ParticipantFactory(programme=programme)
        other.unavailable.add(slot)
        me.unavailable.add(slot)
        MeetingFactory(programme=programme, slot=slot, a=me, b=other, table=1)
        MeetingFactory(programme=programme, slot=slot, a=ParticipantFactory(programme=programme), b=ParticipantFactory(programme=programme), table=2)
        want(me, other)
        ScheduleRun.objects.create(programme=programme, status="done", requested_by=user_of(me))
        RegistrationFactory(event=programme.event, user=user_of(me), status="cancelled", code=f"X{slot.pk:05d}")
        EventMeetingRequest.objects.create(event=programme.event, from_organisation=OrganisationFactory(),  # waiting: nobody of it
                                           to_organisation=other.registration.organisation)
        EventMeetingRequest.objects.create(event=programme.event, from_organisation=me.registration.organisation,
                                           to_organisation=other.registration.organisation)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "url"), LISTS)
def test_meetings_lists_do_not_grow_with_rows(who, url):
    programme, _slots, (me,) = programme_with(slots=0, people=1)
    organiser = admin_of(programme.event.organiser)
    client = Client()
    if who not in ("feed", "anonymous"):
        client.force_login(organiser if who == "organiser" else user_of(me))
    target = url.replace(E, str(programme.event_id)).replace("{token}", me.calendar_token)
    add_rows(2, programme, me)
    few = count(client, target)
    add_rows(6, programme, me)
    many = count(client, target)
    assert many == few, f"{target}: {few} queries with 2 rows, {many} with 8"
