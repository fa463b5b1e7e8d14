"""Match results loaded as a list of results shows them (`MatchSource.shown`, ADR 0024): for every registered kind
the pages and the API read exactly what they read when each result was loaded with everything indexing needs,
and a match query reads its results in one query per kind, whatever their number."""

import dataclasses
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from innobelt.challenges.models import Need
from innobelt.financing.models import FundingNeed
from innobelt.matching import domain, index_store
from innobelt.matching.registry import SOURCES
from innobelt.talent.models import TalentProfile
from tests.challenges.factories import ChallengeFactory, NeedFactory
from tests.factories import CityFactory, IndustryFactory, MembershipFactory, OrganisationFactory, ResourceFactory, UserFactory
from tests.financing.factories import make_need, make_thesis
from tests.services.factories import service_of
from tests.talent.factories import make_position, make_profile

pytestmark = pytest.mark.django_db

WORDS = "ultrasonic phased-array inspection of composite aircraft panels"
QUERY = "ultrasonic phased-array inspection of composite panels"


def _add_one_of_each(n: int, *, industry, city, cities) -> None:
    """One matchable record of every registered kind, each saying WORDS (`n` makes the names differ)."""

    def org(kind, **fields):
        return OrganisationFactory(kind=kind, city=city, industries=[industry], verification="verified", **fields)

    OrganisationFactory(kind="laboratory", name_zh="", name_en=f"Composite Inspection Lab {n} & <Co>", city=city,
                        description=f"{WORDS}, ultrasonic testing.", description_language="en", industries=[industry])
    owner = org("research_institute", name_en=f"Aero Institute {n}", name_zh=f"航空研究院{n}")
    ResourceFactory(owner=owner, title_zh="", title_en=f"Phased-array scanner {n}", description=f"{WORDS}.",
                    description_language="en", industries=[industry])
    ResourceFactory(owner=owner, title_zh=f"相控阵检测台{n}", title_en="", description=f"{WORDS}, for SMEs.",
                    description_language="en", industries=[industry], only_smes_and_startups=True)
    service_of(org("service_provider"), cities=cities, title_en=f"Ultrasonic inspection service {n}",
               description_en=f"{WORDS}, on site.")
    make_position(org("large_firm"), title_en=f"Ultrasonic inspection engineer {n}", description=f"{WORDS}.",
                  skills="phased-array ultrasonic testing", field=industry)
    make_profile(headline=f"Phased-array inspection specialist {n}", summary=f"{WORDS}.", field=industry,
                 visibility=TalentProfile.Visibility.PUBLIC, cities=cities)
    make_need(org("startup"), title_en=f"Funding for an inspection robot {n}", use_of_funds=f"{WORDS}.",
              traction="Two pilots.", industries=[industry], amount=Decimal("3000000"),
              visibility=FundingNeed.Visibility.INVESTORS)
    make_thesis(org("investor", name_en=f"Composite Ventures {n}", name_zh=""), summary=f"{WORDS}.",
                sectors=[industry], cities=cities)
    ChallengeFactory(owner=org("large_firm"), title_zh="", title_en=f"Inspect composite panels on the wing {n}",
                     statement=f"{WORDS}.", industries=[industry])
    NeedFactory(owner=org("sme"), title_zh=f"复合材料检测需求{n}", title_en=f"Composite inspection need {n}",
                problem=f"{WORDS}.", confidentiality=Need.Confidentiality.VERIFIED, industries=[industry])


@pytest.fixture
def world(settings, tmp_path):
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    index_store.reset_for_tests()
    industry = IndustryFactory(code="aerospace", name_zh="航空航天", name_en="Aerospace")
    city = CityFactory(slug="taicang", name_en="Taicang", name_zh="太仓市")
    city.specialties.add(industry)
    cities = [city, CityFactory()]

    def add(n):
        _add_one_of_each(n, industry=industry, city=city, cities=cities)
        domain.rebuild_index()

    add(1)
    operator = UserFactory(is_platform_operator=True)  # sees every audience: every kind can come back
    firm = MembershipFactory(organisation=OrganisationFactory(kind="large_firm", city=city, industries=[industry],
                                                              verification="verified"), role="admin").user
    yield {"add": add, "operator": operator, "firm": firm}
    index_store.reset_for_tests()


def _loaded_as_for_indexing(monkeypatch):
    """Every source loads its results with `queryset` again, as before ADR 0024's `shown`."""
    for kind, source in list(SOURCES.items()):
        monkeypatch.setitem(SOURCES, kind, dataclasses.replace(source, shown=None))


