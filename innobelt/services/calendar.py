"""China's working calendar for service levels (ADR 0901).

Working days come from `chinese_calendar` (public holidays and the official make-up working days, 调休).
The library knows only the years whose schedule the State Council has published; for a later year it
raises NotImplementedError and we count Monday to Friday instead, and say so (`WorkingDays.fallback`).
Due dates are local dates in Asia/Shanghai: a target of N working days from a request made on day D is
the N-th working day after D (D itself never counts, whatever the hour), due by the end of that day.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import chinese_calendar  # type: ignore[import-untyped]
from django.utils import timezone

#: a target is never longer than this many calendar days; a guard against an endless loop
LONGEST_SPAN_DAYS = 3660


def is_working_day(day: date) -> tuple[bool, bool]:
    """(whether `day` is a working day in China, whether that came from the Monday–Friday fallback)."""
    try:
        return bool(chinese_calendar.is_workday(day)), False
    except NotImplementedError:  # a year whose holidays are not published (or before 2004)
        return day.weekday() < 5, True


@dataclass
class WorkingDays:
    """Counts working days; remembers whether any day it looked at fell back to Monday–Friday."""

    fallback: bool = False
    _seen: dict[date, bool] = field(default_factory=dict)

    def is_working(self, day: date) -> bool:
        if day not in self._seen:
            working, fell_back = is_working_day(day)
            self._seen[day] = working
            self.fallback = self.fallback or fell_back
        return self._seen[day]

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
    """The first of this year and the next whose holidays are not published (counted Monday–Friday), or None."""
    for year in (today.year, today.year + 1):
        if is_working_day(date(year, 6, 1))[1]:
            return year
    return None
