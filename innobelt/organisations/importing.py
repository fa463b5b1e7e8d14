"""Importing organisations from CSV or XLSX, all or nothing.

Columns (header row, lower case): name_zh, name_en, kind, city, industries,
credit_code, country, founded_year, size_band, website, is_goi_member,
description, description_language. See docs/import-formats.md.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.belt.models import City, Industry
from innobelt.organisations.credit_code import normalise_credit_code
from innobelt.organisations.domain import create_organisation
from innobelt.organisations.models import Organisation
from innobelt.tabular_import import ImportRejected, RowError, check_header, read_rows

COLUMNS = ["name_zh", "name_en", "kind", "city", "industries", "credit_code", "country", "founded_year",
           "size_band", "website", "is_goi_member", "description", "description_language"]
TRUE_WORDS = {"1", "true", "yes", "y", "是", "x"}


def _city_lookup() -> dict[str, City]:
    lookup = {}
    for city in City.objects.all():
        for key in (city.slug, city.name_zh, city.name_en):
            lookup[key.strip().lower()] = city
    return lookup


def parse_row(line: int, row: dict, *, cities: dict, industries: dict, seen_codes: set) -> tuple[dict, list, list[RowError]]:
    errors: list[RowError] = []
    fields: dict = {}

    def err(column, message):
        errors.append(RowError(line, column, message))

    fields["name_zh"], fields["name_en"] = row.get("name_zh", ""), row.get("name_en", "")
    if not (fields["name_zh"] or fields["name_en"]):
        err("name_zh", _("Give a Chinese or an English name."))
    kind = row.get("kind", "").strip().lower()
    if kind not in Organisation.Kind.values:
        err("kind", _("Unknown kind “%(value)s”; use one of: %(choices)s.") % {"value": kind, "choices": ", ".join(Organisation.Kind.values)})
    fields["kind"] = kind
    city = cities.get(row.get("city", "").strip().lower())
    if city is None:
        err("city", _("Unknown city or district “%(value)s”.") % {"value": row.get("city", "")})
    fields["city"] = city
    chosen = []
    for code in filter(None, (c.strip() for c in re.split(r"[;；,，]", row.get("industries", "")))):
        if code not in industries:
            err("industries", _("Unknown industry code “%(value)s”.") % {"value": code})
        else:
            chosen.append(industries[code])
    code = normalise_credit_code(row.get("credit_code", ""))
    if code:
        if code in seen_codes:
            err("credit_code", _("This credit code appears twice in the file."))
        seen_codes.add(code)
    fields["credit_code"] = code or None
    fields["country"] = (row.get("country") or "CN").upper()[:2]
    year = row.get("founded_year", "")
    if year:
        if not year.isdigit() or not 1800 <= int(year) <= 2100:
            err("founded_year", _("The founding year must be a year such as 2015."))
        else:
            fields["founded_year"] = int(year)
    size = row.get("size_band", "")
    if size and size not in Organisation.SizeBand.values:
        err("size_band", _("Unknown size “%(value)s”.") % {"value": size})
    fields["size_band"] = size
    fields["website"] = row.get("website", "")
    fields["is_goi_member"] = row.get("is_goi_member", "").strip().lower() in TRUE_WORDS
    fields["description"] = row.get("description", "")
    lang = (row.get("description_language") or "zh").lower()
    if lang not in ("zh", "en"):
        err("description_language", _("The description language is zh or en."))
    fields["description_language"] = lang
    if not errors:
        try:
            Organisation(slug="x", **fields).full_clean(exclude=["slug"])
        except ValidationError as exc:
            for column, messages in exc.message_dict.items():
                for message in messages:
                    err(column, message)
    return fields, chosen, errors


def import_organisations(*, actor, data: bytes, filename: str) -> list[Organisation]:
    """Import every row or none. Raises ImportRejected listing every bad row."""
    rows = read_rows(data, filename)
    check_header(rows, {"name_zh", "name_en", "kind", "city"})
    cities = _city_lookup()
    industries = {i.code: i for i in Industry.objects.all()}
    parsed, errors, seen = [], [], set()
    for line, row in rows:
        fields, chosen, row_errors = parse_row(line, row, cities=cities, industries=industries, seen_codes=seen)
        errors.extend(row_errors)
        parsed.append((fields, chosen))
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic():
        created = [create_organisation(actor=actor, industries=chosen, **fields) for fields, chosen in parsed]
        record_action(actor=actor, action="organisations.imported", data={"count": len(created), "file": filename})
    return created
