"""Providers claim what vouchers paid them; the issuing authority approves or rejects with a reason.

In a programme that reimburses (`Programme.Mode.REIMBURSEMENT`, the other mode of 通用通兑) the firm pays the
provider in full, and the completed use itself becomes the firm's reimbursement claim of the voucher's share
(`claim_reimbursement`, called when the share is redeemed); the provider has nothing to claim there.

A claim gathers every redeemed, unclaimed share of one programme delivered by the provider (net of claw-backs:
domain/claw_backs.py reduces the claim when a share on it is clawed back later); the
reservations are locked while they are gathered, so two claims never take the same share. A rejected
claim keeps its shares (the authority's decision is final; docs/adr/0801-vouchers.md).
"""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.kit.api_errors import ConflictError
from innobelt.notifications.domain import notify
from innobelt.organisations.models import Organisation
from innobelt.organisations.queries import admins_of, operators_of
from innobelt.permissions import require
from innobelt.vouchers.models import Claim, Programme, Reservation, yuan

if TYPE_CHECKING:
    from innobelt.accounts.models import User


def claimable(provider: Organisation, programme: Programme | None = None) -> QuerySet[Reservation]:
    """Redeemed shares delivered by `provider` not yet claimed (in programmes where the provider redeems), less any
    wholly clawed back."""
    qs = Reservation.objects.filter(
        provider=provider, status=Reservation.Status.REDEEMED, claim__isnull=True,
        voucher__programme__mode=Programme.Mode.REDEMPTION, clawed_back_fen__lt=F("amount_fen"),
    )
    return qs.filter(voucher__programme=programme) if programme is not None else qs


def claimable_by_programme(provider: Organisation) -> list[dict[str, Any]]:
    return list(
        claimable(provider)
        .values("voucher__programme")
        .annotate(n=Count("pk"), fen=Sum(F("amount_fen") - F("clawed_back_fen")))
        .order_by("voucher__programme")
    )


@transaction.atomic
def submit_claim(*, actor: "User", provider: Organisation, programme: Programme) -> Claim:
    """Claim every redeemed, unclaimed share of `programme` delivered by `provider`. Side effects: audit
    entry, notice to the issuing authority's operators."""
    require(actor, "vouchers.claim", provider)
    shares = list(claimable(provider, programme).select_for_update().order_by("pk"))
    if not shares:
        raise ValidationError(_("There is nothing redeemed to claim in this programme."))
    claim = Claim.objects.create(
        programme=programme, provider=provider, amount_fen=sum(s.net_fen for s in shares), submitted_by=actor
    )
    Reservation.objects.filter(pk__in=[s.pk for s in shares]).update(claim=claim)
    record_action(
        actor=actor,
        action="vouchers.claim_submitted",
        target=claim,
        data={"amount_fen": claim.amount_fen, "reservations": [s.pk for s in shares]},
    )
    notify(
        operators_of(programme.authority_id),
        kind="vouchers.claim_received",
        subject=lambda: (
            _("%(provider)s claims ¥%(amount)s from %(programme)s")
            % {"provider": provider.name, "amount": yuan(claim.amount_fen), "programme": programme.name}
        ),
        body=lambda: _("%(n)d redeemed bookings.") % {"n": len(shares)},
        link=claim.get_absolute_url(),
    )
    return claim


def claim_reimbursement(reservation: Reservation, *, actor: Any) -> Claim:
    """Under the caller's transaction, with the voucher and the reservation locked, when a share of a programme
    that reimburses is redeemed: the firm's claim of that share (it paid the provider in full). Side effects:
    audit entry, notice to the issuing authority's operators."""
    voucher = reservation.voucher
    programme = voucher.programme
    firm = voucher.organisation
    claim = Claim.objects.create(
        programme=programme, provider=firm, kind=Claim.Kind.REIMBURSEMENT, amount_fen=reservation.amount_fen,
        submitted_by=reservation.created_by,
    )
    Reservation.objects.filter(pk=reservation.pk).update(claim=claim)
    reservation.claim = claim
    record_action(actor=actor, action="vouchers.reimbursement_claimed", target=claim,
                  data={"amount_fen": claim.amount_fen, "reservations": [reservation.pk]})
    notify(
        operators_of(programme.authority_id),
        kind="vouchers.claim_received",
        subject=lambda: (
            _("%(firm)s asks to be reimbursed ¥%(amount)s from %(programme)s")
            % {"firm": firm.name, "amount": yuan(claim.amount_fen), "programme": programme.name}
        ),
        body=lambda: _("The firm paid ¥%(total)s in full; the voucher's share is ¥%(amount)s.")
        % {"total": yuan(reservation.total_fen), "amount": yuan(claim.amount_fen)},
        link=claim.get_absolute_url(),
    )
    return claim


