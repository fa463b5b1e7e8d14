"""No list page or list endpoint of the service zone does a query per row (N+1).

Each list is fetched with a few rows and again with many more; the number of queries must not grow. The
viewer is a member of the firm that asks and of the provider that is asked, and a district operator of the
provider's district, so every list has rows.
"""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from innobelt.services.domain import escalate_overdue_requests, request_service
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.services.factories import jiangsu_city, service_of, shanghai_district

URLS = ["/services/", "/en/services/?q=market", "/services/requests/", "/services/queue/", "/services/operators/",
        "/services/operators/figures/", "/services/operators/figures/?by=pair", "/services/operators/requests/",
        "/api/v1/services", "/api/v1/services?q=market", "/api/v1/service-requests",
        "/api/v1/service-requests?role=provider"]


class Rows:
    def __init__(self):
        self.putuo, self.wuxi = shanghai_district(), jiangsu_city()
        self.viewer = UserFactory(operator_for=[self.putuo])
        self.firm = OrganisationFactory(city=self.wuxi)
        self.provider = OrganisationFactory(city=self.putuo)
        for org in (self.firm, self.provider):
            MembershipFactory(user=self.viewer, organisation=org)

    def add(self, n):
        for _ in range(n):
            service = service_of(self.provider, cities=[self.putuo, self.wuxi], load_limit=1000)
            request_service(actor=self.viewer, firm=self.firm, category="market_entry", need="N", firm_city=self.wuxi,
                            target_city=self.putuo, wanted_service=service)
        escalate_overdue_requests(today=date(2099, 1, 1))


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_service_lists_do_not_grow_with_rows(url):
    rows = Rows()
    client = Client()
    client.force_login(rows.viewer)
    rows.add(2)
    few = count(client, url)
    rows.add(8)
    many = count(client, url)
    assert many == few, f"{url}: {few} queries with 2 rows, {many} with 10"
