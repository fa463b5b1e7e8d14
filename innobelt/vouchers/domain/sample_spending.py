"""Spending a voucher on a sample-testing job (送样检测) of the resource register.

Once the firm has accepted the owner's quote (the job's price is then fixed on its statement line), it may
pay the voucher's share of it, as it does for a booking: `reserve_for_sample_job`, with an idempotency key.
When the owner delivers the results the share is redeemed; when the job is cancelled before the samples
arrive it is released (resources/hooks.py calls the receiver below inside the job's transaction, with the
job row locked). Lock order everywhere: the job, then the voucher.
"""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.resources.models import SampleJob
from innobelt.vouchers import redeemables
from innobelt.vouchers.domain import ledger
from innobelt.vouchers.domain.spending import Quote, _settle, release_reservation, reserve_paid, spendable_in
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
    """Reserve the voucher's share of the sample job's accepted quote (`reserve_paid` with the kind "sample_job")."""
    return reserve_paid(actor=actor, voucher=voucher, kind=redeemables.get("sample_job"), paid=job,
                        idempotency_key=idempotency_key)


def release_for_sample_job(*, actor: "User", reservation: Reservation) -> Reservation:
    """The firm gives up paying the sample job with the voucher (the job goes on). Under the job's lock."""
    return release_reservation(actor=actor, reservation=reservation)


def on_sample_job_changed(change: Any) -> None:
    """resources.hooks receiver: results delivered → the share is redeemed; job cancelled → released.
    (An accepted quote reserves nothing by itself: the firm chooses to pay with a voucher afterwards.)"""
    kind = {"completed": LedgerEntry.Kind.REDEEM, "cancelled": LedgerEntry.Kind.RELEASE}.get(change.event)
    if kind is None:
        return
    for reservation in Reservation.objects.filter(sample_job_id=change.job.pk, status=Reservation.Status.RESERVED):
        _settle(reservation, kind, actor=change.actor)
