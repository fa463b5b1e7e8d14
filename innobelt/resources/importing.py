"""Importing an owner's equipment list from CSV or XLSX, all or nothing (run by innobelt.imports, ADR 0010).

The columns follow the UNIQUIP equipment-data schema (equipment.data.ac.uk) where it
has one (name, description, manufacturer, model, technique as category, location,
contact name, contact e-mail, contact telephone) and add what bookings need (opening
hours, slot minutes, training, terms). docs/import-formats.md lists every column.
"""

import re

from django.core.exceptions import ValidationError
from django.db.models.signals import post_save
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.belt.models import City, Industry
from innobelt.bilingual import join_list
from innobelt.imports.pipeline import Outcome, Progress, execute_import
from innobelt.organisations.models import Organisation
from innobelt.permissions import require
from innobelt.resources import opening_hours as opening
from innobelt.resources.domain.register import _clear_other_kinds, validate_resource
from innobelt.resources.models import Resource
from innobelt.resources.search import search_document_for
from innobelt.tabular_import import ImportRejected, RowError

COLUMNS = ["name", "name_zh", "description", "description_language", "manufacturer", "model", "category", "location",
           "contact_name", "contact_email", "contact_phone", "city", "industries", "opening_hours", "slot_minutes",
           "training_required", "supervision_required", "capacity", "terms", "conditions", "visibility", "requires_nda",
           "only_smes_and_startups", "only_belt_organisations", "only_goi_members", "publish"]
ALIASES = {  # UNIQUIP names and other spellings people use → our column
    "title": "name", "name_en": "name", "title_zh": "name_zh", "maker": "manufacturer", "model_number": "model",
    "technique": "category", "contact": "contact_name", "contact_telephone": "contact_phone", "telephone": "contact_phone",
    "email": "contact_email", "slot_length": "slot_minutes", "hours": "opening_hours",
}
FIELD_COLUMNS = {"title_en": "name", "title_zh": "name_zh", "maker": "manufacturer", "model_number": "model",
                 "terms_note": "conditions", "__all__": "name"}
DEFAULT_HOURS = "Mon-Fri 09:00-17:00"
BATCH = 500  # rows per INSERT
TRUE_WORDS = {"1", "true", "yes", "y", "是", "x", "需要"}
FALSE_WORDS = {"", "0", "false", "no", "n", "否", "不需要"}


def _key(header: str) -> str:
    key = re.sub(r"[\s\-]+", "_", header.strip().lower())
    return ALIASES.get(key, key)


def _flag(row, column, err) -> bool:
    value = row.get(column, "").strip().lower()
    if value in TRUE_WORDS:
        return True
    if value not in FALSE_WORDS:
        err(column, _("Write yes or no, not “%(value)s”.") % {"value": row.get(column, "")})
    return False


def _number(row, column, err, default=None):
    value = row.get(column, "").strip()
    if not value:
        return default
    try:
        return int(float(value))
    except ValueError:
        err(column, _("“%(value)s” is not a number.") % {"value": value})
        return default


def parse_row(line: int, row: dict, *, owner, cities: dict, industries: dict) -> tuple[dict, list, bool, list[RowError]]:
    errors: list[RowError] = []

    def err(column, message):
        errors.append(RowError(line, column, message))

    fields = {"kind": Resource.Kind.EQUIPMENT, "title_en": row.get("name", ""), "title_zh": row.get("name_zh", ""),
              "description": row.get("description", ""), "maker": row.get("manufacturer", ""),
              "model_number": row.get("model", ""), "category": row.get("category", ""), "location": row.get("location", ""),
              "contact_name": row.get("contact_name", ""), "contact_email": row.get("contact_email", ""),
              "contact_phone": row.get("contact_phone", ""), "terms_note": row.get("conditions", "")}
    if not (fields["title_en"] or fields["title_zh"]):
        err("name", _("Give an English name (name) or a Chinese one (name_zh)."))
    language = (row.get("description_language") or "zh").strip().lower()
    if language not in ("zh", "en"):
        err("description_language", _("The description language is zh or en."))
    fields["description_language"] = language
    city_text = row.get("city", "").strip()
    fields["city"] = cities.get(city_text.lower()) if city_text else owner.city
    if city_text and fields["city"] is None:
        err("city", _("Unknown city or district “%(value)s”.") % {"value": city_text})
    chosen = []
    for code in filter(None, (c.strip() for c in re.split(r"[;；,，]", row.get("industries", "")))):
        if code in industries:
            chosen.append(industries[code])
        else:
            err("industries", _("Unknown industry code “%(value)s”.") % {"value": code})
    try:
        fields["opening_hours"] = opening.parse_opening_hours(row.get("opening_hours", "") or DEFAULT_HOURS)
    except ValidationError as exc:
        err("opening_hours", exc.messages[0])
    fields["slot_minutes"] = _number(row, "slot_minutes", err, default=60)
    fields["capacity"] = _number(row, "capacity", err)
    for flag in ("training_required", "supervision_required", "requires_nda", "only_smes_and_startups", "only_belt_organisations",
                 "only_goi_members"):
        fields[flag] = _flag(row, flag, err)
    publish = _flag(row, "publish", err)
    if publish and not fields["description"].strip():
        err("description", _("Describe the resource before publishing it."))
    if publish and not (fields["contact_name"].strip() or fields["contact_email"].strip()):
        err("contact_name", _("Give a contact person or e-mail before publishing."))
    for column, choices, default in (("terms", Resource.Terms, Resource.Terms.NEGOTIABLE),
                                     ("visibility", Resource.Visibility, Resource.Visibility.PUBLIC)):
        value = row.get(column, "").strip().lower().replace("-", "_").replace(" ", "_") or default
        if value not in choices.values or value == Resource.Visibility.CITIES:
            allowed = [v for v in choices.values if v != Resource.Visibility.CITIES]
            err(column, _("Unknown value “%(value)s”; use one of: %(choices)s.") % {"value": value, "choices": join_list(allowed)})
        fields[column] = value
    if not errors:
        candidate = Resource(owner=owner, **fields)
        try:
            validate_resource(candidate)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    err(FIELD_COLUMNS.get(name, name), message)
        fields["opening_hours"] = candidate.opening_hours
    return fields, chosen, publish, errors


