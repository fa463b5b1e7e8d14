"""A page of register cards reads only the columns its cards show (queries.as_cards, ADR 0024 eighth round): the
same HTML as with every column read, for every kind, visibility and status, in both languages, with a search, and no
query more (a column a card reads but the list left out would be a query per card)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from innobelt.organisations.models import Membership
from innobelt.resources import queries
from innobelt.resources.models import Resource
from tests.factories import CityFactory, IndustryFactory, MembershipFactory, OrganisationFactory, ResourceFactory

pytestmark = pytest.mark.django_db
RESULTS = re.compile(r'<div id="results">.*?<div class="cards">.*?</div>', re.S)
PATHS = ["/en/resources/", "/resources/", "/en/resources/?q=instrument", "/en/resources/?q=实验 spectrometers",
         "/en/resources/?kind=patent", "/resources/?q=拉曼"]


def _cards(client: Client, path: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return RESULTS.search(response.content.decode()).group(0), len(captured.captured_queries)


def _make(owner, industries, n: int, start: int = 0) -> None:
    kinds, visibilities = list(Resource.Kind.values), list(Resource.Visibility.values)
    for i in range(start, start + n):
        ResourceFactory(owner=owner, kind=kinds[i % len(kinds)], visibility=visibilities[i % len(visibilities)],
                        terms=Resource.Terms.values[i % 3], industries=industries[: i % 3],
                        status=Resource.Status.DRAFT if i % 4 == 3 else Resource.Status.PUBLISHED,
                        title_zh=f"拉曼光谱仪{i}" if i % 2 else "", title_en=f"Raman spectrometer instrument {i}",
                        description="实验室共享 shared in the laboratory", city=CityFactory() if i % 5 else None)


def test_the_cards_are_the_same_as_with_every_column_and_read_nothing_more(monkeypatch):
    owner = OrganisationFactory(name_zh="吴淞实验室", name_en="Wusong Laboratory", kind="laboratory")
    admin = MembershipFactory(organisation=owner, role=Membership.Role.ADMIN).user  # sees the drafts, with their badge
    industries = [IndustryFactory(), IndustryFactory()]
    _make(owner, industries, 12)
    clients = {"owner": Client(), "anyone": Client()}
    clients["owner"].force_login(admin)
    for who, client in clients.items():
        for path in PATHS:
            only, asked = _cards(client, path)
            with monkeypatch.context() as patched:
                patched.setattr(queries, "as_cards", lambda resources: resources)
                everything, asked_everything = _cards(client, path)
            assert only == everything, (who, path)
            assert asked == asked_everything, (who, path)
            assert "card" in only or "?q=" in path


def test_more_cards_ask_no_more_queries():
    owner = OrganisationFactory(kind="laboratory")
    industries = [IndustryFactory(), IndustryFactory()]
    _make(owner, industries, 12)  # a card or more on every page
    few = {path: _cards(Client(), path)[1] for path in PATHS}
    _make(owner, industries, 24, start=12)
    assert {path: _cards(Client(), path)[1] for path in PATHS} == few


def test_the_cards_read_only_their_columns():
    ResourceFactory()
    with CaptureQueriesContext(connection) as captured:
        Client().get("/en/resources/")
    rows = next(q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "resources_resource"."id"'))
    for unread in ("search_document", "opening_hours", "contact_email", "credit_code", "summary_zh"):
        assert unread not in rows
