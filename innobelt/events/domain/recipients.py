"""Who hears about an event's registrations and pitches."""

from typing import TYPE_CHECKING

from innobelt.organisations.queries import admins_of, operators_of

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.events.models import Event


def organisers_of(event: "Event") -> list["User"]:
    """The organiser's active admins, else the operators of the event's city (platform operators without one)."""
    return admins_of(event.organiser) or operators_of(event.city_id)
