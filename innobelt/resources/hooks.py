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


@dataclass(frozen=True)
class SampleJobChanged:
    """A sample job was accepted (reserve), completed (redeem) or cancelled after acceptance (release)."""

    job: Any  # resources.SampleJob, already saved in its new status; job.amount is the quoted amount (CNY)
    actor: Any
    event: str  # "accepted", "completed" or "cancelled"


CancelReceiver = Callable[[BookingCancelled], None]
OutcomeReceiver = Callable[[OutcomeReported], None]
CANCEL_RECEIVERS: dict[str, CancelReceiver] = {}
OUTCOME_RECEIVERS: dict[str, OutcomeReceiver] = {}
SampleJobReceiver = Callable[[SampleJobChanged], None]
SAMPLE_JOB_RECEIVERS: dict[str, SampleJobReceiver] = {}


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


def on_sample_job_changed(name: str, receiver: SampleJobReceiver) -> None:
    """Add (or replace, by name) a receiver of sample-job events; call it from AppConfig.ready()."""
    SAMPLE_JOB_RECEIVERS[name] = receiver


def _sample_job_changed(event: str, job: Any, actor: Any) -> None:
    for receiver in SAMPLE_JOB_RECEIVERS.values():
        receiver(SampleJobChanged(job=job, actor=actor, event=event))


def sample_job_accepted(*, job: Any, actor: Any) -> None:
    """The requester accepted the quote (called by resources.domain.samples inside that transaction): reserve."""
    _sample_job_changed("accepted", job, actor)


def sample_job_completed(*, job: Any, actor: Any) -> None:
    """The results were delivered (inside that transaction): redeem what was reserved."""
    _sample_job_changed("completed", job, actor)


def sample_job_cancelled(*, job: Any, actor: Any) -> None:
    """An accepted job was cancelled (inside that transaction): release what was reserved."""
    _sample_job_changed("cancelled", job, actor)
