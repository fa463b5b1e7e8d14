"""Field types of API request bodies and query parameters that every app shares (kit: imports no app).

- `IsoDate`, `IsoDateTime`: ISO 8601 text only ("2026-12-01", "2026-12-01T09:00:00+08:00"); pydantic alone
  would also take a number as a Unix timestamp.
- `DateTimeIn`: an `IsoDateTime` between 2000-01-01 and 2100-12-31 (`kit.local_time.EARLIEST`/`LATEST`),
  refused with 422 on the field otherwise; without an offset it is read in China time by the domain
  (`kit.local_time.aware`).
"""

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

from innobelt.kit.local_time import EARLIEST, LATEST, in_supported_range

__all__ = ["DateTimeIn", "IsoDate", "IsoDateTime"]

DATE = r"\d{4}-\d{2}-\d{2}"
DATETIME = DATE + r"[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"


def _iso(pattern: str, what: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if isinstance(value, str) and re.fullmatch(pattern, value.strip()):
            return value.strip()
        if isinstance(value, date):  # a datetime is a date too: Python callers pass objects
            return value
        raise ValueError(f"give {what}")

    return check


def _in_range(value: datetime) -> datetime:
    if not in_supported_range(value.date()):
        raise ValueError(f"give a date between {EARLIEST} and {LATEST}")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso(DATE, "a date such as 2026-12-01"))]
IsoDateTime = Annotated[datetime, BeforeValidator(_iso(DATETIME, "a date and time such as 2026-12-01T09:00:00+08:00"))]
DateTimeIn = Annotated[IsoDateTime, AfterValidator(_in_range)]
