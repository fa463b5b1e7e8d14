"""No list page or list endpoint of the resources app does a query per row (N+1).

Each list is fetched with a few rows and again with many more; the number of queries must
not grow. The viewer is an admin of the owner laboratory and a member of a seeker firm, so
every list (as owner and as seeker) has rows.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from innobelt.organisations.models import Membership
from innobelt.resources.domain.statements import issue_booking_line
from innobelt.resources.models import Blackout, OutcomeReport, RequestMessage, SharingPledge
from tests.factories import (
    AccessRequestFactory,
    BookingFactory,
    IndustryFactory,
    MembershipFactory,
    OrganisationFactory,
    ResourceFactory,
    UserFactory,
)
from tests.resources.conftest import at

URLS = [
    "/resources/", "/resources/?q=instrument", "/resources/?kind=equipment&free_from={day9}&free_to={day9}", "/en/resources/",
    "/resources/requests/", "/resources/bookings/", "/resources/owner/", "/resources/{equipment}/", "/resources/{equipment}/closures/",
    "/resources/{equipment}/book/?week={day2}", "/resources/requests/{main}/", "/resources/{equipment}/calendar.ics",
    "/resources/calendar/{feed}.ics", "/resources/calendar/?mine=on&r={equipment}&view=week&date={day2}",
    "/resources/calendar/?mine=on&view=month&date={day2}", "/en/resources/calendar/?mine=on&view=day&date={day2}",
    "/api/v1/resources", "/api/v1/resources?q=instrument", "/api/v1/access-requests", "/api/v1/access-requests?role=owner",
    "/api/v1/access-requests/{main}", "/api/v1/bookings", "/api/v1/resources/{equipment}/closures",
    "/api/v1/resources/{equipment}/availability?start={day2}",
    "/api/v1/resources/availability?ids={ids}&start={day2}&end={day9}", "/api/v1/organisations/{owner}/resource-report",
    "/resources/{equipment}/prices/", "/api/v1/resources/{equipment}/prices",
    "/resources/statements/?organisation={owner}", "/resources/statements/export/?organisation={owner}&format=xlsx",
    "/api/v1/organisations/{owner}/statements", "/api/v1/organisations/{owner}/statements/export?format=csv",
    "/api/v1/bookings/{booking}/statement", "/resources/bookings/{booking}/", "/resources/?pledged=on", "/api/v1/resources?pledged=true",
]


class Rows:
    def __init__(self):
        self.viewer = UserFactory()
        self.owner = OrganisationFactory()
        MembershipFactory(user=self.viewer, organisation=self.owner, role=Membership.Role.ADMIN)
        self.seeker = OrganisationFactory()
        MembershipFactory(user=self.viewer, organisation=self.seeker)
        self.industries = [IndustryFactory(), IndustryFactory()]
        self.equipment = ResourceFactory(owner=self.owner, industries=self.industries)
        self.main = AccessRequestFactory(resource=self.equipment, organisation=self.seeker, requested_by=self.viewer)
        from innobelt.resources.domain import calendar_feed_for

        self.feed = calendar_feed_for(user=self.viewer)
        self.booking = BookingFactory(access_request=self.main, start=at(5, 8), end=at(5, 9))
        issue_booking_line(booking=self.booking)
        self.count = 0

    def add(self, n):
        for _ in range(n):
            c, self.count = self.count, self.count + 1
            other = ResourceFactory(owner=self.owner, industries=self.industries, title_en=f"Instrument {c}")
            asker = OrganisationFactory(industries=self.industries)
            request = AccessRequestFactory(resource=self.equipment, organisation=asker)
            issue_booking_line(booking=BookingFactory(access_request=request, start=at(2, 8 + c), end=at(2, 9 + c)))
            SharingPledge.objects.create(resource=other, hours_per_quarter=5 + c)
            OutcomeReport.objects.create(request=request, summary="done", prototype=True)
            mine = AccessRequestFactory(resource=other, organisation=self.seeker, requested_by=self.viewer, status="pending")
            RequestMessage.objects.create(request=self.main, author=self.viewer, kind="question", text=f"q{c}")
            Blackout.objects.create(resource=self.equipment, start=at(3, 8 + c), end=at(3, 9 + c))
            issue_booking_line(booking=BookingFactory(access_request=self.main, start=at(4, 8 + c), end=at(4, 9 + c)))
            assert mine.pk

    def url(self, template):
        return template.format(booking=self.booking.pk, equipment=self.equipment.pk, main=self.main.pk, feed=self.feed.token,
                               owner=self.owner.slug,
                               ids=",".join(str(pk) for pk in self.owner.resources.values_list("pk", flat=True)[:12]),
                               day2=f"{at(2, 0):%Y-%m-%d}", day9=f"{at(9, 0):%Y-%m-%d}")


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("template", URLS)
def test_resource_list_query_count_does_not_grow_with_rows(template):
    rows = Rows()
    client = Client()
    client.force_login(rows.viewer)
    rows.add(2)
    few = count(client, rows.url(template))
    rows.add(8)
    many = count(client, rows.url(template))
    assert many == few, f"{template}: {few} queries with 2 rows, {many} with 10"
