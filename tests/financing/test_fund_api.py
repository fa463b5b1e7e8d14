"""Opening and changing a dedicated fund's call through the API (POST /api/v1/funds, PATCH /api/v1/funds/{id}):
the same domain function, checks and permissions as the pages, errors in the caller's language."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client

from innobelt.audit.models import AuditEntry
from innobelt.financing.domain import china_today
from innobelt.financing.models import Fund
from tests.factories import UserFactory
from tests.financing.factories import make_fund

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _call(**changes):
    data = {
        "title_zh": "无锡集成电路专项基金",
        "title_en": "Wuxi integrated circuits fund",
        "sector": "integrated-circuits",
        "city": "wuxi",
        "eligibility": "IC design firms of Wuxi.",
        "criteria": "Technology, team, market.",
        "budget": "5000000.50",
        "deadline": (china_today() + timedelta(days=60)).isoformat(),
    }
    return {**data, **changes}


def _post(client, body, language="en"):
    return client.post("/api/v1/funds", json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


def _patch(client, fund, body, language="en"):
    return client.patch(f"/api/v1/funds/{fund.pk}", json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


def _fields(response):
    return {f["field"]: f["message"] for f in response.json()["error"]["fields"]}


def test_a_district_operator_opens_a_call_in_their_city_and_firms_see_it(scene):
    response = _post(_client(scene.operator), _call())
    assert response.status_code == 201, response.content
    body = response.json()
    fund = Fund.objects.get()
    assert body["id"] == fund.pk and body["budget"] == "5000000.50" and body["remaining"] == "5000000.50"  # decimal text, never a float
    assert (body["sector"], body["city"], body["status"]) == ("integrated-circuits", "wuxi", "open")
    assert (fund.sector, fund.city, fund.budget, fund.status) == (scene.ic, scene.wuxi, Decimal("5000000.50"), "open")
    assert AuditEntry.objects.filter(action="financing.fund_opened", target_id=str(fund.pk)).count() == 1
    listed = _client().get("/api/v1/funds").json()
    assert [f["id"] for f in listed] == [fund.pk]
    assert 'id="apply-link"' in _client(scene.founder).get(f"/en/financing/funds/{fund.pk}/").content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "english", "chinese"),
    [
        ({"budget": "100.005"}, "budget", "to the fen", "精确到分"),
        ({"budget": "0"}, "budget", "above zero", "金额须大于零"),
        ({"budget": "-5"}, "budget", "above zero", "金额须大于零"),
        ({"deadline": "2020-01-01"}, "deadline", "cannot be in the past", "不能早于今天"),
        ({"deadline": "2200-01-01"}, "deadline", "between 2000-01-01 and 2100-12-31", "2000-01-01"),
        ({"title_zh": "", "title_en": " "}, "title_zh", "title in Chinese or English", "中文或英文标题"),
        ({"sector": "no-such-sector"}, "sector", "Unknown industry", "未知的行业"),
        ({"city": "no-such-city"}, "city", "Unknown city", "未知城市"),
        ({"city": "pudong"}, "city", "cities you operate in", "您负责运营的城市"),
        ({"city": None}, "city", "cities you operate in", "您负责运营的城市"),
    ],
)
def test_bad_input_is_a_400_in_the_callers_language_and_nothing_is_stored(scene, changes, field, english, chinese):
    client = _client(scene.operator)
    response = _post(client, _call(**changes), "en")
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "rejected" and english in _fields(response)[field]
    response = _post(client, _call(**changes), "zh-hans")
    assert response.status_code == 400 and chinese in _fields(response)[field]
    assert not Fund.objects.exists() and not AuditEntry.objects.filter(action__startswith="financing.fund").exists()


@pytest.mark.parametrize("budget", [5000000, 5000000.5, "1e6", "NaN", "5,000,000"])
def test_the_budget_travels_only_as_decimal_text(scene, budget):
    response = _post(_client(scene.operator), _call(budget=budget))
    assert response.status_code == 422 and "budget" in _fields(response)
    assert not Fund.objects.exists()


def test_a_platform_operator_opens_a_call_run_by_platform_operators(scene):
    response = _post(_client(UserFactory(is_platform_operator=True)), _call(city=None))
    assert response.status_code == 201 and response.json()["city"] is None
    assert Fund.objects.get().city is None


def test_nobody_else_opens_a_call(scene):
    assert _post(_client(), _call()).status_code == 401
    for user in (scene.founder, scene.partner, scene.reviewers[0], UserFactory(is_active=False, is_platform_operator=True)):
        response = _post(_client(user), _call())
        assert response.status_code in (401, 403), user
    assert not Fund.objects.exists()


def test_the_funds_operator_changes_and_closes_the_call_never_below_the_awards(scene):
    fund = make_fund(city=scene.wuxi, sector=scene.ic, budget=Decimal("1000000"))
    Fund.objects.filter(pk=fund.pk).update(awarded_total=Decimal("600000"))
    client = _client(scene.operator)
    for language, words in (("en", "below what was awarded"), ("zh-hans", "不能低于")):
        response = _patch(client, fund, {"budget": "500000"}, language)
        assert response.status_code == 400 and words in _fields(response)["budget"], response.content
    fund.refresh_from_db()
    assert fund.budget == Decimal("1000000") and not AuditEntry.objects.filter(action="financing.fund_changed").exists()
    response = _patch(client, fund, {"budget": "800000", "status": "closed", "criteria": "Tape-out within a year."})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["budget"], body["awarded_total"], body["remaining"], body["status"]) == ("800000.00", "600000.00", "200000.00", "closed")
    fund.refresh_from_db()
    assert (fund.budget, fund.status, fund.criteria, fund.title_en) == (Decimal("800000"), "closed", "Tape-out within a year.", "IC fund")
    assert AuditEntry.objects.filter(action="financing.fund_changed", target_id=str(fund.pk)).count() == 1
    # a call past its deadline may still be changed (only a new call must not open in the past)
    Fund.objects.filter(pk=fund.pk).update(deadline=china_today() - timedelta(days=3))
    assert _patch(client, fund, {"status": "open"}).status_code == 200


def test_a_change_is_checked_like_a_new_call(scene):
    fund = make_fund(city=scene.wuxi, sector=scene.ic)
    client = _client(scene.operator)
    for body, field in (
        ({"budget": "1.001"}, "budget"),
        ({"title_zh": "", "title_en": ""}, "title_zh"),
        ({"title_en": None}, "title_en"),
        ({"city": "pudong"}, "city"),
        ({"sector": "nothing"}, "sector"),
        ({"deadline": "2300-01-01"}, "deadline"),
    ):
        response = _patch(client, fund, body)
        assert response.status_code == 400 and field in _fields(response), (body, response.content)
    assert _patch(client, fund, {"status": "paused"}).status_code == 422
    fresh = Fund.objects.get(pk=fund.pk)
    assert (fresh.budget, fresh.title_en, fresh.city, fresh.deadline) == (fund.budget, fund.title_en, scene.wuxi, fund.deadline)


def test_only_the_funds_operators_change_it_and_a_guessed_id_reveals_nothing(scene):
    fund = make_fund(city=scene.wuxi, sector=scene.ic, budget=Decimal("1000000"))
    shanghai_operator = UserFactory(operator_for=[scene.shanghai])
    assert _patch(_client(), fund, {"budget": "1"}).status_code == 401
    for user in (scene.founder, scene.partner, scene.reviewers[0], shanghai_operator):
        assert _patch(_client(user), fund, {"budget": "2000000", "city": "pudong"}).status_code == 403
    platform_fund = make_fund(city=None, sector=scene.ic, title_en="Platform fund")
    assert _patch(_client(scene.operator), platform_fund, {"budget": "2"}).status_code == 403
    unknown = Fund(pk=Fund.objects.order_by("-pk").first().pk + 100)
    assert _patch(_client(scene.operator), unknown, {"budget": "2"}).status_code == 404
    assert set(Fund.objects.values_list("budget", flat=True)) == {Decimal("1000000")}
    assert not AuditEntry.objects.filter(action="financing.fund_changed").exists()


def test_a_platform_operator_moves_a_call_to_a_city_and_back(scene):
    fund = make_fund(city=None, sector=scene.ic)
    client = _client(UserFactory(is_platform_operator=True))
    assert _patch(client, fund, {"city": "wuxi"}).json()["city"] == "wuxi"
    # now W's district operator runs it too
    assert _patch(_client(scene.operator), fund, {"title_en": "Wuxi IC fund"}).status_code == 200
    assert _patch(client, fund, {"city": None}).json()["city"] is None
    assert _patch(_client(scene.operator), fund, {"title_en": "Mine"}).status_code == 403


def test_the_openapi_links_a_new_call_to_its_page_its_change_and_its_applications():
    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    post = schema["paths"]["/api/v1/funds"]["post"]
    links = post["responses"]["201"]["links"]
    targets = {link["operationId"]: link["parameters"] for link in links.values()}
    patch_id = schema["paths"]["/api/v1/funds/{fund_id}"]["patch"]["operationId"]
    get_id = schema["paths"]["/api/v1/funds/{fund_id}"]["get"]["operationId"]
    apply_id = schema["paths"]["/api/v1/funds/{fund_id}/applications"]["post"]["operationId"]
    assert {patch_id, get_id, apply_id} <= set(targets)
    assert targets[patch_id] == {"path.fund_id": "$response.body#/id"}
    body = schema["paths"]["/api/v1/funds"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("FinancingFundIn")
    assert schema["components"]["schemas"]["FinancingFundIn"]["properties"]["budget"]["type"] == "string"
