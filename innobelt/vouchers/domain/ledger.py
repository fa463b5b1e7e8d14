"""The voucher ledger: the only code that changes a voucher's money (docs/adr/0801-vouchers.md).

Callers hold the voucher's row lock (`lock_voucher`, SELECT ... FOR UPDATE on PostgreSQL; on SQLite
the IMMEDIATE transaction already holds the one write lock) while they check a balance and `post`
an entry, so two writers never both spend the same fen. `post` writes the entry and the voucher's
two sums in the same transaction; the database refuses a negative sum whatever happens.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Sum

from innobelt.vouchers.models import LedgerEntry, Reservation, Voucher

# (available, reserved, redeemed) change of each kind, as a multiple of the entry's amount; a claw-back takes
# money out of what was redeemed and gives it back to the programme's budget (domain/claw_backs.py)
DIRECTION = {
    LedgerEntry.Kind.ISSUE: (1, 0, 0),
    LedgerEntry.Kind.RESERVE: (-1, 1, 0),
    LedgerEntry.Kind.RELEASE: (1, -1, 0),
    LedgerEntry.Kind.REDEEM: (0, -1, 1),
    LedgerEntry.Kind.EXPIRE: (-1, 0, 0),
    LedgerEntry.Kind.CLAW_BACK: (0, 0, -1),
}


def lock_voucher(voucher_id: int) -> Voucher:
    """The voucher, locked until the transaction ends (call inside transaction.atomic)."""
    return Voucher.objects.select_for_update().select_related("programme").get(pk=voucher_id)


def post(
    voucher: Voucher, kind: str, amount_fen: int, *, actor: Any = None, reservation: Reservation | None = None
) -> LedgerEntry:
    """Append one entry moving `amount_fen` (positive) as `kind` says, and update the voucher's sums."""
    if amount_fen <= 0:
        raise ValueError("a ledger entry moves a positive amount")
    available, reserved, redeemed = DIRECTION[LedgerEntry.Kind(kind)]
    voucher.available_fen += available * amount_fen
    voucher.reserved_fen += reserved * amount_fen
    voucher.redeemed_fen += redeemed * amount_fen
    if voucher.available_fen < 0 or voucher.reserved_fen < 0 or voucher.redeemed_fen < 0:
        raise ValueError("the ledger would go negative; the caller must check the balance under the lock")
    voucher.save(update_fields=["available_fen", "reserved_fen", "redeemed_fen", "status"])
    return LedgerEntry.objects.create(
        voucher=voucher,
        kind=kind,
        available_change_fen=available * amount_fen,
        reserved_change_fen=reserved * amount_fen,
        redeemed_change_fen=redeemed * amount_fen,
        reservation=reservation,
        actor=actor,
    )


def ledger_sums(voucher_id: int) -> tuple[int, int]:
    """(available, reserved) as the entries add up: always equal to the voucher's columns."""
    sums = LedgerEntry.objects.filter(voucher_id=voucher_id).aggregate(
        a=Sum("available_change_fen"), r=Sum("reserved_change_fen")
    )
    return int(sums["a"] or 0), int(sums["r"] or 0)


def redeemed_sum(voucher_id: int) -> int:
    """What was redeemed and not clawed back, as the entries add up: always the voucher's `redeemed_fen`."""
    return int(LedgerEntry.objects.filter(voucher_id=voucher_id).aggregate(s=Sum("redeemed_change_fen"))["s"] or 0)


def share_of(total_fen: int, co_payment_percent: int) -> tuple[int, int]:
    """(voucher share, firm's co-payment) of a bill, the share rounded half-up to the fen."""
    share = int((Decimal(total_fen) * (100 - co_payment_percent) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return share, total_fen - share
