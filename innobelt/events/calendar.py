"""iCalendar (RFC 5545) files for an event and for each of its sessions.

The online link is left out: the files are public, the link is for registered people.
UIDs are stable (event-<id>@innobelt, event-session-<id>@innobelt), so importing the
file again updates the entry instead of adding a second one.
"""

from innobelt.bilingual import join_list
from innobelt.events.models import Event, Session
from innobelt.kit.ical import add_event, calendar

PRODID = "-//innobelt//meeting zone//ZH-EN"


def _location(event: Event, room=None) -> str:
    parts = [room.name if room else "", event.venue, event.address]
    return join_list(parts)


def event_calendar(event: Event, *, base_url: str) -> bytes:
    cal = calendar(event.title, prodid=PRODID)
    url = base_url + event.get_absolute_url()
    add_event(
        cal, uid=f"event-{event.pk}@innobelt", summary=event.title, start=event.starts_at, end=event.ends_at,
        stamp=event.published_at or event.created_at, location=_location(event),
        description="\n".join(filter(None, [event.description[:2000], url])), url=url,
    )
    return cal.to_ical()


def session_calendar(session: Session, *, base_url: str) -> bytes:
    event = session.event
    cal = calendar(event.title, prodid=PRODID)
    url = base_url + event.get_absolute_url()
    speakers = join_list(s.name for s in session.speakers.all())
    add_event(
        cal, uid=f"event-session-{session.pk}@innobelt", summary=f"{session.title} · {event.title}", start=session.starts_at,
        end=session.ends_at, stamp=event.published_at or event.created_at, location=_location(event, session.room),
        description="\n".join(filter(None, [speakers, session.description[:2000], url])), url=url,
    )
    return cal.to_ical()
