"""Spending a voucher on a sample-testing job (送样检测) of the resource register.

Once the firm has accepted the owner's quote (the job's price is then fixed on its statement line), it may
pay the voucher's share of it, as it does for a booking: `reserve_for_sample_job`, with an idempotency key.
When the owner delivers the results the share is redeemed; when the job is cancelled before the samples
arrive it is released (resources/hooks.py calls the receiver below inside the job's transaction, with the
job row locked). Lock order everywhere: the job, then the voucher.
"""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.kit.api_errors import ConflictError
from innobelt.permissions import can, require
from innobelt.resources.models import SampleJob
from innobelt.vouchers.domain import ledger
from innobelt.vouchers.domain.reserving import clean_key, refuse_if_paid, reserve_once
from innobelt.vouchers.domain.spending import InsufficientBalance, Quote, _settle, open_reservation, spendable_in
from innobelt.vouchers.models import LedgerEntry, Programme, Reservation, Use, Voucher

if TYPE_CHECKING:
    from innobelt.accounts.models import User

PAYABLE = (SampleJob.Status.ACCEPTED, SampleJob.Status.RECEIVED, SampleJob.Status.MEASURING)  # accepted, results not yet delivered


def job_bill_fen(job: SampleJob) -> int:
    """The accepted quote in fen (exact: amounts have two places)."""
    return int(Decimal(job.amount or 0) * 100)


def sample_job_problems(voucher: Voucher, job: SampleJob) -> list[str]:
    """Why the voucher cannot pay for the sample job (empty: it can, balance aside)."""
    programme: Programme = voucher.programme
    problems = []
    if not voucher.is_active or voucher.expires_on < timezone.localdate():
        problems.append(_("The voucher has expired."))
    if job.organisation_id != voucher.organisation_id:
        problems.append(_("The voucher belongs to another organisation."))
    if job.status not in PAYABLE:
        problems.append(_("Only a sample job whose quote was accepted and whose results are not yet delivered can be "
                          "paid with a voucher."))
    if Use.SAMPLE_TESTING not in programme.uses:
        problems.append(_("The programme does not pay for sample testing."))
    resource = job.resource
    if resource.owner_id == voucher.organisation_id:
        problems.append(_("A voucher cannot pay for your own organisation's equipment."))
    if not spendable_in(programme, resource.city_id):
        problems.append(_("The programme's vouchers cannot be spent in this equipment's city."))
    return problems


def quote_sample_job(voucher: Voucher, job: SampleJob) -> Quote:
    total = job_bill_fen(job)
    share, co_payment = ledger.share_of(total, voucher.programme.co_payment_percent)
    return Quote(total_fen=total, share_fen=share, co_payment_fen=co_payment)


def reserve_for_sample_job(*, actor: "User", voucher: Voucher, job: SampleJob,
                           idempotency_key: str) -> tuple[Reservation, bool]:
    """Reserve the voucher's share of the sample job's accepted quote; the firm pays the co-payment itself.
    Returns (reservation, created): a retry with the same key returns the first reservation.
    Raises ValidationError (not eligible), InsufficientBalance or ConflictError (409).
    Side effects: reservation, ledger entry, audit entry."""
    require(actor, "vouchers.spend_voucher", voucher)
    key = clean_key(idempotency_key)

    def make(locked: Voucher) -> Reservation:
        paid = SampleJob.objects.select_related("resource", "access_request").get(pk=job.pk)
        if not can(actor, "resources.act_for_seeker", paid.access_request):
            raise ValidationError(_("You do not act for the organisation that sent these samples."))
        problems = sample_job_problems(locked, paid)
        if problems:
            raise ValidationError(problems[0])
        refuse_if_paid("sample_job", paid.pk, _("A voucher already pays for this sample job."))
        bill = quote_sample_job(locked, paid)
        if bill.share_fen <= 0:
            raise ValidationError(_("This sample job costs nothing; there is nothing for a voucher to pay."))
        if bill.share_fen > locked.available_fen:
            raise InsufficientBalance(locked, bill.share_fen)
        return open_reservation(
            locked, actor=actor, bill=bill, key=key, use=Use.SAMPLE_TESTING, provider_id=paid.resource.owner_id,
            provider_city_id=paid.resource.city_id, paid={"sample_job_id": paid.pk})

    with transaction.atomic():  # the job, then the voucher
        reservation, created = reserve_once(
            voucher_id=voucher.pk or 0, key=key, paid_field="sample_job_id", paid=job, paid_pk=job.pk, make=make,
            other_use_message=_("This idempotency key was used for something else."))
    assert reservation is not None  # make() always opens one or raises
    return reservation, created


def release_for_sample_job(*, actor: "User", reservation: Reservation) -> Reservation:
    """The firm gives up paying the sample job with the voucher (the job goes on). Under the job's lock."""
    with transaction.atomic():
        SampleJob.objects.select_for_update().get(pk=reservation.sample_job_id or 0)
        current = Reservation.objects.get(pk=reservation.pk)
        if current.status != Reservation.Status.RESERVED:
            raise ConflictError(_("This reservation was already redeemed or released."), {"status": current.status})
        return _settle(current, LedgerEntry.Kind.RELEASE, actor=actor)


def on_sample_job_changed(change: Any) -> None:
    """resources.hooks receiver: results delivered → the share is redeemed; job cancelled → released.
    (An accepted quote reserves nothing by itself: the firm chooses to pay with a voucher afterwards.)"""
    kind = {"completed": LedgerEntry.Kind.REDEEM, "cancelled": LedgerEntry.Kind.RELEASE}.get(change.event)
    if kind is None:
        return
    for reservation in Reservation.objects.filter(sample_job_id=change.job.pk, status=Reservation.Status.RESERVED):
        _settle(reservation, kind, actor=change.actor)
