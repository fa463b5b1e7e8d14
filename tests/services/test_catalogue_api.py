"""Providers edit their catalogue through the API: add, edit, retire and offer again, with the pages' checks and
permissions (the provider's admins, its city's district operators, platform operators), errors in the API's shape."""

from decimal import Decimal

from django.test import Client

from innobelt.audit.models import AuditEntry
from innobelt.organisations.models import Membership
from innobelt.services.models import Service
from tests.factories import MembershipFactory, UserFactory

JSON = "application/json"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def body(scene, **changes):
    data = {"provider": scene.provider_org.slug, "category": "legal_ip", "title_zh": "商标注册",
            "title_en": "Trademark filing", "description_zh": "我们代理商标注册。", "description_en": "We file trademarks.",
            "cities": ["putuo", "wuxi"], "languages": ["zh", "en"], "fee": "1200.505", "fee_note_en": "per class",
            "response_days": 2, "resolution_days": 8}
    data.update(changes)
    return data


def test_an_admin_adds_edits_retires_and_offers_again(scene):
    admin, founder = client_for(scene.consultant), client_for(scene.founder)
    made = admin.post("/api/v1/services", body(scene), content_type=JSON)
    assert made.status_code == 201, made.content
    answer = made.json()
    assert (answer["provider"], answer["title_zh"], answer["title_en"]) == (scene.provider_org.slug, "商标注册",
                                                                           "Trademark filing")
    assert answer["description_zh"] == "我们代理商标注册。" and answer["fee_note_en"] == "per class"
    assert Decimal(answer["fee"]) == Decimal("1200.51")  # half up to the fen
    assert sorted(answer["cities"]) == ["putuo", "wuxi"] and answer["is_active"] is True
    url = f"/api/v1/services/{answer['id']}"
    found = founder.get("/api/v1/services", {"q": "商标"}).json()
    assert [s["id"] for s in found["items"]] == [answer["id"]]

    edited = admin.patch(url, {"title_en": "Trademark filing and watch", "cities": ["putuo"]}, content_type=JSON)
    assert edited.status_code == 200, edited.content
    assert (edited.json()["title_en"], edited.json()["cities"], edited.json()["title_zh"]) == (
        "Trademark filing and watch", ["putuo"], "商标注册")

    retired = admin.post(f"{url}/retire")
    assert retired.status_code == 200 and retired.json()["is_active"] is False
    assert founder.get(url).status_code == 404
    assert founder.get("/api/v1/services", {"q": "trademark"}).json()["count"] == 0
    mine = admin.get("/api/v1/services/mine").json()
    assert [(s["id"], s["is_active"]) for s in mine["items"]] == [(scene.service.pk, True), (answer["id"], False)]

    offered = admin.post(f"{url}/offer")
    assert offered.status_code == 200 and offered.json()["is_active"] is True
    assert founder.get(url).status_code == 200
    actions = list(AuditEntry.objects.filter(target_id=str(answer["id"])).values_list("action", flat=True)
                   .order_by("pk"))
    assert actions == ["service.offered", "service.edited", "service.retired", "service.edited"]


def test_bad_input_is_a_structured_error_in_the_user_language_and_nothing_changes(scene):
    admin = client_for(scene.consultant)
    en = {"accept-language": "en"}
    short = admin.post("/api/v1/services", body(scene, response_days=5, resolution_days=3), content_type=JSON,
                       headers=en)
    assert short.status_code == 400
    error = short.json()["error"]
    assert error["code"] and "The resolution target cannot be shorter than the response target." in str(error)
    untitled = admin.post("/api/v1/services", body(scene, title_zh="", title_en=""), content_type=JSON, headers=en)
    assert untitled.status_code == 400 and "error" in untitled.json()
    nowhere = admin.post("/api/v1/services", body(scene, cities=["atlantis"]), content_type=JSON, headers=en)
    assert nowhere.status_code == 400 and "cities" in str(nowhere.json())
    no_city = admin.post("/api/v1/services", body(scene, cities=[]), content_type=JSON, headers=en)
    assert no_city.status_code == 400 and "Name at least one city the service is offered in." in str(no_city.json())
    negative = admin.post("/api/v1/services", body(scene, fee="-1"), content_type=JSON, headers=en)
    assert negative.status_code == 422 and negative.json()["error"]["fields"][0]["field"] == "fee"
    unknown = admin.post("/api/v1/services", body(scene, provider="no-such-org"), content_type=JSON, headers=en)
    assert unknown.status_code == 400 and "provider" in str(unknown.json())
    assert not Service.objects.filter(category="legal_ip").exists()

    zero = admin.patch(f"/api/v1/services/{scene.service.pk}", {"resolution_days": 0}, content_type=JSON)
    assert zero.status_code == 422
    inverted = admin.patch(f"/api/v1/services/{scene.service.pk}", {"response_days": 9, "title_en": "Changed"},
                           content_type=JSON, headers={"accept-language": "zh-hans"})
    assert inverted.status_code == 400 and "办结时限不能短于响应时限。" in str(inverted.json())
    scene.service.refresh_from_db()
    assert (scene.service.response_days, scene.service.title_en) == (1, "Shanghai market entry")


def test_only_the_provider_admins_and_its_operators(scene):
    member = MembershipFactory(organisation=scene.provider_org, role=Membership.Role.MEMBER).user
    url = f"/api/v1/services/{scene.service.pk}"
    for user in (member, scene.founder, scene.wuxi_operator):
        client = client_for(user)
        assert client.post("/api/v1/services", body(scene), content_type=JSON).status_code == 403
        assert client.patch(url, {"title_en": "Hijacked"}, content_type=JSON).status_code == 403
        assert client.post(f"{url}/retire").status_code == 403
        assert client.post(f"{url}/offer").status_code == 403
        assert client.get("/api/v1/services/mine").json()["count"] == 0
    assert Client().patch(url, {"title_en": "Hijacked"}, content_type=JSON).status_code == 401
    assert client_for(scene.consultant).patch("/api/v1/services/999999", {"title_en": "x"},
                                              content_type=JSON).status_code == 404
    scene.service.refresh_from_db()
    assert scene.service.title_en == "Shanghai market entry" and scene.service.is_active
    assert not Service.objects.filter(category="legal_ip").exists()
    # the district operator of the provider's city and a platform operator may correct it, as the organisation
    for user in (scene.putuo_operator, UserFactory(is_platform_operator=True)):
        assert client_for(user).patch(url, {"title_en": "Corrected"}, content_type=JSON).status_code == 200
    assert client_for(scene.putuo_operator).post("/api/v1/services", body(scene), content_type=JSON).status_code == 201
