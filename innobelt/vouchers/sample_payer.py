"""The voucher offered when the firm accepts a sample-testing quote (resources/sample_payments.py): the firm accepts and
reserves the voucher's share in one step, all or nothing (resources/domain/samples.accept_and_pay calls `pay` inside
the accepting transaction, the job's row locked). Translate only: what may pay is decided by domain/sample_spending.py,
as on the job's voucher page (views_samples.py), which stays for paying later or releasing the share."""

from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.resources.booking_payments import PaymentOption
from innobelt.resources.sample_payments import PaidShare, PaymentStatus
from innobelt.vouchers import domain, queries
from innobelt.vouchers.booking_payer import NAME, _spendable_at, voucher_to_spend
from innobelt.vouchers.domain.reserving import LIVE
from innobelt.vouchers.domain.sample_spending import PAYABLE, quote_sample_job
from innobelt.vouchers.models import Reservation, Use, Voucher, yuan
from innobelt.vouchers.views import paid_message


def usable_for_job(user: Any, job: Any) -> list[Voucher]:
    """The firm's active vouchers with money left whose programme pays sample testing at this equipment's provider."""
    resource = job.resource
    candidates = (queries.my_vouchers(user)
                  .filter(organisation=job.organisation_id, status=Voucher.Status.ACTIVE,
                          expires_on__gte=timezone.localdate(), available_fen__gt=0)
                  .exclude(organisation=resource.owner_id)
                  .prefetch_related("programme__accepted_in").order_by("expires_on", "pk"))
    return [v for v in candidates if Use.SAMPLE_TESTING in v.programme.uses and _spendable_at(v.programme, resource)]


def _paid(reservation: Reservation) -> PaidShare:
    return PaidShare(message=paid_message(reservation), share=Decimal(reservation.amount_fen).scaleb(-2),
                     co_payment=Decimal(reservation.co_payment_fen).scaleb(-2))


class SampleJobVoucherPayer:
    def options(self, *, user: Any, job: Any) -> list[PaymentOption]:
        if not job.amount:  # free: nothing for a voucher to pay
            return []
        options = []
        for voucher in usable_for_job(user, job):
            programme, bill = voucher.programme, quote_sample_job(voucher, job)
            values = {"n": voucher.pk, "programme": programme.name, "available": yuan(voucher.available_fen),
                      "share": yuan(bill.share_fen), "co": yuan(bill.co_payment_fen), "total": yuan(bill.total_fen)}
            label = _("Voucher #%(n)d, %(programme)s: ¥%(available)s available") % values
            note = (_("You pay the provider ¥%(total)s; ¥%(share)s is reimbursed to you once the results are "
                      "delivered.") if programme.reimburses
                    else _("The voucher pays ¥%(share)s; your co-payment is ¥%(co)s.")) % values
            options.append(PaymentOption(value=f"{NAME}:{voucher.pk}", label=label, note=note))
        return options

    def pay(self, *, actor: Any, job: Any, reference: str, key: str) -> PaidShare:
        voucher = voucher_to_spend(actor, reference)
        reservation, _created = domain.reserve_for_sample_job(actor=actor, voucher=voucher, job=job,
                                                              idempotency_key=key)
        return _paid(reservation)

    def replay(self, *, actor: Any, job: Any, reference: str, key: str) -> PaidShare | None:
        pk = int(reference) if reference.isdigit() and len(reference) < 18 else 0
        earlier = (Reservation.objects.filter(sample_job_id=job.pk, idempotency_key=key, status__in=LIVE,
                                              voucher__in=queries.my_vouchers(actor).filter(pk=pk))
                   .select_related("voucher__programme").first())
        return _paid(earlier) if earlier is not None else None

    def status(self, *, user: Any, job: Any) -> PaymentStatus | None:
        link = reverse("vouchers:sample_job", args=[job.pk])
        live = (Reservation.objects.filter(sample_job_id=job.pk, status__in=LIVE)
                .select_related("voucher__programme").first())
        if live is not None and live.status == Reservation.Status.REDEEMED and not live.voucher.programme.reimburses:
            return PaymentStatus(text=_("The voucher paid ¥%(share)s of the quote; your co-payment was ¥%(co)s.") % {
                "share": yuan(live.amount_fen), "co": yuan(live.co_payment_fen)}, link=link)
        if live is not None:
            return PaymentStatus(text=paid_message(live), link=link)
        if job.status in PAYABLE and job.amount:
            return PaymentStatus(text=_("Pay with an innovation voucher"), link=link)
        return None
