"""The owner's figures per month: utilisation, no-show rate, pledged hours used, sample-job turnaround.

Read-only, over every piece of equipment the organisation owns (up to MAX_EQUIPMENT), in a constant number of
queries whatever the number of bookings: the rows of the window are fetched once and grouped by local month.
- utilisation: confirmed and no-show `use` and training hours (clipped to the month) / open hours (the weekly
  pattern less closures); a no-show held its slot until it was released, so it counts as booked;
- no-show rate: no-shows / (no-shows + confirmed use bookings) among those that started in the month, before now;
- pledged hours used: pledged hours of the month's statement lines (credits of cancelled bookings deducted);
- pledged vs used, as the month ended (as now for the current month), as on the operators' page (city_figures.py):
  the hours per quarter of the owner's pledges in force then (their history, `PledgeTerm`) and the pledged hours the
  month's quarter had drawn by then;
- income by user class: CNY of the month's statement lines (credits deducted), exact `Decimal`;
- sample turnaround: the median of China's working days from receiving to delivering, of the jobs completed
  in the month (results delivered, whether closed since or not).
The resource page shows one instrument's turnaround over the last year (`sample_turnaround`).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from statistics import median

from django.db.models import Q
from django.utils import timezone

from innobelt.resources import opening_hours as opening
from innobelt.resources.domain.samples import turnaround_days, working_days_between
from innobelt.resources.models import Blackout, Booking, PledgeTerm, Resource, SampleJob, StatementLine, UserClass
from innobelt.resources.statement_queries import month_bounds, quarter_start

MAX_EQUIPMENT = 500
MONTHS = 6


def _months(now: datetime, count: int) -> list[date]:
    first = timezone.localtime(now).date().replace(day=1)
    months = [first]
    while len(months) < count:
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    return list(reversed(months))


def monthly_figures(organisation, *, months: int = MONTHS, now: datetime | None = None) -> list[dict]:
    """One row per month, oldest first, ending with the current month."""
    now = now or timezone.now()
    firsts = _months(now, months)
    window_start, window_end = month_bounds(firsts[0])[0], month_bounds(firsts[-1])[1]
    equipment = list(Resource.objects.filter(owner=organisation, kind=Resource.Kind.EQUIPMENT).only("pk", "opening_hours")[:MAX_EQUIPMENT])
    ids = [r.pk for r in equipment]
    bookings = list(Booking.objects.filter(resource__in=ids, status__in=[Booking.Status.CONFIRMED, Booking.Status.NO_SHOW],
                                           start__lt=window_end, end__gt=window_start).only("resource_id", "start", "end", "status", "kind"))
    closures: dict[int, list] = {pk: [] for pk in ids}
    for closure in Blackout.objects.filter(resource__in=ids, start__lt=window_end, end__gt=window_start).only("resource_id", "start", "end"):
        closures[closure.resource_id].append((closure.start, closure.end))
    first_quarter = quarter_start(firsts[0])  # the first month's quarter may have drawn hours before the window
    lines = list(StatementLine.objects.filter(Q(issued_at__gte=window_start) | Q(pledge_quarter__gte=first_quarter),
                                              owner=organisation, issued_at__lt=window_end)
                 .values_list("issued_at", "pledged_hours", "pledge_quarter", "user_class", "amount"))
    terms = list(PledgeTerm.objects.filter(resource__in=ids, valid_from__lt=window_end).order_by("valid_from", "pk")
                 .values_list("resource_id", "valid_from", "hours_per_quarter"))
    jobs = list(SampleJob.objects.filter(resource__owner=organisation, status__in=SampleJob.DELIVERED,
                                         completed_at__gte=window_start, completed_at__lt=window_end).only("received_at", "completed_at"))
    rows = []
    for first in firsts:
        start, end = month_bounds(first)
        clip_end = min(end, now)
        booked = sum(opening.overlap_hours(b.start, b.end, start, end) for b in bookings)
        open_hours = sum(opening.open_hours(r.opening_hours, start, end, closures[r.pk]) for r in equipment)
        started = [b for b in bookings if b.kind == Booking.Kind.USE and start <= b.start < clip_end]
        no_shows = sum(1 for b in started if b.status == Booking.Status.NO_SHOW)
        in_force: dict[int, int] = {}
        for resource_id, valid_from, hours in terms:
            if valid_from < min(end, now):
                in_force[resource_id] = hours
        income = {value: sum((amount for at, _h, _q, c, amount in lines if c == value and start <= at < end), Decimal("0.00"))
                  for value in UserClass.values}
        turnarounds = [t for t in (turnaround_days(j) for j in jobs if j.completed_at is not None and start <= j.completed_at < end) if t is not None]
        rows.append({
            "month": first,
            "booked_hours": round(booked, 1),
            "open_hours": round(open_hours, 1),
            "utilisation": booked / open_hours if open_hours else None,
            "no_shows": no_shows,
            "started": len(started),
            "no_show_rate": no_shows / len(started) if started else None,
            "pledged_hours_used": sum(h for at, h, _q, _c, _a in lines if start <= at < end),
            "pledged_per_quarter": sum(in_force.values()),
            "pledged_quarter_used": sum(h for at, h, quarter, _c, _a in lines if quarter == quarter_start(first) and at < end),
            "income": [(label, income[value]) for value, label in UserClass.choices],
            "income_total": sum(income.values(), Decimal("0.00")),
            "sample_jobs_completed": len(turnarounds),
            "sample_turnaround_median": median(turnarounds) if turnarounds else None,
        })
    return rows


WEEKS = 8


def weekly_utilisation(organisation, *, weeks: int = WEEKS, now: datetime | None = None) -> list[tuple[date, float | None]]:
    """(Monday, utilisation) of the last `weeks` weeks (Monday to Sunday), oldest first, ending with this week: the
    owner's confirmed and no-show hours clipped to the week / its open hours less closures (as the monthly figure).
    Three queries whatever the number of weeks and bookings."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    mondays = [today - timedelta(days=today.weekday() + 7 * n) for n in reversed(range(weeks))]
    bounds = [(timezone.make_aware(datetime.combine(monday, datetime.min.time())),
               timezone.make_aware(datetime.combine(monday + timedelta(days=7), datetime.min.time()))) for monday in mondays]
    window_start, window_end = bounds[0][0], bounds[-1][1]
    equipment = list(Resource.objects.filter(owner=organisation, kind=Resource.Kind.EQUIPMENT).only("pk", "opening_hours")[:MAX_EQUIPMENT])
    ids = [r.pk for r in equipment]
    bookings = list(Booking.objects.filter(resource__in=ids, status__in=[Booking.Status.CONFIRMED, Booking.Status.NO_SHOW],
                                           start__lt=window_end, end__gt=window_start).values_list("start", "end"))
    closures: dict[int, list] = {pk: [] for pk in ids}
    for resource_id, c_start, c_end in Blackout.objects.filter(resource__in=ids, start__lt=window_end, end__gt=window_start) \
            .values_list("resource_id", "start", "end"):
        closures[resource_id].append((c_start, c_end))
    rows = []
    for monday, (start, end) in zip(mondays, bounds, strict=True):
        booked = sum(opening.overlap_hours(b_start, b_end, start, end) for b_start, b_end in bookings)
        open_hours = sum(opening.open_hours(r.opening_hours, start, end, closures[r.pk]) for r in equipment)
        rows.append((monday, booked / open_hours if open_hours else None))
    return rows


TURNAROUND_DAYS = 365


@dataclass(frozen=True)
class Turnaround:
    median_days: float  # China's working days from receiving the samples to delivering the results
    jobs: int  # jobs delivered in the window
    on_time: int  # of them, delivered within the turnaround quoted


def sample_turnaround(resource: Resource, *, now: datetime | None = None) -> Turnaround | None:
    """The instrument's sample-job turnaround over the last year, as shown on its page and in the API: the jobs whose
    results were delivered (closed since or not) in the last TURNAROUND_DAYS; None without any. One query; whose jobs
    they were is never told."""
    now = now or timezone.now()
    rows = list(SampleJob.objects.filter(resource=resource, status__in=SampleJob.DELIVERED, received_at__isnull=False,
                                         completed_at__gte=now - timedelta(days=TURNAROUND_DAYS), completed_at__lte=now)
                .values_list("received_at", "completed_at", "turnaround_days"))
    if not rows:
        return None
    took = [(working_days_between(timezone.localtime(received).date(), timezone.localtime(completed).date()), quoted)
            for received, completed, quoted in rows]
    return Turnaround(median_days=median(days for days, _quoted in took), jobs=len(took),
                      on_time=sum(1 for days, quoted in took if quoted is not None and days <= quoted))
