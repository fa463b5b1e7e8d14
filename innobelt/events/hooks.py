"""Hooks that other apps connect to, so that events can tell them what happened without importing them.

Events sits above meetings in the app table (ADR 0001): when a registration is cancelled the
events domain cannot cancel the person's 1:1 meetings itself. Instead an app registers a
receiver here in its AppConfig.ready() (meetings does, see MeetingsConfig), and the events
domain calls every receiver inside the transaction that cancels the registration, after the
registration row is written. A receiver that raises rolls the whole cancellation back, so a
registration is never cancelled while its meetings stay scheduled.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class RegistrationLeft:
    """A registration that is no longer active (cancelled by its person or the organiser, or declined)."""

    registration: Any  # events.Registration, already saved with its new status
    actor: Any  # the user who did it
    by_organiser: bool  # True when the actor is not the registered person
    now: datetime


Receiver = Callable[[RegistrationLeft], None]
RECEIVERS: dict[str, Receiver] = {}


def on_registration_left(name: str, receiver: Receiver) -> None:
    """Add (or replace, by name) a receiver; call it from AppConfig.ready()."""
    RECEIVERS[name] = receiver


def registration_left(change: RegistrationLeft) -> None:
    """Tell every receiver, in registration order (called by events.domain.registration)."""
    for receiver in RECEIVERS.values():
        receiver(change)
