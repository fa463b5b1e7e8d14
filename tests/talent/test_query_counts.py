"""No list page or list endpoint of talent does a query per row (N+1): a few rows, then many more, the same
number of queries. The viewer administers the employer and has a profile, so every list has rows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from innobelt.organisations.models import Membership
from innobelt.talent.models import PositionApplication, Recognition
from tests.factories import CityFactory, IndustryFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.talent.factories import make_position, make_profile

URLS = [
    "/talent/",
    "/talent/for-me/",
    "/talent/people/",
    "/talent/positions/{position}/",
    "/api/v1/talent/positions",
    "/api/v1/talent/profiles",
    "/api/v1/talent/matches",
    "/api/v1/talent/positions/{position}/candidates",
]


class Rows:
    def __init__(self):
        self.city, self.field = CityFactory(), IndustryFactory()
        self.viewer = UserFactory()
        self.employer = OrganisationFactory(city=self.city, is_goi_member=True)
        MembershipFactory(user=self.viewer, organisation=self.employer, role=Membership.Role.ADMIN)
        make_profile(self.viewer, cities=[self.city], field=self.field)
        self.position = make_position(self.employer, field=self.field)

    def add(self, n):
        for _ in range(n):
            make_position(OrganisationFactory(city=self.city, is_goi_member=True), field=self.field)
            profile = make_profile(cities=[self.city, CityFactory()], field=self.field)
            Recognition.objects.create(profile=profile, programme="outstanding_engineer", city=self.city, review_note="Ok.")
            PositionApplication.objects.create(position=self.position, applicant=profile.user)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("template", URLS)
def test_talent_lists_query_count_does_not_grow_with_rows(template):
    rows = Rows()
    client = Client()
    client.force_login(rows.viewer)
    url = template.format(position=rows.position.pk)
    rows.add(2)
    few = count(client, url)
    rows.add(6)
    many = count(client, url)
    assert many == few, f"{template}: {few} queries with 2 rows, {many} with 8"
