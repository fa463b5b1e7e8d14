"""Pages: each participant sees only their own agenda, other events' organisers see nothing,
the run status polls while it runs, and the calendar feed parses back."""

import pytest
from django.test import Client
from icalendar import Calendar

from innobelt.meetings.models import ScheduleRun
from tests.factories import MeetingFactory, OrganisationFactory
from tests.meetings.helpers import admin_of, programme_with, user_of, want

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def scheduled():
    programme, slots, (p, q, r, s) = programme_with(slots=2, tables=3, people=4)
    for x in (p, q, r, s):
        user = user_of(x)
        user.display_name = f"Name-of-{x.pk}"
        user.save()
    pq = MeetingFactory(programme=programme, slot=slots[0], a=p, b=q, table=2)
    rs = MeetingFactory(programme=programme, slot=slots[1], a=r, b=s, table=3)
    q.offers = "Wafer-level testing"
    q.save()
    return programme, slots, (p, q, r, s), (pq, rs)


def test_participants_see_only_their_own_agenda(scheduled):
    programme, _slots, (p, q, r, s), (pq, rs) = scheduled
    page = client_of(user_of(p)).get(f"/en/meetings/{programme.event_id}/agenda/").content.decode()
    assert f'id="agenda-{pq.pk}"' in page and f'id="agenda-{rs.pk}"' not in page
    assert f"Name-of-{q.pk}" in page and "Wafer-level testing" in page
    assert f"Name-of-{r.pk}" not in page and f"Name-of-{s.pk}" not in page


def test_both_sides_see_the_same_table_and_time(scheduled):
    programme, _slots, (p, q, _r, _s), (pq, _rs) = scheduled
    rows = []
    for person in (p, q):
        data = client_of(user_of(person)).get(f"/api/v1/meeting-programmes/{programme.event_id}/agenda").json()
        rows.append([(m["id"], m["table"], m["starts_at"]) for m in data])
    assert rows[0] == rows[1] == [(pq.pk, 2, rows[0][0][2])]


def test_an_organiser_of_another_event_sees_nothing(scheduled):
    programme, slots, (p, _q, _r, _s), (pq, _rs) = scheduled
    outsider = admin_of(OrganisationFactory())
    client = client_of(outsider)
    e = programme.event_id
    for url in (f"/meetings/{e}/manage/", f"/meetings/{e}/grid/", f"/meetings/{e}/agenda/", f"/meetings/{e}/people/",
                f"/meetings/{e}/profile/", f"/api/v1/meeting-programmes/{e}", f"/api/v1/meeting-programmes/{e}/meetings"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/meetings/m/{pq.pk}/cancel/").status_code == 404
    assert client.post(f"/meetings/{e}/slots/{slots[0].pk}/remove/").status_code == 404
    assert client.get("/meetings/").status_code == 200


def test_the_organiser_sees_the_grid_of_tables_and_slots(scheduled):
    programme, _slots, (p, q, r, s), (pq, rs) = scheduled
    page = client_of(admin_of(programme.event.organiser)).get(f"/en/meetings/{programme.event_id}/grid/").content.decode()
    assert f'id="meeting-{pq.pk}"' in page and f'id="meeting-{rs.pk}"' in page
    assert page.count("<th>Table ") == 3
    assert "2 meetings scheduled." in page


def test_the_run_status_polls_while_queued_and_stops_when_done():
    programme, _slots, _people = programme_with()
    client = client_of(admin_of(programme.event.organiser))
    run = ScheduleRun.objects.create(programme=programme)
    url = f"/en/meetings/{programme.event_id}/runs/{run.pk}/"
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "<html" not in fragment
    assert 'hx-trigger="every 2s"' in client.get(url).content.decode()
    ScheduleRun.objects.filter(pk=run.pk).update(status="done", value=0, bound=0, gap=0, seconds=0.1, meetings_count=0)
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done and 'id="run-value"' in done


def test_the_calendar_feed_parses_back(scheduled):
    programme, slots, (p, q, _r, _s), (pq, _rs) = scheduled
    response = Client().get(f"/meetings/calendar/{p.calendar_token}.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert [(str(e["UID"]), e.decoded("DTSTART"), e.decoded("DTEND") - e.decoded("DTSTART"), str(e["STATUS"])) for e in events] == [
        (f"meeting-{pq.pk}@innobelt", slots[0].starts_at, slots[0].ends_at_for(programme) - slots[0].starts_at, "CONFIRMED")]
    assert f"Name-of-{q.pk}" in str(events[0]["SUMMARY"]) and "2" in str(events[0]["LOCATION"])
    assert "Wafer-level testing" in str(events[0]["DESCRIPTION"])
    assert str(calendar["VERSION"]) == "2.0"
    # Chinese (the feed's unprefixed URL): the table, venue and address read "2号桌、…", not "…, …"
    location = str(events[0]["LOCATION"])
    assert "、" in location and ", " not in location, location


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled_and_unknown_tokens_are_404(scheduled):
    _programme, _slots, (p, _q, _r, _s), (pq, _rs) = scheduled
    client_of(user_of(p)).post(f"/meetings/m/{pq.pk}/cancel/")
    calendar = Calendar.from_ical(Client().get(f"/meetings/calendar/{p.calendar_token}.ics").content)
    assert [str(e["STATUS"]) for e in calendar.walk("VEVENT")] == ["CANCELLED"]
    assert Client().get("/meetings/calendar/0000000000.ics").status_code == 404


def test_a_participant_who_cancels_their_registration_keeps_a_feed_of_cancelled_meetings(scheduled):
    """Calendar apps keep stale entries when a feed answers 404; a feed of cancelled entries removes them."""
    _programme, _slots, (p, _q, _r, _s), (pq, _rs) = scheduled
    from innobelt.events.domain import cancel_registration

    cancel_registration(actor=user_of(p), registration=p.registration)
    calendar = Calendar.from_ical(Client().get(f"/meetings/calendar/{p.calendar_token}.ics").content)
    assert [(str(e["UID"]), str(e["STATUS"]), e["SEQUENCE"]) for e in calendar.walk("VEVENT")] == [
        (f"meeting-{pq.pk}@innobelt", "CANCELLED", 1)]


def test_requests_from_the_people_page(scheduled):
    programme, _slots, (p, q, _r, _s), _meetings = scheduled
    client = client_of(user_of(p))
    response = client.post(f"/meetings/{programme.event_id}/people/{q.pk}/request/", {"priority": "must"})
    assert response.status_code == 302
    want(q, p, "like")
    page = client_of(user_of(q)).get(f"/en/meetings/{programme.event_id}/people/").content.decode()
    assert "wants to meet you" in page
    assert list(p.requests_made.values_list("target", "priority")) == [(q.pk, "must")]


def test_the_organiser_sets_up_a_programme_from_the_manage_page():
    from tests.factories import EventFactory

    event = EventFactory()
    client = client_of(admin_of(event.organiser))
    assert client.get(f"/en/meetings/{event.pk}/manage/").status_code == 200
    response = client.post(f"/en/meetings/{event.pk}/manage/", {"meeting_minutes": 30, "default_tables": 6, "fairness": "tiebreak",
                                                                 "time_limit": 20, "requests_open": "on"})
    assert response.status_code == 302
    from django.utils import timezone

    first = timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M")
    client.post(f"/en/meetings/{event.pk}/slots/", {"first_start": first, "count": 4})
    assert list(event.meeting_programme.slots.values_list("tables", flat=True)) == [6, 6, 6, 6]
