"""Providers edit their catalogue on pages: add, edit, retire a service; only their organisation's admins (and the
operators who may change the organisation: its city's and the platform's)."""

from decimal import Decimal

from django.test import Client

from innobelt.organisations.models import Membership
from innobelt.services.models import Service
from tests.factories import MembershipFactory


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form(scene, **changes):
    data = {"organisation": scene.provider_org.pk, "category": "legal_ip", "title_zh": "商标注册",
            "title_en": "Trademark filing", "description_en": "We file trademarks.", "cities": [scene.putuo.pk,
            scene.wuxi.pk], "languages": ["zh", "en"], "fee": "1200.50", "response_days": 2, "resolution_days": 8}
    data.update(changes)
    return data


def test_an_admin_adds_edits_and_retires_a_service(scene):
    admin = client_for(scene.consultant)
    assert admin.post("/services/offer/", form(scene)).status_code == 302
    service = Service.objects.get(title_en="Trademark filing")
    assert service.fee == Decimal("1200.50") and set(service.cities.all()) == {scene.putuo, scene.wuxi}
    assert service.languages == ["zh", "en"] and (service.response_days, service.resolution_days) == (2, 8)
    assert "Trademark filing" in client_for(scene.founder).get("/en/services/", {"q": "trademark"}).content.decode()
    edited = form(scene, title_en="Trademark filing and watch", cities=[scene.putuo.pk], is_active="on")
    assert admin.post(f"/services/{service.pk}/edit/", edited).status_code == 302
    service.refresh_from_db()
    assert service.title_en == "Trademark filing and watch" and list(service.cities.all()) == [scene.putuo]
    assert admin.post(f"/services/{service.pk}/retire/").status_code == 302
    service.refresh_from_db()
    assert service.is_active is False
    assert "Trademark filing" not in client_for(scene.founder).get("/en/services/").content.decode()
    assert "Trademark filing and watch" in admin.get("/en/services/mine/").content.decode()


def test_bad_input_is_refused_in_the_user_language_and_nothing_changes(scene):
    admin = client_for(scene.consultant)
    page = admin.post("/en/services/offer/", form(scene, title_zh="", title_en="", response_days=5,
                                                   resolution_days=3))
    assert page.status_code == 200
    assert not Service.objects.filter(category="legal_ip").exists()
    page = admin.post("/en/services/offer/", form(scene, response_days=5, resolution_days=3)).content.decode()
    assert "The resolution target cannot be shorter than the response target." in page
    page = admin.post("/en/services/offer/", form(scene, fee="-1")).content.decode()
    assert not Service.objects.filter(category="legal_ip").exists()


def test_only_the_provider_admins_and_its_operators(scene):
    member = MembershipFactory(organisation=scene.provider_org, role=Membership.Role.MEMBER).user
    for user in (member, scene.founder, scene.wuxi_operator):
        client = client_for(user)
        assert client.post(f"/services/{scene.service.pk}/retire/").status_code == 403
        assert client.post(f"/services/{scene.service.pk}/edit/", form(scene)).status_code == 403
    # a member (not an admin) cannot offer for the organisation
    response = client_for(member).post("/services/offer/", form(scene))
    assert response.status_code == 200 and not Service.objects.filter(category="legal_ip").exists()
    scene.service.refresh_from_db()
    assert scene.service.is_active
    # the district operator of the provider's city may correct and retire it, as they may change the organisation
    operator = client_for(scene.putuo_operator)
    assert 'id="edit-service"' in operator.get(f"/en/services/{scene.service.pk}/").content.decode()
    assert 'id="edit-service"' not in client_for(scene.wuxi_operator).get(f"/en/services/{scene.service.pk}/").content.decode()
    assert operator.post(f"/services/{scene.service.pk}/retire/").status_code == 302
    scene.service.refresh_from_db()
    assert not scene.service.is_active
