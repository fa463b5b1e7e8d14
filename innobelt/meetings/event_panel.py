"""The "1:1 meetings" panel on the public event page (registered in MeetingsConfig.ready())."""

from innobelt.events.page_panels import EventPage, Panel
from innobelt.meetings.models import Programme


def event_page_panel(page: EventPage) -> Panel | None:
    """Shown when the event has a 1:1 programme: a short note for everyone, the participant's
    links for a confirmed registration, the organiser's links for its managers. One query."""
    programme = Programme.objects.filter(event_id=page.event.pk).only("pk", "event_id", "requests_open").first()
    if programme is None:
        return None
    registration = page.registration
    return Panel("meetings/_event_panel.html", {
        "programme": programme,
        "event": page.event,
        "participant": registration is not None and registration.status == "confirmed",
        "registered": registration is not None,
        "registration_open": page.event.registration_is_open(),
        "organiser": page.can_manage,
    })
