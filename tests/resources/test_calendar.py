import re

import pytest
from django.test import Client
from icalendar import Calendar

from innobelt.resources import calendar, domain
from innobelt.resources.models import CalendarFeed
from tests.factories import AccessRequestFactory, OrganisationFactory
from tests.resources.conftest import at

pytestmark = pytest.mark.django_db


def events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return [c for c in Calendar.from_ical(response.content).walk("VEVENT")]


def test_the_personal_feed_needs_only_its_secret_and_links_back_to_each_booking(scene):
    result = domain.book_equipment(actor=scene.seeker, access_request=scene.access, start=at(2, 9), end=at(2, 11), repeat_weekly=2)
    cancelled = domain.book_equipment(actor=scene.seeker, access_request=scene.access, start=at(3, 9), end=at(3, 10)).created[0]
    domain.cancel_booking(actor=scene.seeker, booking=cancelled)
    feed = domain.calendar_feed_for(user=scene.seeker)
    response = Client().get(f"/resources/calendar/{feed.token}.ics")  # no session: calendar apps poll it
    found = {str(e["uid"]): e for e in events(response)}
    first, second = result.created
    assert set(found) == {f"booking-{b.pk}@innobelt" for b in (first, second, cancelled)}
    event = found[f"booking-{first.pk}@innobelt"]
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (first.start, first.end)
    assert str(event["url"]) == f"http://testserver/resources/bookings/{first.pk}/"
    assert scene.seeker_org.name_zh in str(event["summary"])  # an unprefixed (Chinese) URL
    assert str(found[f"booking-{cancelled.pk}@innobelt"]["status"]) == "CANCELLED"


def test_rotating_the_feed_stops_the_old_address(scene):
    old = domain.calendar_feed_for(user=scene.seeker).token
    new = domain.calendar_feed_for(user=scene.seeker, rotate=True).token
    assert old != new and CalendarFeed.objects.get(user=scene.seeker).token == new
    assert Client().get(f"/resources/calendar/{old}.ics").status_code == 404
    assert Client().get(f"/resources/calendar/{new}.ics").status_code == 200
    assert Client().get("/resources/calendar/not-a-token.ics").status_code == 404


def test_the_resource_feed_names_who_booked_only_for_the_owner(scene):
    other = AccessRequestFactory(resource=scene.equipment, organisation=OrganisationFactory(name_zh="邻居公司", name_en="Neighbour Ltd"))
    domain.book_equipment(actor=other.requested_by, access_request=other, start=at(2, 14), end=at(2, 15))
    owner, outsider = Client(), Client()
    owner.force_login(scene.owner_admin)
    outsider.force_login(scene.seeker)
    url = f"/resources/{scene.equipment.pk}/calendar.ics"
    (for_owner,) = events(owner.get(url))
    (for_outsider,) = events(outsider.get(url))
    (anonymous,) = events(Client().get(url))
    assert "邻居公司" in str(for_owner["summary"]) and "url" in for_owner
    for event in (for_outsider, anonymous):
        assert "邻居公司" not in event.to_ical().decode() and "Neighbour" not in event.to_ical().decode()
        assert "url" not in event
    assert for_outsider.decoded("dtstart") == at(2, 14)


def test_the_public_resource_feed_has_opaque_stable_uids_and_no_booking_details(scene):
    """Issue 17, item 11: busy blocks gave `booking-<id>@innobelt`, telling booking ids (and how many there are)."""
    other = AccessRequestFactory(resource=scene.equipment, organisation=OrganisationFactory())
    booking = domain.book_equipment(actor=other.requested_by, access_request=other, start=at(2, 14), end=at(2, 15)).created[0]
    url = f"/resources/{scene.equipment.pk}/calendar.ics"
    owner, outsider = Client(), Client()
    owner.force_login(scene.owner_admin)
    outsider.force_login(scene.seeker)
    (for_owner,) = events(owner.get(url))
    assert str(for_owner["uid"]) == f"booking-{booking.pk}@innobelt"  # the owner's people keep the details
    public = [events(outsider.get(url))[0], events(Client().get(url))[0], events(Client().get(url))[0]]
    uids = {str(event["uid"]) for event in public}
    assert len(uids) == 1  # stable between polls and viewers: calendar apps update, not duplicate
    (uid,) = uids
    assert re.fullmatch(r"busy-[0-9a-f]{32}@innobelt", uid) and uid == calendar.public_uid(booking)
    booking.resource_id += 1  # the same booking id under another resource's feed: another UID
    assert calendar.public_uid(booking) != uid
    for event in public:
        text = event.to_ical().decode()
        assert f"bookings/{booking.pk}/" not in text and "description" not in event and "url" not in event
        assert event.decoded("dtstamp") != booking.created_at
