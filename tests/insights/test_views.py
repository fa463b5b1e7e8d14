"""Dashboards and the display wall show the figures counted from the records; public screens hide small ones."""

import json

import pytest
from django.test import Client, override_settings

from tests.factories import MembershipFactory, UserFactory


def figure_values(html: str) -> dict[str, str]:
    """The value shown on each figure card of a dashboard, by the figure's key."""
    import re

    found = {}
    for key, body in re.findall(r'data-figure="([a-z_]+)">\s*<p class="insights-value">(.*?)</p>', html, re.S):
        found[key] = re.sub(r"<[^>]+>", "", body).split()[0]
    return found


@pytest.fixture
def platform_client(db):
    client = Client()
    client.force_login(UserFactory(is_platform_operator=True))
    return client


def test_the_whole_belt_dashboard_shows_each_figure_counted_from_the_records(known, platform_client):
    from tests.insights.test_figures import EXPECTED_BELT

    html = platform_client.get("/en/insights/belt/").content.decode()
    shown = figure_values(html)
    for key, expected in EXPECTED_BELT.items():
        assert shown[key] == str(expected), key
    assert "chart-trend-bookings" in html and "chart-cities" in html  # charts and their tables
    cards = html.split('id="trends"')[0]  # the figures (the comparison table's cells are narrowed to their city)
    assert 'href="/en/resources/?city=' not in cards and 'href="/en/resources/"' in cards  # whole Belt: not narrowed to a city


def test_a_district_operator_sees_their_city_and_links_narrowed_to_it(known):
    operator = UserFactory(operator_for=[known.city_x])
    client = Client()
    client.force_login(operator)
    html = client.get("/en/insights/cities/known-x/").content.decode()
    shown = figure_values(html)
    assert shown["organisations"] == "3" and shown["bookings"] == "0" and shown["needs_posted"] == "1"
    assert "?city=known-x" in html
    assert client.get("/en/insights/cities/known-w/").status_code == 403
    assert client.get("/en/insights/belt/").status_code == 403
    assert client.get("/en/insights/cities/no-such-city/").status_code == 404


def test_an_organisation_sees_its_own_figures(known):
    person = MembershipFactory(organisation=known.lab).user
    client = Client()
    client.force_login(person)
    html = client.get("/en/insights/organisations/known-lab/").content.decode()
    shown = figure_values(html)
    assert shown["resources_published"] == "3" and shown["access_requests"] == "6" and shown["events_held"] == "1"
    assert "organisations" not in shown
    index = client.get("/en/insights/").content.decode()
    assert "/en/insights/organisations/known-lab/" in index and "/en/insights/belt/" not in index


@override_settings(INSIGHTS_MIN_COUNT=5)
def test_the_wall_hides_figures_of_fewer_records_than_the_threshold(known):
    data = Client().get("/insights/wall/data/").json()
    counters = {c["key"]: c["value"] for c in data["counters"]}
    assert counters["organisations"] == "7"
    assert counters["bookings"] is None  # 4 bookings: fewer than 5
    assert counters["resources_published"] is None
    flows = [(f["figure"], f["from"], f["to"], f["value"]) for f in data["flows"]]
    assert flows == [("access_requests", "known-x", "known-w", "6")]  # the 4 bookings from X to W: hidden
    assert all(c["figures"]["organisations"] is None for c in data["cities"])  # 4 and 3 per city
    html = Client().get("/en/insights/wall/").content.decode()
    assert 'data-counter="bookings"' in html
    with override_settings(INSIGHTS_MIN_COUNT=3):
        data = Client().get("/insights/wall/data/").json()
        counters = {c["key"]: c["value"] for c in data["counters"]}
        assert counters["bookings"] == "4" and counters["resources_published"] == "3"
        assert [(f["from"], f["to"], f["value"]) for f in data["flows"] if f["figure"] == "bookings"] == [("known-x", "known-w", "4")]
        assert {c["slug"]: c["figures"]["organisations"] for c in data["cities"]} == {"known-w": "4", "known-x": "3"}


def test_the_wall_is_bilingual_whatever_the_language(known):
    data = Client().get("/en/insights/wall/data/").json()
    organisations = next(c for c in data["counters"] if c["key"] == "organisations")
    assert organisations["label"]["en"] == "Organisations on the platform"
    assert organisations["label"]["zh"] and organisations["label"]["zh"] != organisations["label"]["en"]
    kinds = [item["kind"] for item in data["latest"]]  # a resource's and an event's kind, in both languages too
    assert len(kinds) >= 4 and all(k["zh"] != k["en"] for k in kinds), kinds
    html = Client().get("/insights/wall/").content.decode()
    assert "Shanghai–Nanjing Industrial Innovation Belt" in html and "沪宁产业创新带" in html


