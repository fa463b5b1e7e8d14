"""Spending a voucher inside a booking: reserve its share, redeem it when the work is done, release it
when the booking is cancelled.

Every write locks the booking, then the voucher (always in that order, also when resources calls the
hooks below from inside its cancelling transaction), checks the rule and the balance, and posts the
ledger entry. A retried reservation with the same idempotency key finds the first one under the
voucher's lock and returns it, so it reserves once.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.kit.api_errors import ConflictError
from innobelt.permissions import require
from innobelt.resources.hooks import BookingCancelled, OutcomeReported
from innobelt.resources.models import Booking, StatementLine
from innobelt.vouchers import redeemables
from innobelt.vouchers.domain import ledger
from innobelt.vouchers.domain.claims import claim_reimbursement
from innobelt.vouchers.domain.reserving import clean_key, refuse_if_paid, reserve_once
from innobelt.vouchers.models import LedgerEntry, Programme, Reservation, Use, Voucher, yuan

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.vouchers.redeemables import RedeemableKind


class InsufficientBalance(ConflictError):
    """The voucher's available balance does not cover its share of the bill (409)."""

    def __init__(self, voucher: Voucher, needed_fen: int):
        super().__init__(
            _("The voucher has ¥%(available)s available; its share of this bill is ¥%(needed)s.")
            % {"available": yuan(voucher.available_fen), "needed": yuan(needed_fen)},
            {"available_fen": voucher.available_fen, "needed_fen": needed_fen, "voucher": voucher.pk},
        )


@dataclass
class Quote:
    total_fen: int
    share_fen: int
    co_payment_fen: int


def bill_fen(booking: Booking) -> int:
    """What the booking costs the firm, from the statement line resources fixed when it was booked
    (reads `statement_lines` prefetched when a list quotes many bookings)."""
    line = next((x for x in booking.statement_lines.all() if x.kind == StatementLine.Kind.CHARGE), None)
    return int(line.amount * 100) if line is not None else 0


def spending_problems(voucher: Voucher, booking: Booking, *, now: datetime | None = None) -> list[str]:
    """Why the voucher cannot pay for the booking (empty: it can, balance aside)."""
    now = now or timezone.now()
    programme: Programme = voucher.programme
    problems = []
    if not voucher.is_active or voucher.expires_on < timezone.localdate(now):
        problems.append(_("The voucher has expired."))
    elif timezone.localdate(booking.start) > voucher.expires_on:
        problems.append(
            _("The booking is after the voucher's last day (%(day)s).") % {"day": voucher.expires_on.isoformat()}
        )
    if booking.organisation_id != voucher.organisation_id:
        problems.append(_("The voucher belongs to another organisation."))
    if booking.status != Booking.Status.CONFIRMED or booking.end <= now:
        problems.append(_("Only a confirmed booking that has not ended can be paid with a voucher."))
    if Use.INSTRUMENT_TIME not in programme.uses:
        problems.append(_("The programme does not pay for instrument time."))
    resource = booking.resource
    if resource.owner_id == voucher.organisation_id:
        problems.append(_("A voucher cannot pay for your own organisation's equipment."))
    if not spendable_in(programme, resource.city_id):
        problems.append(_("The programme's vouchers cannot be spent in this equipment's city."))
    return problems


def spendable_in(programme: Programme, city_id: int | None) -> bool:
    """May the programme's vouchers be spent at a provider in this city: its own, or an Alliance city that
    accepted the programme?"""
    if city_id is not None and city_id == programme.authority_id:
        return True
    return (city_id is not None and programme.spendable == Programme.Spendable.ACCEPTING
            and programme.accepted_in.filter(pk=city_id).exists())


def open_reservation(locked: Voucher, *, actor: Any, bill: Quote, key: str, use: str, provider_id: int,
                     provider_city_id: int | None, paid: dict[str, int]) -> Reservation:
    """Under the caller's transaction with the voucher locked and the balance checked: the reservation of the
    bill's share for what `paid` names (`{"booking_id": …}`, `{"service_request_id": …}` or
    `{"sample_job_id": …}`), its ledger entry and its audit entry."""
    reservation = Reservation.objects.create(
        voucher=locked, **paid, provider_id=provider_id, provider_city_id=provider_city_id, use=use,
        idempotency_key=key, total_fen=bill.total_fen, amount_fen=bill.share_fen, co_payment_fen=bill.co_payment_fen,
        created_by=actor)
    ledger.post(locked, LedgerEntry.Kind.RESERVE, bill.share_fen, actor=actor, reservation=reservation)
    record_action(actor=actor, action="vouchers.reserved", target=reservation,
                  data={"voucher": locked.pk, **{name.removesuffix("_id"): pk for name, pk in paid.items()},
                        "amount_fen": bill.share_fen, "co_payment_fen": bill.co_payment_fen})
    return reservation


