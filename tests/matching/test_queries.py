"""Reading matches for a person: never their own records, nor what they dismissed; resources
only as available to those who may ask for them; nothing when nothing is close enough."""

import pytest
from django.test import Client
from django.utils import translation

from innobelt.matching import domain, index_store, queries
from tests.factories import CityFactory, IndustryFactory, MembershipFactory, OrganisationFactory, ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

NEED = "lithium-battery separator film coating and porosity testing"


@pytest.fixture
def belt(settings, tmp_path):
    """Two organisations one person belongs to, each with a resource, and strangers with theirs."""
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    index_store.reset_for_tests()
    battery = IndustryFactory(code="new-energy", name_zh="新能源", name_en="New energy")
    city = CityFactory(slug="changzhou")

    def org(slug, kind, name, description):
        return OrganisationFactory(slug=slug, kind=kind, name_zh="", name_en=name, city=city, description=description,
                                   description_language="en", industries=[battery])

    def resource(owner, title, description, **kwargs):
        return ResourceFactory(owner=owner, title_zh="", title_en=title, description=description, description_language="en",
                               industries=[battery], **kwargs)

    films = org("films", "large_firm", "Changzhou Separator Films Ltd",
                "We make lithium-battery separator films and test coatings and porosity for energy storage cells.")
    coating = org("coating", "sme", "Jiangyin Separator Coating Works",
                  "Ceramic coating of lithium-battery separator films; porosity testing for cell makers.")
    lab = org("lab", "laboratory", "Wuxi Battery Materials Laboratory",
              "Laboratory for lithium-battery separator films: coating trials, porosity and tensile testing.")
    cells = org("cells", "large_firm", "Suzhou Cell Makers",
                "Energy storage cells built with lithium-battery separator films, coating and porosity testing.")
    world = {
        "films": films, "coating": coating, "lab": lab, "cells": cells,
        "films_line": resource(films, "Separator film coating line", "Lithium-battery separator film coating and porosity testing line."),
        "coating_tester": resource(coating, "Separator porosity tester", "Porosity testing of lithium-battery separator film coatings."),
        "sme_only": resource(lab, "Separator film coating and porosity tester for SMEs",
                             "Lithium-battery separator film coating trials and porosity testing, for SMEs and startups.",
                             only_smes_and_startups=True),
        "open": resource(lab, "Separator film porosity testing bench",
                         "Lithium-battery separator film coating and porosity testing bench, open to every firm."),
    }
    person = MembershipFactory(organisation=films, role="admin").user
    MembershipFactory(user=person, organisation=coating, role="member")
    world["person"] = person
    world["large"] = MembershipFactory(organisation=cells, role="admin").user
    world["small"] = MembershipFactory(organisation=OrganisationFactory(kind="sme", city=city, industries=[battery]), role="admin").user
    domain.rebuild_index()
    yield world
    index_store.reset_for_tests()


def _ids(results):
    return {r.record_id for r in results}


def _own(world):
    return {f"organisation:{world['films'].pk}", f"organisation:{world['coating'].pk}",
            f"resource:{world['films_line'].pk}", f"resource:{world['coating_tester'].pk}"}


def test_a_person_in_two_organisations_is_never_shown_either_ones_records(belt):
    person, own = belt["person"], _own(belt)
    found = queries.find_matches(user=person, query=NEED, k=20, ineligible="mark")
    assert found and not (_ids(found) & own)
    assert f"resource:{belt['open'].pk}" in _ids(found)  # others' records still come
    for organisation in (belt["films"], belt["coating"]):
        assert not (_ids(queries.recommend_for_organisation(user=person, organisation=organisation, k=20)) & own)
    assert not (_ids(queries.matches_for_object(user=person, kind="organisation", obj=belt["cells"], k=20)) & own)
    # strangers are shown them
    assert own <= _ids(queries.find_matches(user=belt["small"], query=NEED, k=20, ineligible="mark"))

    client = Client()
    client.force_login(person)
    pages = [client.get("/en/matching/", {"q": NEED}).content.decode(),
             client.get("/en/matching/recommended/").content.decode(),
             client.get(f"/en/matching/for/organisation/{belt['cells'].pk}/").content.decode()]
    for html in pages:
        for name in ("Changzhou Separator Films Ltd", "Jiangyin Separator Coating Works", "Separator film coating line",
                     "Separator porosity tester<"):
            assert name not in html
    assert "Separator film porosity testing bench" in pages[0]
    api = client.get("/api/v1/matches", {"q": NEED, "limit": 20}).json()
    assert api["results"] and not ({m["id"] for m in api["results"]} & own)


def test_a_firm_owning_many_close_records_still_gets_k_records_of_others(belt):
    """Its own records are left out before the engine ranks (were dropped after it: a firm with more close
    records than the engine's candidates got nothing)."""
    films = belt["films"]
    for i in range(40):
        ResourceFactory(owner=films, title_zh="", title_en=f"Separator film coating and porosity line {i}",
                        description=NEED, description_language="en", industries=list(films.industries.all()))
    domain.rebuild_index()
    found = queries.find_matches(user=belt["person"], query=NEED, k=3, ineligible="mark")
    assert len(found) == 3 and not (_ids(found) & _own(belt))
    assert all(r.obj.owner != films for r in found if r.kind == "resource")


