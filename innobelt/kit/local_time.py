"""Times as people on the platform read them: the platform's time zone (settings.TIME_ZONE, China time).

One place for what the apps used to write each on their own: `aware` (a datetime without an offset is
read in the platform's time zone), `local` ("2026-05-12 09:30") and `span` (a period for messages).
"""

from datetime import date, datetime
from typing import overload

from django.utils import timezone
from django.utils.translation import gettext as _

__all__ = ["EARLIEST", "LATEST", "aware", "in_supported_range", "local", "local_iso", "out_of_range_message", "span"]


@overload
def aware(value: datetime) -> datetime: ...
@overload
def aware(value: None) -> None: ...
def aware(value: datetime | None) -> datetime | None:
    """The datetime with an offset: one without is read in the platform's time zone; None stays None."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def local(value: datetime) -> str:
    """"2026-05-12 09:30" in the platform's time zone."""
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"


def local_iso(value: datetime) -> str:
    """ISO 8601 with the platform's offset ("2026-05-12T09:30:00+08:00"), for audit data and API details."""
    return timezone.localtime(value).isoformat()


def span(start: datetime, end: datetime) -> str:
    """A period for messages: "2026-05-12 09:00–17:00" within a day, "2026-05-12 09:00 – 2026-05-13 12:00" across days."""
    s, e = timezone.localtime(start), timezone.localtime(end)
    if s.date() == e.date():
        return f"{s:%Y-%m-%d %H:%M}–{e:%H:%M}"
    return f"{s:%Y-%m-%d %H:%M} – {e:%Y-%m-%d %H:%M}"


#: dates the platform takes from people: anything outside is a typing mistake (and near datetime's limits
#: converting to UTC or to local time overflows). API bodies check it in `kit.schema_types.DateTimeIn`.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def in_supported_range(day: date) -> bool:
    """Whether a date is one the platform takes (2000-01-01 to 2100-12-31)."""
    return EARLIEST <= day <= LATEST


def out_of_range_message() -> str:
    """What a person is told for a date outside the range, in the active language."""
    return _("Give dates between %(first)s and %(last)s.") % {"first": EARLIEST, "last": LATEST}