def quote(voucher: Voucher, booking: Booking) -> Quote:
    total = bill_fen(booking)
    share, co_payment = ledger.share_of(total, voucher.programme.co_payment_percent)
    return Quote(total_fen=total, share_fen=share, co_payment_fen=co_payment)


def reserve_paid(*, actor: "User", voucher: Voucher, kind: "RedeemableKind", paid: Any,
                 idempotency_key: str) -> tuple[Reservation, bool]:
    """Reserve the voucher's share of what `paid` costs, for any kind of the registry (vouchers/redeemables.py); the
    firm pays the co-payment itself. Returns (reservation, created): a retry with the same key returns the first.
    Lock order: what is paid, then the voucher. Raises ValidationError (not eligible, not the caller's),
    InsufficientBalance or ConflictError (409). Side effects: reservation, ledger entry, audit entry."""
    require(actor, "vouchers.spend_voucher", voucher)
    may_pay = kind.may_pay
    if may_pay is None:
        raise ValidationError(kind.message("not_yours", _("This cannot be paid with a voucher here.")))
    key = clean_key(idempotency_key)

    def make(locked: Voucher) -> Reservation:
        current = kind.load(paid.pk)
        if current is None or not may_pay(actor, current):
            raise ValidationError(kind.message("not_yours", _("You do not act for the organisation that ordered this.")))
        problems = kind.problems(locked, current)
        if problems:
            raise ValidationError(problems[0])
        refuse_if_paid(kind.field, current.pk, kind.message("already_paid", _("A voucher already pays for this.")))
        bill = kind.quote(locked, current)
        if bill.share_fen <= 0:
            raise ValidationError(kind.message("costs_nothing", _("This costs nothing; there is nothing for a voucher "
                                                                  "to pay.")))
        if bill.share_fen > locked.available_fen:
            raise InsufficientBalance(locked, bill.share_fen)
        provider_id, provider_city_id = kind.provider(current)
        return open_reservation(locked, actor=actor, bill=bill, key=key, use=kind.use, provider_id=provider_id,
                                provider_city_id=provider_city_id, paid={kind.id_field: current.pk})

    with transaction.atomic():  # what is paid, then the voucher: one order everywhere
        reservation, created = reserve_once(
            voucher_id=voucher.pk or 0, key=key, paid_field=kind.id_field, paid=paid, paid_pk=paid.pk, make=make,
            other_use_message=kind.message("other_key", _("This idempotency key was used for something else.")))
    assert reservation is not None  # make() always opens one or raises
    return reservation, created


def reserve_voucher(
    *, actor: "User", voucher: Voucher, booking: Booking, idempotency_key: str
) -> tuple[Reservation, bool]:
    """Reserve the voucher's share of the booking's bill (`reserve_paid` with the kind "booking")."""
    return reserve_paid(actor=actor, voucher=voucher, kind=redeemables.get("booking"), paid=booking,
                        idempotency_key=idempotency_key)


def _settle(reservation: Reservation, kind: str, *, actor: Any) -> Reservation:
    """Under the caller's transaction: lock the voucher, move the share, mark the reservation."""
    voucher = ledger.lock_voucher(reservation.voucher_id)
    reservation = Reservation.objects.select_for_update().get(pk=reservation.pk)
    if reservation.status != Reservation.Status.RESERVED:
        return reservation
    reservation.status = (
        Reservation.Status.RELEASED if kind == LedgerEntry.Kind.RELEASE else Reservation.Status.REDEEMED
    )
    reservation.settled_at = timezone.now()
    reservation.save(update_fields=["status", "settled_at"])
    ledger.post(voucher, kind, reservation.amount_fen, actor=actor, reservation=reservation)
    if kind == LedgerEntry.Kind.REDEEM and voucher.programme.reimburses:  # the firm paid in full: it claims the share
        reservation.voucher = voucher
        claim_reimbursement(reservation, actor=actor)
    if kind == LedgerEntry.Kind.RELEASE and voucher.status == Voucher.Status.EXPIRED:
        ledger.post(
            voucher, LedgerEntry.Kind.EXPIRE, reservation.amount_fen, actor=actor
        )  # money freed after expiry lapses
    record_action(
        actor=actor,
        action=f"vouchers.{reservation.status}",
        target=reservation,
        data={"voucher": voucher.pk, "amount_fen": reservation.amount_fen},
    )
    return reservation


