"""The language switch lands on the same page in the other language, from every page, signed in or not."""

import pytest
from django.conf import settings

from innobelt.web.language import path_in_language
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME
PUBLIC = ["/", "/organisations/", "/organisations/{org}/", "/resources/", "/events/", "/belt/cities/",
          "/belt/agreements/", "/matching/?q=materials", "/accounts/login/", "/accounts/register/"]
SIGNED_IN = ["/workbench/", "/accounts/settings/", "/organisations/mine/", "/inbox/"]


@pytest.fixture
def org():
    return OrganisationFactory(slug="wusong-lab")


def switch(client, language, next_url):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


def lands(client, language, next_url, expected):
    response = switch(client, language, next_url)
    assert response.status_code == 302
    assert response["Location"] == expected
    assert response.cookies[COOKIE].value == language
    page = client.get(expected)
    assert page.status_code == 200, (expected, page.status_code, page.get("Location"))
    html_lang = "zh-Hans" if language == "zh-hans" else "en"
    assert f'<html lang="{html_lang}"' in page.content.decode()


@pytest.mark.parametrize("path", PUBLIC)
def test_english_to_chinese_and_back_signed_out(client, org, path):
    path = path.format(org=org.slug)
    client.cookies[COOKIE] = "en"
    lands(client, "zh-hans", f"/en{path}", path)
    lands(client, "en", path, f"/en{path}")


@pytest.mark.parametrize("path", PUBLIC + SIGNED_IN)
def test_english_to_chinese_and_back_signed_in(client, org, path):
    path = path.format(org=org.slug)
    client.force_login(UserFactory())
    lands(client, "en", path, f"/en{path}")
    lands(client, "zh-hans", f"/en{path}", path)


def test_query_string_and_fragment_are_kept(client):
    response = switch(client, "en", "/organisations/?q=%E6%9D%90%E6%96%99&page=2#results")
    assert response["Location"] == "/en/organisations/?q=%E6%9D%90%E6%96%99&page=2#results"
    response = switch(client, "zh-hans", "/en/organisations/?q=%E6%9D%90%E6%96%99&page=2")
    assert response["Location"] == "/organisations/?q=%E6%9D%90%E6%96%99&page=2"


def test_a_remembered_english_does_not_trap_the_chinese_home_page(client):
    client.cookies[COOKIE] = "en"
    assert client.get("/")["Location"] == "/en/"  # the choice is remembered on arrival
    response = switch(client, "zh-hans", "/en/")
    assert response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200 and '<html lang="zh-Hans"' in home.content.decode()


def test_both_answers_for_an_unprefixed_page_vary_on_the_cookie(client):
    """A cache must not hand the redirect kept for an English reader to one who switched back."""
    assert "Cookie" in client.get("/")["Vary"]
    client.cookies[COOKIE] = "en"
    assert "Cookie" in client.get("/")["Vary"]


@pytest.mark.parametrize("foreign", ["https://evil.example/", "//evil.example/", "/en//evil.example/",
                                     "/\\evil.example/", "javascript:alert(1)"])
def test_a_foreign_next_is_refused(client, foreign):
    response = switch(client, "en", foreign)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert "evil.example" not in location.split("/")[1:2]


def test_a_foreign_next_falls_back_to_the_referring_page_of_this_site(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"},
                           HTTP_REFERER="http://testserver/events/?city=x")
    assert response["Location"] == "/en/events/?city=x"


def test_an_unknown_language_changes_nothing(client):
    response = switch(client, "fr", "/en/events/")
    assert response["Location"] == "/en/events/"
    assert COOKIE not in response.cookies


def test_the_switch_only_answers_posts(client):
    assert client.get("/i18n/setlang/?language=en&next=/").status_code == 405


@pytest.mark.parametrize(("path", "language", "expected"), [
    ("/", "en", "/en/"),
    ("/en/", "zh-hans", "/"),
    ("/en", "zh-hans", "/"),
    ("/en/events/5/?a=1", "en", "/en/events/5/?a=1"),
    ("/events/5/", "zh-hans", "/events/5/"),
    ("/zh-hans/events/", "zh-hans", "/events/"),
    ("/english-teachers/", "en", "/en/english-teachers/"),
    ("/api/v1/cities", "en", "/api/v1/cities"),
    ("http://testserver/en/events/", "zh-hans", "/events/"),
])
def test_path_in_language(path, language, expected):
    assert path_in_language(path, language) == expected
