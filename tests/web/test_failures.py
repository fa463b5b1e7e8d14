"""A database failure gives a translated error page with a request id, is logged, and changes nothing."""

import logging

import pytest
from django.db import connection
from django.test import Client

from innobelt.organisations.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory


@pytest.mark.django_db
def test_database_error_gives_translated_page_logged_with_request_id(caplog):
    with connection.cursor() as cursor:
        cascade = " CASCADE" if connection.vendor == "postgresql" else ""
        cursor.execute(f"DROP TABLE belt_city{cascade}")  # rolled back with the test's transaction
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/belt/cities/")
    assert response.status_code == 500
    body = response.content.decode()
    request_id = response["X-Request-ID"]
    assert "系统出现错误" in body and request_id in body and "Traceback" not in body
    assert any(request_id in getattr(r, "request_id", "") for r in caplog.records)


@pytest.mark.django_db
def test_failed_write_changes_nothing():
    membership = MembershipFactory(role="admin", organisation=OrganisationFactory(name_en="Before"))
    client = Client(raise_request_exception=False)
    client.force_login(membership.user)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE audit_auditentry")  # the audit write fails after the profile update
    response = client.post(f"/en/organisations/{membership.organisation.slug}/edit/", {
        "name_zh": "", "name_en": "After", "kind": "sme", "city": membership.organisation.city_id,
        "description_language": "zh", "country": "CN"})
    assert response.status_code == 500, response.content.decode()[-3000:]
    assert "Something went wrong on our side" in response.content.decode()
    assert Organisation.objects.get(pk=membership.organisation.pk).name_en == "Before"