def release_reservation(*, actor: "User", reservation: Reservation) -> Reservation:
    """The firm gives up paying this booking, sample job… with the voucher (it stays). Under the lock of what is paid,
    then the voucher's. A kind whose share follows what it pays (a service request) is refused with a 409.
    Side effects: ledger, audit."""
    require(actor, "vouchers.spend_voucher", reservation.voucher)
    kind = redeemables.kind_of(reservation)
    paid_pk = getattr(reservation, kind.id_field)
    if not kind.releasable:
        raise ConflictError(kind.message("not_releasable", ""), {kind.field: paid_pk})
    with transaction.atomic():
        kind.model_class()._default_manager.select_for_update().get(pk=paid_pk)
        current = Reservation.objects.get(pk=reservation.pk)
        if current.status != Reservation.Status.RESERVED:
            raise ConflictError(_("This reservation was already redeemed or released."), {"status": current.status})
        return _settle(current, LedgerEntry.Kind.RELEASE, actor=actor)


def _done(now: datetime) -> Q:
    """A booking whose work took place: checked in at the instrument, or ended."""
    return Q(booking__checked_in_at__isnull=False) | Q(booking__end__lte=now)


def redeem_completed(*, access_request_id: int, actor: Any = None, now: datetime | None = None) -> int:
    """Redeem the reserved shares of the request's bookings that were checked in or have ended, once its
    outcome is reported (the work is done). Called inside resources' transaction through the hook and by
    the periodic task."""
    now = now or timezone.now()
    due = Reservation.objects.filter(
        _done(now),
        status=Reservation.Status.RESERVED,
        booking__access_request_id=access_request_id,
        booking__status=Booking.Status.CONFIRMED,
    )
    done = 0
    for reservation in due:
        if _settle(reservation, LedgerEntry.Kind.REDEEM, actor=actor).status == Reservation.Status.REDEEMED:
            done += 1
    return done


def redeem_due(*, now: datetime | None = None) -> int:
    """The periodic step: redeem reservations whose booking ended (or was checked in) after the outcome
    report was filed."""
    now = now or timezone.now()
    requests = set(
        Reservation.objects.filter(
            _done(now),
            status=Reservation.Status.RESERVED,
            booking__status=Booking.Status.CONFIRMED,
            booking__access_request__outcome__isnull=False,
        ).values_list("booking__access_request_id", flat=True)
    )
    done = 0
    for request_id in sorted(requests):
        with transaction.atomic():
            done += redeem_completed(access_request_id=request_id, now=now)
    return done


def release_stale() -> int:
    """The periodic step's other half: release the shares of bookings that will never be done, the no-shows
    resources released to the waitlist (a cancellation releases at once through the hook; cancelled ones are
    caught here too should a receiver have been missing). Each under the booking's lock, then the voucher's."""
    stale = Reservation.objects.filter(
        status=Reservation.Status.RESERVED,
        booking__status__in=[Booking.Status.NO_SHOW, Booking.Status.CANCELLED],
    ).values_list("pk", "booking_id")
    done = 0
    for reservation_id, booking_id in list(stale):
        with transaction.atomic():
            Booking.objects.select_for_update().get(pk=booking_id)
            reservation = Reservation.objects.get(pk=reservation_id)
            if _settle(reservation, LedgerEntry.Kind.RELEASE, actor=None).status == Reservation.Status.RELEASED:
                done += 1
    return done


def on_booking_cancelled(change: BookingCancelled) -> None:
    """resources.hooks receiver: a cancelled booking releases its voucher share (inside the cancelling transaction)."""
    for reservation in Reservation.objects.filter(booking_id=change.booking.pk, status=Reservation.Status.RESERVED):
        _settle(reservation, LedgerEntry.Kind.RELEASE, actor=change.actor)


def on_outcome_reported(change: OutcomeReported) -> None:
    """resources.hooks receiver: the outcome report completes the work of the bookings checked in or ended."""
    redeem_completed(access_request_id=change.access_request.pk, actor=change.actor)
