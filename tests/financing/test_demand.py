"""Operators' funding demand against supply on known data: each figure as computed by the queries, for a district
operator (their city; investors naming it or no city) and for a platform operator (the whole Belt)."""

from decimal import Decimal

import pytest
from django.test import Client

from innobelt.financing import demand
from innobelt.organisations.models import Organisation
from tests.factories import OrganisationFactory, UserFactory
from tests.financing.factories import make_need, make_thesis

pytestmark = pytest.mark.django_db
M = Decimal("1000000")


@pytest.fixture
def data(scene):
    wuxi, pudong, ic, bio = scene.wuxi, scene.shanghai, scene.ic, scene.bio
    wuxi_firm = OrganisationFactory(kind="startup", city=wuxi)
    make_need(wuxi_firm, industries=[ic], stage="seed", amount=1 * M)
    make_need(wuxi_firm, industries=[ic, bio], stage="a", amount=10 * M)
    make_need(OrganisationFactory(kind="startup", city=pudong), industries=[bio], stage="a", amount=3 * M)
    make_need(wuxi_firm, industries=[ic], stage="b", amount=7 * M, visibility="hidden")  # never counts
    make_need(wuxi_firm, industries=[ic], stage="b", amount=9 * M, status="closed")  # never counts
    verified = Organisation.Verification.VERIFIED

    def investor():
        return OrganisationFactory(kind="investor", verification=verified)

    make_thesis(investor(), stages=["seed", "a"], ticket_min=M / 2, ticket_max=5 * M, sectors=[ic], cities=[wuxi])
    make_thesis(investor(), stages=["a", "b"], ticket_min=5 * M, ticket_max=50 * M, sectors=[bio], cities=[])  # anywhere
    make_thesis(investor(), stages=["seed"], ticket_min=M / 10, ticket_max=M, sectors=[ic], cities=[pudong])
    make_thesis(OrganisationFactory(kind="investor"), stages=["seed"], ticket_max=M, sectors=[ic], cities=[wuxi])  # not verified
    return scene


def _rows(result, key):
    table = next(t for t in result["tables"] if t.key == key)
    return {r.label: (r.needs, r.sought, r.investors, r.ticket_from, r.ticket_to) for r in table.rows}


def test_a_district_operator_sees_their_city(data):
    result = demand.demand_and_supply(demand.scope_of(data.operator))  # the operator of Wuxi
    assert (result["needs"], result["sought"], result["investors"]) == (2, 11 * M, 2)
    assert _rows(result, "sector") == {
        "集成电路": (2, 11 * M, 1, M / 2, 5 * M),
        "生物医药": (1, 10 * M, 1, 5 * M, 50 * M),
    }
    assert _rows(result, "city") == {"无锡": (2, 11 * M, 1, M / 2, 5 * M)}
    stages = _rows(result, "stage")
    assert stages["种子轮"][:3] == (1, M, 1) and stages["A 轮"][:3] == (1, 10 * M, 2) and stages["B 轮"][:3] == (0, 0, 1)
    bands = [r[:3] for r in _rows(result, "amount").values()]
    assert bands == [(0, 0, 1), (1, M, 1), (1, 10 * M, 2), (0, 0, 1), (0, 0, 0)]


def test_a_platform_operator_sees_the_whole_belt(data):
    result = demand.demand_and_supply(demand.scope_of(UserFactory(is_platform_operator=True)))
    assert (result["needs"], result["sought"], result["investors"]) == (3, 14 * M, 3)
    assert _rows(result, "sector")["集成电路"] == (2, 11 * M, 2, M / 10, 5 * M)
    cities = _rows(result, "city")
    assert cities["无锡"] == (2, 11 * M, 1, M / 2, 5 * M) and cities[data.shanghai.name][:3] == (1, 3 * M, 1)
    bands = [r[:3] for r in _rows(result, "amount").values()]
    assert bands == [(0, 0, 2), (2, 4 * M, 2), (1, 10 * M, 2), (0, 0, 1), (0, 0, 0)]


def test_the_page_in_both_languages_and_who_may_open_it(data):
    client = Client()
    client.force_login(data.operator)
    page = client.get("/en/financing/operators/demand/").content.decode()
    assert "2 open funding needs seeking 11,000,000.00 yuan" in page and "Integrated circuits" in page
    assert "1 more invest in any city" in page
    assert "无锡" in client.get("/financing/operators/demand/").content.decode()
    investor = Client()
    investor.force_login(data.partner)
    assert investor.get("/en/financing/operators/demand/").status_code == 403
    assert 'id="demand-link"' in client.get("/en/financing/").content.decode()