def test_an_sme_only_instrument_is_never_recommended_as_available_to_a_large_firm(belt):
    large, sme_only = belt["large"], f"resource:{belt['sme_only'].pk}"
    assert sme_only not in _ids(queries.recommend_for_organisation(user=large, organisation=belt["cells"], k=20))
    assert sme_only not in _ids(queries.matches_for_object(user=large, kind="organisation", obj=belt["lab"], k=20))
    with translation.override("en"):
        marked = {r.record_id: r for r in queries.find_matches(user=large, query=NEED, k=20, ineligible="mark")}
    assert not marked[sme_only].eligible
    assert "Only SMEs and startups" in marked[sme_only].not_eligible_reason
    assert marked[f"resource:{belt['open'].pk}"].eligible
    assert sme_only not in _ids(queries.find_matches(user=large, query=NEED, k=20))  # hidden by default

    client = Client()
    client.force_login(large)
    assert "for SMEs" not in client.get("/en/matching/recommended/").content.decode()
    page = client.get("/en/matching/", {"q": NEED}).content.decode()
    assert "Separator film coating and porosity tester for SMEs" in page and "Not eligible: Only SMEs and startups" in page
    api = {m["id"]: m for m in client.get("/api/v1/matches", {"q": NEED, "limit": 20},
                                          headers={"Accept-Language": "en"}).json()["results"]}
    assert api[sme_only]["eligible"] is False and api[sme_only]["not_eligible_reason"].startswith("Only SMEs")
    assert api[f"resource:{belt['open'].pk}"]["eligible"] is True

    # an SME may use it; a person in a large firm and an SME may use it through the SME
    small = {r.record_id: r for r in queries.find_matches(user=belt["small"], query=NEED, k=20, ineligible="mark")}
    assert small[sme_only].eligible
    assert sme_only in _ids(queries.recommend_for_organisation(user=belt["small"],
                                                               organisation=belt["small"].memberships.get().organisation, k=20))
    both = {r.record_id: r for r in queries.find_matches(user=belt["person"], query=NEED, k=20, ineligible="mark")}
    assert both[sme_only].eligible
    # recommended for the large firm the person belongs to: it may not use it
    assert sme_only not in _ids(queries.recommend_for_organisation(user=belt["person"], organisation=belt["films"], k=20))


class _Abstained(list):
    """What the engine returns when nothing is close enough (a list with `abstained` and `reason`)."""

    abstained = True
    reason = "below the calibrated floor"


def test_when_the_engine_abstains_the_pages_say_so_and_the_api_returns_nothing(belt, monkeypatch):
    index = index_store.get_index()
    monkeypatch.setattr(index, "search", lambda *args, **kwargs: _Abstained())
    found = queries.find_matches(user=belt["person"], query="xyzzy foobar", k=5)
    assert found == [] and found.abstained
    client = Client()
    client.force_login(belt["large"])
    for language, message in (("en", "Nothing close enough. Try other words, or describe the need in a sentence."),
                              ("zh-hans", "没有足够接近的结果。请换个说法，或用一句话描述您的需求。")):
        prefix = "/en" if language == "en" else ""
        assert message in client.get(f"{prefix}/matching/", {"q": "xyzzy foobar"}).content.decode()
        assert message in client.get(f"{prefix}/matching/for/organisation/{belt['lab'].pk}/").content.decode()
        assert message in client.get(f"{prefix}/matching/recommended/").content.decode()
    assert client.get("/api/v1/matches", {"q": "xyzzy foobar"}).json() == {"abstained": True, "results": []}
    monkeypatch.undo()
    api = client.get("/api/v1/matches", {"q": NEED}).json()
    assert api["abstained"] is False and api["results"]


@pytest.fixture
def demo_index(settings, tmp_path):
    """The demo's organisations (the seeds) and shared resources, indexed."""
    from innobelt.belt.seeding import load_belt
    from innobelt.organisations.seeding import load_seed_organisations
    from innobelt.resources.seeding import load_resources_demo

    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    index_store.reset_for_tests()
    load_belt()
    load_seed_organisations()
    UserFactory(is_platform_operator=True)  # the demo's operator publishes its resources
    load_resources_demo(password="not-the-demo-password-1")
    domain.rebuild_index()
    yield
    index_store.reset_for_tests()


def test_a_nonsense_query_finds_nothing_in_the_demo(demo_index):
    raw = index_store.get_index().search("xyzzy foobar", k=10)
    assert raw == [] and raw.abstained
    found = queries.find_matches(user=None, query="xyzzy foobar", k=10, ineligible="mark")
    assert found == [] and found.abstained
    client = Client()
    assert "Nothing close enough." in client.get("/en/matching/", {"q": "xyzzy foobar"}).content.decode()
    assert client.get("/api/v1/matches", {"q": "xyzzy foobar"}).json() == {"abstained": True, "results": []}
    assert queries.find_matches(user=None, query="锂电池隔膜", k=10)  # a real need still finds matches


