"""The admin of quarterly reports: read only, district operators see their cities' reports only."""

import pytest
from django.test import Client

from innobelt.insights.models import ReportRun
from tests.factories import CityFactory, UserFactory

pytestmark = pytest.mark.django_db
ADMIN = "/admin/insights/reportrun/"


def run_of(city, requested_by=None):
    return ReportRun.objects.create(requested_by=requested_by, city=city, year=2026, quarter=3, file_format="xlsx", status="failed",
                                    error="x")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def listed(client) -> set:
    response = client.get(ADMIN)
    assert response.status_code == 200
    return {r.pk for r in response.context["cl"].result_list}


def test_operators_see_their_cities_reports_read_only_and_nobody_adds_changes_or_deletes():
    here, there = CityFactory(slug="here"), CityFactory(slug="there")
    local_operator = UserFactory(operator_for=[here])
    mine, theirs, belt = run_of(here, local_operator), run_of(there), run_of(None)
    local, far = client_of(local_operator), client_of(UserFactory(operator_for=[there]))
    platform = client_of(UserFactory(is_platform_operator=True, is_staff=True))
    assert listed(local) == {mine.pk} and listed(far) == {theirs.pk} and listed(platform) == {mine.pk, theirs.pk, belt.pk}

    page = local.get(f"{ADMIN}{mine.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # a record: shown, not a form
    assert far.get(f"{ADMIN}{mine.pk}/change/").status_code == 302  # "does not exist"
    assert local.get(f"{ADMIN}{belt.pk}/change/").status_code == 302  # the whole Belt's: platform operators only
    for client in (local, platform):
        assert client.get(f"{ADMIN}add/").status_code == 403
        assert client.get(f"{ADMIN}{mine.pk}/delete/").status_code == 403
        assert client.post(f"{ADMIN}{mine.pk}/change/", {"status": "done", "error": ""}).status_code == 403
    mine.refresh_from_db()
    assert (mine.status, mine.error) == ("failed", "x") and ReportRun.objects.count() == 3
    assert client_of(UserFactory()).get(ADMIN).status_code == 302  # not staff: the admin's sign-in