def _city_lookup() -> dict[str, City]:
    lookup = {}
    for city in City.objects.all():
        for key in (city.slug, city.name_zh, city.name_en):
            lookup[key.strip().lower()] = city
    return lookup


class EquipmentImporter:
    """The importer innobelt.imports runs for kind "equipment"; params: {"owner": organisation id}."""

    kind = "equipment"
    audit_action = "resources.imported"

    @staticmethod
    def label() -> str:
        return _("equipment")

    def owner(self, params: dict) -> Organisation:
        owner = Organisation.objects.filter(pk=params.get("owner")).select_related("city").first()
        if owner is None:
            raise Http404
        return owner

    def authorise(self, *, actor, params: dict) -> None:
        require(actor, "resources.import_resources", self.owner(params))

    def header_key(self, header: str) -> str:
        return _key(header)

    def start(self, *, actor, params: dict, columns: list[str]) -> "EquipmentRun":
        if not set(columns) & {"name", "name_zh"}:
            raise ImportRejected([RowError(1, "name", _("The column “%(column)s” is missing.") % {"column": "name"})])
        return EquipmentRun(actor=actor, owner=self.owner(params))

    def audit_target(self, params: dict):
        return self.owner(params)

    def result_url(self, params: dict) -> str:
        owner = Organisation.objects.filter(pk=params.get("owner")).values_list("slug", flat=True).first()
        return f"{reverse('resources:owner')}?organisation={owner}" if owner else reverse("resources:owner")

    def form_url(self, params: dict) -> str:
        return reverse("resources:import")


class EquipmentRun:
    """One import: rows checked one by one (no writes), then written together."""

    def __init__(self, *, actor, owner: Organisation):
        self.actor, self.owner = actor, owner
        self.cities, self.industries = _city_lookup(), {i.code: i for i in Industry.objects.all()}
        self.rows: list[tuple[dict, list, bool]] = []
        self.staged: list[tuple[Resource, list]] = []

    def check(self, line: int, row: dict) -> list[RowError]:
        fields, chosen, publish, errors = parse_row(line, row, owner=self.owner, cities=self.cities, industries=self.industries)
        if not errors:
            self.rows.append((fields, chosen, publish))
        return errors

    def stage(self) -> None:
        """Resources as create_resource and publish_resource would make them, and their search documents."""
        created_by = self.actor if getattr(self.actor, "pk", None) else None
        now = timezone.now()
        for fields, chosen, publish in self.rows:
            resource = Resource(owner=self.owner, created_by=created_by, **fields)
            _clear_other_kinds(resource)
            if publish:  # parse_row checked what publishing needs (a description and a contact)
                resource.status, resource.published_at = Resource.Status.PUBLISHED, now
            resource.search_document = search_document_for(resource, industries=chosen)
            self.staged.append((resource, chosen))

    def apply(self) -> list[Resource]:
        resources = [resource for resource, _chosen in self.staged]
        Resource.objects.bulk_create(resources, batch_size=BATCH)
        through = Resource.industries.through
        through.objects.bulk_create([through(resource_id=r.pk, industry_id=industry.pk) for r, chosen in self.staged for industry in chosen],
                                    batch_size=BATCH)
        for resource in resources:  # as save() would: matching re-indexes each after commit (when MATCHING_AUTO_INDEX)
            post_save.send(sender=Resource, instance=resource, created=True, raw=False, using="default", update_fields=None)
        return resources


def import_equipment(*, actor, owner, data: bytes, filename: str, progress: Progress | None = None) -> list[Resource]:
    """Import every row of an equipment list for `owner`, or none, now (pages and the API queue a job
    instead). Raises ImportRejected naming every bad row and column, PermissionDenied.
    Side effects: resources (drafts unless `publish` says yes), one audit entry."""
    importer, params = EquipmentImporter(), {"owner": owner.pk}
    importer.authorise(actor=actor, params=params)
    outcome: Outcome = execute_import(importer=importer, actor=actor, params=params, data=data, filename=filename, progress=progress)
    return outcome.created
