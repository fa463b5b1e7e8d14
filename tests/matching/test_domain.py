"""The Django layer of matching: registry, visibility, structured signals, reasons in the reader's language."""

import pytest
from django.test import Client
from django.utils import translation

from innobelt.matching import domain, index_store, queries
from innobelt.matching.models import MatchFeedback
from tests.factories import CityFactory, IndustryFactory, MembershipFactory, OrganisationFactory, ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_index(settings, tmp_path):
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    index_store.reset_for_tests()
    yield
    index_store.reset_for_tests()


@pytest.fixture
def separator_maker(fresh_index):
    battery = IndustryFactory(code="new-energy", name_zh="新能源", name_en="New energy")
    city = CityFactory(slug="changzhou")
    city.specialties.add(battery)
    org = OrganisationFactory(
        slug="separator-films", kind="large_firm", name_zh="", name_en="Changzhou Separator Films Ltd", city=city,
        description="We make lithium-battery separator films and test coatings for energy storage cells.",
        description_language="en", industries=[battery])
    OrganisationFactory(slug="noise-1", name_zh="", name_en="Harbour Logistics", description="Container shipping and warehousing.",
                        description_language="en")
    OrganisationFactory(slug="noise-2", name_zh="华瑞软件", name_en="", description="企业资源计划软件的开发与实施。")
    domain.rebuild_index()
    return org


def test_chinese_need_finds_english_record_with_chinese_reasons(separator_maker):
    asker = MembershipFactory(organisation=OrganisationFactory(kind="sme", industries=list(separator_maker.industries.all()))).user
    with translation.override("zh-hans"):
        results = queries.find_matches(user=asker, query="锂电池隔膜材料", k=3)
    assert results[0].obj == separator_maker
    text = " ".join(results[0].reasons)
    assert "跨语言匹配" in text and "匹配词语" in text  # explained in Chinese
    assert "常州" in text or "新能源" in text  # structured signals: shared industry / city specialty
    codes = {r.code for r in results[0].codes}
    assert {"shared_industries", "city_specialty", "kind_compatible"} <= codes


def test_english_reasons_for_english_readers(separator_maker):
    with translation.override("en"):
        results = queries.find_matches(user=None, query="battery separator film", k=1)
    assert results[0].obj == separator_maker
    assert any(r.startswith("Matched words:") for r in results[0].reasons)


def test_own_organisation_is_not_recommended_to_itself(separator_maker):
    admin = MembershipFactory(organisation=separator_maker, role="admin").user
    results = queries.find_matches(user=admin, query="lithium-battery separator films", k=5)
    assert separator_maker not in [r.obj for r in results]


def test_record_change_reaches_the_index(separator_maker, settings, django_capture_on_commit_callbacks):
    settings.MATCHING_AUTO_INDEX = True
    with django_capture_on_commit_callbacks(execute=True):
        separator_maker.description = "Now we build quantum cryogenic test stands."
        separator_maker.save()
    with translation.override("en"):
        top = queries.find_matches(user=None, query="quantum cryogenic test stand", k=1)[0]
    assert top.obj == separator_maker and "quantum" in " ".join(top.reasons)
    pk = separator_maker.pk
    with django_capture_on_commit_callbacks(execute=True):
        separator_maker.delete()
    assert f"organisation:{pk}" not in index_store.get_index()


def test_only_registered_models_reach_the_matching_signal(separator_maker, settings, django_capture_on_commit_callbacks):
    """The re-index receiver is connected per registered model, not to every save in the project."""
    from django.db.models.signals import post_save

    from innobelt.audit.domain import record_action
    from innobelt.audit.models import AuditEntry
    from innobelt.matching.registry import SOURCES, _changed

    def receivers(model):
        sync, asynchronous = post_save._live_receivers(model)  # Django 5: (sync, async) receivers
        return sync + asynchronous

    settings.MATCHING_AUTO_INDEX = True
    assert _changed not in receivers(AuditEntry)
    for source in SOURCES.values():
        assert _changed in receivers(source.model), source.kind
    with django_capture_on_commit_callbacks() as callbacks:
        record_action(actor=None, action="test.saved", target=separator_maker)
    assert callbacks == []
    with django_capture_on_commit_callbacks() as callbacks:
        separator_maker.save()
    # one re-index of the saved record (other apps, e.g. the page cache, may queue work of their own)
    assert len([c for c in callbacks if getattr(getattr(c, "func", c), "__module__", "").startswith("innobelt.matching")]) == 1


