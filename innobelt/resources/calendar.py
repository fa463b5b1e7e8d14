"""iCalendar (RFC 5545) feeds of bookings: per resource and per person.

Each event links back to its booking page. Calendar apps poll the personal
feed with a secret token in its URL (they cannot send a session); the resource
feed shows who booked only to the owner's people and platform operators, and
busy blocks to everyone else who may see the resource. Busy blocks carry nothing private:
an opaque UID (an HMAC of the booking id salted per resource, stable between polls, so
booking ids and their count cannot be read from the feed), the feed's own time as DTSTAMP
(not when the booking was made), no note, no link.
"""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from icalendar import Calendar

from innobelt.kit.ical import add_event, calendar
from innobelt.resources.models import Booking

PRODID = "-//innobelt//resource bookings//ZH-EN"


def public_uid(booking: Booking) -> str:
    """The UID of a booking in the busy-block feed of its resource: stable, opaque, per resource."""
    digest = salted_hmac("innobelt.resources.calendar.busy-uid", f"{booking.resource_id}:{booking.pk}", algorithm="sha256")
    return f"busy-{digest.hexdigest()[:32]}@innobelt"


def _add_booking(cal: Calendar, booking: Booking, *, base_url: str, detailed: bool, stamp: datetime | None = None) -> None:
    resource = booking.resource
    cancelled = booking.status == Booking.Status.CANCELLED
    if detailed:
        link = base_url + booking.get_absolute_url()
        add_event(cal, uid=f"booking-{booking.pk}@innobelt", stamp=booking.cancelled_at or booking.created_at,
                  start=booking.start, end=booking.end, summary=f"{resource.title} · {booking.organisation.name}",
                  location=resource.location, description="\n".join(filter(None, [booking.note, link])), url=link,
                  cancelled=cancelled, transparency="OPAQUE")
    else:  # a busy block: nothing private (no note, no link, an opaque UID, the feed's own time)
        add_event(cal, uid=public_uid(booking), stamp=stamp or timezone.now(), start=booking.start, end=booking.end,
                  summary=f"{resource.title} · {_('booked')}", location=resource.location, cancelled=cancelled,
                  transparency="OPAQUE")


def resource_calendar(resource, bookings, *, base_url: str, detailed: bool) -> bytes:
    cal = calendar(resource.title, prodid=PRODID)
    stamp = timezone.now().replace(microsecond=0)
    for booking in bookings:
        _add_booking(cal, booking, base_url=base_url, detailed=detailed, stamp=stamp)
    return cal.to_ical()


def person_calendar(user, bookings, *, base_url: str) -> bytes:
    cal = calendar(_("Bookings of %(person)s") % {"person": user}, prodid=PRODID)
    for booking in bookings:
        _add_booking(cal, booking, base_url=base_url, detailed=True)
    return cal.to_ical()


def feed_window():
    """Bookings from 90 days ago to a year ahead go into a feed."""
    now = timezone.now()
    return now - timedelta(days=90), now + timedelta(days=366)