@override_settings(INSIGHTS_CACHE_SECONDS=60)
def test_figures_are_kept_for_a_while_then_computed_again(known, platform_client):
    from django.core.cache import cache

    from tests.factories import OrganisationFactory

    assert figure_values(platform_client.get("/en/insights/belt/").content.decode())["organisations"] == "7"
    OrganisationFactory()
    assert figure_values(platform_client.get("/en/insights/belt/").content.decode())["organisations"] == "7"
    cache.clear()
    assert figure_values(platform_client.get("/en/insights/belt/").content.decode())["organisations"] == "8"


def test_the_wall_json_is_never_cached_by_the_browser(db):
    response = Client().get("/insights/wall/data/")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    json.dumps(response.json())


@override_settings(INSIGHTS_CACHE_SECONDS=60)
def test_the_periodic_task_computes_the_figures_ahead_of_the_page_views(known, platform_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from innobelt.insights.tasks import task_refresh_figures
    from tests.factories import OrganisationFactory

    assert task_refresh_figures() == 1 + 2 + 1 + 1  # the Belt, cities W and X, the wall, open data's aggregates
    OrganisationFactory()
    with CaptureQueriesContext(connection) as queries:
        html = platform_client.get("/en/insights/belt/").content.decode()
    assert figure_values(html)["organisations"] == "7"  # read from what the task computed
    assert not any("organisations_organisation" in q["sql"] for q in queries.captured_queries)
    task_refresh_figures()
    assert figure_values(platform_client.get("/en/insights/belt/").content.decode())["organisations"] == "8"
    counters = {c["key"]: c["value"] for c in Client().get("/insights/wall/data/").json()["counters"]}
    assert counters["organisations"] == "8"


@override_settings(INSIGHTS_CACHE_SECONDS=60)
def test_open_data_aggregates_are_read_from_what_the_periodic_task_computed(known):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from innobelt.insights.tasks import task_refresh_figures
    from tests.factories import OrganisationFactory

    def organisations(rows: list[dict]) -> str:
        return next(row["value"] for row in rows if row["figure"] == "organisations")

    task_refresh_figures()
    OrganisationFactory()
    for key in ("figures", "figures-by-city", "city-pairs"):
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(f"/insights/open-data/{key}.json")
        assert response.status_code == 200
        sqls = " ".join(q["sql"] for q in queries.captured_queries)
        for table in ("organisations_organisation", "resources_booking", "resources_accessrequest"):
            assert table not in sqls, (key, table)  # no count over the records in a download
    assert organisations(Client().get("/insights/open-data/figures.json").json()["rows"]) == "7"
    task_refresh_figures()
    assert organisations(Client().get("/insights/open-data/figures.json").json()["rows"]) == "8"


def test_the_refresh_computes_every_city_as_its_own_dashboard_would(known):
    """The periodic task counts all the cities at once from the Belt's records grouped by city; every number
    must be what a city's own dashboard counts with its city in the query."""
    from innobelt.belt.models import City
    from innobelt.insights.queries import _numbers, _numbers_of_cities
    from innobelt.insights.registry import Scope

    cities = list(City.objects.all())
    derived = _numbers_of_cities(cities)
    assert set(derived) == set(cities)
    busy = 0
    for city in cities:
        own = _numbers(Scope(cities=(city,)))
        assert derived[city] == own, city.slug
        busy += any(v.count for v in own["values"].values())
    assert busy >= 2  # the known data has records in more than one city, so the comparison can fail
    assert any(any(found for found in derived[c]["pairs"].values()) for c in cities)  # and flows between them
    assert any(any(v.count for _m, v in months) for c in cities for months in derived[c]["trends"].values())


def test_the_wall_and_open_data_from_the_refreshs_counts_equal_those_counted_alone(known):
    """The refresh counts each figure once and hands the numbers to the wall and open data; what they show
    must be what each counts on its own."""
    from innobelt.insights.flows import BeltCounts
    from innobelt.insights.open_data import compute_aggregates
    from innobelt.insights.queries import _numbers
    from innobelt.insights.registry import BELT
    from innobelt.insights.wall import compute_wall

    belt = _numbers(BELT)
    counts = BeltCounts(values=dict(belt["values"]), pairs=dict(belt["pairs"]))
    shared, alone = compute_wall(counts), compute_wall()
    shared.pop("generated_at"), alone.pop("generated_at")
    assert shared == alone
    assert any(c["value"] for c in alone["counters"]) and alone["flows"]  # numbers shown, so the comparison can fail
    assert compute_aggregates(counts) == compute_aggregates()
