"""Opening and changing a dedicated fund's call on the pages, through the domain, in both languages."""

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


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _call(scene, **changes):
    data = {
        "title_zh": "无锡集成电路专项基金",
        "title_en": "Wuxi integrated circuits fund",
        "sector": scene.ic.pk,
        "city": scene.wuxi.pk,
        "eligibility": "IC design firms of Wuxi.",
        "criteria": "Technology, team, market.",
        "budget": "5000000.50",
        "deadline": (china_today() + timedelta(days=60)).isoformat(),
    }
    return {**data, **changes}


def test_a_district_operator_opens_a_call_in_their_city(scene):
    client = _client(scene.operator)
    page = client.get("/financing/funds/new/").content.decode()
    assert "开放基金申报" in page and "无锡" in page
    response = client.post("/en/financing/funds/new/", _call(scene))
    fund = Fund.objects.get()
    assert response.status_code == 302 and response.url == f"/en/financing/funds/{fund.pk}/"
    assert (fund.sector, fund.city, fund.budget, fund.status) == (scene.ic, scene.wuxi, Decimal("5000000.50"), "open")
    assert AuditEntry.objects.filter(action="financing.fund_opened", target_id=str(fund.pk)).count() == 1
    # firms see the open call and may apply
    home = _client(scene.founder).get("/en/financing/").content.decode()
    assert "Wuxi integrated circuits fund" in home
    assert 'id="apply-link"' in _client(scene.founder).get(f"/en/financing/funds/{fund.pk}/").content.decode()


@pytest.mark.parametrize(
    ("changes", "english", "chinese"),
    [
        ({"budget": "100.005"}, "2 decimal places", "2 位"),
        ({"budget": "0"}, "above zero", "金额须大于零"),
        ({"deadline": "2020-01-01"}, "cannot be in the past", "不能早于今天"),
        ({"title_zh": "", "title_en": " "}, "title in Chinese or English", "中文或英文标题"),
    ],
)
def test_bad_input_is_refused_in_the_readers_language_and_nothing_is_stored(scene, changes, english, chinese):
    client = _client(scene.operator)
    response = client.post("/en/financing/funds/new/", _call(scene, **changes))
    assert response.status_code == 200 and english in response.content.decode()
    response = client.post("/financing/funds/new/", _call(scene, **changes))
    assert response.status_code == 200 and chinese in response.content.decode()
    assert not Fund.objects.exists() and not AuditEntry.objects.filter(action__startswith="financing.fund").exists()


def test_a_district_operator_cannot_open_a_call_elsewhere_or_without_a_city(scene):
    client = _client(scene.operator)
    for city in (scene.shanghai.pk, ""):
        response = client.post("/en/financing/funds/new/", _call(scene, city=city))
        assert response.status_code == 200 and 'id="fund-form"' in response.content.decode()
    assert not Fund.objects.exists()


def test_a_platform_operator_opens_a_call_run_by_platform_operators(scene):
    response = _client(UserFactory(is_platform_operator=True, is_staff=True)).post("/en/financing/funds/new/", _call(scene, city=""))
    assert response.status_code == 302
    assert Fund.objects.get().city is None


def test_nobody_else_opens_a_call(scene):
    for user in (scene.founder, scene.partner, scene.reviewers[0]):
        assert _client(user).get("/en/financing/funds/new/").status_code == 403
        assert _client(user).post("/en/financing/funds/new/", _call(scene)).status_code == 403
    assert not Fund.objects.exists()


def test_the_funds_operator_changes_and_closes_the_call_never_below_the_awards(scene):
    fund = make_fund(city=scene.wuxi, sector=scene.ic, budget=Decimal("1000000"))
    Fund.objects.filter(pk=fund.pk).update(awarded_total=Decimal("600000"))
    client = _client(scene.operator)
    assert "修改申报" in client.get(f"/financing/funds/{fund.pk}/").content.decode()
    data = _call(scene, budget="500000", deadline=fund.deadline.isoformat(), status="open")
    response = client.post(f"/en/financing/funds/{fund.pk}/edit/", data)
    assert response.status_code == 200 and "below what was awarded" in response.content.decode()
    fund.refresh_from_db()
    assert fund.budget == Decimal("1000000") and fund.title_en == "IC fund"
    response = client.post(f"/en/financing/funds/{fund.pk}/edit/", {**data, "budget": "800000", "status": "closed"})
    assert response.status_code == 302
    fund.refresh_from_db()
    assert (fund.budget, fund.status, fund.awarded_total) == (Decimal("800000"), "closed", Decimal("600000"))
    assert AuditEntry.objects.filter(action="financing.fund_changed").count() == 1
    assert _client(UserFactory(operator_for=[scene.shanghai])).get(f"/en/financing/funds/{fund.pk}/edit/").status_code == 403


def test_a_call_past_its_deadline_offers_no_application(scene):
    fund = make_fund(city=scene.wuxi, sector=scene.ic, deadline=china_today() - timedelta(days=1))
    assert 'id="apply-link"' not in _client(scene.founder).get(f"/en/financing/funds/{fund.pk}/").content.decode()


def test_the_admin_refuses_a_past_deadline_with_the_domains_message_and_saves_nothing(scene):
    client = _client(UserFactory(is_platform_operator=True, is_staff=True))
    data = {**_call(scene, deadline="2020-01-01"), "status": "open"}
    response = client.post("/en/admin/financing/fund/add/", data)
    assert response.status_code == 200 and "cannot be in the past" in response.content.decode()
    assert not Fund.objects.exists()
    assert client.post("/en/admin/financing/fund/add/", {**data, "deadline": _call(scene)["deadline"]}).status_code == 302
    assert Fund.objects.get().budget == Decimal("5000000.50")


def test_a_reviewer_finds_the_funds_they_review_on_the_home_page(scene):
    fund = make_fund(city=scene.wuxi, sector=scene.ic, reviewers=[scene.reviewers[0]])
    page = _client(scene.reviewers[0]).get("/financing/").content.decode()
    assert "您评审的基金" in page and f'href="/financing/funds/{fund.pk}/"' in page
    assert 'id="funds-reviewed"' not in _client(scene.reviewers[1]).get("/en/financing/").content.decode()
