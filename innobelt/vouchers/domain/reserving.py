"""Reserve under lock with an idempotency key: the steps every way of spending a voucher shares.

A booking (`spending.py`), a sample job (`sample_spending.py`) and a service request (`service_spending.py`)
all reserve the same way: lock what is paid, then the voucher (one order everywhere, ADR 0801); a reservation
already made with the same idempotency key answers the retry (it reserves once); nothing else may already pay
the thing (one live reservation per booking, job or request). What differs (who may, what is eligible, the
bill) is the caller's `make` step, run with the voucher locked.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from innobelt.kit.api_errors import ConflictError
from innobelt.vouchers.domain import ledger
from innobelt.vouchers.models import Reservation, Voucher

LIVE = (Reservation.Status.RESERVED, Reservation.Status.REDEEMED)


def clean_key(idempotency_key: str | None) -> str:
    """The key as stored; a ValidationError unless it has 1 to 80 characters."""
    key = (idempotency_key or "").strip()
    if not key or len(key) > 80:
        raise ValidationError({"idempotency_key": _("Send an idempotency key of 1 to 80 characters.")})
    return key


def refuse_if_paid(field: str, pk: int, message: str) -> None:
    """The "already paid" step: a ConflictError (409) when a live reservation pays `field`=`pk` already."""
    live = Reservation.objects.filter(**{field: pk}, status__in=LIVE).first()
    if live is not None:
        raise ConflictError(message, {"reservation": live.pk})


def reserve_once(
    *,
    voucher_id: int,
    key: str,
    paid_field: str,
    paid: Model | None,
    paid_pk: int,
    make: Callable[[Voucher], Reservation | None],
    other_use_message: str | None = None,
) -> tuple[Reservation | None, bool]:
    """Under the caller's transaction: lock `paid` (None: the caller holds its lock already), then the voucher;
    answer the reservation made earlier with `key` (created False), or `make(locked_voucher)` (created True).
    With `other_use_message`, an earlier reservation of the key that pays something else is a ConflictError."""
    if paid is not None:
        type(paid)._default_manager.select_for_update().get(pk=paid_pk)  # what is paid, then the voucher
    locked = ledger.lock_voucher(voucher_id)
    earlier = Reservation.objects.filter(voucher=locked, idempotency_key=key).first()
    if earlier is not None:
        if other_use_message is not None and getattr(earlier, paid_field) != paid_pk:
            raise ConflictError(other_use_message, {"reservation": earlier.pk})
        return earlier, False
    return make(locked), True
