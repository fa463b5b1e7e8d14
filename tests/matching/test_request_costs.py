"""What a match query does per request (ADR 0024, fifth round): the same answer, with less work — each reason
explained once, the asker's industries read for the asker only, the results read without an ORDER BY."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from innobelt.matching import api, queries
from innobelt.matching.engine import Reason
from innobelt.matching.explain import explain
from tests.matching.test_shown import QUERY, world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

STRUCTURED = {"shared_industries", "city_specialty", "kind_compatible"}


def test_each_reason_is_explained_once_and_the_api_says_what_explaining_it_again_says(world, monkeypatch):  # noqa: F811
    client = Client()
    client.force_login(world["firm"])
    calls = []

    def counted(reason):
        calls.append(reason)
        return explain(reason)

    monkeypatch.setattr(queries, "explain", counted)
    monkeypatch.setattr("innobelt.matching.explain.explain", counted)  # what api._out would call again
    for language in ("en", "zh-hans"):
        calls.clear()
        found = client.get("/api/v1/matches", {"q": QUERY, "limit": 50}, headers={"Accept-Language": language}).json()
        reasons = [reason for result in found["results"] for reason in result["reasons"]]
        assert len(calls) == len(reasons) > 0  # once each (twice before: in find_matches and again in the API)
        assert STRUCTURED <= {reason["code"] for reason in reasons}  # the asker's industries and city were read
        with translation.override(language):
            assert [r["text"] for r in reasons] == [explain(Reason(r["code"], r["params"])) for r in reasons]


def test_the_askers_industries_read_alone_rank_as_given_explicitly(world):  # noqa: F811
    firm = world["firm"]
    asker = firm.memberships.get().organisation
    with translation.override("en"):
        read = queries.find_matches(user=firm, query=QUERY, k=30, ineligible="mark")
        given = queries.find_matches(user=firm, query=QUERY, k=30, ineligible="mark",
                                     want_industries=[i.code for i in asker.industries.all()])
    assert [(m.record_id, m.score, m.codes, m.reasons, m.eligible) for m in read] == \
        [(m.record_id, m.score, m.codes, m.reasons, m.eligible) for m in given]
    assert any(c.code == "shared_industries" for m in read for c in m.codes)
    # an API answer built without the kept texts (explaining again, in the same language) is the same
    with translation.override("en"):
        assert api._out(read) == api._out([type(m)(**{**m.__dict__, "texts": []}) for m in read])


def test_a_match_query_reads_its_results_without_ordering_them_and_the_askers_industries_alone(world):  # noqa: F811
    client = Client()
    client.force_login(world["firm"])
    client.get("/api/v1/matches", {"q": QUERY, "limit": 50})  # warm: the reasons' city and industry names
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/matches", {"q": QUERY, "limit": 50}).status_code == 200
    sqls = [q["sql"] for q in captured.captured_queries]
    results = [sql for sql in sqls if " IN (" in sql and "_industries" not in sql and "specialties" not in sql]
    assert len(results) >= 4 and not [sql for sql in results if "ORDER BY" in sql], "\n".join(sqls)
    industries = [sql for sql in sqls if '"organisations_organisation_industries"' in sql]
    assert len(industries) == 1 and " IN (" not in industries[0], "\n".join(sqls)  # the asker's, not all of theirs
