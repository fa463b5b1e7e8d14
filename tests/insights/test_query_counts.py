"""Each dashboard, the wall and each open-data download take a bounded number of queries: the same with a few
records as with many more (one query per figure, per trend and per comparison, never one per record)."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.factories import MembershipFactory, UserFactory
from tests.insights.conftest import make_known

URLS = [
    "/insights/belt/",
    "/insights/cities/known-w/",
    "/insights/organisations/known-lab/",
    "/insights/wall/",
    "/insights/wall/data/",
    "/insights/open-data/",
    "/insights/open-data/resources.csv",
    "/insights/open-data/events.json",
    "/insights/open-data/breakdowns.csv",
    "/insights/open-data/figures-by-city.json",
    "/insights/open-data/agreements.json",
    "/insights/open-data/city-pairs.json",
    "/api/v1/open-data/events",
    "/api/v1/open-data/resources",
]
# queries of the heaviest page (the whole Belt: one per figure, trend and comparison, one per cross-city flow and
# the cities of the flows' table, one per breakdown and the industries' names, and the session)
MOST = 78


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


@pytest.mark.django_db
def test_no_page_does_a_query_per_record():
    known = make_known()
    viewer = UserFactory(is_platform_operator=True)
    MembershipFactory(user=viewer, organisation=known.lab)
    client = Client()
    client.force_login(viewer)
    few = {url: count(client, url) for url in URLS}
    make_known_more(known)
    many = {url: count(client, url) for url in URLS}
    assert many == few
    assert max(few.values()) <= MOST, few


def make_known_more(known):
    from innobelt.belt.models import CooperationAgreement
    from tests.factories import EventFactory, OrganisationFactory, ResourceFactory

    for i in range(5):
        ResourceFactory(owner=known.lab)
        EventFactory(organiser=known.lab)
        OrganisationFactory(city=known.city_x)
        agreement = CooperationAgreement.objects.create(slug=f"more-{i}", name_zh=f"协议{i}", name_en=f"Agreement {i}")
        agreement.cities.set([known.city_w, known.city_x])


DOWNLOADS = ["resources", "events", "agreements", "cities", "figures", "figures-by-city", "city-pairs", "breakdowns"]


@override_settings(INSIGHTS_CACHE_SECONDS=60)
@pytest.mark.django_db
def test_downloads_read_what_the_refresh_kept_with_no_query():
    """Every open-data download, the records' (resources, events) as the aggregates, reads the rows the periodic
    refresh kept: no query, however many records; a record published since shows after the next refresh, and
    a download whose rows were lost from the cache counts that dataset alone, once."""
    from innobelt.insights.flows import BeltCounts
    from innobelt.insights.open_data import refresh_snapshots
    from innobelt.insights.queries import refresh_figures
    from tests.factories import ResourceFactory

    known = make_known()
    refresh_figures()
    client = Client()  # anonymous: no session either
    urls = [f"/insights/open-data/{key}.{fmt}" for key in DOWNLOADS for fmt in ("csv", "json")] + [f"/api/v1/open-data/{k}" for k in DOWNLOADS]
    assert {url: count(client, url) for url in urls} == dict.fromkeys(urls, 0)
    # nothing changed: the records' datasets are kept longer, not listed again (one query each tells)
    with CaptureQueriesContext(connection) as queries:
        built = refresh_snapshots(BeltCounts(), 60)
    assert "resources" not in built and "events" not in built and "figures" in built
    assert not [q for q in queries.captured_queries if 'FROM "resources_resource"' in q["sql"] and "COUNT" not in q["sql"]]
    new = ResourceFactory(owner=known.lab, title_en="Published since")
    make_known_more(known)

    def ids() -> set[str]:
        return {row["id"] for row in csv.DictReader(io.StringIO(client.get("/insights/open-data/resources.csv").content.decode("utf-8-sig")))}

    assert str(new.pk) not in ids()  # the snapshot, until the next refresh
    assert "resources" in refresh_snapshots(BeltCounts(), 60)  # a resource published since: listed again
    assert {url: count(client, url) for url in urls} == dict.fromkeys(urls, 0)
    assert str(new.pk) in ids()
    assert cache.get("insights:open-data-file:resources.csv:") is not None  # its bytes, kept with its rows
    cache.delete_many(["insights:open-data:resources", "insights:open-data-file:resources.csv:"])  # the cache lost
    assert count(client, "/insights/open-data/resources.csv") == 1  # that dataset alone, one query
    assert count(client, "/insights/open-data/resources.csv") == 0  # and kept
