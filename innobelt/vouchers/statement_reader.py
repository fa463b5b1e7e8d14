"""What vouchers pay of resources' bills, for its cost statements (resources/paid_shares.py; registered in
VouchersConfig.ready()). A live share (reserved or redeemed) of a programme where the provider redeems pays its amount
net of claw-backs; a released share pays nothing, and in a programme that reimburses the firm pays the provider the
whole bill, so the provider's statement shows no voucher part (ADR 0801, "Paid by voucher on cost statements")."""

from django.db.models import F, Q

from innobelt.vouchers.domain.reserving import LIVE
from innobelt.vouchers.models import Programme, Reservation


def paid_by_vouchers(booking_ids: list[int], sample_job_ids: list[int]) -> dict[tuple[str, int], int]:
    """{("booking", id) | ("sample_job", id): fen} in one query."""
    found = (Reservation.objects
             .filter(Q(booking_id__in=booking_ids) | Q(sample_job_id__in=sample_job_ids), status__in=LIVE,
                     voucher__programme__mode=Programme.Mode.REDEMPTION)
             .annotate(net=F("amount_fen") - F("clawed_back_fen"))
             .values_list("booking_id", "sample_job_id", "net"))
    paid: dict[tuple[str, int], int] = {}
    for booking_id, sample_job_id, net in found:
        key = ("booking", booking_id) if booking_id is not None else ("sample_job", sample_job_id)
        paid[key] = paid.get(key, 0) + net
    return paid
