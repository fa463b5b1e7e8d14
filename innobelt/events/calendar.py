"""iCalendar (RFC 5545) files for an event and for each of its sessions.

The online link is left out: the files are public, the link is for registered people.
UIDs are stable (event-<id>@innobelt, event-session-<id>@innobelt), so importing the
file again updates the entry instead of adding a second one.
"""

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from innobelt.events.models import Event, Session

PRODID = "-//innobelt//meeting zone//ZH-EN"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    return cal


def _location(event: Event, room=None) -> str:
    parts = [room.name if room else "", event.venue, event.address]
    return ", ".join(p for p in parts if p)


def _vevent(uid: str, *, summary: str, start, end, stamp, location: str, description: str, url: str) -> CalendarEvent:
    vevent = CalendarEvent()
    vevent.add("uid", uid)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", start)
    vevent.add("dtend", end)
    vevent.add("summary", summary)
    if location:
        vevent.add("location", location)
    if description:
        vevent.add("description", description)
    vevent.add("url", url)
    vevent.add("status", "CONFIRMED")
    return vevent


def event_calendar(event: Event, *, base_url: str) -> bytes:
    cal = _calendar(event.title)
    url = base_url + event.get_absolute_url()
    cal.add_component(_vevent(
        f"event-{event.pk}@innobelt", summary=event.title, start=event.starts_at, end=event.ends_at,
        stamp=event.published_at or event.created_at, location=_location(event),
        description="\n".join(filter(None, [event.description[:2000], url])), url=url,
    ))
    return cal.to_ical()


def session_calendar(session: Session, *, base_url: str) -> bytes:
    event = session.event
    cal = _calendar(event.title)
    url = base_url + event.get_absolute_url()
    speakers = ", ".join(s.name for s in session.speakers.all())
    cal.add_component(_vevent(
        f"event-session-{session.pk}@innobelt", summary=f"{session.title} · {event.title}", start=session.starts_at,
        end=session.ends_at, stamp=event.published_at or event.created_at, location=_location(event, session.room),
        description="\n".join(filter(None, [speakers, session.description[:2000], url])), url=url,
    ))
    return cal.to_ical()
