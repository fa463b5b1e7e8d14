"""Sharing pledges and cost statements of bookings.

- A sharing pledge: the owner gives N booking hours per calendar quarter (Asia/Shanghai) of an
  instrument to other organisations. Bookings by other organisations that would be charged draw it
  down: the booking's whole hours first come from the pledge, the rest is charged at the booker's
  hourly price, or per started day at the day price (the cheaper when both are set; `pricing.booking_charge`).
  Bookings that are free for the booker (no hour or day price) and the owner's own bookings do not
  draw it. The quarter is the one the booking starts in.
- A statement line is issued when a booking is made (inside its transaction, under the resource's
  row lock, so two bookers never draw the same pledged hour) and never changes: it keeps the
  class, the price and the hours it used. Cancelling the booking issues a credit line that negates
  it (amount and pledged hours), which gives the hours back to the pledge of that quarter.
- Monthly statements group lines by the month they were issued (local time): an issued month never
  changes later; a cancellation in a later month appears as a credit in that month.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import admins_of
from innobelt.permissions import require
from innobelt.resources.domain.pricing import booking_charge, to_fen, user_class_of
from innobelt.resources.models import Booking, Resource, ResourcePrice, SampleJob, SharingPledge, StatementLine, UserClass
from innobelt.resources.models.pricing import PriceUnit
from innobelt.resources.models.statements import MAX_PLEDGE_HOURS, PledgeQuarter, PledgeTerm
from innobelt.resources.statement_queries import pledges_in_force, quarter_start

if TYPE_CHECKING:
    from innobelt.accounts.models import User

HOUR = Decimal(3600)


def booking_hours(booking: Booking) -> Decimal:
    return to_fen(Decimal(int((booking.end - booking.start).total_seconds())) / HOUR)


def pledge_used(resource_id: int, quarter: date) -> int:
    """Pledged hours drawn in the quarter (charges minus the credits of cancelled bookings)."""
    used = StatementLine.objects.filter(resource_id=resource_id, pledge_quarter=quarter).aggregate(n=Sum("pledged_hours"))["n"]
    return int(used or 0)


def pledge_remaining(resource: Resource, quarter: date | None = None) -> int | None:
    """Unused pledged hours of the quarter (today's by default), or None without a pledge."""
    pledge = SharingPledge.objects.filter(resource=resource).first()
    if pledge is None:
        return None
    quarter = quarter or quarter_start(timezone.now())
    return max(0, pledge.hours_per_quarter - pledge_used(resource.pk, quarter))


def issue_booking_line(*, booking: Booking) -> StatementLine:
    """The booking's statement line (free / pledged hours / charged amount, price used). Called by
    book_equipment inside the booking's transaction, with the resource row locked.

    Side effects: a StatementLine; an audit entry."""
    resource, organisation = booking.resource, booking.organisation
    user_class = user_class_of(organisation, resource)
    hours = booking_hours(booking)
    quarter = quarter_start(booking.start)
    prices = dict(ResourcePrice.objects.filter(resource=resource, user_class=user_class, unit__in=[PriceUnit.HOUR, PriceUnit.DAY])
                  .values_list("unit", "amount"))
    pledged, charged, free = 0, Decimal("0.00"), hours
    if prices:
        if user_class != UserClass.OWN:
            pledged = min(int(hours), pledge_remaining(resource, quarter) or 0)
        charged, free = hours - pledged, Decimal("0.00")
    unit, units, price, amount = booking_charge(charged, prices.get(PriceUnit.HOUR), prices.get(PriceUnit.DAY))
    line = StatementLine.objects.create(
        booking=booking, resource=resource, owner_id=resource.owner_id, organisation=organisation, kind=StatementLine.Kind.CHARGE,
        user_class=user_class, hours=hours, free_hours=free, pledged_hours=pledged, pledge_quarter=quarter, charged_hours=charged,
        unit=unit, charged_units=units, unit_price=price, amount=amount)
    record_action(actor=booking.booked_by, action="statement.issued", target=booking,
                  data={"line": line.pk, "user_class": user_class, "pledged_hours": pledged, "charged_hours": str(charged), "unit": unit,
                        "charged_units": str(units), "unit_price": str(price) if price is not None else None, "amount": str(line.amount)})
    return line


def credit_booking_line(*, actor: "User", booking: Booking) -> StatementLine | None:
    """Reverse the booking's charge with a credit line (called by cancel_booking inside its
    transaction). None when there is nothing to reverse. Side effects: a StatementLine; audit."""
    charge = StatementLine.objects.filter(booking=booking, kind=StatementLine.Kind.CHARGE).first()
    if charge is None or StatementLine.objects.filter(booking=booking, kind=StatementLine.Kind.CREDIT).exists():
        return None
    credit = StatementLine.objects.create(
        booking=booking, resource_id=charge.resource_id, owner_id=charge.owner_id, organisation_id=charge.organisation_id,
        kind=StatementLine.Kind.CREDIT, user_class=charge.user_class, hours=-charge.hours, free_hours=-charge.free_hours,
        pledged_hours=-charge.pledged_hours, pledge_quarter=charge.pledge_quarter, charged_hours=-charge.charged_hours,
        unit=charge.unit, charged_units=-charge.charged_units, unit_price=charge.unit_price, amount=-charge.amount)
    record_action(actor=actor, action="statement.credited", target=booking, data={"line": credit.pk, "amount": str(credit.amount)})
    return credit


ZERO = Decimal("0.00")


def issue_sample_line(*, job: SampleJob, actor: "User") -> StatementLine:
    """The sample job's statement line, issued when the requester accepts the quote (inside that transaction,
    the job's row locked): the quoted price per sample and amount, copied; no hours, so no pledge is drawn.
    Side effects: a StatementLine; an audit entry."""
    priced = job.unit_price is not None
    line = StatementLine.objects.create(
        sample_job=job, resource_id=job.resource_id, owner_id=job.resource.owner_id, organisation_id=job.organisation_id,
        kind=StatementLine.Kind.CHARGE, issued_at=job.accepted_at or timezone.now(), user_class=job.user_class, hours=ZERO,
        free_hours=ZERO, pledged_hours=0, pledge_quarter=quarter_start(job.accepted_at or timezone.now()), charged_hours=ZERO,
        unit=PriceUnit.SAMPLE, charged_units=Decimal(job.samples) if priced else ZERO, unit_price=job.unit_price,
        amount=job.amount if priced and job.amount is not None else ZERO)
    record_action(actor=actor, action="statement.issued", target=job,
                  data={"line": line.pk, "user_class": job.user_class, "samples": job.samples,
                        "unit_price": str(job.unit_price) if priced else None, "amount": str(line.amount)})
    return line


def credit_sample_line(*, job: SampleJob, actor: "User") -> StatementLine | None:
    """Reverse the job's charge (cancelled after acceptance). None when there is nothing to reverse."""
    charge = StatementLine.objects.filter(sample_job=job, kind=StatementLine.Kind.CHARGE).first()
    if charge is None or StatementLine.objects.filter(sample_job=job, kind=StatementLine.Kind.CREDIT).exists():
        return None
    credit = StatementLine.objects.create(
        sample_job=job, resource_id=charge.resource_id, owner_id=charge.owner_id, organisation_id=charge.organisation_id,
        kind=StatementLine.Kind.CREDIT, user_class=charge.user_class, hours=ZERO, free_hours=ZERO, pledged_hours=0,
        pledge_quarter=charge.pledge_quarter, charged_hours=ZERO, unit=charge.unit, charged_units=-charge.charged_units,
        unit_price=charge.unit_price, amount=-charge.amount)
    record_action(actor=actor, action="statement.credited", target=job, data={"line": credit.pk, "amount": str(credit.amount)})
    return credit


@transaction.atomic
def set_pledge(*, actor: "User", resource: Resource, hours_per_quarter: int, now: datetime | None = None) -> SharingPledge | None:
    """Pledge `hours_per_quarter` free booking hours per quarter of the equipment to other
    organisations (0 ends the pledge). Issued statement lines keep the hours they drew; the old
    value stays the pledge of the periods before the change (a PledgeTerm from `now` on).
    `now` is for tests and imports that record a change at its real time; the pages and the API never pass it.

    Side effects: the SharingPledge row; a PledgeTerm when the value changes; an audit entry."""
    require(actor, "resources.manage_pricing", resource)
    if not resource.is_bookable:
        raise ValidationError(_("Only equipment can have a sharing pledge."))
    if not 0 <= hours_per_quarter <= MAX_PLEDGE_HOURS:
        raise ValidationError({"hours_per_quarter": _("Pledge between 0 and %(n)d hours per quarter.") % {"n": MAX_PLEDGE_HOURS}})
    Resource.objects.select_for_update().only("pk").get(pk=resource.pk)  # bookers draw under the same lock
    now = now or timezone.now()
    before = SharingPledge.objects.filter(resource=resource).values_list("hours_per_quarter", flat=True).first()
    pledge = None
    if hours_per_quarter == 0:
        SharingPledge.objects.filter(resource=resource).delete()
    else:
        pledge, _created = SharingPledge.objects.update_or_create(
            resource=resource, defaults={"hours_per_quarter": hours_per_quarter, "updated_by": actor, "updated_at": now})
    if before != (hours_per_quarter or None):
        _record_term(actor=actor, resource=resource, hours_per_quarter=hours_per_quarter, now=now)
        record_action(actor=actor, action="resource.pledge_changed", target=resource,
                      data={"before": before, "after": hours_per_quarter or None})
    return pledge


def _record_term(*, actor: "User", resource: Resource, hours_per_quarter: int, now: datetime) -> None:
    """The pledge's new term, from `now`. Called under the resource's row lock, so terms of one instrument are written one
    at a time; a clock behind the last term's (another machine's) dates the new one at the last term's moment, which it
    then replaces, so the latest term is always the pledge in force now."""
    last = PledgeTerm.objects.filter(resource=resource).order_by("-valid_from", "-pk").values_list("valid_from", flat=True).first()
    valid_from = max(now, last) if last is not None else now
    PledgeTerm.objects.update_or_create(resource=resource, valid_from=valid_from,
                                        defaults={"hours_per_quarter": hours_per_quarter, "set_by": actor})


def close_pledge_quarters(*, now: datetime | None = None) -> int:
    """The quarterly reset of sharing pledges: record, once per pledge in force when the quarter that just ended closed,
    what it pledged (the pledge's term in force then, not today's) and what was used, and tell the owner's admins their
    pledged hours are available again when the pledge still runs. The new quarter needs no reset of its own: hours left
    are counted from the quarter's statement lines (ADR 0302). Safe to run repeatedly."""
    now = now or timezone.now()
    current = quarter_start(now)
    previous = quarter_start(current - timedelta(days=1))
    quarter_end = timezone.make_aware(datetime.combine(current, datetime.min.time()))
    pledged = pledges_in_force(quarter_end)
    running = set(SharingPledge.objects.filter(resource__in=list(pledged)).values_list("resource_id", flat=True))
    closed = 0
    for resource in Resource.objects.filter(pk__in=list(pledged)).select_related("owner").order_by("pk"):
        hours = pledged[resource.pk]
        with transaction.atomic():
            _row, created = PledgeQuarter.objects.get_or_create(
                resource=resource, quarter=previous,
                defaults={"hours_pledged": hours, "hours_used": min(hours, pledge_used(resource.pk, previous))})
        if not created:
            continue
        closed += 1
        if resource.pk in running:
            notify(admins_of(resource.owner), kind="resources.pledge_quarter", link=resource.get_absolute_url(),
                   subject=partial(_new_quarter_subject, resource), body=partial(_new_quarter_body, _row))
    return closed


def _new_quarter_subject(resource: Resource) -> str:
    return _("A new quarter of your sharing pledge: %(resource)s") % {"resource": resource.title}


def _new_quarter_body(row: PledgeQuarter) -> str:
    return _("Last quarter %(used)d of %(pledged)d pledged hours were used; all pledged hours are available again.") % {
        "used": row.hours_used, "pledged": row.hours_pledged}
