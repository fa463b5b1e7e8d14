"""Hooks that apps below resources connect to, so that resources can tell them what happened without importing them.

Resources sits above vouchers in the app table (ADR 0001): when a booking is cancelled the resources
domain cannot release the voucher reserved for it itself. Instead an app registers a receiver here in
its AppConfig.ready() (vouchers does, see VouchersConfig), and the resources domain calls every receiver
inside the transaction that changed the booking or filed the outcome report, after the row is written.
A receiver that raises rolls the whole change back, so a booking is never cancelled while its voucher
share stays reserved.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class BookingCancelled:
    booking: Any  # resources.Booking, already saved as cancelled
    actor: Any  # the user who cancelled it (the booker, the owner, or the owner closing the equipment)


@dataclass(frozen=True)
class OutcomeReported:
    access_request: Any  # resources.AccessRequest whose outcome report was just filed or corrected
    actor: Any


CancelReceiver = Callable[[BookingCancelled], None]
OutcomeReceiver = Callable[[OutcomeReported], None]
CANCEL_RECEIVERS: dict[str, CancelReceiver] = {}
OUTCOME_RECEIVERS: dict[str, OutcomeReceiver] = {}


def on_booking_cancelled(name: str, receiver: CancelReceiver) -> None:
    """Add (or replace, by name) a receiver; call it from AppConfig.ready()."""
    CANCEL_RECEIVERS[name] = receiver


def on_outcome_reported(name: str, receiver: OutcomeReceiver) -> None:
    """Add (or replace, by name) a receiver; call it from AppConfig.ready()."""
    OUTCOME_RECEIVERS[name] = receiver


def booking_cancelled(*, booking: Any, actor: Any) -> None:
    """Tell every receiver (called by resources.domain.bookings inside the cancelling transaction)."""
    for receiver in CANCEL_RECEIVERS.values():
        receiver(BookingCancelled(booking=booking, actor=actor))


def outcome_reported(*, access_request: Any, actor: Any) -> None:
    """Tell every receiver (called by resources.domain.access inside the reporting transaction)."""
    for receiver in OUTCOME_RECEIVERS.values():
        receiver(OutcomeReported(access_request=access_request, actor=actor))
