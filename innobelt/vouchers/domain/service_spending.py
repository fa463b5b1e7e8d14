"""Spending a voucher on a service request of the service zone (technical services).

The firm chooses a voucher on its request (services.domain.vouchers.choose_voucher asks `check_for_request`
here); when the provider accepts, the voucher's share of the service's fee is reserved; when the firm
confirms the resolved request, it is redeemed; when the request is rejected, it is released. Services calls
the receivers below through innobelt/services/hooks.py, inside its transaction with the request row locked:
request, then voucher, the one order everywhere. Vouchers sits above services in the app table, so the
request is only read through its attributes here, never imported.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.permissions import require
from innobelt.vouchers.domain import ledger
from innobelt.vouchers.domain.reserving import refuse_if_paid, reserve_once
from innobelt.vouchers.domain.spending import InsufficientBalance, Quote, _settle, open_reservation, spendable_in
from innobelt.vouchers.models import LedgerEntry, Programme, Reservation, Use, Voucher


def request_bill_fen(request: Any) -> int:
    """The fee of the service the request was routed to (or asked for), in fen (exact: fees have 2 places)."""
    service = request.service or request.wanted_service
    return int(Decimal(service.fee) * 100) if service is not None else 0


def request_problems(voucher: Voucher, request: Any) -> list[str]:
    """Why the voucher cannot pay for the service request (empty: it can, balance aside)."""
    programme: Programme = voucher.programme
    problems = []
    if not voucher.is_active or voucher.expires_on < timezone.localdate():
        problems.append(_("The voucher has expired."))
    if request.firm_id != voucher.organisation_id:
        problems.append(_("The voucher belongs to another organisation."))
    if Use.TECHNICAL_SERVICES not in programme.uses:
        problems.append(_("The programme does not pay for technical services."))
    provider = request.provider.organisation if request.provider_id else None
    if provider is None:
        problems.append(_("The request has no provider yet."))
        return problems
    if provider.pk == voucher.organisation_id:
        problems.append(_("A voucher cannot pay for your own organisation's services."))
    if not spendable_in(programme, provider.city_id):
        problems.append(_("The programme's vouchers cannot be spent in this provider's city."))
    return problems


def quote_request(voucher: Voucher, request: Any) -> Quote:
    total = request_bill_fen(request)
    share, co_payment = ledger.share_of(total, voucher.programme.co_payment_percent)
    return Quote(total_fen=total, share_fen=share, co_payment_fen=co_payment)


def check_for_request(*, actor: Any, voucher: Voucher, request: Any) -> Quote:
    """May `actor` pay `request` with `voucher` (the firm choosing it)? Returns the quote; raises
    PermissionDenied, ValidationError (not eligible, nothing to pay) or InsufficientBalance (409)."""
    require(actor, "vouchers.spend_voucher", voucher)
    problems = request_problems(voucher, request)
    if problems:
        raise ValidationError(problems[0])
    bill = quote_request(voucher, request)
    if bill.share_fen <= 0:
        raise ValidationError(_("This service costs nothing; there is nothing for a voucher to pay."))
    if bill.share_fen > voucher.available_fen:
        raise InsufficientBalance(voucher, bill.share_fen)
    return bill


def reserve_for_request(request: Any, *, actor: Any) -> Reservation | None:
    """The provider accepted the request: reserve the chosen voucher's share (once: the key is the request's).
    Under the caller's transaction with the request locked. Raises ValidationError or InsufficientBalance when
    the voucher no longer covers it (the acceptance is rolled back and the provider told why)."""
    if not request.voucher_id:
        return None
    key = f"service-request-{request.pk}"

    def make(voucher: Voucher) -> Reservation | None:
        refuse_if_paid("service_request", request.pk, _("A voucher already pays for this request."))
        problems = request_problems(voucher, request)
        if problems:
            raise ValidationError(problems[0])
        bill = quote_request(voucher, request)
        if bill.share_fen <= 0:
            return None
        if bill.share_fen > voucher.available_fen:
            raise InsufficientBalance(voucher, bill.share_fen)
        provider = request.provider.organisation
        return open_reservation(
            voucher, actor=actor, bill=bill, key=key, use=Use.TECHNICAL_SERVICES, provider_id=provider.pk,
            provider_city_id=provider.city_id, paid={"service_request_id": request.pk})

    # the caller holds the request's lock: the voucher is locked next
    reservation, _created = reserve_once(voucher_id=request.voucher_id, key=key, paid_field="service_request_id",
                                         paid=None, paid_pk=request.pk, make=make)
    return reservation


def _settle_request(request: Any, kind: str, *, actor: Any) -> int:
    done = 0
    for reservation in Reservation.objects.filter(service_request_id=request.pk, status=Reservation.Status.RESERVED):
        if _settle(reservation, kind, actor=actor).status != Reservation.Status.RESERVED:
            done += 1
    return done


def on_request_accepted(change: Any) -> None:
    """services.hooks receiver: the provider accepted; the chosen voucher's share is reserved."""
    reserve_for_request(change.request, actor=change.actor)


def on_request_confirmed(change: Any) -> None:
    """services.hooks receiver: the firm confirmed the resolved request; the share is redeemed."""
    _settle_request(change.request, LedgerEntry.Kind.REDEEM, actor=change.actor)


def on_request_ended(change: Any) -> None:
    """services.hooks receiver: the request was rejected; the share goes back to the voucher."""
    _settle_request(change.request, LedgerEntry.Kind.RELEASE, actor=change.actor)
