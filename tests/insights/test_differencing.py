"""Complementary suppression (ADR 1201, "No figure worked out by subtraction"): a city or category left out below
`INSIGHTS_MIN_COUNT` cannot be worked out from what public places do show (the Belt's total minus the cities or
categories shown)."""

import pytest
from django.test import Client, override_settings

from innobelt.organisations.models import Organisation
from tests.factories import CityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def belt():
    """13 members: 6 SMEs in A, 5 laboratories in B, 2 startups in C (the one small city and kind)."""
    a, b, c = CityFactory(slug="diff-a"), CityFactory(slug="diff-b"), CityFactory(slug="diff-c")
    for city, kind, n in [(a, Organisation.Kind.SME, 6), (b, Organisation.Kind.LABORATORY, 5), (c, Organisation.Kind.STARTUP, 2)]:
        for _ in range(n):
            OrganisationFactory(city=city, kind=kind)
    return a, b, c


def _number(text) -> int | None:
    return int(text) if text not in ("", None) else None


def assert_not_derivable(total: int | None, shown: list[int | None]) -> None:
    """What the public sees cannot tell a hidden cell: either the total is hidden, or at least two cells are and
    together they hold at least the minimum."""
    hidden = [v for v in shown if v is None]
    if total is None or not hidden:
        return
    assert len(hidden) >= 2, "one hidden cell: the total minus the others gives it"
    assert total - sum(v for v in shown if v is not None) >= 5, "the hidden cells together are a small count"


@override_settings(INSIGHTS_MIN_COUNT=5)
def test_open_data_by_city_cannot_be_subtracted_from_the_total(belt):
    client = Client()
    total = {r["figure"]: _number(r["value"]) for r in client.get("/api/v1/open-data/figures").json()["rows"]}
    assert total["organisations"] == 13
    rows = client.get("/api/v1/open-data/figures-by-city").json()["rows"]
    cities = {r["city"] for r in rows}
    for figure in total:
        by_city = {r["city"]: _number(r["value"]) for r in rows if r["figure"] == figure}
        assert set(by_city) == cities
        assert_not_derivable(total[figure], list(by_city.values()))


@override_settings(INSIGHTS_MIN_COUNT=5)
def test_open_data_categories_cannot_be_subtracted_from_the_total(belt):
    client = Client()
    total = {r["figure"]: _number(r["value"]) for r in client.get("/api/v1/open-data/figures").json()["rows"]}
    rows = client.get("/api/v1/open-data/breakdowns").json()["rows"]
    shown = {r["category"]: r["value"] for r in rows if r["breakdown"] == "members_by_kind"}
    assert "startup" not in shown  # 2: below the threshold
    kinds = [c for c, _label in Organisation.Kind.choices]
    assert_not_derivable(total["organisations"], [shown.get(kind) for kind in kinds])


@override_settings(INSIGHTS_MIN_COUNT=5, INSIGHTS_CACHE_SECONDS=0)
def test_the_wall_map_cannot_be_subtracted_from_its_counter(belt):
    data = Client().get("/insights/wall/data/").json()
    counters = {c["key"]: _number(c["value"]) for c in data["counters"]}
    assert counters["organisations"] == 13
    for key in data["map_labels"]:
        assert_not_derivable(counters.get(key), [_number(c["figures"][key]) for c in data["cities"]])
