"""Panels that other apps add to the public page of an event, without events importing them.

Events sits above meetings in the app table (ADR 0001), so the event page cannot ask the
meetings app whether there is a 1:1 programme. Instead an app registers a provider in its
AppConfig.ready(); the event's public page and its organiser page (events:programme) call every
provider with what they already know about the page (the event, the caller's registration,
whether they manage it, which of the two pages it is) and include the template each returns. A
provider must run a constant number of queries (tests/events/test_query_counts.py).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass(frozen=True)
class EventPage:
    """What the event page knows already, handed to every provider (so they need not query it again)."""

    request: HttpRequest
    event: object  # events.Event
    registration: object | None  # the caller's active events.Registration, if any
    can_manage: bool
    organiser_page: bool = False  # the organiser's page of the event (events:programme), not its public page


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)


Provider = Callable[[EventPage], Panel | None]
PROVIDERS: dict[str, Provider] = {}


def register_panel(name: str, provider: Provider) -> None:
    """Add (or replace, by name) a provider; call it from AppConfig.ready()."""
    PROVIDERS[name] = provider


def panels_for(page: EventPage) -> list[Panel]:
    """The panels to show on this event page, in registration order."""
    return [panel for provider in PROVIDERS.values() if (panel := provider(page)) is not None]
