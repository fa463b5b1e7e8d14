"""Each dashboard, the wall and each open-data download take a bounded number of queries: the same with a few
records as with many more (one query per figure, per trend and per comparison, never one per record)."""

import pytest
from django.db import connection
from django.test import Client
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
    "/insights/open-data/figures-by-city.json",
    "/insights/open-data/agreements.json",
    "/insights/open-data/city-pairs.json",
    "/api/v1/open-data/events",
]
# queries of the heaviest page (the whole Belt: one per figure, trend and comparison, one per cross-city flow and
# the cities of the flows' table, and the session)
MOST = 68


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
