"""The needs API: posting, errors in the kit's shape, answers, decisions and what each caller reads."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from innobelt.challenges.models import Need, NeedInterest
from tests.challenges.factories import NeedFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def later(days=30) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_posting_and_reading_a_need(scene):
    client = signed_in(scene.owner_admin)
    body = {
        "owner": scene.owner_org.slug,
        "title_zh": "机舱降噪",
        "problem": "客舱噪声过高。",
        "deadline": later(),
        "industries": [scene.industry.code],
        "budget_min": "50000",
        "budget_max": "80000.5",
        "confidentiality": "nda",
        "details": "SECRET-SPEC",
    }
    response = client.post("/api/v1/needs", body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["title_zh"], data["budget_max"], data["details"], data["industries"]) == (
        "机舱降噪",
        "80000.50",
        "SECRET-SPEC",
        [scene.industry.code],
    )
    other = signed_in(scene.solver).get(f"/api/v1/needs/{data['id']}").json()
    assert other["details"] is None and other["details_hidden"] is True
    listing = Client().get("/api/v1/needs").json()
    assert listing["count"] == 0  # an NDA need is for verified members only
    assert signed_in(scene.solver).get("/api/v1/needs?q=机舱").json()["count"] == 1


def test_a_bad_deadline_is_a_400_in_the_error_shape_and_nothing_is_stored(scene):
    client = signed_in(scene.owner_admin)
    body = {"owner": scene.owner_org.slug, "title_en": "x", "problem": "p", "deadline": "2020-01-01"}
    response = client.post("/api/v1/needs", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "rejected" and error["fields"][0]["field"] == "deadline"
    assert "今天" in error["message"]
    bad = client.post("/api/v1/needs", {**body, "deadline": "3000-01-01"}, content_type="application/json")
    assert bad.status_code == 422 or bad.status_code == 400
    money = client.post("/api/v1/needs", {**body, "deadline": later(), "budget_min": "-3"}, content_type="application/json")
    assert money.status_code == 422 and money.json()["error"]["fields"][0]["field"] == "budget_min"
    assert Need.objects.count() == 0


def test_answering_and_deciding_through_the_api(scene):
    need = NeedFactory(owner=scene.owner_org)
    solver = signed_in(scene.solver)
    response = solver.post(
        f"/api/v1/needs/{need.pk}/interests", {"organisation": scene.solver_org.slug, "message": "Hi"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    interest_id = response.json()["id"]
    again = solver.post(
        f"/api/v1/needs/{need.pk}/interests", {"organisation": scene.solver_org.slug, "message": "Hi"}, content_type="application/json"
    )
    assert again.status_code == 400 and NeedInterest.objects.count() == 1
    owner = signed_in(scene.owner_admin)
    assert [i["id"] for i in owner.get(f"/api/v1/needs/{need.pk}/interests").json()] == [interest_id]
    declined = owner.post(f"/api/v1/need-interests/{interest_id}/decline", {"reason": "Timing"}, content_type="application/json")
    assert declined.json()["status"] == "declined"
    assert solver.get(f"/api/v1/need-interests/{interest_id}").json()["decline_reason"] == "Timing"
    assert signed_in(scene.unverified_member).get(f"/api/v1/need-interests/{interest_id}").status_code == 404


def test_patch_changes_only_what_is_sent(scene):
    need = NeedFactory(owner=scene.owner_org, posted_by=scene.owner_member)
    client = signed_in(scene.owner_member)
    response = client.patch(f"/api/v1/needs/{need.pk}", {"title_en": "New title", "budget_max": "1000"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["title_en"] == "New title"
    null = client.patch(f"/api/v1/needs/{need.pk}", {"problem": None}, content_type="application/json")
    assert null.status_code == 400
    assert Need.objects.get(pk=need.pk).problem == need.problem
