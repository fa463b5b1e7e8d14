"""innobelt.kit.local_time: naive datetimes are read in the platform's time zone (Asia/Shanghai)."""

from datetime import UTC, datetime

from django.utils import timezone

from innobelt.kit.local_time import aware, local, local_iso, span


def test_a_naive_datetime_is_read_in_china_time():
    moment = aware(datetime(2026, 5, 12, 9, 30))
    assert moment.utcoffset().total_seconds() == 8 * 3600
    assert moment.astimezone(UTC) == datetime(2026, 5, 12, 1, 30, tzinfo=UTC)


def test_an_aware_datetime_and_none_are_kept():
    moment = datetime(2026, 5, 12, 1, 30, tzinfo=UTC)
    assert aware(moment) is moment
    assert aware(None) is None


def test_local_formats_in_the_platform_time_zone():
    moment = datetime(2026, 5, 12, 1, 30, tzinfo=UTC)
    assert local(moment) == "2026-05-12 09:30"
    assert local_iso(moment) == "2026-05-12T09:30:00+08:00"


def test_a_span_within_a_local_day_gives_the_date_once():
    # 23:00 UTC is already the next morning in China: the local day decides, not the UTC one.
    start, end = datetime(2026, 5, 11, 23, 0, tzinfo=UTC), datetime(2026, 5, 12, 2, 0, tzinfo=UTC)
    assert span(start, end) == "2026-05-12 07:00–10:00"


def test_a_span_across_days_gives_both_dates():
    start = timezone.make_aware(datetime(2026, 5, 12, 9, 0))
    end = timezone.make_aware(datetime(2026, 5, 13, 12, 0))
    assert span(start, end) == "2026-05-12 09:00 – 2026-05-13 12:00"