def test_audiences():
    user = UserFactory()
    assert queries.audiences_for(None) == ["public"]
    org = OrganisationFactory(verification="verified", city=CityFactory(slug="wuxi"))
    MembershipFactory(user=user, organisation=org)
    assert queries.audiences_for(user) == sorted(["public", f"org:{org.pk}", "city:wuxi", "verified"])
    assert queries.audiences_for(UserFactory(is_platform_operator=True)) == []


def test_pages_and_api(separator_maker):
    client = Client()
    page = client.get("/en/matching/", {"q": "锂电池隔膜材料"})
    assert page.status_code == 200 and "Changzhou Separator Films Ltd" in page.content.decode()
    api = client.get("/api/v1/matches", {"q": "锂电池隔膜材料", "limit": 2}, headers={"Accept-Language": "en"}).json()["results"]
    assert api[0]["id"] == f"organisation:{separator_maker.pk}" and api[0]["reasons"]
    panel = client.get(f"/matching/for/organisation/{separator_maker.pk}/")
    assert panel.status_code == 200
    user = UserFactory()
    client.force_login(user)
    response = client.post("/api/v1/matches/feedback", {"target": api[0]["id"], "action": "save", "query": "锂电池隔膜材料"},
                           content_type="application/json")
    assert response.status_code == 200
    assert MatchFeedback.objects.get().target == api[0]["id"]


def test_one_visibility_rule_for_the_matches_panel(fresh_index):
    """`find_visible_object` (and the panel that calls it) applies the audiences `find_matches` filters on."""
    restricted = ResourceFactory(visibility="verified", owner=OrganisationFactory(verification="unverified"))
    owner_member = MembershipFactory(organisation=restricted.owner).user
    verified_member = MembershipFactory(organisation=OrganisationFactory(verification="verified")).user
    stranger = MembershipFactory().user
    operator = UserFactory(is_platform_operator=True)
    pk = str(restricted.pk)
    for user, visible in ((None, False), (stranger, False), (owner_member, True), (verified_member, True), (operator, True)):
        assert (queries.find_visible_object(user=user, kind="resource", pk=pk) == restricted) is visible, user
    assert queries.find_visible_object(user=operator, kind="no-such-kind", pk=pk) is None
    draft = ResourceFactory(status="draft")
    assert queries.find_visible_object(user=operator, kind="resource", pk=str(draft.pk)) is None  # not matchable

    client = Client()
    assert client.get(f"/matching/for/resource/{pk}/").status_code == 404
    client.force_login(stranger)
    assert client.get(f"/matching/for/resource/{pk}/").status_code == 404
    client.force_login(verified_member)
    assert client.get(f"/matching/for/resource/{pk}/").status_code == 200
    assert client.get(f"/matching/for/resource/{draft.pk}/").status_code == 404


def test_a_match_query_reads_the_specialties_of_its_candidates_cities_only_in_one_query(separator_maker):
    """ADR 0024: every city with its industries as objects was read at each match query; now one query over
    the link table, for the cities of the candidates (the city-specialty reason is unchanged, test above)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _n in range(30):
        CityFactory().specialties.add(IndustryFactory())
    with CaptureQueriesContext(connection) as captured:
        queries.find_matches(user=None, query="battery separator film", k=1)
    links = [q["sql"] for q in captured.captured_queries if "belt_city_specialties" in q["sql"]]
    assert len(links) == 1 and "IN" in links[0]
    assert not any("_prefetch_related_val_city_id" in q["sql"] for q in captured.captured_queries)  # no city objects' industries
    assert queries._specialties(["changzhou"]) == {"changzhou": {"new-energy"}}
