"""Pages of investors' theses and of a fund's reviewers, through the domain, in both languages."""

from decimal import Decimal

import pytest
from django.test import Client

from innobelt.audit.models import AuditEntry
from innobelt.financing.models import Thesis
from tests.factories import UserFactory
from tests.financing.factories import make_fund, make_thesis

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_investor_edits_its_thesis(scene):
    client = _client(scene.partner)
    slug = scene.investor.slug
    assert "投资方向" in client.get(f"/financing/investors/{slug}/thesis/").content.decode()
    data = {
        "investor_type": "vc",
        "stages": ["a", "b"],
        "ticket_min": "1000000",
        "ticket_max": "20000000",
        "sectors": [scene.ic.pk],
        "cities": [scene.wuxi.pk],
        "summary": "Chips.",
    }
    response = client.post(f"/en/financing/investors/{slug}/thesis/", data)
    assert response.status_code == 302
    thesis = Thesis.objects.get(organisation=scene.investor)
    assert thesis.stages == ["a", "b"] and thesis.ticket_max == Decimal("20000000")
    assert list(thesis.sectors.all()) == [scene.ic] and list(thesis.cities.all()) == [scene.wuxi]
    # a ticket range upside down: the domain's message, nothing changed
    response = client.post(f"/en/financing/investors/{slug}/thesis/", {**data, "ticket_min": "5000000", "ticket_max": "100"})
    assert response.status_code == 200 and "upper end is below" in response.content.decode()
    thesis.refresh_from_db()
    assert thesis.ticket_max == Decimal("20000000")
    assert AuditEntry.objects.filter(action="financing.thesis_saved").count() == 1


def test_only_a_verified_investors_admin_edits_its_thesis(scene):
    make_thesis(scene.investor)
    assert _client(scene.unverified_partner).get(f"/en/financing/investors/{scene.unverified_investor.slug}/thesis/").status_code == 404
    assert _client(scene.founder).get(f"/en/financing/investors/{scene.investor.slug}/thesis/").status_code == 404


def test_a_fund_operator_names_the_reviewers(scene):
    fund = make_fund(city=scene.wuxi, sector=scene.ic)
    first, second = scene.reviewers
    client = _client(scene.operator)
    assert client.get(f"/financing/funds/{fund.pk}/reviewers/").status_code == 200
    response = client.post(f"/en/financing/funds/{fund.pk}/reviewers/", {"emails": f"{first.email}\n{second.email.upper()}\n"})
    assert response.status_code == 302
    assert set(fund.reviewers.all()) == {first, second}
    response = client.post(f"/en/financing/funds/{fund.pk}/reviewers/", {"emails": f"{first.email}\nnobody@example.invalid"})
    assert response.status_code == 200 and "nobody@example.invalid" in response.content.decode()
    assert set(fund.reviewers.all()) == {first, second}  # nothing changed
    assert AuditEntry.objects.filter(action="financing.reviewers_assigned").count() == 1


def test_nobody_else_names_reviewers(scene):
    fund = make_fund(city=scene.wuxi, sector=scene.ic)
    for user in (scene.founder, scene.partner, UserFactory(operator_for=[scene.shanghai]), scene.reviewers[0]):
        assert _client(user).post(f"/en/financing/funds/{fund.pk}/reviewers/", {"emails": user.email}).status_code == 403
    assert not fund.reviewers.exists()
