"""A participant's 1:1 meetings as an iCalendar feed (RFC 5545).

The feed lives at a secret per-participant URL so calendar apps can poll it without
signing in. UIDs are stable (meeting-<id>@innobelt): a moved meeting updates the entry,
a cancelled one is sent with STATUS:CANCELLED.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from innobelt.meetings.models import Meeting, Participant

PRODID = "-//innobelt//1:1 meetings//ZH-EN"


def agenda_calendar(participant: Participant, meetings, *, base_url: str, agenda_url: str) -> bytes:
    event = participant.programme.event
    programme = participant.programme
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("1:1 meetings · %(event)s") % {"event": event.title})
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    cal.add("refresh-interval;value=duration", "PT1H")
    for meeting in meetings:
        partner = meeting.partner_of(participant)
        vevent = CalendarEvent()
        vevent.add("uid", f"meeting-{meeting.pk}@innobelt")
        vevent.add("dtstamp", meeting.cancelled_at or meeting.created_at)
        if meeting.cancelled_at:
            vevent.add("last-modified", meeting.cancelled_at)
        vevent.add("dtstart", meeting.slot.starts_at)
        vevent.add("dtend", meeting.slot.ends_at_for(programme))
        vevent.add("summary", _("1:1 meeting with %(partner)s") % {"partner": partner.name})
        vevent.add("location", ", ".join(filter(None, [_("Table %(n)d") % {"n": meeting.table}, event.venue, event.address])))
        vevent.add("description", "\n".join(filter(None, [
            _("Offers: %(text)s") % {"text": partner.offers} if partner.offers else "",
            _("Looking for: %(text)s") % {"text": partner.seeks} if partner.seeks else "",
            _("Cancelled: %(reason)s") % {"reason": meeting.get_cancel_reason_display() or _("cancelled")} if meeting.is_cancelled else "",
            base_url + agenda_url])))
        vevent.add("url", base_url + agenda_url)
        vevent.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
        vevent.add("sequence", 1 if meeting.is_cancelled else 0)  # a cancellation is a change of the entry (RFC 5545 3.8.7.4)
        cal.add_component(vevent)
    return cal.to_ical()
