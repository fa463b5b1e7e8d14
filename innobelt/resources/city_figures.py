"""The owner's figures per city, for platform operators (every city) and district operators (their cities).

For one month, over the equipment of each city (every owner's, as owner_figures.py does for one organisation):
- utilisation: confirmed and no-show hours clipped to the month / open hours less closures, and the same by week
  (the weeks, Monday to Sunday, that touch the month);
- no-show rate: no-shows / (no-shows + confirmed use bookings) that started in the month, before now;
- pledged vs used, as the month ended (as now for the current month): the hours per quarter of the sharing pledges
  in force then (their history, `PledgeTerm`; a pledge changed since keeps its old value here), and the pledged hours
  the month's quarter had drawn by then (statement lines issued before the month's end, credits deducted), so a
  month's figure never changes once the month is over;
- sample jobs: completed in the month, their median turnaround in China's working days, and the seekers' outcome
  reports filed in the month;
- income by user class: the month's statement lines (CNY, credits deducted).

One query per figure whatever the number of cities, equipment and bookings (eight in all): rows are grouped by city
in the database where a sum or a count does, or fetched once and grouped here where time has to be clipped.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from statistics import median

from django.db.models import Count, Sum
from django.utils import timezone

from innobelt.belt.models import City
from innobelt.resources import opening_hours as opening
from innobelt.resources.domain.samples import working_days_between
from innobelt.resources.models import Blackout, Booking, Resource, SampleJob, SampleJobOutcome, StatementLine, UserClass
from innobelt.resources.statement_queries import month_bounds, pledges_in_force, quarter_start

FEN = Decimal("0.01")


@dataclass
class CityFigures:
    city: City
    equipment: int = 0
    booked_hours: float = 0.0
    open_hours: float = 0.0
    no_shows: int = 0
    started: int = 0
    pledged_per_quarter: int = 0
    pledged_hours_used: int = 0
    turnarounds: list[int] = field(default_factory=list)
    outcomes_reported: int = 0
    income: dict[str, Decimal] = field(default_factory=dict)
    weeks: list[float | None] = field(default_factory=list)

    @property
    def utilisation(self) -> float | None:
        return self.booked_hours / self.open_hours if self.open_hours else None

    @property
    def no_show_rate(self) -> float | None:
        return self.no_shows / self.started if self.started else None

    @property
    def sample_jobs_completed(self) -> int:
        return len(self.turnarounds)

    @property
    def turnaround_median(self) -> float | None:
        return median(self.turnarounds) if self.turnarounds else None

    @property
    def income_total(self) -> Decimal:
        return sum(self.income.values(), Decimal("0.00")).quantize(FEN)

    def income_by_class(self) -> list[tuple[str, Decimal]]:
        """(class label, CNY) in the price list's order, every class (zero when nothing was charged)."""
        return [(str(label), self.income.get(value, Decimal("0.00"))) for value, label in UserClass.choices]


def weeks_of(month: date) -> list[date]:
    """The Mondays of the weeks that touch the month."""
    following = (month + timedelta(days=32)).replace(day=1)
    monday = month - timedelta(days=month.weekday())
    weeks = []
    while monday < following:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def city_figures(cities, month: date, *, now: datetime | None = None) -> tuple[list[date], list[CityFigures]]:
    """(the weeks' Mondays, one CityFigures per city in the order given) for the month starting on `month`."""
    now = now or timezone.now()
    rows = {city.pk: CityFigures(city=city) for city in cities}
    ids = list(rows)
    start, end = month_bounds(month)
    weeks = weeks_of(month)
    window_start, window_end = min(start, _aware(weeks[0])), max(end, _aware(weeks[-1] + timedelta(days=7)))
    equipment = list(Resource.objects.filter(city__in=ids, kind=Resource.Kind.EQUIPMENT).values_list("pk", "city_id", "opening_hours"))
    city_of = {pk: city_id for pk, city_id, _hours in equipment}
    closures: dict[int, list] = {pk: [] for pk in city_of}
    for resource_id, c_start, c_end in Blackout.objects.filter(resource__in=list(city_of), start__lt=window_end, end__gt=window_start) \
            .values_list("resource_id", "start", "end"):
        closures[resource_id].append((c_start, c_end))
    bookings = list(Booking.objects.filter(resource__in=list(city_of), status__in=[Booking.Status.CONFIRMED, Booking.Status.NO_SHOW],
                                           start__lt=window_end, end__gt=window_start)
                    .values_list("resource_id", "start", "end", "status", "kind"))
    week_bounds = [(_aware(monday), _aware(monday + timedelta(days=7))) for monday in weeks]
    booked_by_week = {pk: [0.0] * len(weeks) for pk in ids}
    open_by_week = {pk: [0.0] * len(weeks) for pk in ids}
    for resource_id, city_id, hours in equipment:
        row = rows[city_id]
        row.equipment += 1
        row.open_hours += opening.open_hours(hours, start, end, closures[resource_id])
        for i, (w_start, w_end) in enumerate(week_bounds):
            open_by_week[city_id][i] += opening.open_hours(hours, w_start, w_end, closures[resource_id])
    clip_end = min(end, now)
    for resource_id, b_start, b_end, status, kind in bookings:
        city_id = city_of[resource_id]
        row = rows[city_id]
        row.booked_hours += opening.overlap_hours(b_start, b_end, start, end)
        for i, (w_start, w_end) in enumerate(week_bounds):
            booked_by_week[city_id][i] += opening.overlap_hours(b_start, b_end, w_start, w_end)
        if kind == Booking.Kind.USE and start <= b_start < clip_end:
            row.started += 1
            row.no_shows += status == Booking.Status.NO_SHOW
    for city_id, row in rows.items():
        row.booked_hours, row.open_hours = round(row.booked_hours, 1), round(row.open_hours, 1)
        row.weeks = [booked / open_ if open_ else None for booked, open_ in zip(booked_by_week[city_id], open_by_week[city_id], strict=True)]
    for resource_id, hours in pledges_in_force(min(end, now), list(city_of)).items():  # the pledges as the month ended
        rows[city_of[resource_id]].pledged_per_quarter += hours
    for city_id, hours in (StatementLine.objects.filter(resource__city__in=ids, pledge_quarter=quarter_start(month), issued_at__lt=end)
                           .values("resource__city").annotate(n=Sum("pledged_hours")).values_list("resource__city", "n")):
        rows[city_id].pledged_hours_used = hours or 0
    for city_id, user_class, amount in (StatementLine.objects.filter(resource__city__in=ids, issued_at__gte=start, issued_at__lt=end)
                                        .values("resource__city", "user_class").annotate(n=Sum("amount"))
                                        .values_list("resource__city", "user_class", "n")):
        rows[city_id].income[user_class] = Decimal(amount or 0).quantize(FEN)  # SQLite's sum drops the places
    for city_id, received_at, completed_at in (SampleJob.objects.filter(resource__city__in=ids, status__in=SampleJob.DELIVERED,
                                                                        completed_at__gte=start, completed_at__lt=end,
                                                                        received_at__isnull=False)
                                               .values_list("resource__city", "received_at", "completed_at")):
        rows[city_id].turnarounds.append(working_days_between(timezone.localtime(received_at).date(), timezone.localtime(completed_at).date()))
    for city_id, count in (SampleJobOutcome.objects.filter(job__resource__city__in=ids, reported_at__gte=start, reported_at__lt=end)
                           .values("job__resource__city").annotate(n=Count("pk")).values_list("job__resource__city", "n")):
        rows[city_id].outcomes_reported = count
    return weeks, list(rows.values())