@transaction.atomic
def decide_claim(*, actor: "User", claim: Claim, approve: bool, reason: str = "") -> Claim:
    """Approve, or reject with a reason. Side effects: audit entry, notice to the provider's admins."""
    require(actor, "vouchers.decide_claim", claim)
    claim = Claim.objects.select_for_update().select_related("programme", "provider").get(pk=claim.pk)
    if claim.status != Claim.Status.SUBMITTED:
        raise ConflictError(_("This claim was already decided."), {"status": claim.status})
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    claim.status = Claim.Status.APPROVED if approve else Claim.Status.REJECTED
    claim.reason, claim.decided_by, claim.decided_at = reason[:500], actor, timezone.now()
    claim.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    record_action(actor=actor, action=f"vouchers.claim_{claim.status}", target=claim, data={"reason": claim.reason})
    notify(
        admins_of(claim.provider) or [claim.submitted_by],
        kind="vouchers.claim_decided",
        subject=lambda: (
            (_("Claim of ¥%(amount)s approved") if approve else _("Claim of ¥%(amount)s rejected"))
            % {"amount": yuan(claim.amount_fen)}
        ),
        body=lambda: claim.reason or claim.programme.name,
        link=claim.get_absolute_url(),
    )
    return claim


@transaction.atomic
def ask_for_more(*, actor: "User", claim: Claim, question: str) -> Claim:
    """The issuing authority neither approves nor rejects yet: it asks the claimant for more evidence (the third
    answer to a claim; it is not settled meanwhile). Raises PermissionDenied, ValidationError (no question),
    ConflictError (not waiting for a decision). Side effects: audit entry, notice to the claimant's admins."""
    require(actor, "vouchers.decide_claim", claim)
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": _("Say what more you need.")})
    claim = Claim.objects.select_for_update().select_related("programme", "provider").get(pk=claim.pk)
    if claim.status != Claim.Status.SUBMITTED:
        raise ConflictError(_("This claim is not waiting for a decision."), {"status": claim.status})
    claim.status, claim.question, claim.answer = Claim.Status.MORE_ASKED, question[:500], ""
    claim.decided_by, claim.decided_at = actor, timezone.now()
    claim.save(update_fields=["status", "question", "answer", "decided_by", "decided_at"])
    record_action(actor=actor, action="vouchers.claim_more_asked", target=claim, data={"question": claim.question})
    notify(
        admins_of(claim.provider) or [claim.submitted_by],
        kind="vouchers.claim_decided",
        subject=lambda: _("More evidence asked for your claim of ¥%(amount)s") % {"amount": yuan(claim.amount_fen)},
        body=lambda: claim.question,
        link=claim.get_absolute_url(),
    )
    return claim


@transaction.atomic
def answer_claim(*, actor: "User", claim: Claim, answer: str) -> Claim:
    """The claimant answers what the issuing authority asked for; the claim waits for a decision again. Raises
    PermissionDenied, ValidationError (no answer), ConflictError (nothing was asked). Side effects: audit entry,
    notice to the issuing authority's operators."""
    require(actor, "vouchers.claim", claim.provider)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write your answer.")})
    claim = Claim.objects.select_for_update().select_related("programme", "provider").get(pk=claim.pk)
    if claim.status != Claim.Status.MORE_ASKED:
        raise ConflictError(_("Nothing more was asked for this claim."), {"status": claim.status})
    claim.status, claim.answer = Claim.Status.SUBMITTED, answer[:2000]
    claim.decided_by, claim.decided_at = None, None
    claim.save(update_fields=["status", "answer", "decided_by", "decided_at"])
    record_action(actor=actor, action="vouchers.claim_answered", target=claim, data={"answer": claim.answer})
    notify(
        operators_of(claim.programme.authority_id),
        kind="vouchers.claim_received",
        subject=lambda: _("%(provider)s answered about its claim of ¥%(amount)s")
        % {"provider": claim.provider.name, "amount": yuan(claim.amount_fen)},
        body=lambda: claim.answer,
        link=claim.get_absolute_url(),
    )
    return claim
