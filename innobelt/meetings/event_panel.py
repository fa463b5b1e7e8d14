"""The "1:1 meetings" panel on the public event page (registered in MeetingsConfig.ready())."""

from django.db.models import Exists, OuterRef, Value

from innobelt.events.page_panels import EventPage, Panel
from innobelt.meetings.models import Participant, Programme


def event_page_panel(page: EventPage) -> Panel | None:
    """On the public page, when the event has a 1:1 programme: a short note for everyone, the
    participant's links for a confirmed registration (or the join button, a POST, until they
    join), the organiser's links for its managers. To its managers, on both pages: "Set up 1:1
    meetings" while there is no programme (the only way to it), the organiser's links once there
    is one (organiser page). One query."""
    if page.organiser_page:
        if not page.can_manage:
            return None
        programme = Programme.objects.filter(event_id=page.event.pk).only("pk", "event_id").first()
        return Panel("meetings/_event_setup_panel.html", {"event": page.event, "programme": programme})
    registration = page.registration
    confirmed = registration is not None and registration.status == "confirmed"
    joined = Exists(Participant.objects.filter(programme=OuterRef("pk"), registration=registration)) if confirmed else Value(False)
    programme = (Programme.objects.filter(event_id=page.event.pk).only("pk", "event_id", "requests_open")
                 .annotate(joined=joined).first())
    if programme is None:
        return Panel("meetings/_event_setup_panel.html", {"event": page.event, "programme": None}) if page.can_manage else None
    return Panel("meetings/_event_panel.html", {
        "programme": programme,
        "event": page.event,
        "participant": confirmed and programme.joined,
        "to_join": confirmed and not programme.joined,
        "registered": registration is not None,
        "registration_open": page.event.registration_is_open(),
        "organiser": page.can_manage,
    })
