"""No list page or list endpoint does a query per row (N+1).

Each list is fetched with a few rows and again with many more; the number of
queries must not grow.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from innobelt.belt.models import CooperationAgreement
from innobelt.notifications.models import Notification
from innobelt.organisations.models import Claim, Membership
from tests.factories import CityFactory, IndustryFactory, MembershipFactory, OrganisationFactory, UserFactory

LISTS = [
    "/", "/en/", "/organisations/", "/organisations/?q=test", "/belt/cities/", "/belt/cities/city-q/",
    "/belt/agreements/", "/organisations/mine/", "/organisations/claims/", "/inbox/", "/accounts/settings/",
    "/api/v1/organisations", "/api/v1/cities", "/api/v1/agreements", "/api/v1/industries", "/api/v1/claims",
    "/api/v1/me/tokens", "/api/v1/me/notifications", "/api/v1/me",
]


def add_rows(n, viewer, city):
    industries = [IndustryFactory(), IndustryFactory()]
    for _ in range(n):
        org = OrganisationFactory(city=city, industries=industries, is_goi_member=True)
        MembershipFactory(user=viewer, organisation=org, role=Membership.Role.ADMIN)
        Claim.objects.create(user=UserFactory(), organisation=org, kind=Claim.Kind.JOIN)
        agreement = CooperationAgreement.objects.create(slug=f"agr-{org.slug}", name_zh="协议", name_en="Agreement")
        agreement.cities.set([city, CityFactory()])
        agreement.focus_industries.set(industries)
        Notification.objects.create(recipient=viewer, kind="k", subject="s")
        viewer.api_tokens.create(name="t", prefix=org.slug[:8], token_hash=f"h-{org.slug}",
                                 expires_at=timezone.now() + timedelta(days=30))
        city.specialties.add(IndustryFactory())


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", LISTS)
def test_list_query_count_does_not_grow_with_rows(url):
    viewer = UserFactory(is_platform_operator=True)
    city = CityFactory(slug="city-q")
    client = Client()
    client.force_login(viewer)
    add_rows(2, viewer, city)
    few = count(client, url)
    add_rows(8, viewer, city)
    many = count(client, url)
    assert many == few, f"{url}: {few} queries with 2 rows, {many} with 10"
