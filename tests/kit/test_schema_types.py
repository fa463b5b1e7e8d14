"""innobelt.kit.schema_types: the one datetime type of request bodies (ISO text, 2000–2100)."""

from datetime import UTC, date, datetime

import pytest
from pydantic import BaseModel, ValidationError

from innobelt.kit.schema_types import DateTimeIn, IsoDate, IsoDateTime


class Body(BaseModel):
    at: DateTimeIn
    loose: IsoDateTime | None = None
    day: IsoDate | None = None


def test_iso_text_is_taken():
    body = Body(at="2026-12-01T09:00:00+08:00", loose="1999-01-01 09:00", day="2026-12-01")
    assert body.at.astimezone(UTC) == datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    assert body.loose == datetime(1999, 1, 1, 9, 0) and body.day == date(2026, 12, 1)


@pytest.mark.parametrize("value", [1767225600, "1767225600", "next tuesday", "2026-12-01"])
def test_numbers_and_other_text_are_refused(value):
    with pytest.raises(ValidationError) as exc:
        Body(at=value)
    assert exc.value.errors()[0]["loc"] == ("at",)


@pytest.mark.parametrize("value", ["1999-12-31T23:59:00+08:00", "2101-01-01T00:00:00Z", "9999-12-31T23:59:59-12:00"])
def test_dates_outside_2000_to_2100_are_refused_on_the_field(value):
    with pytest.raises(ValidationError) as exc:
        Body(at=value)
    error = exc.value.errors()[0]
    assert error["loc"] == ("at",) and "2000-01-01 and 2100-12-31" in error["msg"]


def test_the_bounds_themselves_are_taken():
    assert Body(at="2000-01-01T00:00:00+08:00").at.year == 2000
    assert Body(at="2100-12-31T23:59:00+08:00").at.year == 2100
