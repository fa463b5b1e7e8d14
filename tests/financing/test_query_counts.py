"""No list page or list endpoint of financing does a query per row (N+1): a few rows, then many more, the same
number of queries. The viewer is a partner of a verified investor with a thesis, a member of a startup with
a need, and a reviewer of the fund, so every list has rows."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from innobelt.organisations.models import Membership, Organisation
from tests.factories import CityFactory, IndustryFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.financing.factories import make_application, make_fund, make_need, make_thesis

URLS = [
    "/financing/",
    "/financing/investors/{investor}/",
    "/financing/needs/{need}/",
    "/financing/funds/{fund}/",
    "/api/v1/funding-needs",
    "/api/v1/funding-matches/{investor}",
    "/api/v1/funding-needs/{need}/investors",
    "/api/v1/funds",
    "/api/v1/funds/{fund}/applications",
]


class Rows:
    def __init__(self):
        verified = Organisation.Verification.VERIFIED
        self.city, self.ic = CityFactory(), IndustryFactory()
        self.viewer = UserFactory()
        self.investor = OrganisationFactory(kind="investor", verification=verified, city=self.city)
        MembershipFactory(user=self.viewer, organisation=self.investor, role=Membership.Role.ADMIN)
        make_thesis(self.investor, sectors=[self.ic], cities=[self.city])
        self.startup = OrganisationFactory(kind="startup", city=self.city)
        MembershipFactory(user=self.viewer, organisation=self.startup)
        self.need = make_need(self.startup, industries=[self.ic])
        self.fund = make_fund(city=self.city, sector=self.ic, reviewers=[self.viewer], budget=Decimal("1e9"))

    def add(self, n):
        for _ in range(n):
            org = OrganisationFactory(kind="startup", city=self.city)
            make_need(org, industries=[self.ic, IndustryFactory()])
            thesis_org = OrganisationFactory(kind="investor", verification="verified", city=self.city)
            make_thesis(thesis_org, sectors=[self.ic], cities=[self.city])
            make_application(self.fund, org, reviewers=[UserFactory(), UserFactory()])
            make_fund(city=self.city, sector=self.ic)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("template", URLS)
def test_financing_lists_query_count_does_not_grow_with_rows(template):
    rows = Rows()
    client = Client()
    client.force_login(rows.viewer)
    url = template.format(investor=rows.investor.slug, need=rows.need.pk, fund=rows.fund.pk)
    rows.add(2)
    few = count(client, url)
    rows.add(6)
    many = count(client, url)
    assert many == few, f"{template}: {few} queries with 2 rows, {many} with 8"