def _pages(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    pages = {}
    for language, prefix in (("en", "/en"), ("zh-hans", "")):
        pages[f"find partners {language}"] = client.get(f"{prefix}/matching/", {"q": QUERY}).content.decode()
        pages[f"htmx {language}"] = client.get(f"{prefix}/matching/", {"q": QUERY}, headers={"HX-Request": "true"}).content.decode()
        pages[f"recommended {language}"] = client.get(f"{prefix}/matching/recommended/").content.decode()
        for kind in SOURCES:
            pages[f"find partners {kind} {language}"] = client.get(f"{prefix}/matching/", {"q": QUERY, "kind": kind}).content.decode()
        assert pages[f"find partners {language}"].count('class="card match"') >= 10
        api = client.get("/api/v1/matches", {"q": QUERY, "limit": 50}, headers={"Accept-Language": language})
        pages[f"api {language}"] = api.content.decode()
    return {name: re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page) for name, page in pages.items()}


@pytest.mark.parametrize("reader", ["operator", "firm"])
def test_every_kind_of_result_reads_the_same_loaded_for_the_list_as_loaded_for_indexing(world, monkeypatch, reader):
    user = world[reader]
    client = Client()
    client.force_login(user)
    found = client.get("/api/v1/matches", {"q": QUERY, "limit": 50}).json()["results"]
    kinds = {r["kind"] for r in found}
    if reader == "operator":
        assert kinds == set(SOURCES), f"kinds never returned (the test would not cover them): {set(SOURCES) - kinds}"
    else:  # a large firm: one resource is for SMEs only, marked so; no funding need (for investors only)
        assert any(not r["eligible"] and r["not_eligible_reason"] for r in found)
        assert "funding_need" not in kinds and {"resource", "need", "thesis", "talent_profile"} <= kinds
    lean = _pages(user)
    _loaded_as_for_indexing(monkeypatch)
    full = _pages(user)
    assert all(SOURCES[kind].shown is None for kind in SOURCES)  # the patch took
    for name, page in full.items():
        assert lean[name] == page, name
    assert "Phased-array scanner 1" in lean["find partners en"] and "Composite Inspection Lab 1 &amp; &lt;Co&gt;" in lean["find partners en"]


def _api_queries(client) -> tuple[int, list[str], int]:
    client.get("/api/v1/matches", {"q": QUERY, "limit": 50})  # warm: the reasons' city and industry names
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/matches", {"q": QUERY, "limit": 50})
    assert response.status_code == 200
    return len(captured), [q["sql"] for q in captured.captured_queries], len(response.json()["results"])


def test_a_mixed_match_query_reads_its_results_in_one_query_per_kind_whatever_their_number(world):
    client = Client()
    client.force_login(world["operator"])
    few, sqls, shown_few = _api_queries(client)
    links = ("_industries", "_cities", "_sectors", "_visible_cities")
    assert not [sql for sql in sqls if any(f'{link}"' in sql for link in links)], "a result's indexing relations were read"
    world["add"](2)
    many, sqls, shown_many = _api_queries(client)
    assert shown_many >= shown_few + len(SOURCES)  # the same query, one more result of every kind at least
    assert many == few, "\n".join(sqls)
    # the session and the person, their organisations, their dismissals, the cities' specialties, one per kind
    assert many <= 4 + len(SOURCES) + 2, "\n".join(sqls)


def test_what_the_pages_outside_matching_read_of_a_result_is_loaded(world):
    """A funding need's page shows each matched thesis's investor and kind of investor; a challenge's suggested solvers
    link to each organisation and post its slug. Those columns come with the results (`shown` loads only what is read)."""
    thesis = SOURCES["thesis"].shown_queryset().first()
    assert thesis is not None and "investor_type" not in thesis.get_deferred_fields()
    assert not {"slug", "name_zh", "name_en"} & thesis.organisation.get_deferred_fields()
    organisation = SOURCES["organisation"].shown_queryset().first()
    assert organisation is not None and not {"slug", "name_zh", "name_en"} & organisation.get_deferred_fields()
    resource = SOURCES["resource"].shown_queryset().first()
    rules = {"owner_id", "only_smes_and_startups", "only_belt_organisations", "only_goi_members"}
    assert resource is not None and not rules & resource.get_deferred_fields()
