"""The Belt's public pages and API (innobelt/belt/views.py, api.py): cities, agreements and their follow-ups."""

from datetime import date

import pytest
from django.test import Client

from innobelt.belt.models import CooperationAgreement, FollowUpAction
from tests.factories import CityFactory, IndustryFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement():
    ai = IndustryFactory(code="ai", name_zh="人工智能", name_en="Artificial intelligence")
    putuo = CityFactory(slug="putuo", name_zh="普陀区", name_en="Putuo")
    suzhou = CityFactory(slug="suzhou", name_zh="苏州市", name_en="Suzhou")
    suzhou.specialties.set([ai])
    OrganisationFactory(city=suzhou, name_en="Suzhou Lab")
    item = CooperationAgreement.objects.create(slug="alliance-putuo-suzhou", name_zh="普陀—苏州备忘录",
                                               name_en="Putuo – Suzhou memorandum", signed_on=date(2025, 2, 17))
    item.cities.set([putuo, suzhou])
    item.focus_industries.set([ai])
    FollowUpAction.objects.create(agreement=item, description_zh="共建联合实验室", description_en="Open a joint lab",
                                  owner_city=suzhou, due_on=date(2025, 6, 1))
    return item


def test_the_city_pages_in_both_languages(agreement):
    client = Client()
    assert "苏州市" in client.get("/belt/cities/").content.decode()
    page = client.get("/en/belt/cities/suzhou/").content.decode()
    assert "Suzhou" in page and "Suzhou Lab" in page and "Putuo – Suzhou memorandum" in page
    assert client.get("/belt/cities/nowhere/").status_code == 404


def test_the_agreement_page_lists_its_follow_ups(agreement):
    client = Client()
    assert "Putuo – Suzhou memorandum" in client.get("/en/belt/agreements/").content.decode()
    assert "Open a joint lab" in client.get("/en/belt/agreements/alliance-putuo-suzhou/").content.decode()
    assert "共建联合实验室" in client.get("/belt/agreements/alliance-putuo-suzhou/").content.decode()
    assert client.get("/belt/agreements/nothing/").status_code == 404


def test_the_api_gives_cities_and_agreements_with_their_actions(agreement):
    client = Client()
    city = client.get("/api/v1/cities/suzhou").json()
    assert city["name_en"] == "Suzhou" and [s["code"] for s in city["specialties"]] == ["ai"]
    listed = client.get("/api/v1/agreements").json()
    assert [a["slug"] for a in listed] == ["alliance-putuo-suzhou"] and set(listed[0]["cities"]) == {"putuo", "suzhou"}
    detail = client.get("/api/v1/agreements/alliance-putuo-suzhou").json()
    assert detail["actions"] == [{"description_zh": "共建联合实验室", "description_en": "Open a joint lab",
                                  "due_on": "2025-06-01", "status": "open"}]
    assert client.get("/api/v1/agreements/nothing").status_code == 404
    assert client.get("/api/v1/cities/nowhere").json()["error"]["code"] == "not_found"
