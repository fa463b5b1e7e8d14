"""iCalendar (RFC 5545) feeds of bookings: per resource and per person.

Each event links back to its booking page. Calendar apps poll the personal
feed with a secret token in its URL (they cannot send a session); the resource
feed shows who booked only to the owner's people and platform operators, and
busy blocks to everyone else who may see the resource. Busy blocks carry nothing private:
an opaque UID (an HMAC of the booking id salted per resource, stable between polls, so
booking ids and their count cannot be read from the feed), the feed's own time as DTSTAMP
(not when the booking was made), no note, no link.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from innobelt.resources.models import Booking

PRODID = "-//innobelt//resource bookings//ZH-EN"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    return cal


def public_uid(booking: Booking) -> str:
    """The UID of a booking in the busy-block feed of its resource: stable, opaque, per resource."""
    digest = salted_hmac("innobelt.resources.calendar.busy-uid", f"{booking.resource_id}:{booking.pk}", algorithm="sha256")
    return f"busy-{digest.hexdigest()[:32]}@innobelt"


def booking_event(booking: Booking, *, base_url: str, detailed: bool, stamp=None) -> Event:
    resource = booking.resource
    event = Event()
    if detailed:
        event.add("uid", f"booking-{booking.pk}@innobelt")
        event.add("dtstamp", booking.cancelled_at or booking.created_at)
    else:
        event.add("uid", public_uid(booking))
        event.add("dtstamp", stamp or timezone.now())
    event.add("dtstart", booking.start)
    event.add("dtend", booking.end)
    if detailed:
        link = base_url + booking.get_absolute_url()
        event.add("summary", f"{resource.title} · {booking.organisation.name}")
        event.add("description", "\n".join(filter(None, [booking.note, link])))
        event.add("url", link)
    else:
        event.add("summary", f"{resource.title} · {_('booked')}")
    if resource.location:
        event.add("location", resource.location)
    event.add("status", "CANCELLED" if booking.status == Booking.Status.CANCELLED else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def resource_calendar(resource, bookings, *, base_url: str, detailed: bool) -> bytes:
    cal = _calendar(resource.title)
    stamp = timezone.now().replace(microsecond=0)
    for booking in bookings:
        cal.add_component(booking_event(booking, base_url=base_url, detailed=detailed, stamp=stamp))
    return cal.to_ical()


def person_calendar(user, bookings, *, base_url: str) -> bytes:
    cal = _calendar(_("Bookings of %(person)s") % {"person": user})
    for booking in bookings:
        cal.add_component(booking_event(booking, base_url=base_url, detailed=True))
    return cal.to_ical()


def feed_window():
    """Bookings from 90 days ago to a year ahead go into a feed."""
    now = timezone.now()
    return now - timedelta(days=90), now + timedelta(days=366)
