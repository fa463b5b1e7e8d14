"""What a voucher can pay for: the registry of redeemable kinds other apps plug into (ADR 0801, "A registry of what
a voucher pays").

A kind is one thing a firm can pay with a voucher's share: a booking of an instrument, a sample-testing job, a
service request, or whatever a later app adds. The vouchers domain never names a kind in its code paths: it looks the
kind up by its key (`get("booking")`) or from a reservation (`kind_of(reservation)`), and asks it what to lock, who may
pay, whether the voucher is eligible, what the bill is, who provides the work, how the firm releases a share and what
evidence the work left (a check-in, an outcome report, delivered results).

Who registers: an app registers its kind with `register(RedeemableKind(...))`, either in its `AppConfig.ready()` or in a
`vouchers.py` module of its package, which `VouchersConfig.ready()` imports for every installed app (as the admin does
with `admin.py`). An app above vouchers in the app table (resources) may not import vouchers, so vouchers registers
resources' two kinds itself (`domain/resource_kinds.py`); services registers its own (`innobelt/services/vouchers.py`).

Where the reservation points: each kind names the `Reservation` foreign key that holds what it pays (`field`). The
three kinds built so far keep the foreign keys they had (booking, service_request, sample_job): no data moves. A new
kind adds one nullable foreign key to `Reservation` and its name to `models.PAID_FIELDS` (one migration: the field, its
"one live reservation" constraint and the widened "pays exactly one thing" check, all generated from that tuple).
"""

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Model

from innobelt.vouchers.models import PAID_FIELDS, Reservation


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence the platform holds for the work a share paid: shown on the claim's evidence page."""

    key: str  # "check_in", "outcome", "results", "delivery": the anchor of the link on the claim page
    label: str  # "Check-in", "Outcome report", … in the reader's language
    present: bool  # False: the record does not exist (not checked in, no outcome reported yet)
    at: datetime | None = None
    by: str = ""
    lines: list[str] = dataclass_field(default_factory=list)  # what the record says, in the reader's language


@dataclass(frozen=True)
class RedeemableKind:
    """One thing a voucher can pay. Every callable receives the paid object as loaded by `load` (with what it reads)."""

    key: str  # "booking": how the domain, the API and the claim page name it
    field: str  # the Reservation foreign key holding what is paid; must be in models.PAID_FIELDS
    use: str  # models.Use value: the programme must list it among its eligible uses
    label: Callable[[], str]  # "booking" in the reader's language
    model: str  # "resources.Booking": what `field` points to (locked first when reserving and releasing)
    problems: Callable[[Any, Any], list[str]]  # (voucher, paid) → why it cannot pay (empty: it can, balance aside)
    quote: Callable[[Any, Any], Any]  # (voucher, paid) → spending.Quote (bill, share, co-payment)
    provider: Callable[[Any], tuple[int, int | None]]  # paid → (provider organisation id, its city id)
    evidence: Callable[[Any], list[Evidence]]  # paid → the check-in, outcome, results or delivery records
    title: Callable[[Any], str] = str  # paid → a line naming it on the claim's pages
    may_pay: Callable[[Any, Any], bool] | None = None  # (user, paid) → acts for the firm that ordered it; None: the
    # kind is never reserved directly (a service request reserves on the provider's acceptance)
    messages: dict[str, Callable[[], str]] = dataclass_field(default_factory=dict)  # not_yours, already_paid, costs_nothing,
    # other_key (the idempotency key paid something else), not_releasable (the firm cannot release it itself)
    select_related: tuple[str, ...] = ()  # what `load` and the claim page read with the object

    @property
    def id_field(self) -> str:
        return f"{self.field}_id"

    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def load(self, pk: int) -> Any:
        """The paid object with what the kind reads, or None."""
        return self.model_class()._default_manager.select_related(*self.select_related).filter(pk=pk).first()

    def message(self, name: str, default: str) -> str:
        make = self.messages.get(name)
        return make() if make is not None else default

    @property
    def releasable(self) -> bool:
        return "not_releasable" not in self.messages


KINDS: dict[str, RedeemableKind] = {}


class UnknownKind(LookupError):
    pass


def register(kind: RedeemableKind) -> None:
    """Add (or replace, by key) a kind; call it from AppConfig.ready() or the app's `vouchers.py`."""
    if kind.field not in PAID_FIELDS:
        raise ValueError(f"Reservation has no foreign key {kind.field!r} for the kind {kind.key!r} (models.PAID_FIELDS)")
    others = [k for k in KINDS.values() if k.field == kind.field and k.key != kind.key]
    if others:
        raise ValueError(f"The field {kind.field!r} is already the kind {others[0].key!r}'s")
    KINDS[kind.key] = kind


def get(key: str) -> RedeemableKind:
    try:
        return KINDS[key]
    except KeyError:
        raise UnknownKind(key) from None


def keys() -> list[str]:
    return sorted(KINDS)


def kind_of(reservation: Reservation) -> RedeemableKind:
    """The kind of what the reservation pays (the one foreign key set)."""
    for kind in KINDS.values():
        if getattr(reservation, kind.id_field, None) is not None:
            return kind
    raise UnknownKind(f"reservation {reservation.pk}")


def paid_object(reservation: Reservation) -> Any:
    kind = kind_of(reservation)
    return getattr(reservation, kind.field)
