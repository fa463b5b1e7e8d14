"""A participant's 1:1 meetings as an iCalendar feed (RFC 5545).

The feed lives at a secret per-participant URL so calendar apps can poll it without
signing in. UIDs are stable (meeting-<id>@innobelt): a moved meeting updates the entry,
a cancelled one is sent with STATUS:CANCELLED.
"""

from django.utils.translation import gettext as _

from innobelt.bilingual import join_list
from innobelt.kit.ical import add_event, calendar
from innobelt.meetings.models import Participant

PRODID = "-//innobelt//1:1 meetings//ZH-EN"


def agenda_calendar(participant: Participant, meetings, *, base_url: str, agenda_url: str, left: bool = False) -> bytes:
    """The feed of `meetings`. For a participant who `left` (their registration is no longer confirmed) every
    entry is a cancellation, whatever the meeting's state (one with an outcome stays scheduled for the
    organiser's figures), and no entry carries the partner's offers or needs: what they saw goes away from
    their calendar and nothing about the people still taking part is told."""
    event = participant.programme.event
    programme = participant.programme
    cal = calendar(_("1:1 meetings · %(event)s") % {"event": event.title}, prodid=PRODID, refresh="PT1H")
    for meeting in meetings:
        partner = meeting.partner_of(participant)
        cancelled = left or meeting.is_cancelled
        reason = (meeting.get_cancel_reason_display() if meeting.is_cancelled else "") or _("cancelled")
        add_event(
            cal, uid=f"meeting-{meeting.pk}@innobelt", stamp=meeting.cancelled_at or meeting.created_at,
            modified=meeting.cancelled_at, start=meeting.slot.starts_at, end=meeting.slot.ends_at_for(programme),
            summary=_("1:1 meeting with %(partner)s") % {"partner": partner.name},
            location=join_list([_("Table %(n)d") % {"n": meeting.table}, event.venue, event.address]),
            description="\n".join(filter(None, [
                _("Offers: %(text)s") % {"text": partner.offers} if partner.offers and not left else "",
                _("Looking for: %(text)s") % {"text": partner.seeks} if partner.seeks and not left else "",
                _("Cancelled: %(reason)s") % {"reason": reason} if cancelled else "",
                base_url + agenda_url])),
            url=base_url + agenda_url, cancelled=cancelled,
            sequence=1 if cancelled else 0)  # a cancellation is a change of the entry
    return cal.to_ical()