def test_dismissed_matches_stop_appearing_for_that_reader_and_saved_ones_have_their_page(belt):
    person, other = belt["small"], belt["large"]
    open_bench = f"resource:{belt['open'].pk}"
    lab = f"organisation:{belt['lab'].pk}"
    client = Client()
    client.force_login(person)
    assert open_bench in _ids(queries.find_matches(user=person, query=NEED, k=20))
    assert client.post("/en/matching/feedback/", {"target": open_bench, "action": "dismiss", "query": NEED}).status_code == 200
    assert open_bench not in _ids(queries.find_matches(user=person, query=NEED, k=20, ineligible="mark"))
    organisation = person.memberships.get().organisation
    assert open_bench not in _ids(queries.recommend_for_organisation(user=person, organisation=organisation, k=20))
    assert open_bench not in _ids(queries.matches_for_object(user=person, kind="organisation", obj=belt["cells"], k=20))
    assert "Separator film porosity testing bench" not in client.get("/en/matching/", {"q": NEED}).content.decode()
    assert open_bench in _ids(queries.find_matches(user=other, query=NEED, k=20))  # only for that reader

    page = client.get("/en/matching/saved/").content.decode()
    assert "Nothing saved yet." in page
    assert client.post("/en/matching/feedback/", {"target": lab, "action": "save", "query": NEED}).status_code == 200
    assert client.post("/en/matching/feedback/", {"target": open_bench, "action": "save"}).status_code == 200  # changed their mind
    client.post("/en/matching/feedback/", {"target": "resource:not-a-number", "action": "save"})
    assert [s.record_id for s in queries.saved_matches(person)] == [open_bench, lab]
    assert open_bench in _ids(queries.find_matches(user=person, query=NEED, k=20))  # saved again: shown again
    page = client.get("/en/matching/saved/").content.decode()
    assert "Wuxi Battery Materials Laboratory" in page and "Separator film porosity testing bench" in page and NEED in page
    assert 'href="/en/matching/saved/"' in client.get("/en/").content.decode()  # linked from the account links
    assert "已收藏的匹配" in client.get("/matching/saved/").content.decode()
    client.post("/en/matching/feedback/", {"target": lab, "action": "dismiss"})
    assert [s.record_id for s in queries.saved_matches(person)] == [open_bench]
    assert queries.saved_matches(other) == []
    belt["open"].status = "draft"
    belt["open"].save()
    assert queries.saved_matches(person) == []  # no longer matchable: not listed


def test_english_reasons_use_a_and_an_and_join_lists_as_the_language_does(belt):
    from innobelt.matching.engine import Reason
    from innobelt.matching.explain import explain, with_article

    IndustryFactory(code="ic", name_zh="集成电路", name_en="Integrated circuits")
    with translation.override("en"):
        assert explain(Reason("kind_compatible", {"query_kind": "sme", "record_kind": "laboratory"})) == \
            "Suits an SME: offered by a laboratory"
        assert explain(Reason("kind_compatible", {"query_kind": "large_firm", "record_kind": "investor"})) == \
            "Suits a large firm: offered by an investor"
        assert [with_article(w) for w in ("university", "incubator", "startup", "R&D lab", "UN agency")] == \
            ["a university", "an incubator", "a startup", "an R&D lab", "a UN agency"]
        assert explain(Reason("shared_industries", {"industries": ["new-energy", "ic"]})) == \
            "Shared industries: New energy, Integrated circuits"
        assert explain(Reason("matched_terms", {"terms": ["separator", "隔膜"]})) == "Matched words: separator, 隔膜"
        found = queries.find_matches(user=belt["small"], query=NEED, k=20)
        assert "、" not in " ".join(r for m in found for r in m.reasons)
    with translation.override("zh-hans"):
        assert explain(Reason("shared_industries", {"industries": ["new-energy", "ic"]})) == "共同行业：新能源、集成电路"
        assert explain(Reason("kind_compatible", {"query_kind": "sme", "record_kind": "laboratory"})).startswith("适合")


def test_recommended_for_you_is_for_the_organisation_the_person_administers(belt, monkeypatch):
    # belt["person"] administers films and is a member of coating: the panel recommends for films (their first
    # organisation, organisations.queries.my_organisations), as find_matches acts for it
    asked = []
    real = queries.recommend_for_organisation

    def recording(*, organisation, **kwargs):
        asked.append(organisation)
        return real(organisation=organisation, **kwargs)

    monkeypatch.setattr(queries, "recommend_for_organisation", recording)
    client = Client()
    client.force_login(belt["person"])
    assert client.get("/en/matching/recommended/").status_code == 200
    assert asked == [belt["films"]]
