"""Every figure equals the count computed from the records of a small Belt with known numbers."""

from decimal import Decimal

import pytest
from django.test import override_settings

from innobelt.belt.models import City
from innobelt.insights import registry
from innobelt.insights.registry import BELT, FIGURES, Scope

EXPECTED_BELT = {  # computed by hand from tests/insights/conftest.make_known
    "organisations": 7,
    "verified_organisations": 1,
    "startups": 1,
    "smes_supported": 3,
    "resources_published": 3,
    "bookings": 4,
    "access_requests": 6,
    "access_granted": 4,
    "access_declined": 1,
    "needs_posted": 1,
    "challenges_published": 1,
    "proposals_submitted": 1,
    "events_held": 1,
    "registrations": 3,
    "agreements": 1,
    "actions_open": 1,
    "actions_done": 1,
    "meetings_held": 0,
    "outcomes_reported": 0,
    "conversations": 0,
}


def test_every_figure_of_the_whole_belt_equals_the_count_from_the_records(known):
    for key, expected in EXPECTED_BELT.items():
        assert registry.value(FIGURES[key], BELT).value == expected, key


def test_every_registered_figure_equals_its_records_counted_one_by_one(known):
    for figure in FIGURES.values():
        records = list(figure.records())
        if figure.distinct:
            records = list({r.pk: r for r in records}.values())
        expected = sum((getattr(r, figure.total) for r in records), Decimal("0")) if figure.total else len(records)
        found = registry.value(figure, BELT)
        assert found.value == expected, figure.key
        assert found.count == len(records), figure.key


def test_a_city_sees_its_own_records_only(known):
    w, x = Scope(cities=(known.city_w,)), Scope(cities=(known.city_x,))
    assert registry.value(FIGURES["organisations"], w).value == 4
    assert registry.value(FIGURES["organisations"], x).value == 3
    assert registry.value(FIGURES["bookings"], w).value == 4  # the instruments are in W
    assert registry.value(FIGURES["bookings"], x).value == 0
    assert registry.value(FIGURES["needs_posted"], x).value == 1
    assert registry.value(FIGURES["agreements"], w).value == 1
    assert registry.value(FIGURES["actions_open"], x).value == 0
    assert registry.value(FIGURES["actions_done"], x).value == 1


def test_an_organisation_sees_its_own_figures(known):
    lab = Scope(organisation=known.lab)
    assert registry.value(FIGURES["resources_published"], lab).value == 3
    assert registry.value(FIGURES["access_requests"], lab).value == 6
    assert registry.value(FIGURES["events_held"], lab).value == 1
    sme = Scope(organisation=known.smes[3])
    assert registry.value(FIGURES["needs_posted"], sme).value == 1
    assert registry.value(FIGURES["resources_published"], sme).value == 0
    assert "organisations" not in {f.key for f in registry.figures_for(lab)}  # not a figure of one organisation


def test_by_city_and_by_month_add_up_to_the_total(known):
    for key in ["organisations", "bookings", "access_requests", "registrations", "needs_posted"]:
        figure = FIGURES[key]
        total = registry.value(figure, BELT).value
        assert sum(v.value for v in registry.by_city(figure, BELT).values()) == total, key
        assert sum(v.value for _, v in registry.by_month(figure, BELT, 12)) == total, key
    cities = registry.by_city(FIGURES["organisations"], BELT)
    assert cities[known.city_w.pk].value == 4 and cities[known.city_x.pk].value == 3


def test_flows_between_cities(known):
    from innobelt.insights.wall import FLOWS

    flow = FLOWS[0]
    pairs = registry.by_city_pair(FIGURES[flow.figure], BELT, flow.from_path)
    assert {k: v.value for k, v in pairs.items()} == {(known.city_x.pk, known.city_w.pk): 4}


def test_months_are_china_months_oldest_first():
    from datetime import date

    assert registry.month_starts(3, date(2026, 2, 10)) == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]


@override_settings(INSIGHTS_MIN_COUNT=5)
def test_below_the_threshold_a_figure_may_not_be_shown_publicly(known):
    assert registry.value(FIGURES["organisations"], BELT).shown_publicly  # 7 records
    assert not registry.value(FIGURES["bookings"], BELT).shown_publicly  # 4 records
    with override_settings(INSIGHTS_MIN_COUNT=4):
        assert registry.value(FIGURES["bookings"], BELT).shown_publicly


def test_a_figure_key_is_registered_once():
    with pytest.raises(ValueError):
        registry.register(FIGURES["organisations"])


def test_cities_unknown_to_the_records_answer_zero(known):
    empty = City.objects.create(
        slug="empty",
        kind="jiangsu_city",
        name_zh="空",
        name_en="Empty",
        province_zh="江苏",
        province_en="Jiangsu",
        gdp_band="below_trillion",
        latitude=32,
        longitude=120,
    )
    assert registry.value(FIGURES["organisations"], Scope(cities=(empty,))).value == 0
