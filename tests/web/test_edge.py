"""Input limits at the edge (innobelt/web/edge.py): oversize bodies and files, and NUL characters,
refused before any view reads them; JSON under /api/, a translated page with the request id elsewhere."""

import io
import json
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from tests.factories import MembershipFactory, OrganisationFactory, ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


class UnreadableInput:
    """A wsgi.input that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


class EndlessInput:
    """A chunked body that never ends (the server passes it on as it comes, wsgi.input_terminated)."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, size=-1):
        size = 64 * 1024 if size is None or size < 0 else size
        self.read_bytes += size
        return b"x" * size

    readline = read


class CountingInput(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.read_bytes = 0

    def read(self, size=-1):
        data = super().read(size)
        self.read_bytes += len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.read_bytes += len(data)
        return data


@pytest.fixture
def platform():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_platform_operator=True, is_staff=True, is_superuser=True))
    OrganisationFactory(slug="org-a")
    return client


def _post_unread(client, url, length):
    return client.generic("POST", url, b"", CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
                          CONTENT_LENGTH=str(length), **{"wsgi.input": UnreadableInput()}, headers={"Accept-Language": "en"})


# Sizes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "length"), [
    ("/api/v1/organisations/org-a/resources/import", 600 * MB),
    ("/en/resources/import/", 600 * MB),
    ("/en/organisations/import/", 600 * MB),
    ("/en/files/organisation/org-a/", 300 * MB),
    ("/api/v1/files", 300 * MB),
    ("/api/v1/events/1/pitches", 300 * MB),
])
def test_oversize_body_is_refused_from_its_content_length_without_reading_it(platform, url, length):
    response = _post_unread(platform, url, length)
    assert response.status_code == 413
    if url.startswith("/api/"):
        error = response.json()["error"]
        assert error["code"] == "too_large" and "at most" in error["message"]
    else:
        body = response.content.decode()
        assert "The request is too large: at most" in body and response["X-Request-ID"] in body


def test_the_organisation_import_page_has_a_limit(platform):
    from innobelt.web.edge import limit_for

    assert limit_for("/organisations/import/", settings.REQUEST_SIZE_LIMITS) == 6 * MB
    assert limit_for("/en/organisations/import/", settings.UPLOAD_FILE_LIMITS) == 5 * MB
    response = _post_unread(platform, "/organisations/import/", 6 * MB + 1)
    assert response.status_code == 413 and "请求过大：最多 6 MB" in response.content.decode()


def test_every_other_path_has_the_default_limit(platform):
    from innobelt.web.edge import limit_for

    assert limit_for("/api/v1/organisations", settings.REQUEST_SIZE_LIMITS) == settings.REQUEST_SIZE_LIMITS["default"]
    response = platform.generic("POST", "/api/v1/organisations", b"", CONTENT_TYPE="application/json",
                                CONTENT_LENGTH=str(settings.REQUEST_SIZE_LIMITS["default"] + 1),
                                **{"wsgi.input": UnreadableInput()})
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"


def test_chunked_oversize_body_is_cut_off_at_the_limit(platform):
    body = EndlessInput()
    response = platform.generic("POST", "/api/v1/files", b"", CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
                                HTTP_TRANSFER_ENCODING="chunked", **{"wsgi.input": body, "wsgi.input_terminated": True})
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    assert body.read_bytes <= settings.REQUEST_SIZE_LIMITS[r"^/api/v1/files$"] + 1


def test_chunked_body_within_the_limit_is_read(platform):
    data = json.dumps({"name": "chunked", "password": "correct horse battery"}).encode()
    response = platform.generic("POST", "/api/v1/me/tokens", b"", CONTENT_TYPE="application/json",
                                HTTP_TRANSFER_ENCODING="chunked", **{"wsgi.input": io.BytesIO(data), "wsgi.input_terminated": True})
    assert response.status_code == 201, response.content
    nul = json.dumps({"name": "a\u0000b", "password": "correct horse battery"}).encode()
    response = platform.generic("POST", "/api/v1/me/tokens", b"", CONTENT_TYPE="application/json",
                                HTTP_TRANSFER_ENCODING="chunked", **{"wsgi.input": io.BytesIO(nul), "wsgi.input_terminated": True})
    assert response.status_code == 400 and response.json()["error"]["fields"][0]["field"] == "name"


def test_chunked_body_the_server_does_not_end_is_refused(platform):
    response = platform.generic("POST", "/api/v1/me/tokens", b"", CONTENT_TYPE="application/json",
                                HTTP_TRANSFER_ENCODING="chunked", **{"wsgi.input": UnreadableInput()})
    assert response.status_code == 411 and response.json()["error"]["code"] == "length_required"


