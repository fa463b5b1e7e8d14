"""The owner's report comes a page at a time (issue 17, item 11: 12,500 instruments took 32 s and 1.3 MB)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from innobelt.organisations.models import Membership
from innobelt.resources.queries import OWNER_REPORT_PAGE
from tests.factories import AccessRequestFactory, BookingFactory, MembershipFactory, OrganisationFactory, ResourceFactory, UserFactory
from tests.resources.conftest import at

pytestmark = pytest.mark.django_db


class Lab:
    def __init__(self):
        self.owner = OrganisationFactory(kind="laboratory")
        self.viewer = UserFactory()
        MembershipFactory(user=self.viewer, organisation=self.owner, role=Membership.Role.ADMIN)
        self.client = Client()
        self.client.force_login(self.viewer)

    def add(self, n):
        for _ in range(n):
            resource = ResourceFactory(owner=self.owner)
            request = AccessRequestFactory(resource=resource)
            BookingFactory(access_request=request, start=at(1, 9), end=at(1, 11))

    def get(self, query=""):
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(f"/en/resources/owner/?organisation={self.owner.slug}{query}")
        assert response.status_code == 200
        return response.content.decode(), len(ctx.captured_queries)


def _rows(body, table_id):
    table = body[body.index(f'id="{table_id}"'):]
    return table[:table.index("</table>")].count("<tr>") - 1  # less the header


def test_utilisation_and_resources_come_fifty_a_page_with_totals_over_everything():
    lab = Lab()
    lab.add(OWNER_REPORT_PAGE + 3)
    body, _queries = lab.get()
    assert _rows(body, "utilisation") == OWNER_REPORT_PAGE
    assert "Page 1 of 2" in body
    assert re.search(rf"{OWNER_REPORT_PAGE + 3} resources \({OWNER_REPORT_PAGE + 3} equipment", body)
    body, _queries = lab.get("&page=2")
    assert _rows(body, "utilisation") == 3
    assert "2.0" in body  # the two hours booked of an instrument on the second page


def test_the_owner_report_query_count_stays_flat_with_more_rows():
    lab = Lab()
    lab.add(3)
    _body, few = lab.get()
    lab.add(OWNER_REPORT_PAGE + 10)
    _body, many = lab.get()
    _body, second = lab.get("&page=2&rpage=2")
    assert few == many == second


def test_the_api_report_is_paged_and_counts_all_equipment():
    lab = Lab()
    lab.add(3)
    from innobelt.accounts.domain import create_api_token

    _token, secret = create_api_token(user=lab.viewer, name="t")
    report = Client().get(f"/api/v1/organisations/{lab.owner.slug}/resource-report", {"page": 1},
                          HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert (report["page"], report["pages"], report["equipment_count"], len(report["utilisation"])) == (1, 1, 3, 3)
