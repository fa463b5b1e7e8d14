"""Paying for a sample-testing job when accepting its quote: a hook that apps below resources fill (vouchers does).

Resources sits above vouchers in the app table (ADR 0001) and may not import it. An app that can pay for sample jobs
registers a `SampleJobPayer` here in its AppConfig.ready(); the job's page asks every payer what it offers the firm
for this quote (`options`), and `domain/samples.accept_and_pay` accepts the quote and calls `pay` in the same
transaction (the job's row locked first, then what pays): if paying fails the quote stays unaccepted, and if
accepting fails nothing is paid (ADR 0801, "Choosing a voucher when accepting a sample-testing quote").
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from innobelt.resources.booking_payments import PaymentNotAllowed, PaymentNotFound, PaymentOption

__all__ = ["PaidShare", "PaymentNotAllowed", "PaymentNotFound", "PaymentOption", "SampleJobPayer", "options",
           "payer_of", "register_payer", "status"]


@dataclass(frozen=True)
class PaidShare:
    message: str  # what to tell the person, in their language
    share: Decimal  # CNY the payer covers
    co_payment: Decimal  # CNY the firm pays itself


@dataclass(frozen=True)
class PaymentStatus:
    text: str  # what pays the job now, or how to pay it, in the reader's language
    link: str = ""  # the payer's own page for the job (change or release the payment), if any


class SampleJobPayer(Protocol):
    def options(self, *, user: Any, job: Any) -> list[PaymentOption]:
        """What this payer offers the person for the quoted job (empty: nothing)."""
        ...

    def pay(self, *, actor: Any, job: Any, reference: str, key: str) -> PaidShare:
        """Pay for `job` (just accepted, inside the accepting transaction, its row locked). Raises ValidationError
        (PaymentNotFound, PaymentNotAllowed among them) or the kit's ConflictError to refuse: the acceptance is then
        rolled back."""
        ...

    def replay(self, *, actor: Any, job: Any, reference: str, key: str) -> PaidShare | None:
        """The payment made earlier for `job` with this reference and key (a retried acceptance), or None."""
        ...

    def status(self, *, user: Any, job: Any) -> PaymentStatus | None:
        """What the job's page says about this payer once the quote was accepted (None: nothing)."""
        ...


PAYERS: dict[str, SampleJobPayer] = {}


def register_payer(name: str, payer: SampleJobPayer) -> None:
    """Add (or replace, by name) a payer; call it from AppConfig.ready()."""
    PAYERS[name] = payer


def options(*, user: Any, job: Any) -> list[PaymentOption]:
    return [option for payer in PAYERS.values() for option in payer.options(user=user, job=job)]


def status(*, user: Any, job: Any) -> list[PaymentStatus]:
    return [found for payer in PAYERS.values() if (found := payer.status(user=user, job=job)) is not None]


def payer_of(value: str) -> tuple[SampleJobPayer, str] | None:
    """The payer and its reference named by an option's value ("vouchers:12"), or None."""
    name, _sep, reference = (value or "").partition(":")
    payer = PAYERS.get(name)
    return (payer, reference) if payer is not None and reference else None