def test_a_file_over_its_limit_stops_the_upload_as_it_comes_in():
    """Within the request's limit (6 MB for a photo page) but over the file's (5 MB): the upload stops
    after the file's limit, the rest is neither read nor written to disk."""
    admin = MembershipFactory(role="admin").user
    resource = ResourceFactory(owner=admin.memberships.get().organisation)
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("big.png", b"\x89PNG" + b"\x00" * int(5.8 * MB))})
    assert len(body) < 6 * MB
    stream = CountingInput(body)
    client = Client()
    client.force_login(admin)
    response = client.generic("POST", f"/en/resources/{resource.pk}/photo/change/", b"", CONTENT_TYPE=MULTIPART_CONTENT,
                              CONTENT_LENGTH=str(len(body)), **{"wsgi.input": stream})
    assert response.status_code == 413 and "The file big.png is too large: at most 5 MB." in response.content.decode()
    assert stream.read_bytes < 5 * MB + 512 * 1024 < len(body)
    resource.refresh_from_db()
    assert resource.photo is None


def test_the_global_upload_settings_are_sensible():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * MB
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * MB
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000 and settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 10
    assert settings.FILE_UPLOAD_HANDLERS[0] == "innobelt.web.edge.CappedUploadHandler"
    for name, limit in settings.UPLOAD_FILE_LIMITS.items():
        assert limit <= settings.REQUEST_SIZE_LIMITS[name], name


def test_too_many_fields_is_a_400_not_a_500(platform):
    query = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    assert platform.get(f"/organisations/?{query}").status_code == 400
    response = platform.get(f"/api/v1/organisations?{query}")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"


# NUL characters on pages (tests/api/test_edge_errors.py walks every API operation) --------------------

NUL_PAGES = [
    "/organisations/?kind=%00", "/organisations/?city=%00", "/organisations/?industry=%00", "/organisations/?q=a%00b",
    "/events/?kind=%00", "/events/?city=%00", "/events/?industry=%00", "/resources/?kind=%00",
    "/organisations/a%00b/", "/organisations/a%00b", "/organisations/a%00b/verify/", "/organisations/a%00b/claim/",
    "/organisations/claims/?status=%00", "/organisations/invitations/a%00b/", "/belt/cities/a%00b/",
    "/belt/agreements/a%00b/", "/events/check-in/a%00b/", "/resources/calendar/a%00b.ics", "/files/organisation/a%00b/",
    "/en/organisations/?kind=%00", "/organisations/?kind%00=1",
]


@pytest.mark.parametrize("url", NUL_PAGES)
def test_nul_in_a_page_path_or_query_is_a_translated_400(platform, url):
    response = platform.get(url)
    assert response.status_code == 400, response.status_code
    body = response.content.decode()
    expected = "NUL characters (code 0) are not allowed" if url.startswith("/en/") else "请求中不允许包含 NUL 字符"
    assert expected in body and response["X-Request-ID"] in body and response["Content-Type"].startswith("text/html")


def test_nul_in_form_and_multipart_fields_is_a_400(platform):
    fields = {"name_zh": "", "name_en": "a\x00b", "kind": "sme", "description_language": "zh", "country": "CN"}
    response = platform.post("/en/organisations/new/", fields)  # multipart
    assert response.status_code == 400 and "NUL characters" in response.content.decode()
    response = platform.generic("POST", "/en/organisations/new/", urlencode(fields),
                                content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    response = platform.post("/en/files/organisation/org-a/", {"kind": "photo\x00", "file": SimpleUploadedFile("x.png", b"x")})
    assert response.status_code == 400


def test_json_nested_too_deep_is_a_400(platform):
    for depth in (900, 100_000):
        response = platform.generic("POST", "/api/v1/organisations", "[" * depth + "]" * depth, content_type="application/json")
        assert response.status_code in (400, 422) and response["Content-Type"].startswith("application/json")


def test_nul_in_a_json_body_to_a_page_is_a_400(platform):
    response = platform.generic("POST", "/en/organisations/new/", json.dumps({"name_en": "a\u0000b"}), content_type="application/json")
    assert response.status_code == 400


def test_a_cookie_with_a_nul_is_ignored():
    client = Client()
    client.cookies["sessionid"] = "abcdefgh\x00"
    assert client.get("/").status_code == 200


def test_the_edge_comes_before_anything_that_reads_the_request():
    middleware = settings.MIDDLEWARE
    edge = middleware.index("innobelt.web.edge.InputLimitsMiddleware")
    assert middleware.index("innobelt.web.edge.ApiErrorsAsJsonMiddleware") < edge
    for reader in ("django.contrib.sessions.middleware.SessionMiddleware", "django.middleware.locale.LocaleMiddleware",
                   "django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware",
                   "django.contrib.auth.middleware.AuthenticationMiddleware", "axes.middleware.AxesMiddleware"):
        assert edge < middleware.index(reader), reader
    assert settings.CSRF_FAILURE_VIEW == "innobelt.web.edge.csrf_failure"


@pytest.mark.django_db
def test_an_api_error_page_made_json_ends_the_request_once():
    """request_finished is sent once, by the server: a second send in the middle of the request made Django
    close the database connection still in use (PostgreSQL: 'the connection is closed' on the session)."""
    from django.core.signals import request_finished

    sent = []

    def count(**_kwargs):
        sent.append(1)

    request_finished.connect(count)
    try:
        client = Client()
        client.force_login(UserFactory())
        response = client.get("/api/v1/events/1/questions/1")  # a DELETE-only route: ninja's 405 page
    finally:
        request_finished.disconnect(count)
    assert response.status_code == 405 and response["Content-Type"].startswith("application/json")
    assert len(sent) == 1
