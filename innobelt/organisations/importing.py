"""Importing organisations from CSV or XLSX, all or nothing (run by innobelt.imports, ADR 0010).

Columns (header row, lower case): name_zh, name_en, kind, city, industries,
credit_code, country, founded_year, size_band, website, is_goi_member,
description, description_language. See docs/import-formats.md.
"""

import re
from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from innobelt.belt.models import City, Industry
from innobelt.bilingual import join_list
from innobelt.imports.pipeline import Outcome, Progress, execute_import
from innobelt.organisations.credit_code import normalise_credit_code
from innobelt.organisations.models import Organisation
from innobelt.organisations.search import search_document_for
from innobelt.permissions import can
from innobelt.tabular_import import ImportRejected, RowError, missing_columns

COLUMNS = ["name_zh", "name_en", "kind", "city", "industries", "credit_code", "country", "founded_year",
           "size_band", "website", "is_goi_member", "description", "description_language"]
REQUIRED = {"name_zh", "name_en", "kind", "city"}
TRUE_WORDS = {"1", "true", "yes", "y", "是", "x"}
BATCH = 500  # rows per INSERT


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
        err("kind", _("Unknown kind “%(value)s”; use one of: %(choices)s.") % {"value": kind, "choices": join_list(Organisation.Kind.values)})
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
            candidate = Organisation(slug="x", **fields)
            candidate.full_clean(exclude=["slug"])
        except ValidationError as exc:
            for column, messages in exc.message_dict.items():
                for message in messages:
                    err(column, message)
        else:  # the model's clean() normalises names and the credit code: import what it made
            fields.update(name_zh=candidate.name_zh, name_en=candidate.name_en, credit_code=candidate.credit_code)
    return fields, chosen, errors


class OrganisationImporter:
    """The importer innobelt.imports runs for kind "organisations" (platform operators only)."""

    kind = "organisations"
    audit_action = "organisations.imported"

    @staticmethod
    def label() -> str:
        return _("organisations")

    def authorise(self, *, actor, params: dict) -> None:
        if actor is None or not can(actor, "organisations.import_organisations"):
            raise PermissionDenied(_("You are not allowed to do this."))

    def header_key(self, header: str) -> str:
        return header.lower()

    def start(self, *, actor, params: dict, columns: list[str]) -> "OrganisationRun":
        errors = missing_columns(columns, REQUIRED)
        if errors:
            raise ImportRejected(errors)
        return OrganisationRun()

    def audit_target(self, params: dict):
        return None

    def result_url(self, params: dict) -> str:
        return reverse("organisations:directory")

    def form_url(self, params: dict) -> str:
        return reverse("organisations:import")


class OrganisationRun:
    """One import: rows checked one by one (no writes), then written together."""

    def __init__(self):
        self.cities = _city_lookup()
        self.industries = {i.code: i for i in Industry.objects.all()}
        self.seen_codes: set[str] = set()
        self.rows: list[tuple[dict, list]] = []
        self.staged: list[tuple[Organisation, list]] = []

    def check(self, line: int, row: dict) -> list[RowError]:
        fields, chosen, errors = parse_row(line, row, cities=self.cities, industries=self.industries, seen_codes=self.seen_codes)
        if not errors:
            self.rows.append((fields, chosen))
        return errors

    def stage(self) -> None:
        """Slugs free at this moment and search documents, with no lock held."""
        roots = [_slug_root(fields) for fields, _chosen in self.rows]
        slugs = _free_slugs(roots)
        for (fields, chosen), slug in zip(self.rows, slugs, strict=True):
            org = Organisation(slug=slug, **fields)
            org.search_document = search_document_for(org, industries=chosen)
            self.staged.append((org, chosen))

    def apply(self) -> list[Organisation]:
        """Inside the import's transaction: a slug taken since staging gets another; bulk inserts."""
        orgs = [org for org, _chosen in self.staged]
        taken = set()
        for start in range(0, len(orgs), BATCH):
            taken |= set(Organisation.objects.filter(slug__in=[o.slug for o in orgs[start:start + BATCH]]).values_list("slug", flat=True))
        if taken:
            clashing = [o for o in orgs if o.slug in taken]
            for org, slug in zip(clashing, _free_slugs([o.slug for o in clashing], also_taken={o.slug for o in orgs}), strict=True):
                org.slug = slug
        Organisation.objects.bulk_create(orgs, batch_size=BATCH)
        through = Organisation.industries.through
        through.objects.bulk_create([through(organisation_id=org.pk, industry_id=industry.pk) for org, chosen in self.staged
                                     for industry in chosen], batch_size=BATCH)
        for org in orgs:  # as save() would: matching re-indexes each after commit (when MATCHING_AUTO_INDEX)
            post_save.send(sender=Organisation, instance=org, created=True, raw=False, using="default", update_fields=None)
        return orgs


def _slug_root(fields: dict) -> str:
    return slugify(fields.get("name_en") or fields.get("name_zh") or "org")[:60] or "org"


def _free_slugs(roots: list[str], also_taken: set[str] = frozenset()) -> list[str]:
    """A slug per root, unique among them and not in the table: root, root-2, root-3, ... (as unique_slug)."""
    taken = set(also_taken)
    unique_roots = sorted(set(roots))
    for start in range(0, len(unique_roots), BATCH):
        taken |= set(Organisation.objects.filter(slug__in=unique_roots[start:start + BATCH]).values_list("slug", flat=True))
    counts = Counter(roots)
    crowded = {root for root, n in counts.items() if n > 1 or root in taken}
    for root in crowded:
        taken |= set(Organisation.objects.filter(slug__startswith=f"{root}-").values_list("slug", flat=True))
    result, used = [], set(taken)
    for root in roots:
        slug, n = root, 1
        while slug in used:
            n += 1
            slug = f"{root}-{n}"
        used.add(slug)
        result.append(slug)
    return result


def import_organisations(*, actor, data: bytes, filename: str, progress: Progress | None = None) -> list[Organisation]:
    """Import every row or none, now (the command line; pages and the API queue a job instead).
    Raises ImportRejected listing every bad row. The caller has checked the permission.
    Side effects: organisations, one audit entry."""
    outcome: Outcome = execute_import(importer=OrganisationImporter(), actor=actor, params={}, data=data, filename=filename,
                                      progress=progress)
    return outcome.created
