"""Paying for a booking on the booking page itself: a hook that apps below resources fill (vouchers does).

Resources sits above vouchers in the app table (ADR 0001) and may not import it. An app that can pay for bookings
registers a `Payer` here in its AppConfig.ready(); the booking page asks every payer what it offers the person for
this instrument (`options`), and when the person chooses one, `domain/paid_bookings.book_and_pay` books and calls
`pay` for each booking made, all in one transaction: if paying fails nothing is booked, and if booking fails nothing
is paid (ADR 0801, "Choosing a voucher on the booking page").
"""

from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ValidationError


class PaymentNotFound(ValidationError):
    """The reference names nothing the person may pay with (an unknown id, another firm's voucher): pages show the
    message, the API answers 404 (the same for both, so ids cannot be probed)."""


class PaymentNotAllowed(ValidationError):
    """The person sees what the reference names but may not pay with it: pages show the message, the API answers 403."""


@dataclass(frozen=True)
class PaymentOption:
    value: str  # "<payer name>:<its own reference>", e.g. "vouchers:12"
    label: str  # what the person sees, in their language
    note: str = ""  # the terms (share and co-payment, what is left)


class Payer(Protocol):
    def options(self, *, user: Any, resource: Any, access_requests: list[Any]) -> list[PaymentOption]:
        """What this payer offers the person for bookings of `resource` through these access requests."""
        ...

    def pay(self, *, actor: Any, booking: Any, reference: str, key: str) -> str:
        """Pay for `booking` (just made, inside the booking's transaction); returns what to tell the person.
        Raises ValidationError (PaymentNotFound, PaymentNotAllowed among them) or the kit's ConflictError to refuse:
        the booking is then rolled back."""
        ...

    def replay(self, *, actor: Any, reference: str, key: str) -> list[Any]:
        """The bookings paid earlier with this reference and step key (a retried step), oldest first; [] if none.
        Called before booking: raises PaymentNotFound or PaymentNotAllowed for a reference the person may not pay with."""
        ...


PAYERS: dict[str, Payer] = {}


def register_payer(name: str, payer: Payer) -> None:
    """Add (or replace, by name) a payer; call it from AppConfig.ready()."""
    PAYERS[name] = payer


def options(*, user: Any, resource: Any, access_requests: list[Any]) -> list[PaymentOption]:
    return [option for payer in PAYERS.values()
            for option in payer.options(user=user, resource=resource, access_requests=access_requests)]


def payer_of(value: str) -> tuple[Payer, str] | None:
    """The payer and its reference named by an option's value, or None when no payer has that name."""
    name, _sep, reference = (value or "").partition(":")
    payer = PAYERS.get(name)
    return (payer, reference) if payer is not None and reference else None
