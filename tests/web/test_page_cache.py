"""Anonymous list pages from the cache (innobelt/web/page_cache.py, ADR 0023): served from it, left behind
by an edit, never to a signed-in person, kept apart per language, and their forms' CSRF tokens valid."""

import re

import pytest
from django.test import Client

from innobelt.organisations.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]




@pytest.fixture
def lab():
    return OrganisationFactory(name_zh="吴淞新材料实验室", name_en="Wusong Materials Laboratory")


def cached(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


@pytest.mark.parametrize("path", ["/", "/organisations/", "/resources/", "/events/", "/en/organisations/",
                                  "/api/v1/organisations", "/api/v1/resources"])
def test_an_anonymous_list_is_served_from_the_cache(path, lab):
    client = Client()
    first = client.get(path)
    second = client.get(path)
    assert first.status_code == second.status_code == 200
    assert not cached(first) and cached(second)
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
    assert token.sub(b"", first.content) == token.sub(b"", second.content)


def test_an_edit_leaves_the_copy_behind(lab):
    client = Client()
    assert "Wusong Materials Laboratory" in client.get("/en/organisations/").content.decode()
    assert cached(client.get("/en/organisations/"))
    lab.name_en = "Wusong Advanced Materials Laboratory"
    lab.save()
    page = client.get("/en/organisations/")
    assert not cached(page)
    assert "Wusong Advanced Materials Laboratory" in page.content.decode()
    OrganisationFactory(name_en="Baoshan Robotics Centre")
    assert "Baoshan Robotics Centre" in client.get("/en/organisations/").content.decode()
    Organisation.objects.get(name_en="Baoshan Robotics Centre").delete()
    api = client.get("/api/v1/organisations").content.decode()
    assert "Baoshan Robotics Centre" not in api and "Wusong Advanced Materials Laboratory" in api


def test_a_signed_in_person_never_gets_the_copy(lab):
    anonymous = Client()
    anonymous.get("/organisations/")
    assert cached(anonymous.get("/organisations/"))
    member = MembershipFactory(organisation=lab).user
    signed_in = Client()
    signed_in.force_login(member)
    for _ in range(2):
        page = signed_in.get("/organisations/")
        assert page.status_code == 200 and not cached(page)
        assert member.email in page.content.decode() or "accounts/logout" in page.content.decode()
    # nor is a signed-in person's page kept for anyone else
    assert "accounts/logout" not in anonymous.get("/organisations/").content.decode()
    token_holder = Client(headers={"Authorization": "Bearer nothing-valid"})
    assert not cached(token_holder.get("/api/v1/organisations"))


def test_chinese_and_english_are_kept_apart(lab):
    client = Client()
    client.get("/en/organisations/")
    english = client.get("/en/organisations/")
    chinese = client.get("/organisations/")
    assert cached(english) and not cached(chinese)  # the English copy is not the Chinese page
    assert cached(client.get("/organisations/"))
    assert "吴淞新材料实验室" in chinese.content.decode() and chinese["Content-Language"] == "zh-hans"
    assert "Wusong Materials Laboratory" in english.content.decode() and english["Content-Language"] == "en"
    assert '<html lang="en">' in english.content.decode() and '<html lang="zh-Hans">' in chinese.content.decode()
    client.get("/api/v1/organisations", headers={"Accept-Language": "en"})
    api_en = client.get("/api/v1/organisations", headers={"Accept-Language": "en"})
    api_zh = client.get("/api/v1/organisations", headers={"Accept-Language": "zh-hans"})
    assert cached(api_en) and not cached(api_zh)
    assert api_zh["Content-Language"] == "zh-hans" and api_en["Content-Language"] == "en"


def test_searches_and_filters_are_computed_each_time(lab):
    client = Client()
    for _ in range(2):
        assert not cached(client.get("/organisations/", {"q": "吴淞"}))
        assert not cached(client.get("/api/v1/organisations", {"limit": "5"}))


def test_a_cached_page_carries_the_security_headers_and_a_working_csrf_token(lab):
    Client().get("/organisations/")  # someone else's visit fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/organisations/")
    assert cached(page)
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                   "X-Request-ID"):
        assert page.has_header(header), header
    assert "Cookie" in page["Vary"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert page.cookies["csrftoken"].value  # the visitor's own CSRF cookie, set with the page
    switched = visitor.post("/i18n/setlang/", {"csrfmiddlewaretoken": token, "language": "en",
                                               "next": "/organisations/"})
    assert switched.status_code == 302 and switched["Location"] == "/en/organisations/"


def test_a_page_that_sets_a_cookie_or_a_session_is_not_kept(lab):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    client.get("/organisations/")
    client.logout()
    client.cookies.pop("sessionid", None)
    assert not cached(client.get("/organisations/"))  # nothing was kept from the signed-in visit
