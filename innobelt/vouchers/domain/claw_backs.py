"""Claw-backs: the issuing authority takes back (part of) a redemption that should not have been paid, with a reason.

Under the voucher's row lock (which on PostgreSQL also locks its programme through the join, the rows closing a
period locks first), then the reservation's, then its claim's: the amount is checked against what was redeemed and
not yet clawed back, the share's `clawed_back_fen` rises (a database check keeps it within the share), a `claw_back`
ledger entry takes it out of the voucher's redeemed pot, and the programme's `issued_fen` falls by it (the money
returns to the budget). A share not yet settled has its claim's amount reduced (whatever the claim's status: the
claim is the sum of its shares net of claw-backs); a settled share gets a negative line in the next period the
authority closes (domain/settlement.py). docs/adr/0801-vouchers.md, "Claw-backs".
"""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innobelt.audit.domain import record_action
from innobelt.kit.api_errors import ConflictError
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import admins_of
from innobelt.permissions import require
from innobelt.vouchers.domain import ledger
from innobelt.vouchers.models import Claim, ClawBack, LedgerEntry, Programme, Reservation, SettlementLine, yuan

if TYPE_CHECKING:
    from innobelt.accounts.models import User

# the label of the notice's kind in notifications/kinds.py (which imports no app): translated in this app's catalogue
CLAW_BACK_NOTICE = gettext_lazy("A voucher redemption paying your organisation was clawed back")


class ClawBackTooLarge(ConflictError):
    """More than what was redeemed and not yet clawed back (409)."""

    def __init__(self, reservation: Reservation, asked_fen: int):
        super().__init__(
            _("¥%(left)s of this redemption may still be clawed back; you asked for ¥%(asked)s.")
            % {"left": yuan(reservation.net_fen), "asked": yuan(asked_fen)},
            {"clawable_fen": reservation.net_fen, "asked_fen": asked_fen, "reservation": reservation.pk},
        )


def claw_back(*, actor: "User", reservation: Reservation, amount_fen: int, reason: str) -> ClawBack:
    """Take `amount_fen` of the redeemed share back. Raises PermissionDenied, ValidationError (amount, reason),
    ConflictError (not redeemed), ClawBackTooLarge (409). Side effects: claw-back, ledger entry, the programme's
    budget, the claim's amount, audit entry, notices to the payee's admins and the firm's admins."""
    require(actor, "vouchers.claw_back", reservation)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    if amount_fen <= 0:
        raise ValidationError({"amount": _("Enter an amount above zero.")})
    with transaction.atomic():
        voucher = ledger.lock_voucher(reservation.voucher_id)  # and its programme (PostgreSQL: the join is locked)
        share = Reservation.objects.select_for_update(of=("self",)).select_related("provider").get(pk=reservation.pk)
        if share.status != Reservation.Status.REDEEMED:
            raise ConflictError(_("Only a redeemed share can be clawed back."), {"status": share.status})
        if amount_fen > share.net_fen:
            raise ClawBackTooLarge(share, amount_fen)
        settled = SettlementLine.objects.filter(reservation=share, claw_back__isnull=True).exists()
        claim = Claim.objects.select_for_update().get(pk=share.claim_id) if share.claim_id else None
        if claim is not None and not settled:
            claim.amount_fen -= amount_fen
            claim.save(update_fields=["amount_fen"])
        share.clawed_back_fen += amount_fen
        share.save(update_fields=["clawed_back_fen"])
        taken = ClawBack.objects.create(
            reservation=share, amount_fen=amount_fen, reason=reason[:500], claim=claim, settled_before=settled,
            actor=actor,
        )
        ledger.post(voucher, LedgerEntry.Kind.CLAW_BACK, amount_fen, actor=actor, reservation=share)
        Programme.objects.filter(pk=voucher.programme_id).update(issued_fen=F("issued_fen") - amount_fen)
        record_action(
            actor=actor, action="vouchers.clawed_back", target=share,
            data={"voucher": voucher.pk, "amount_fen": amount_fen, "reason": taken.reason,
                  "claim": claim.pk if claim is not None else None, "settled_before": settled},
        )
        payee = claim.provider if claim is not None else share.provider
        subject = lambda: _("¥%(amount)s of a voucher redemption was clawed back") % {"amount": yuan(amount_fen)}  # noqa: E731
        body = lambda: _("%(programme)s, voucher #%(voucher)s at %(provider)s: %(reason)s") % {  # noqa: E731
            "programme": voucher.programme.name, "voucher": voucher.pk, "provider": share.provider.name,
            "reason": taken.reason}
        paid = admins_of(payee)  # the organisation that was (or will be) paid: sees its claim
        notify(paid, kind="vouchers.clawed_back", subject=subject, body=body,
               link=claim.get_absolute_url() if claim is not None else "")
        told = {u.pk for u in paid}
        notify([u for u in admins_of(voucher.organisation) if u.pk not in told], kind="vouchers.clawed_back",
               subject=subject, body=body, link=voucher.get_absolute_url())  # the firm: sees its voucher
    return taken
