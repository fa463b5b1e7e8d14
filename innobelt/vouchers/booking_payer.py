"""The voucher offered on the booking page itself (resources/booking_payments.py): the firm books and reserves the
voucher's share in one step, all or nothing (resources/domain/paid_bookings.py calls `pay` inside the booking's
transaction). Translate only: what may pay is decided by domain/spending.py, as when the voucher is chosen on its own
page."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.resources.booking_payments import PaymentNotAllowed, PaymentNotFound, PaymentOption
from innobelt.vouchers import domain, queries
from innobelt.vouchers.domain.reserving import LIVE
from innobelt.vouchers.models import Programme, Reservation, Use, Voucher, yuan
from innobelt.vouchers.views import paid_message

NAME = "vouchers"


def voucher_to_spend(actor: Any, reference: str) -> Voucher:
    """The voucher an option's reference names, among the person's firms' own: PaymentNotFound for an unknown id and
    for a voucher the person may not see (the same answer), PaymentNotAllowed for one they see but do not hold (the
    programme's operators see every voucher of it)."""
    pk = int(reference) if reference.isdigit() and len(reference) < 18 else 0
    voucher = queries.my_vouchers(actor).filter(pk=pk).select_related("programme").first()
    if voucher is not None:
        return voucher
    message = _("Choose one of your organisation's vouchers.")
    if pk and queries.vouchers(actor).filter(pk=pk).exists():
        raise PaymentNotAllowed(message)
    raise PaymentNotFound(message)


def usable_vouchers(user: Any, resource: Any, organisation_ids: list[int]) -> list[Voucher]:
    """The person's firms' active vouchers with money left whose programme pays instrument time at this instrument's
    provider (its city, not the firm's own equipment)."""
    today = timezone.localdate()
    candidates = (queries.my_vouchers(user)
                  .filter(organisation__in=organisation_ids, status=Voucher.Status.ACTIVE, expires_on__gte=today,
                          available_fen__gt=0)
                  .exclude(organisation=resource.owner_id)
                  .prefetch_related("programme__accepted_in").order_by("expires_on", "pk"))
    return [v for v in candidates if Use.INSTRUMENT_TIME in v.programme.uses and _spendable_at(v.programme, resource)]


def _spendable_at(programme: Programme, resource: Any) -> bool:
    """spending.spendable_in read from the prefetched accepting cities (one query for all the vouchers offered)."""
    if resource.city_id is not None and resource.city_id == programme.authority_id:
        return True
    return (resource.city_id is not None and programme.spendable == Programme.Spendable.ACCEPTING
            and any(city.pk == resource.city_id for city in programme.accepted_in.all()))


class VoucherPayer:
    def options(self, *, user: Any, resource: Any, access_requests: list[Any]) -> list[PaymentOption]:
        several = len({r.organisation_id for r in access_requests}) > 1
        options = []
        for voucher in usable_vouchers(user, resource, [r.organisation_id for r in access_requests]):
            programme = voucher.programme
            values = {"n": voucher.pk, "programme": programme.name, "available": yuan(voucher.available_fen),
                      "org": voucher.organisation.name}
            label = (_("Voucher #%(n)d of %(org)s, %(programme)s: ¥%(available)s available") if several
                     else _("Voucher #%(n)d, %(programme)s: ¥%(available)s available")) % values
            terms = {"share": 100 - programme.co_payment_percent, "co": programme.co_payment_percent}
            note = (_("You pay the provider the whole bill; %(share)d %% of it is reimbursed to you once the work is "
                      "done.") if programme.reimburses
                    else _("The voucher pays %(share)d %% of the bill; your co-payment is %(co)d %%.")) % terms
            options.append(PaymentOption(value=f"{NAME}:{voucher.pk}", label=label, note=note))
        return options

    def pay(self, *, actor: Any, booking: Any, reference: str, key: str) -> str:
        voucher = voucher_to_spend(actor, reference)  # another firm's voucher and an unknown one: the same answer
        reservation, _created = domain.reserve_voucher(actor=actor, voucher=voucher, booking=booking,
                                                       idempotency_key=key)
        return paid_message(reservation)

    def replay(self, *, actor: Any, reference: str, key: str) -> list[Any]:
        """The bookings a step with this key paid with the person's voucher (keys `<key>-<n>`), in the step's order.
        Called before anything is booked, so a voucher not the person's is refused first (PaymentNotFound: 404)."""
        voucher = voucher_to_spend(actor, reference)
        found = (Reservation.objects.filter(voucher=voucher, booking__isnull=False,
                                            idempotency_key__startswith=f"{key}-", status__in=LIVE)
                 .select_related("booking"))
        numbered = {r.idempotency_key[len(key) + 1:]: r.booking for r in found}
        return [numbered[n] for n in sorted((n for n in numbered if n.isdigit()), key=int)]
