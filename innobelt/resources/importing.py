"""Importing an owner's equipment list from CSV or XLSX, all or nothing.

The columns follow the UNIQUIP equipment-data schema (equipment.data.ac.uk) where it
has one (name, description, manufacturer, model, technique as category, location,
contact name, contact e-mail, contact telephone) and add what bookings need (opening
hours, slot minutes, training, terms). docs/import-formats.md lists every column.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.belt.models import City, Industry
from innobelt.resources import hours as opening
from innobelt.resources.domain import create_resource, publish_resource
from innobelt.resources.domain.common import require
from innobelt.resources.domain.register import validate_resource
from innobelt.resources.models import Resource
from innobelt.tabular_import import ImportRejected, RowError, read_rows

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
MAX_BYTES = 5 * 1024 * 1024
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
            err(column, _("Unknown value “%(value)s”; use one of: %(choices)s.") % {"value": value, "choices": ", ".join(allowed)})
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


def import_equipment(*, actor, owner, data: bytes, filename: str) -> list[Resource]:
    """Import every row of an equipment list for `owner`, or none. Raises ImportRejected naming
    every bad row and column. Side effects: resources (drafts unless `publish` says yes), audit."""
    require(actor, "resources.import_resources", owner)
    if len(data) > MAX_BYTES:
        raise ImportRejected([RowError(0, "", _("The file is larger than %(n)d MB.") % {"n": MAX_BYTES // (1024 * 1024)})])
    raw = read_rows(data, filename)
    rows = [(line, {_key(k): v for k, v in row.items()}) for line, row in raw]
    if not rows:
        raise ImportRejected([RowError(1, "", _("The file has a header but no rows."))])
    present = set(rows[0][1])
    if not present & {"name", "name_zh"}:
        raise ImportRejected([RowError(1, "name", _("The column “%(column)s” is missing.") % {"column": "name"})])
    cities, industries = _city_lookup(), {i.code: i for i in Industry.objects.all()}
    parsed, errors = [], []
    for line, row in rows:
        fields, chosen, publish, row_errors = parse_row(line, row, owner=owner, cities=cities, industries=industries)
        errors.extend(row_errors)
        parsed.append((fields, chosen, publish))
    if errors:
        raise ImportRejected(errors)
    created: list[Resource] = []
    try:
        with transaction.atomic():
            for fields, chosen, publish in parsed:
                resource = create_resource(actor=actor, owner=owner, industries=chosen, **fields)
                if publish:
                    resource = publish_resource(actor=actor, resource=resource)
                created.append(resource)
            record_action(actor=actor, action="resources.imported", target=owner, data={"count": len(created), "file": filename})
    except ValidationError as exc:  # e.g. publishing a row without a description: still nothing imported
        line = rows[len(created)][0] if len(created) < len(rows) else 0
        items = exc.message_dict.items() if hasattr(exc, "error_dict") else [("name", exc.messages)]
        raise ImportRejected([RowError(line, FIELD_COLUMNS.get(name, name), message)
                              for name, messages in items for message in messages]) from None
    return created
