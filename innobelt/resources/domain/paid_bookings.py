"""Booking and paying in one step: the booking page's payment choice (a voucher), all or nothing.

`book_and_pay` books the ticked runs as `book_equipment` does, then asks the chosen payer (resources/booking_payments.py;
vouchers registers one) to pay every booking made, inside one transaction: a payment refused (the voucher's balance,
its eligibility, a booking that would await approval) rolls every booking of the step back, and a booking refused
(the time taken, a bad request) pays nothing. Lock order: the instrument's row (book_equipment), the new booking, then
what pays (the voucher): the same order as every other writer of a voucher share (ADR 0801).
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from innobelt.resources import booking_payments
from innobelt.resources.domain.bookings import BookingConflict, book_equipment
from innobelt.resources.models import AccessRequest, Booking

if TYPE_CHECKING:
    from innobelt.accounts.models import User


@dataclass
class PaidBookings:
    created: list[Booking]
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    paid: list[str] = field(default_factory=list)  # what each payment told the person
    replayed: bool = False  # a retried step (the same payment and key): the bookings it made then, nothing new


def book_and_pay(*, actor: "User", access_request: AccessRequest, runs: list[tuple[datetime, datetime]],
                 repeat_weekly: int = 1, note: str = "", payment: str, key: str) -> PaidBookings:
    """Book every run (each repeated weekly as asked) and pay each booking made with `payment` (an option's value),
    in one transaction. Taken dates are reported as conflicts, the rest booked and paid. Raises ValidationError
    (a bad request, an unknown payment, a payment refused) or the kit's ConflictError (a balance too small), and
    BookingConflict when nothing could be booked: then nothing is written. A step retried with the same payment and
    key books nothing and answers the bookings it made (`replayed`), also when both arrive at once.

    Side effects: those of book_equipment and of the payer (a voucher reservation, its ledger and audit entries)."""
    chosen = booking_payments.payer_of(payment)
    if chosen is None:
        raise ValidationError({"payment": _("Choose how to pay from the list.")})
    payer, reference = chosen
    earlier = payer.replay(actor=actor, reference=reference, key=key)
    if earlier:  # the step was made already with this key: answer it again, book and pay nothing
        return PaidBookings(created=earlier, replayed=True)
    try:
        return _book_and_pay(actor=actor, access_request=access_request, runs=runs, repeat_weekly=repeat_weekly,
                             note=note, payer=payer, reference=reference, key=key)
    except BookingConflict:
        earlier = payer.replay(actor=actor, reference=reference, key=key)  # the same step sent twice at once:
        if earlier:  # the first one took the slots (it held the instrument's row) and this one answers its bookings
            return PaidBookings(created=earlier, replayed=True)
        raise


def _book_and_pay(*, actor: "User", access_request: AccessRequest, runs: list[tuple[datetime, datetime]],
                  repeat_weekly: int, note: str, payer: booking_payments.Payer, reference: str, key: str) -> PaidBookings:
    result = PaidBookings(created=[])
    with transaction.atomic():
        for start, end in runs:
            try:
                made = book_equipment(actor=actor, access_request=access_request, start=start, end=end,
                                      repeat_weekly=repeat_weekly, note=note)
            except BookingConflict as exc:
                result.conflicts += exc.conflicts
                continue
            result.created += made.created
            result.conflicts += made.conflicts
        if not result.created:
            raise BookingConflict(result.conflicts)
        for n, booking in enumerate(result.created):
            result.paid.append(payer.pay(actor=actor, booking=booking, reference=reference, key=f"{key}-{n}"))
    return result
