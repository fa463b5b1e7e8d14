"""What a match query does per request (ADR 0024, sixth round): the engine's reasons worked out for the shown
results only, and the API's answer rendered without validating again what was just built — the same answers."""

import json

import pytest
from django.test import Client
from django.utils import translation

from innobelt.api.urls import api as ninja_api
from innobelt.matching import api, index_store, queries
from innobelt.matching.engine import Reason
from tests.matching.test_shown import QUERY, world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

STRUCTURED = {"shared_industries", "city_specialty", "kind_compatible"}
QUERIES = (QUERY, "composite panels", "超声波 检测", "phased array inspection services")


def test_reasons_worked_out_later_are_the_reasons_explain_attaches(world):  # noqa: F811
    index = index_store.get_index()

    def hook(ctx, match):
        return [Reason("hooked", {"id": match.id, "filters": sorted(ctx.filters)})]

    for query in QUERIES:
        now = index.search(query, k=30, filters={"kind": ["resource", "organisation", "service"]}, hooks=[hook])
        later = index.search(query, k=30, filters={"kind": ["resource", "organisation", "service"]}, hooks=[hook],
                             explain="later")
        assert [(m.id, m.score, m.words, m.meaning, m.items) for m in later] == \
            [(m.id, m.score, m.words, m.meaning, m.items) for m in now]
        assert all(m.reasons == [] for m in later)  # nothing worked out before it is asked for
        for m_now, m_later in reversed(list(zip(now, later, strict=True))):  # any order, any subset
            assert later.reasons_for(m_later) == m_now.reasons
            assert now.reasons_for(m_now) == m_now.reasons  # a search that explained: what it attached
    assert any(r.code != "hooked" for m in now for r in m.reasons)


def test_the_shown_results_have_the_engines_reasons_then_the_structured_ones(world):  # noqa: F811
    """Each result's codes are the reasons the engine attaches to that record when it explains every candidate
    (they depend on the record and the query, not on the filters), then the Belt's structured reasons."""
    index = index_store.get_index()
    for user in (world["firm"], world["operator"]):
        for query in QUERIES:
            everything = {m.id: m.reasons for m in index.search(query, k=1000, abstain=False)}
            with translation.override("en"):
                found = queries.find_matches(user=user, query=query, k=10, ineligible="mark")
            for result in found:
                engine = everything[result.record_id]
                assert result.codes[:len(engine)] == engine
                assert {c.code for c in result.codes[len(engine):]} <= STRUCTURED
                assert len(result.texts) == len(result.codes)
    with translation.override("en"):
        found = queries.find_matches(user=world["firm"], query=QUERY, k=10, ineligible="mark")
    codes = {c.code for m in found for c in m.codes}
    assert codes - STRUCTURED and codes & STRUCTURED  # both kinds of reason are there to compare


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_api_answer_is_the_bytes_ninja_renders_for_the_validated_schema(world, language):  # noqa: F811
    client = Client()
    client.force_login(world["firm"])
    for query in QUERIES:
        for limit in (1, 10, 50):
            response = client.get("/api/v1/matches", {"q": query, "limit": limit}, headers={"Accept-Language": language})
            assert response.status_code == 200
            assert response["Content-Type"] == ninja_api.get_content_type()
            with translation.override(language):
                found = queries.find_matches(user=world["firm"], query=query, k=limit, ineligible="mark")
                built = {"abstained": found.abstained, "results": api._out(found)}
            validated = api.MatchPage.model_validate(built).model_dump()
            assert response.content == ninja_api.renderer.render(None, validated, response_status=200).encode()
            assert json.loads(response.content)["results"] or query == "超声波 检测"
