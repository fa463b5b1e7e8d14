"""No list page or list endpoint of the showcase does a query per row (N+1)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from innobelt.showcase.models import AwardProgramme, Nomination
from tests.factories import CityFactory, IndustryFactory, MembershipFactory, OrganisationFactory, ResourceFactory
from tests.showcase.factories import AchievementFactory, NominationFactory, ProgrammeFactory, partner

URLS = [
    "/showcase/",
    "/en/showcase/?year=2026",
    "/showcase/mine/",
    "/showcase/exhibitors/host/",
    "/showcase/awards/",
    "/showcase/awards/{programme}/",
    "/api/v1/achievements",
    "/api/v1/awards",
    "/api/v1/awards/{programme}/nominations",
]


class Rows:
    def __init__(self):
        self.host = OrganisationFactory(slug="host")
        self.viewer = MembershipFactory(organisation=self.host, role="admin").user
        self.city, self.industry = CityFactory(), IndustryFactory()
        self.programme = ProgrammeFactory(status=AwardProgramme.Status.PUBLISHED, published_at=timezone.now())

    def add(self, n):
        for _ in range(n):
            achievement = AchievementFactory(organisation=self.host)
            achievement.cities.set([self.city])
            achievement.industries.set([self.industry])
            partner(achievement, OrganisationFactory())
            ResourceFactory(owner=self.host)
            NominationFactory(
                programme=self.programme, organisation=OrganisationFactory(), status=Nomination.Status.AWARDED
            )
            ProgrammeFactory()


def _counts(client, rows):
    counts = {}
    for url in URLS:
        path = url.format(programme=rows.programme.pk)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200, path
        counts[url] = len(captured)
    return counts


@pytest.mark.django_db
def test_lists_do_not_grow_with_rows():
    rows = Rows()
    client = Client()
    client.force_login(rows.viewer)
    rows.add(2)
    few = _counts(client, rows)
    rows.add(6)
    many = _counts(client, rows)
    assert few == many
