"""Service levels on China's working calendar, over real dates (chinese_calendar 1.11: up to 2026)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from innobelt.services.calendar import WorkingDays, due_on, is_working_day

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db  # an entered schedule of a year is read from the database


def test_national_day_2025_last_working_day_before_with_three_days_is_due_on_the_make_up_saturday():
    # 1–8 October 2025 are holidays; Tuesday 30 September is the last working day before them, and
    # Saturday 11 October is an official make-up working day (调休): the 3rd working day after is that Saturday.
    requested = datetime(2025, 9, 30, 16, 30, tzinfo=SHANGHAI)
    counter = WorkingDays()
    assert counter.add(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert due_on(requested, 3) == date(2025, 10, 11)
    assert counter.fallback is False


def test_a_make_up_sunday_counts_and_a_weekday_holiday_does_not():
    assert is_working_day(date(2025, 9, 28)) == (True, False)  # Sunday, make-up working day
    assert is_working_day(date(2025, 10, 1)) == (False, False)  # Wednesday, National Day
    # Friday 26 September + 1 working day = Sunday 28 September (make-up)
    assert due_on(datetime(2025, 9, 26, 10, tzinfo=SHANGHAI), 1) == date(2025, 9, 28)


def test_the_day_is_taken_in_china_time():
    # 16:30 UTC on 30 September is already 1 October 00:30 in Shanghai: a holiday, so the clock starts then
    late = datetime(2025, 9, 30, 16, 30, tzinfo=ZoneInfo("UTC"))
    assert due_on(late, 1) == date(2025, 10, 9)


def test_spring_festival_2026():
    # 15–23 February 2026 off; 14 February (Saturday) and 28 February (Saturday) are make-up working days
    assert due_on(datetime(2026, 2, 13, 9, tzinfo=SHANGHAI), 1) == date(2026, 2, 14)
    assert due_on(datetime(2026, 2, 14, 9, tzinfo=SHANGHAI), 1) == date(2026, 2, 24)


def test_a_year_not_published_falls_back_to_monday_to_friday_and_says_so():
    counter = WorkingDays()
    # Thursday 31 December 2026 + 2 working days: Friday 1 January 2027 counts (no schedule), then Monday 4th
    assert counter.add(date(2026, 12, 31), 2) == date(2027, 1, 4)
    assert counter.fallback is True
    assert is_working_day(date(2027, 10, 1)) == (True, True)


def test_between_counts_working_days_after_the_first_day():
    counter = WorkingDays()
    assert counter.between(date(2025, 9, 30), date(2025, 10, 9)) == 1
    assert counter.between(date(2025, 9, 30), date(2025, 9, 30)) == 0
    assert counter.between(date(2025, 9, 26), date(2025, 9, 30)) == 3  # Sun 28 (make-up), Mon 29, Tue 30
