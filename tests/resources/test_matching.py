"""Resources in the matching engine: cross-language, and visibility as a hard filter."""

import pytest
from django.utils import translation

from innobelt.matching import domain, index_store, queries
from innobelt.resources.models import Resource
from tests.factories import CityFactory, IndustryFactory, MembershipFactory, OrganisationFactory, ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(settings, tmp_path):
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    index_store.reset_for_tests()
    battery = IndustryFactory(code="new-energy", name_zh="新能源", name_en="New energy")
    city = CityFactory(slug="wuxi")
    lab = OrganisationFactory(kind="research_institute", city=city)
    line = ResourceFactory(owner=lab, kind="scenario", title_zh="", title_en="Pilot line for lithium-battery separator films",
                           description="Wet-process separator films: stretching, ceramic coating and porosity testing.",
                           description_language="en", trl=7, industries=[battery])
    hidden = ResourceFactory(owner=lab, title_en="Separator film coating line for Wuxi firms", visibility=Resource.Visibility.CITIES,
                             description="Coating trials for lithium-battery separator films.", industries=[battery])
    hidden.visible_cities.set([city])
    ResourceFactory(owner=lab, status=Resource.Status.DRAFT, title_en="Draft separator line", description="lithium-battery separator")
    domain.rebuild_index()
    yield line, hidden, city, battery
    index_store.reset_for_tests()


def test_a_chinese_need_finds_the_english_resource_and_restricted_ones_only_for_their_audience(indexed):
    line, hidden, city, battery = indexed
    with translation.override("zh-hans"):
        anonymous = queries.find_matches(user=None, query="锂电池隔膜中试线", k=5)
    assert [r.obj for r in anonymous if r.kind == "resource"] == [line]  # neither the cities-only one nor the draft
    local = MembershipFactory(organisation=OrganisationFactory(kind="sme", city=city, industries=[battery])).user
    found = [r.obj for r in queries.find_matches(user=local, query="锂电池隔膜中试线", k=5) if r.kind == "resource"]
    assert set(found) == {line, hidden}
