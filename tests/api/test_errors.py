"""Bad data to any write endpoint gives a structured 4xx and changes nothing."""

import json

import pytest
from django.apps import apps
from django.test import Client

SHARED_WORLD = "base"  # the seven roles and two organisations, shared by the module's tests (tests/conftest.py)

BAD_BODIES = [
    "not json at all",
    json.dumps([1, 2, 3]),
    json.dumps({"kind": "spaceship", "city": 42, "name": None, "founded_year": "old", "reason": ["x"] * 3,
                "name_en": "x" * 5000, "industries": "not-a-list", "position": {"a": 1}}),
]


def row_counts() -> dict:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label not in ("sessions", "axes")}


def write_operations():
    from tests.permissions import openapi_schema

    schema = openapi_schema()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if method in ("post", "put", "patch") and "requestBody" in op:
                yield method, path


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), sorted(write_operations()))
@pytest.mark.parametrize("body", BAD_BODIES)
def test_bad_bodies_get_structured_errors_and_change_nothing(method, path, body, permission_world):
    world = permission_world
    client = Client()
    client.force_login(world.users["platform"])  # the most powerful role: only the data is wrong
    url = (path.replace("{slug}", "org-a").replace("{claim_id}", str(world.claim.pk))
           .replace("{token_id}", str(world.member_token_id))
           .replace("{voucher_id}", "1"))  # a route with Django's int converter matches a number only
    before = row_counts()
    response = getattr(client, method)(url, data=body, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content
    error = response.json()["error"]
    assert error["code"] in {"invalid", "rejected"} and error["message"]
    assert row_counts() == before


@pytest.mark.django_db
def test_errors_are_in_the_language_of_the_request():
    client = Client()
    zh = client.get("/api/v1/organisations/none", headers={"Accept-Language": "zh-hans"}).json()
    en = client.get("/api/v1/organisations/none", headers={"Accept-Language": "en"}).json()
    assert en["error"] == {"code": "not_found", "message": "Not found.", "fields": [], "details": {}}
    assert zh["error"]["message"] != en["error"]["message"]


@pytest.mark.django_db
def test_wrong_token_is_401_not_anonymous():
    response = Client().get("/api/v1/organisations", headers={"Authorization": "Bearer ib_wrong"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
