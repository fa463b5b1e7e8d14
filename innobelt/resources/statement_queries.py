"""Reads of prices, pledges and cost statements, scoped to the caller.

Totals are sums of the lines' Decimal amounts in Python (exact to the fen on every database;
SQLite would add them as floats).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.kit.local_time import EARLIEST, LATEST
from innobelt.organisations.models import Organisation
from innobelt.resources import paid_shares
from innobelt.resources.models import Booking, PledgeTerm, SampleJob, StatementLine

MAX_LINES = 5000  # one owner's lines of one month


def quarter_start(moment: datetime | date) -> date:
    """The first day of the calendar quarter (in the platform's time zone) `moment` falls in."""
    day = timezone.localtime(moment).date() if isinstance(moment, datetime) else moment
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def pledged_hours_used(resource: OuterRef, quarter: date) -> Coalesce:
    """The pledged hours the outer query's resource (`resource`, an OuterRef to its id) has used in `quarter`, 0 if none."""
    used = (StatementLine.objects.filter(resource=resource, pledge_quarter=quarter)
            .values("resource").annotate(n=Sum("pledged_hours")).values("n"))
    return Coalesce(Subquery(used), Value(0))


def with_pledge_left(resources: QuerySet, *, now: datetime | None = None) -> QuerySet:
    """Only resources with a sharing pledge that has hours left this quarter, annotated `pledge_left`."""
    used = pledged_hours_used(OuterRef("pk"), quarter_start(now or timezone.now()))
    return (resources.filter(pledge__isnull=False)
            .annotate(pledge_left=F("pledge__hours_per_quarter") - used)
            .filter(pledge_left__gt=0))


def pledges_in_force(before: datetime, resources: "QuerySet | list[int] | None" = None) -> dict[int, int]:
    """{resource id: hours per quarter} of the sharing pledges in force just before `before` (the latest term of each
    resource that took effect before it), of the given resources (all by default); a pledge ended by then (0) or not
    yet made is left out. One query; a pledge changes a few times a year, so the rows read are few."""
    terms = PledgeTerm.objects.filter(valid_from__lt=before)
    if resources is not None:
        terms = terms.filter(resource__in=resources)
    hours: dict[int, int] = {}
    for resource_id, value in (terms
                               .order_by("resource_id", "valid_from", "pk").values_list("resource_id", "hours_per_quarter")):
        hours[resource_id] = value
    return {resource_id: value for resource_id, value in hours.items() if value}


def pledge_terms(resource, *, limit: int = 40) -> list[PledgeTerm]:
    """The latest values of the resource's sharing pledge, newest first (its owner's pledge page)."""
    return list(PledgeTerm.objects.filter(resource=resource).order_by("-valid_from", "-pk")[:limit])


def parse_month(text: str | None) -> date:
    """'YYYY-MM' as the month's first day (this month when empty); ValidationError otherwise."""
    if not text:
        return timezone.localdate().replace(day=1)
    try:
        first = datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise ValidationError({"month": _("Give the month as YYYY-MM, e.g. 2026-12.")}) from None
    if not EARLIEST <= first <= LATEST:
        raise ValidationError({"month": _("Give dates between %(first)s and %(last)s.") % {"first": EARLIEST, "last": LATEST}})
    return first


def month_bounds(first: date) -> tuple[datetime, datetime]:
    following = (first + timedelta(days=32)).replace(day=1)
    return (timezone.make_aware(datetime.combine(first, datetime.min.time())),
            timezone.make_aware(datetime.combine(following, datetime.min.time())))


def owner_lines(owner: Organisation, month: date, *, payer: Organisation | None = None) -> QuerySet[StatementLine]:
    start, end = month_bounds(month)
    lines = StatementLine.objects.filter(owner=owner, issued_at__gte=start, issued_at__lt=end)
    if payer is not None:
        lines = lines.filter(organisation=payer)
    return lines.select_related("organisation", "resource", "booking", "sample_job").order_by("organisation__name_en", "organisation__name_zh",
                                                                                 "organisation_id", "issued_at", "pk")


def with_paid_by_voucher(lines: list[StatementLine]) -> list[StatementLine]:
    """The lines, each with `paid_by_voucher` (Decimal CNY: what a voucher pays of a charge line's bill, read through
    resources/paid_shares.py; 0 on credit lines and unpaid bills) and `firm_pays` (the amount less it). One query per
    registered reader for all the lines."""
    charges = [line for line in lines if line.kind == StatementLine.Kind.CHARGE]
    paid = paid_shares.paid_fen([x.booking_id for x in charges if x.booking_id is not None],
                                [x.sample_job_id for x in charges if x.sample_job_id is not None])
    for line in lines:
        fen = 0
        if line.kind == StatementLine.Kind.CHARGE:
            fen = paid.get(("booking", line.booking_id or 0) if line.booking_id is not None else ("sample_job", line.sample_job_id or 0), 0)
        line.paid_by_voucher = min(Decimal(fen).scaleb(-2), line.amount) if fen > 0 else Decimal("0.00")  # type: ignore[attr-defined]
        line.firm_pays = line.amount - line.paid_by_voucher  # type: ignore[attr-defined]
    return lines


@dataclass
class Statement:
    """One organisation's monthly statement from one owner."""

    organisation: Organisation
    lines: list[StatementLine] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def paid_by_voucher(self) -> Decimal:
        """What vouchers pay of the statement (the lines read through with_paid_by_voucher)."""
        return sum((getattr(line, "paid_by_voucher", Decimal("0.00")) for line in self.lines), Decimal("0.00"))

    @property
    def firm_pays(self) -> Decimal:
        """The total less what vouchers pay: exactly, to the fen."""
        return self.total - self.paid_by_voucher

    @property
    def pledged_hours(self) -> int:
        return sum(line.pledged_hours for line in self.lines)

    @property
    def charged_hours(self) -> Decimal:
        return sum((line.charged_hours for line in self.lines), Decimal("0.00"))


def monthly_statements(owner: Organisation, month: date, *, payer: Organisation | None = None) -> list[Statement]:
    """The owner's statements of the month, one per paying organisation (two queries, and one per paid-shares reader)."""
    statements: dict[int, Statement] = {}
    for line in with_paid_by_voucher(list(owner_lines(owner, month, payer=payer)[:MAX_LINES])):
        statements.setdefault(line.organisation_id, Statement(organisation=line.organisation)).lines.append(line)
    return list(statements.values())


def booking_lines(booking: Booking) -> list[StatementLine]:
    return with_paid_by_voucher(list(StatementLine.objects.filter(booking=booking).order_by("issued_at", "pk")))


def sample_job_lines(job: SampleJob) -> list[StatementLine]:
    return with_paid_by_voucher(list(StatementLine.objects.filter(sample_job=job).order_by("issued_at", "pk")))


HEADER = ["issued_at", "statement_of", "organisation", "booking", "sample_job", "resource", "booking_start", "kind", "user_class", "hours",
          "free_hours", "pledged_hours", "charged_hours", "unit", "charged_units", "unit_price_cny", "amount_cny",
          "paid_by_voucher_cny", "firm_pays_cny"]


def export_rows(statements: list[Statement]) -> list[list]:
    """Rows for kit.spreadsheets: one per line, then a total row per organisation."""
    rows: list[list] = []
    for statement in statements:
        for line in statement.lines:
            rows.append([line.issued_at, line.organisation.name, line.organisation.slug, line.booking_id, line.sample_job_id,
                         line.resource.title, line.booking.start if line.booking is not None else None, line.kind, line.user_class, line.hours,
                         line.free_hours, line.pledged_hours, line.charged_hours, line.unit, line.charged_units, line.unit_price,
                         line.amount, getattr(line, "paid_by_voucher", None), getattr(line, "firm_pays", None)])
        rows.append([None, statement.organisation.name, statement.organisation.slug, None, None, None, None, "total", None, None, None,
                     statement.pledged_hours, statement.charged_hours, None, None, None, statement.total, statement.paid_by_voucher,
                     statement.firm_pays])
    return rows
