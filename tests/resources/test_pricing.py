"""Prices by user class and unit: the class rule, half-up rounding to the fen, who may change them."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from innobelt.audit.models import AuditEntry
from innobelt.organisations.models import Organisation
from innobelt.resources.domain.pricing import price_table, set_prices, to_fen, user_class_of
from innobelt.resources.models import ResourcePrice
from tests.factories import MembershipFactory, OrganisationFactory


@pytest.mark.parametrize(("value", "fen"), [("0.005", "0.01"), ("0.004", "0.00"), ("1.125", "1.13"), ("2.675", "2.68"),
                                              ("-1.005", "-1.01"), ("10", "10.00"), (Decimal("99.994999"), "99.99")])
def test_amounts_are_rounded_half_up_to_the_fen(value, fen):
    assert to_fen(value) == Decimal(fen)
    assert str(to_fen(value)) == fen


@pytest.mark.parametrize(("fields", "expected"), [
    ({"kind": Organisation.Kind.SME, "is_goi_member": True}, "goi_sme"),
    ({"kind": Organisation.Kind.STARTUP, "is_goi_member": True, "size_band": "micro"}, "goi_sme"),
    ({"kind": Organisation.Kind.SME}, "sme"),
    ({"kind": Organisation.Kind.SME, "size_band": "large", "is_goi_member": True}, "other"),  # 250+ people is no SME
    ({"kind": Organisation.Kind.UNIVERSITY}, "academic"),
    ({"kind": Organisation.Kind.RESEARCH_INSTITUTE, "is_goi_member": True}, "academic"),
    ({"kind": Organisation.Kind.LABORATORY}, "academic"),
    ({"kind": Organisation.Kind.LARGE_FIRM, "is_goi_member": True}, "other"),
    ({"kind": Organisation.Kind.INVESTOR}, "other"),
])
def test_the_user_class_follows_from_the_organisation(scene, fields, expected):
    assert user_class_of(OrganisationFactory(**fields), scene.equipment) == expected


def test_the_owner_pays_as_its_own_organisation(scene):
    assert user_class_of(scene.owner_org, scene.equipment) == "own"


def test_owner_admin_sets_prices_rounded_and_free_by_default(scene):
    assert price_table(scene.equipment) == {}
    saved = set_prices(actor=scene.owner_admin, resource=scene.equipment,
                       prices={("sme", "hour"): Decimal("80.005"), ("goi_sme", "hour"): Decimal("0"), ("other", "day"): "1200",
                               ("academic", "sample"): None})
    assert saved == {("sme", "hour"): Decimal("80.01"), ("other", "day"): Decimal("1200.00")}
    assert price_table(scene.equipment) == saved
    entry = AuditEntry.objects.get(action="resource.prices_changed")
    assert entry.data == {"before": {}, "after": {"other_day": "1200.00", "sme_hour": "80.01"}}
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("other", "day"): "1000"})
    assert price_table(scene.equipment) == {("other", "day"): Decimal("1000.00")}  # the list is replaced: sme/hour is free again


@pytest.mark.parametrize("bad", [{("sme", "hour"): "-1"}, {("sme", "hour"): "abc"}, {("sme", "hour"): "1000000.01"},
                                 {("sme", "hour"): "NaN"}, {("vip", "hour"): "1"}, {("sme", "week"): "1"}])
def test_bad_prices_change_nothing(scene, bad):
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "hour"): "50"})
    with pytest.raises(ValidationError):
        set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("other", "hour"): "90", **bad})
    assert price_table(scene.equipment) == {("sme", "hour"): Decimal("50.00")}


@pytest.mark.parametrize("who", ["owner_member", "seeker", "seeker_admin"])
def test_only_the_owners_admins_set_prices(scene, who):
    with pytest.raises(PermissionDenied):
        set_prices(actor=getattr(scene, who), resource=scene.equipment, prices={("sme", "hour"): "1"})
    assert not ResourcePrice.objects.exists()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_api_reads_and_replaces_prices(scene):
    seeker = _client(scene.seeker)
    url = f"/api/v1/resources/{scene.equipment.pk}/prices"
    assert seeker.get(url).json() == {"resource": scene.equipment.pk, "currency": "CNY", "prices": [],
                                      "your_classes": [{"organisation": scene.seeker_org.slug, "user_class": "sme"}]}
    owner = _client(scene.owner_admin)
    body = {"prices": [{"user_class": "sme", "unit": "hour", "amount": "12.345"}, {"user_class": "other", "unit": "day", "amount": 900}]}
    response = owner.put(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["prices"] == [{"user_class": "other", "unit": "day", "amount": "900.00"},
                                         {"user_class": "sme", "unit": "hour", "amount": "12.35"}]
    assert seeker.get(url).json()["prices"] == response.json()["prices"]


@pytest.mark.parametrize("body", [
    {"prices": [{"user_class": "sme", "unit": "hour", "amount": "-1"}]},
    {"prices": [{"user_class": "sme", "unit": "hour", "amount": "1"}, {"user_class": "sme", "unit": "hour", "amount": "2"}]},
    {"prices": [{"user_class": "vip", "unit": "hour", "amount": "1"}]},
    {"prices": [{"user_class": "sme", "unit": "hour", "amount": "Infinity"}]},
    {"prices": [{"user_class": "sme", "unit": "hour", "amount": "1", "extra": 1}]},
])
def test_api_refuses_bad_prices_in_the_error_shape(scene, body):
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "hour"): "50"})
    response = _client(scene.owner_admin).put(f"/api/v1/resources/{scene.equipment.pk}/prices", data=json.dumps(body),
                                              content_type="application/json")
    assert response.status_code in (400, 422), response.content  # 422: the schema refuses; 400: the domain does
    assert set(response.json()["error"]) >= {"code", "message"}
    assert price_table(scene.equipment) == {("sme", "hour"): Decimal("50.00")}


def test_price_page_saves_and_shows_errors(scene):
    owner = _client(scene.owner_admin)
    url = f"/resources/{scene.equipment.pk}/prices/"
    page = owner.get(url)
    assert page.status_code == 200 and 'name="sme_hour"' in page.content.decode()
    bad = owner.post(url, {"sme_hour": "-3", "other_day": "10"})
    assert bad.status_code == 200 and "sme_hour" in bad.context["form"].errors
    assert price_table(scene.equipment) == {}
    good = owner.post(url, {"sme_hour": "80.555", "other_day": ""})
    assert good.status_code == 302
    assert price_table(scene.equipment) == {("sme", "hour"): Decimal("80.56")}
    detail = _client(scene.seeker).get(f"/en/resources/{scene.equipment.pk}/").content.decode()
    assert "¥80.56" in detail and "other SME" in detail


def test_price_page_in_chinese(scene):
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("goi_sme", "hour"): "10"})
    MembershipFactory(user=scene.seeker, organisation=OrganisationFactory(kind="university"))
    page = _client(scene.seeker).get(f"/resources/{scene.equipment.pk}/").content.decode()  # Chinese: the default
    assert "价格" in page and "高校或科研院所" in page
