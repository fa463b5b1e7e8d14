import pytest
from django.core.exceptions import ValidationError

from innobelt.resources import opening_hours as hours
from tests.resources.conftest import at


@pytest.mark.parametrize(("text", "expected"), [
    ("Mon-Fri 09:00-17:00", [[d, "09:00", "17:00"] for d in range(5)]),
    ("Mon-Fri 09:00-12:00, 13:00-17:00; Sat 9:00-12:00",
     sorted([[d, "09:00", "12:00"] for d in range(5)] + [[d, "13:00", "17:00"] for d in range(5)] + [[5, "09:00", "12:00"]])),
    ("周一至周五 09:00-17:00；周六 09:00-12:00", [[d, "09:00", "17:00"] for d in range(5)] + [[5, "09:00", "12:00"]]),
    ("Sat-Mon 10:00–14:00", [[0, "10:00", "14:00"], [5, "10:00", "14:00"], [6, "10:00", "14:00"]]),
    ("", []),
])
def test_parsing_opening_hours(text, expected):
    assert hours.parse_opening_hours(text) == expected


@pytest.mark.parametrize("text", ["Mon 17:00-09:00", "Funday 09:00-10:00", "Mon 25:00-26:00", "Mon 09:00-12:00, 11:00-13:00", "09:00"])
def test_bad_opening_hours_are_explained(text):
    with pytest.raises(ValidationError):
        hours.parse_opening_hours(text)


def test_formatting_groups_days_and_round_trips():
    text = "Mon-Fri 09:00-12:00, 13:00-17:00; Sat 09:00-12:00"
    assert hours.format_opening_hours(hours.parse_opening_hours(text)) == text


def test_slots_fit_and_open_hours_less_closures():
    week = hours.parse_opening_hours("Mon-Sun 08:00-20:00")
    assert hours.fits_opening_hours(week, 60, at(2, 8), at(2, 20))
    assert hours.fits_opening_hours(week, 120, at(2, 10), at(2, 14))
    assert not hours.fits_opening_hours(week, 120, at(2, 9), at(2, 11))  # off the 2-hour grid from 08:00
    assert not hours.fits_opening_hours(week, 60, at(2, 19), at(2, 21))
    assert len(hours.slots_for_day(week, at(2, 0).date(), 90)) == 8
    closures = [(at(2, 10), at(2, 12)), (at(2, 11), at(2, 13))]  # overlapping closures count once
    assert hours.open_hours(week, at(2, 0), at(3, 0), closures) == 12 - 3
