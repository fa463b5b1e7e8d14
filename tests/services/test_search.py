"""The catalogue in the site-wide search and as a matching source, in both languages."""

from innobelt.matching.registry import SOURCES
from innobelt.services.matching import service_record
from innobelt.web.search import search_everything
from tests.factories import UserFactory


def _found(query):
    group = next(g for g in search_everything(UserFactory(), query).groups if g.kind == "services")
    return [s.pk for s in group.rows], group.url


def test_site_search_finds_a_service_by_either_language_and_links_to_the_catalogue(scene):
    for query in ("上海市场准入", "Shanghai market", "市场准入", "普陀"):
        rows, url = _found(query)
        assert rows == [scene.service.pk], query
    assert url.startswith("/services/?q=")
    assert _found("customs clearance")[0] == []


def test_an_offered_service_is_a_public_matching_record(scene):
    assert SOURCES["service"].model is type(scene.service)
    record = service_record(scene.service)
    assert record.id == f"service:{scene.service.pk}"
    assert record.facets["audience"] == ["public"] and set(record.facets["city"]) == {"putuo", "jingan"}
    assert "上海市场准入" in record.title and "Shanghai market entry" in record.title
    scene.service.is_active = False
    assert service_record(scene.service) is None
