"""The site-wide search: every zone in both languages, grouped by kind, nothing the caller may not see."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from innobelt.organisations.domain import refresh_search_document
from innobelt.organisations.models import Membership
from innobelt.web.search import MAX_QUERY, search_everything
from tests.factories import EventFactory, MembershipFactory, OrganisationFactory, ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def belt():
    """A laboratory with a public resource, a draft and a private one, an upcoming and a past event and a
    draft event, each named in both languages."""
    lab = OrganisationFactory(name_zh="吴淞新材料实验室", name_en="Wusong Materials Laboratory")
    refresh_search_document(lab)
    admin = MembershipFactory(organisation=lab, role=Membership.Role.ADMIN).user
    public = ResourceFactory(owner=lab, title_zh="拉曼光谱仪", title_en="Raman spectrometer")
    draft = ResourceFactory(owner=lab, title_zh="草稿光谱仪", title_en="Draft spectrometer", status="draft")
    private = ResourceFactory(owner=lab, title_zh="内部光谱仪", title_en="Members-only spectrometer", visibility="verified")
    centre = OrganisationFactory(name_zh="协同创新中心", name_en="Collaborative Innovation Center")
    upcoming = EventFactory(organiser=centre, title_zh="新材料论坛", title_en="New materials forum")
    past_start = timezone.now() - timedelta(days=30)
    past = EventFactory(organiser=centre, title_zh="光谱年会", title_en="Spectroscopy annual meeting",
                        starts_at=past_start, ends_at=past_start + timedelta(hours=8))
    draft_event = EventFactory(organiser=centre, title_zh="草稿光谱论坛", title_en="Draft spectroscopy forum", status="draft")
    return {"lab": lab, "admin": admin, "public": public, "draft": draft, "private": private, "upcoming": upcoming,
            "past": past, "draft_event": draft_event}


def get(client, q, user=None):
    if user:
        client.force_login(user)
    response = client.get(reverse("web:search"), {"q": q}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response, response.content.decode()


def found(search, kind) -> set:
    return {row.pk for group in search.groups if group.kind == kind for row in group.rows}


@pytest.mark.parametrize("query", ["材料", "materials"])
def test_organisations_and_events_are_found_in_both_languages(belt, query):
    result = search_everything(UserFactory(), query)
    assert found(result, "organisations") == {belt["lab"].pk}
    assert found(result, "events") == {belt["upcoming"].pk}


@pytest.mark.parametrize("query", ["拉曼", "Raman spectrometers"])
def test_resources_are_found_in_both_languages(belt, query):
    assert found(search_everything(UserFactory(), query), "resources") == {belt["public"].pk}


@pytest.mark.parametrize("query", ["光谱", "spectroscopy"])
def test_past_events_are_found_and_counted_apart(belt, query):
    events = next(g for g in search_everything(UserFactory(), query).groups if g.kind == "events")
    assert (events.total, events.more_total, [e.pk for e in events.rows]) == (0, 1, [belt["past"].pk])


def test_the_page_groups_results_by_kind_with_links_carrying_the_query(client, belt):
    _response, html = get(client, "材料")
    for kind in ("organisations", "resources", "events"):
        assert f'id="search-{kind}"' in html
    assert "Wusong Materials Laboratory" in html and "New materials forum" in html
    assert f'href="{reverse("organisations:directory")}?q=%E6%9D%90%E6%96%99"' in html
    assert f'href="{reverse("events:list")}?q=%E6%9D%90%E6%96%99"' in html
    # the resource's owner is the laboratory, so the register finds it by the owner's name too
    assert f'href="{reverse("resources:register")}?q=%E6%9D%90%E6%96%99"' in html


def test_the_links_lead_to_pages_that_find_the_same_records(client, belt):
    _r, directory = get_page(client, reverse("organisations:directory"), "materials")
    assert "Wusong Materials Laboratory" in directory
    _r, events = get_page(client, reverse("events:list"), "materials")
    assert "New materials forum" in events and "Spectroscopy" not in events
    _r, past = get_page(client, reverse("events:list"), "spectroscopy", past="on")
    assert "Spectroscopy annual meeting" in past and "Draft spectroscopy forum" not in past


def get_page(client, url, q, **extra):
    response = client.get(url, {"q": q, **extra}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response, response.content.decode()


def test_drafts_and_private_records_are_not_leaked(client, belt):
    _r, public = get(client, "spectrometer")
    assert "Raman spectrometer" in public
    assert "Draft spectrometer" not in public and "Members-only spectrometer" not in public
    _r, other = get(client, "spectrometer", user=MembershipFactory(role=Membership.Role.ADMIN).user)
    assert "Draft spectrometer" not in other and "Members-only spectrometer" not in other
    _r, drafts = get(client, "draft")
    assert "Draft spectroscopy forum" not in drafts and "Draft spectrometer" not in drafts


def test_the_owner_finds_its_restricted_resource_as_on_the_register(client, belt):
    """What the register shows its owner (its own published resources, restricted ones too), search shows."""
    result = search_everything(belt["admin"], "spectrometer")
    assert found(result, "resources") == {belt["public"].pk, belt["private"].pk}


def test_an_empty_query_shows_a_hint_and_searches_nothing(client, belt, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        _r, html = get(client, "   ")
    assert 'id="search-hint"' in html and 'id="search-organisations"' not in html


def test_a_query_of_500_characters_is_cut(client, belt):
    query = "materials " * 50
    response, html = get(client, query)
    assert response.context["search"].query == ("materials " * 20).strip()
    assert len(response.context["search"].query) <= MAX_QUERY
    assert 'id="search-cut"' in html and "Wusong Materials Laboratory" in html
    assert "materials " * 21 not in html


def test_the_header_of_every_page_holds_the_search_box(client):
    html = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'action="{reverse("web:search")}"' in html and '<label for="site-search-q"' in html


def test_the_query_count_does_not_grow_with_the_results(client, django_assert_max_num_queries):
    for n in range(8):
        lab = OrganisationFactory(name_en=f"Optics lab {n}")
        refresh_search_document(lab)
        ResourceFactory(owner=lab, title_en=f"Optics bench {n}")
        EventFactory(organiser=lab, title_en=f"Optics day {n}")
    with django_assert_max_num_queries(12):  # services: the count, the rows and their cities
        _r, html = get(client, "optics")
    assert html.count('<article class="card') == 15
