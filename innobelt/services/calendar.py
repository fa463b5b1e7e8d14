"""China's working calendar for service levels (ADR 0901).

Working days come from `chinese_calendar` (public holidays and the official make-up working days, 调休).
The library knows only the years whose schedule the State Council has published; for a later year it
raises NotImplementedError and we count Monday to Friday instead, and say so (`WorkingDays.fallback`).
When platform operators entered a year's official schedule (`HolidaySchedule`, domain/holidays.py), that
year is counted by it and not by the library: its entered days, every other day Monday to Friday.
Nothing is cached beyond one `WorkingDays` (one computation): an entered schedule is read from the
database, so every process sees it at once.
Due dates are local dates in Asia/Shanghai: a target of N working days from a request made on day D is
the N-th working day after D (D itself never counts, whatever the hour), due by the end of that day.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import chinese_calendar  # type: ignore[import-untyped]
from django.utils import timezone

from innobelt.services.models import CalendarDay, HolidaySchedule

#: a target is never longer than this many calendar days; a guard against an endless loop
LONGEST_SPAN_DAYS = 3660


def library_working_day(day: date) -> bool | None:
    """Whether chinese-calendar counts `day` as a working day; None for a year it does not know."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year whose holidays are not published (or before 2004)
        return None


def library_covers(year: int) -> bool:
    return library_working_day(date(year, 6, 1)) is not None


def entered_days(year: int) -> dict[date, bool] | None:
    """The days of the schedule entered for `year` (date → whether it is a working day), None without one."""
    rows = list(HolidaySchedule.objects.filter(year=year).values_list("days__date", "days__kind"))
    if not rows:
        return None
    return {day: kind == CalendarDay.Kind.MAKEUP_WORKDAY for day, kind in rows if day is not None}


def is_working_day(day: date) -> tuple[bool, bool]:
    """(whether `day` is a working day in China, whether that came from the Monday–Friday fallback)."""
    counter = WorkingDays()
    return counter.is_working(day), counter.fallback


@dataclass
class WorkingDays:
    """Counts working days; remembers whether any day it looked at fell back to Monday–Friday."""

    fallback: bool = False
    _seen: dict[date, bool] = field(default_factory=dict)
    _entered: dict[int, dict[date, bool] | None] = field(default_factory=dict)

    def is_working(self, day: date) -> bool:
        if day not in self._seen:
            self._seen[day] = self._look_up(day)
        return self._seen[day]

    def _look_up(self, day: date) -> bool:
        """An entered schedule first, then chinese-calendar, then Monday to Friday (noted in `fallback`)."""
        if day.year not in self._entered:
            self._entered[day.year] = entered_days(day.year)
        entered = self._entered[day.year]
        if entered is not None:
            return entered.get(day, day.weekday() < 5)
        working = library_working_day(day)
        if working is None:
            self.fallback = True
            return day.weekday() < 5
        return working

    def add(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (`start` itself never counts); `start` for 0."""
        day, left = start, days
        for _step in range(LONGEST_SPAN_DAYS):
            if left <= 0:
                return day
            day += timedelta(days=1)
            if self.is_working(day):
                left -= 1
        raise ValueError("working-day target too long")

    def between(self, start: date, end: date) -> int:
        """How many working days lie after `start` up to and including `end` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_working(day):
                count += 1
        return count


def local_day(moment: datetime) -> date:
    """The day of `moment` in China time (settings.TIME_ZONE)."""
    return timezone.localtime(moment).date()


def due_on(requested_at: datetime, days: int, *, counter: WorkingDays | None = None) -> date:
    """The day a target of `days` working days falls due for a request made at `requested_at`."""
    return (counter or WorkingDays()).add(local_day(requested_at), days)


def unpublished_year(today: date) -> int | None:
    """The first of this year and the next whose holidays are neither in the library nor entered (counted
    Monday–Friday), or None."""
    for year in (today.year, today.year + 1):
        if not library_covers(year) and not HolidaySchedule.objects.filter(year=year).exists():
            return year
    return None


@dataclass
class YearSchedule:
    """What the clocks use for one year: an entered schedule, the library's, or none (Monday–Friday)."""

    year: int
    source: str  # "entered", "library" or "weekdays"
    library_covers: bool
    holidays: list[tuple[date, str, str]]  # (day, name_zh, name_en)
    makeup_workdays: list[tuple[date, str, str]]
    schedule: HolidaySchedule | None = None


def _library_names(english: str) -> tuple[str, str]:
    for holiday in chinese_calendar.Holiday:
        if holiday.value == english:
            return holiday.chinese, english
    return "", english


def year_schedule(year: int) -> YearSchedule:
    covers = library_covers(year)
    schedule = HolidaySchedule.objects.filter(year=year).select_related("entered_by").first()
    if schedule is not None:
        days = [(d.date, d.name_zh, d.name_en, d.kind) for d in schedule.days.all()]
        return YearSchedule(year, "entered", covers,
                            [d[:3] for d in days if d[3] == CalendarDay.Kind.HOLIDAY],
                            [d[:3] for d in days if d[3] == CalendarDay.Kind.MAKEUP_WORKDAY], schedule)
    if covers:
        return YearSchedule(year, "library", True,
                            [(d, *_library_names(n)) for d, n in sorted(chinese_calendar.holidays.items()) if d.year == year],
                            [(d, *_library_names(n)) for d, n in sorted(chinese_calendar.workdays.items()) if d.year == year])
    return YearSchedule(year, "weekdays", False, [], [])
