"""The owner's monthly statements are one per paying organisation: the page and the API list each with its total, and
the CSV and XLSX exports hold every organisation's lines with a total row each, or one organisation's (`payer`)."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

from django.test import Client
from openpyxl import load_workbook

from innobelt.organisations.models import Organisation
from innobelt.resources.domain import book_equipment
from innobelt.resources.domain.pricing import set_prices
from innobelt.resources.statement_queries import parse_month
from tests.factories import AccessRequestFactory, MembershipFactory, OrganisationFactory
from tests.resources.conftest import at


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _two_payers(scene):
    """The scene's SME books 2 h at ¥33.33 and a university 1 h at ¥20.00 and 3 h more the next day."""
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "hour"): "33.33", ("academic", "hour"): "20.00"})
    university = OrganisationFactory(kind=Organisation.Kind.UNIVERSITY, city=scene.city)
    person = MembershipFactory(organisation=university).user
    access = AccessRequestFactory(resource=scene.equipment, organisation=university, requested_by=person)
    book_equipment(actor=scene.seeker, access_request=scene.access, start=at(2, 9), end=at(2, 11))
    book_equipment(actor=person, access_request=access, start=at(2, 13), end=at(2, 14))
    book_equipment(actor=person, access_request=access, start=at(3, 9), end=at(3, 12))
    return university


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_one_statement_per_paying_organisation_on_the_page_and_in_the_api(scene):
    university = _two_payers(scene)
    month = f"{parse_month(''):%Y-%m}"
    owner = _client(scene.owner_admin)
    page = owner.get(f"/en/resources/statements/?organisation={scene.owner_org.slug}&month={month}")
    totals = {s.organisation.slug: (s.total, len(s.lines)) for s in page.context["statements"]}
    assert totals == {scene.seeker_org.slug: (Decimal("66.66"), 1), university.slug: (Decimal("80.00"), 2)}
    api = owner.get(f"/api/v1/organisations/{scene.owner_org.slug}/statements", {"month": month, "payer": university.slug}).json()
    assert [(s["total"], len(s["lines"])) for s in api["statements"]] == [("80.00", 2)]


def test_the_export_holds_each_organisations_lines_and_total_or_one_organisations(scene):
    university = _two_payers(scene)
    month = f"{parse_month(''):%Y-%m}"
    owner = _client(scene.owner_admin)
    base = f"/resources/statements/export/?organisation={scene.owner_org.slug}&month={month}"
    rows = _csv(owner.get(f"{base}&format=csv"))
    header = rows[0]
    org, kind, amount = header.index("organisation"), header.index("kind"), header.index("amount_cny")
    by_org: dict[str, list[tuple[str, str]]] = {}
    for row in rows[1:]:
        by_org.setdefault(row[org], []).append((row[kind], row[amount]))
    assert by_org == {scene.seeker_org.slug: [("charge", "66.66"), ("total", "66.66")],
                      university.slug: [("charge", "20.00"), ("charge", "60.00"), ("total", "80.00")]}

    one = owner.get(f"{base}&format=csv&payer={university.slug}")
    assert f"statements-{scene.owner_org.slug}-{month}-{university.slug}.csv" in one["Content-Disposition"]
    assert [(r[org], r[kind], r[amount]) for r in _csv(one)[1:]] == [
        (university.slug, "charge", "20.00"), (university.slug, "charge", "60.00"), (university.slug, "total", "80.00")]

    xlsx = owner.get(f"/api/v1/organisations/{scene.owner_org.slug}/statements/export",
                     {"month": month, "format": "xlsx", "payer": scene.seeker_org.slug})
    assert xlsx.status_code == 200 and f"-{scene.seeker_org.slug}.xlsx" in xlsx["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [(row[org], row[kind], row[amount]) for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        (scene.seeker_org.slug, "charge", 66.66), (scene.seeker_org.slug, "total", 66.66)]

    # an unknown payer: not found on the page, a structured error naming the field in the API; a seeker exports no
    # owner's statements, not even its own organisation's
    assert owner.get(f"{base}&format=csv&payer=no-such-firm").status_code == 404
    wrong = owner.get(f"/api/v1/organisations/{scene.owner_org.slug}/statements/export", {"month": month, "payer": "no-such-firm"})
    assert wrong.status_code == 400 and "payer" in wrong.content.decode()
    seeker = _client(scene.seeker_admin)
    assert seeker.get(f"{base}&format=csv&payer={scene.seeker_org.slug}").status_code == 403
    assert seeker.get(f"/api/v1/organisations/{scene.owner_org.slug}/statements/export",
                      {"month": month, "payer": scene.seeker_org.slug}).status_code == 403


def test_a_month_without_lines_exports_only_the_header(scene):
    _two_payers(scene)
    last_month = parse_month("") - timedelta(days=1)
    owner = _client(scene.owner_admin)
    rows = _csv(owner.get(f"/resources/statements/export/?organisation={scene.owner_org.slug}&month={last_month:%Y-%m}&format=csv"))
    assert len(rows) == 1 and {"organisation", "amount_cny"} <= set(rows[0])  # the header alone
