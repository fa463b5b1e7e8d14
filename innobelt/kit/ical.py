"""One iCalendar (RFC 5545) builder for every feed: events, 1:1 meetings, bookings.

The `icalendar` library escapes text (commas, semicolons, new lines) and folds lines at 75 octets; this
module fixes what every feed of the platform shares: VERSION 2.0, the Gregorian calendar, METHOD PUBLISH,
the calendar's name and time zone (X-WR-CALNAME, X-WR-TIMEZONE), and each VEVENT's stable UID, DTSTAMP,
STATUS (CONFIRMED, or CANCELLED so that calendar apps remove an entry they already hold).

    cal = calendar("Forum", prodid="-//innobelt//meeting zone//ZH-EN")
    add_event(cal, uid="event-1@innobelt", stamp=..., start=..., end=..., summary="Forum")
    cal.to_ical()
"""

from datetime import datetime

from django.utils import timezone
from icalendar import Calendar, Event

__all__ = ["calendar", "add_event"]


def calendar(name: str, *, prodid: str, refresh: str | None = None) -> Calendar:
    """An empty VCALENDAR named `name`; `refresh` is how often apps should poll (an ISO 8601 duration, "PT1H")."""
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    if refresh:
        cal.add("refresh-interval;value=duration", refresh)
    return cal


def add_event(cal: Calendar, *, uid: str, stamp: datetime, start: datetime, end: datetime, summary: str,
              location: str = "", description: str = "", url: str = "", cancelled: bool = False,
              transparency: str = "", modified: datetime | None = None, sequence: int | None = None) -> Event:
    """Add one VEVENT to `cal` and return it. `uid` must stay the same between downloads (a re-import then
    updates the entry); empty texts are left out; `transparency` is "OPAQUE" for busy time when given;
    `modified` and `sequence` mark a change of an entry already published (a cancellation: RFC 5545 3.8.7.4)."""
    vevent = Event()
    vevent.add("uid", uid)
    vevent.add("dtstamp", stamp)
    if modified is not None:
        vevent.add("last-modified", modified)
    vevent.add("dtstart", start)
    vevent.add("dtend", end)
    vevent.add("summary", summary)
    if location:
        vevent.add("location", location)
    if description:
        vevent.add("description", description)
    if url:
        vevent.add("url", url)
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if transparency:
        vevent.add("transp", transparency)
    if sequence is not None:
        vevent.add("sequence", sequence)
    cal.add_component(vevent)
    return vevent
