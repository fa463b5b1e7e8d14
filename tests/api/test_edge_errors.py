"""Every API route, with bad input at the edge: NUL characters in each path parameter, each query
parameter and a body field, unknown sub-paths and wrong methods. Always a JSON error (the shape of
innobelt/kit/api_errors.py), never a 500 and never HTML; run on PostgreSQL too, where a NUL in a text
lookup is a database error."""

import json
import uuid

import pytest
from django.db import connection
from django.test import Client

from tests.factories import UserFactory
from tests.permissions import build_world, openapi_schema

pytestmark = pytest.mark.django_db


def operations():
    schema = openapi_schema()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            yield path, method, op


def _sample(param) -> str:
    schema = param.get("schema", {})
    if schema.get("type") == "integer":
        return "1"
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    return "org-a"


def _url(path: str, op: dict, nul_in: str | None = None) -> str:
    for param in op.get("parameters", []):
        if param["in"] == "path":
            value = _sample(param) + ("%00" if param["name"] == nul_in else "")
            path = path.replace("{" + param["name"] + "}", value)
    return path


def _assert_json_error(response, status=None):
    assert response.status_code < 500, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), (response.status_code, response.content[:300])
    error = json.loads(response.content)["error"]
    assert error["code"] and error["message"]
    if isinstance(status, int):
        assert response.status_code == status, response.content[:500]
    elif status is not None:
        assert response.status_code in status, response.content[:500]
    return error


def nul_cases():
    for path, method, op in operations():
        for param in op.get("parameters", []):
            if param["in"] in ("path", "query"):
                yield pytest.param(path, method, param["in"], param["name"], id=f"{method} {path} {param['in']}:{param['name']}")
        if "requestBody" in op:
            content = op["requestBody"]["content"]
            kind = "json" if "application/json" in content else "multipart"
            yield pytest.param(path, method, kind, None, id=f"{method} {path} body:{kind}")


@pytest.fixture
def platform_client():
    client = Client(raise_request_exception=False)
    # the widest permissions: the NUL is the only fault, nothing stops the request before it
    client.force_login(UserFactory(is_platform_operator=True, is_staff=True, is_superuser=True))
    return client


def _body_field(op: dict, kind: str) -> str:
    content = op["requestBody"]["content"]
    schema = content["application/json" if kind == "json" else "multipart/form-data"]["schema"]
    if "$ref" in schema:
        schema = openapi_schema()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    names = [n for n, p in schema.get("properties", {}).items() if p.get("type") == "string"] or list(schema.get("properties", {})) or ["name"]
    return names[0]


@pytest.mark.parametrize(("path", "method", "where", "name"), sorted(nul_cases(), key=lambda p: p.id))
def test_nul_anywhere_is_a_json_400(platform_client, path, method, where, name):
    op = _operation(path, method)
    client = platform_client
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    if where == "path":
        response = getattr(client, method)(_url(path, op, nul_in=name))
    elif where == "query":
        response = getattr(client, method)(f"{_url(path, op)}?{name}=a%00b")
    elif where == "json":
        field = _body_field(op, "json")
        response = getattr(client, method)(_url(path, op), data=json.dumps({field: "a\u0000b"}), content_type="application/json")
    else:
        field = _body_field(op, "multipart")
        response = client.post(_url(path, op), data={field: "a\x00b"})
    error = _assert_json_error(response, 400)
    assert error["code"] == "invalid" and "NUL characters" in error["message"] and error["fields"]


def _operation(path: str, method: str) -> dict:
    return _operations_of(path)[method]


def _operations_of(path: str) -> dict:
    return openapi_schema()["paths"][path]


@pytest.mark.parametrize("path", sorted({p for p, _m, _o in operations()}))
def test_unknown_sub_paths_and_methods_answer_json(platform_client, path):
    ops = _operations_of(path)
    op = next(iter(ops.values()))
    url = _url(path, op)
    # an unknown sub-path (or one that another route takes as an id: 422, or with other methods: 405)
    for sub in ("/no-such-thing", "/no-such-thing/", "/1/no/such/thing"):
        _assert_json_error(platform_client.get(url + sub), (404, 405, 422))
    unused = next(m for m in ("put", "patch", "delete", "post", "get") if m not in ops)
    response = getattr(platform_client, unused)(url)
    _assert_json_error(response, 405)
    assert response["Allow"]


def test_unknown_api_paths_are_json_404_in_the_language_of_the_request():
    client = Client()
    en = client.get("/api/v1/nothing/here", headers={"Accept-Language": "en"})
    zh = client.get("/api/nothing", headers={"Accept-Language": "zh-hans"})
    assert _assert_json_error(en, 404) == {"code": "not_found", "message": "Not found.", "fields": [], "details": {}}
    assert _assert_json_error(zh, 404)["message"] != "Not found."


def test_unexpected_exception_is_a_json_500_with_the_request_id():
    with connection.cursor() as cursor:
        cascade = " CASCADE" if connection.vendor == "postgresql" else ""
        cursor.execute(f"DROP TABLE belt_city{cascade}")  # rolled back with the test's transaction
    response = Client(raise_request_exception=False).get("/api/v1/cities")
    assert response.status_code == 500 and response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "server_error" and error["details"]["request_id"] == response["X-Request-ID"]
    assert "Traceback" not in response.content.decode()


def test_csrf_failure_is_json():
    world = build_world()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["member"])
    response = client.post("/api/v1/me/tokens", data=json.dumps({"name": "x"}), content_type="application/json")
    _assert_json_error(response, 403)


def test_csrf_failure_view_answers_json_under_the_api():
    from django.test import RequestFactory

    from innobelt.web.edge import csrf_failure

    response = csrf_failure(RequestFactory().post("/api/v1/me/tokens"), reason="CSRF cookie not set.")
    assert _assert_json_error(response, 403)["code"] == "csrf_failed"
    page = csrf_failure(RequestFactory().post("/organisations/new/"), reason="CSRF cookie not set.")
    assert page.status_code == 403 and page["Content-Type"].startswith("text/html")


def test_every_operation_documents_the_edge_errors():
    for path, method, op in operations():
        assert "400" in op["responses"], (method, path)
        if "requestBody" in op:
            assert "413" in op["responses"], (method, path)
