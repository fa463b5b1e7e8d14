"""Links the meetings app puts into messages."""

from django.urls import reverse


def agenda_link(programme) -> str:
    """A participant's agenda of the programme's event."""
    return reverse("meetings:agenda", kwargs={"event_id": programme.event_id})
