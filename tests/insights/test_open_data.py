"""Open data holds aggregates and public records only: planted e-mails, telephones and private records never
appear in a download or the API."""

import json

import pytest
from django.test import Client, override_settings

from innobelt.insights.open_data import DATASETS
from innobelt.organisations.models import Organisation
from tests.factories import EventFactory, MembershipFactory, OrganisationFactory, ResourceFactory, UserFactory

SECRETS = ["planted@example.com", "13912345678", "Secret draft instrument", "Verified-only instrument", "Draft forum nobody may see", "Hidden Person"]


@pytest.fixture
def planted(known):
    lab = known.lab
    person = UserFactory(email="planted@example.com", mobile="13912345678", display_name="Hidden Person")
    MembershipFactory(user=person, organisation=lab)
    ResourceFactory(
        owner=lab, title_en="Public instrument", contact_name="Hidden Person", contact_email="planted@example.com", contact_phone="13912345678"
    )
    ResourceFactory(owner=lab, title_en="Secret draft instrument", status="draft", published_at=None)
    ResourceFactory(owner=lab, title_en="Verified-only instrument", visibility="verified")
    EventFactory(organiser=lab, title_en="Draft forum nobody may see", status="draft", published_at=None)
    OrganisationFactory(kind=Organisation.Kind.SME, website="https://planted.example.com/13912345678")
    return known


def everything(client) -> str:
    parts = [client.get("/insights/open-data/").content.decode()]
    for key in DATASETS:
        for fmt in ("csv", "json"):
            response = client.get(f"/insights/open-data/{key}.{fmt}")
            assert response.status_code == 200
            parts.append(response.content.decode())
        parts.append(json.dumps(client.get(f"/api/v1/open-data/{key}").json(), ensure_ascii=False))
    parts.append(json.dumps(client.get("/api/v1/open-data").json(), ensure_ascii=False))
    return "\n".join(parts)


@override_settings(INSIGHTS_MIN_COUNT=1)
def test_no_personal_data_or_private_record_is_in_any_download(planted):
    text = everything(Client())
    assert "Public instrument" in text  # the public records are there
    for secret in SECRETS:
        assert secret not in text, secret
    assert "@" not in text  # no e-mail address of any kind


@override_settings(INSIGHTS_MIN_COUNT=5)
def test_figures_below_the_threshold_are_empty_in_open_data(known):
    rows = Client().get("/insights/open-data/figures.json").json()["rows"]
    values = {r["figure"]: r["value"] for r in rows}
    assert values["organisations"] == "7" and values["bookings"] == "" and values["needs_posted"] == ""
    by_city = Client().get("/api/v1/open-data/figures-by-city").json()["rows"]
    values = {(r["city"], r["figure"]): r["value"] for r in by_city}
    assert values[("known-w", "organisations")] == "" and values[("known-x", "organisations")] == ""  # 4 and 3
    # W's 6 reach the threshold, but the Belt's figure minus them would tell X's: both are left out (ADR 1201)
    assert values[("known-w", "access_requests")] == "" and values[("known-x", "access_requests")] == ""


def test_each_dataset_is_documented_and_linked(db):
    listing = Client().get("/api/v1/open-data").json()
    assert {d["key"] for d in listing} == set(DATASETS)
    for dataset in listing:
        assert dataset["fields"] and all(f["description"] for f in dataset["fields"])
        assert dataset["csv_url"].endswith(".csv") and dataset["json_url"].endswith(".json")
    html = Client().get("/en/insights/open-data/").content.decode()
    for key in DATASETS:
        assert f"/en/insights/open-data/{key}.csv" in html and f"/en/insights/open-data/{key}.json" in html
    assert Client().get("/insights/open-data/nothing.csv").status_code == 404
    assert Client().get("/insights/open-data/resources.xml").status_code == 404
    assert Client().get("/api/v1/open-data/nothing").status_code == 404
