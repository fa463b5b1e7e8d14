"""Creating, changing, publishing and withdrawing resources of the register."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.bilingual import join_list
from innobelt.files.domain import discard_file, save_upload
from innobelt.permissions import require
from innobelt.resources import opening_hours as opening
from innobelt.resources.models import ALL_KIND_FIELDS, COMMON_FIELDS, KIND_FIELDS, Resource
from innobelt.resources.search import search_document_for

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.belt.models import City, Industry
    from innobelt.organisations.models import Organisation

EDITABLE_FIELDS = set(COMMON_FIELDS) | set(ALL_KIND_FIELDS)


def refresh_search_document(resource: Resource) -> None:
    resource.search_document = search_document_for(resource)
    Resource.objects.filter(pk=resource.pk).update(search_document=resource.search_document)


def _default(name: str) -> Any:
    field = Resource._meta.get_field(name)
    assert isinstance(field, models.Field), name  # the kinds' columns are concrete fields
    return field.get_default()


def _clear_other_kinds(resource: Resource) -> None:
    """A patent carries no slot length: the columns of other kinds go back to their defaults."""
    own = {name for kind, names in KIND_FIELDS.items() if kind == resource.kind for name in names}
    for name in ALL_KIND_FIELDS:
        if name not in own:
            setattr(resource, name, _default(name))


def validate_resource(resource: Resource, *, visible_cities: "Iterable[City] | None" = None) -> None:
    """Field checks plus each kind's required facts. Raises one ValidationError naming every field."""
    errors: dict[str, list[str]] = {}
    if isinstance(resource.opening_hours, str):
        try:
            resource.opening_hours = opening.parse_opening_hours(resource.opening_hours)
        except ValidationError as exc:
            errors["opening_hours"] = exc.messages
    try:
        resource.full_clean(exclude=["opening_hours"] if "opening_hours" in errors else None)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)

    def need(name: str, message: str) -> None:
        if name not in errors:
            errors[name] = [message]

    if resource.kind == Resource.Kind.EQUIPMENT:
        if not resource.slot_minutes or not 5 <= resource.slot_minutes <= 1440:
            need("slot_minutes", _("Give the slot length in minutes (5 to 1440)."))
        if "opening_hours" not in errors:
            try:
                resource.opening_hours = opening.validate_opening_hours(resource.opening_hours)
            except ValidationError as exc:
                errors["opening_hours"] = exc.messages
            else:
                if not resource.opening_hours:
                    need("opening_hours", _("Give the weekly opening hours, e.g. “Mon-Fri 09:00-17:00”."))
        if resource.cancellation_hours > 720:
            need("cancellation_hours", _("The cancellation notice can be at most 720 hours (30 days)."))
    elif resource.kind == Resource.Kind.PATENT:
        if not resource.patent_number.strip():
            need("patent_number", _("Give the patent or application number."))
        modes = resource.licensing_modes
        if not isinstance(modes, list) or not modes or not set(modes) <= set(Resource.Licensing.values):
            need("licensing_modes", _("Choose at least one licensing mode among: %(modes)s.")
                 % {"modes": join_list(Resource.Licensing.values)})
        else:
            resource.licensing_modes = [m for m in Resource.Licensing.values if m in modes]
    elif resource.kind in (Resource.Kind.SOLUTION, Resource.Kind.SCENARIO):
        if resource.trl is None:
            need("trl", _("Give the technology readiness level (1 to 9)."))
    if resource.visibility == Resource.Visibility.CITIES and visible_cities is not None and not list(visible_cities):
        need("visible_cities", _("Choose the cities whose organisations may see this resource."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_resource(*, actor: "User", owner: "Organisation", industries: "Iterable[Industry]" = (), visible_cities: "Iterable[City]" = (),
                    publish: bool = False, **fields: Any) -> Resource:
    """Add a resource to the owner organisation's register (a draft unless `publish`).

    The city defaults to the owner's. Side effects: audit entry; publishing as below.
    """
    require(actor, "resources.add_resource", owner)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    resource = Resource(owner=owner, created_by=actor if getattr(actor, "pk", None) else None, **fields)
    if resource.city_id is None and "city" not in fields:
        resource.city_id = owner.city_id
    _clear_other_kinds(resource)
    validate_resource(resource, visible_cities=visible_cities)
    resource.save()
    resource.industries.set(industries)
    resource.visible_cities.set(visible_cities if resource.visibility == Resource.Visibility.CITIES else [])
    refresh_search_document(resource)
    record_action(actor=actor, action="resource.created", target=resource, data={"kind": resource.kind, "owner": owner.pk})
    if publish:
        resource = publish_resource(actor=actor, resource=resource)
    return resource


@transaction.atomic
def update_resource(*, actor: "User", resource: Resource, changes: dict[str, Any], industries: "Iterable[Industry] | None" = None,
                    visible_cities: "Iterable[City] | None" = None) -> Resource:
    """Change a resource's facts. The kind cannot change. Raises ValidationError (nothing saved).

    Side effects: audit entry listing the changed fields.
    """
    require(actor, "resources.change_resource", resource)
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in sorted(unknown)})
    if "kind" in changes and changes["kind"] != resource.kind:
        raise ValidationError({"kind": _("The kind of a resource cannot change; add a new resource instead.")})
    changed = sorted(name for name, value in changes.items() if getattr(resource, name) != value)
    for name, value in changes.items():
        setattr(resource, name, value)
    _clear_other_kinds(resource)
    cities = list(visible_cities) if visible_cities is not None else list(resource.visible_cities.all())
    validate_resource(resource, visible_cities=cities)
    resource.save()
    if industries is not None:
        resource.industries.set(industries)
        changed.append("industries")
    resource.visible_cities.set(cities if resource.visibility == Resource.Visibility.CITIES else [])
    refresh_search_document(resource)
    record_action(actor=actor, action="resource.updated", target=resource, data={"fields": changed})
    return resource


@transaction.atomic
def publish_resource(*, actor: "User", resource: Resource) -> Resource:
    """Show a resource in the register. It needs a description and a contact.

    Side effects: audit entry.
    """
    require(actor, "resources.change_resource", resource)
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    errors = {}
    if not resource.description.strip():
        errors["description"] = [_("Describe the resource before publishing it.")]
    if not (resource.contact_name.strip() or resource.contact_email.strip()):
        errors["contact_name"] = [_("Give a contact person or e-mail before publishing.")]
    if errors:
        raise ValidationError(errors)
    if resource.status != Resource.Status.PUBLISHED:
        resource.status, resource.published_at = Resource.Status.PUBLISHED, timezone.now()
        resource.save(update_fields=["status", "published_at", "updated_at"])
        record_action(actor=actor, action="resource.published", target=resource)
    return resource


@transaction.atomic
def unpublish_resource(*, actor: "User", resource: Resource) -> Resource:
    """Take a resource back to draft: it leaves the register; requests and bookings stay.

    Side effects: audit entry.
    """
    require(actor, "resources.change_resource", resource)
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if resource.status != Resource.Status.DRAFT:
        resource.status = Resource.Status.DRAFT
        resource.save(update_fields=["status", "updated_at"])
        record_action(actor=actor, action="resource.unpublished", target=resource)
    return resource


@transaction.atomic
def set_resource_photo(*, actor: "User", resource: Resource, upload: UploadedFile) -> Resource:
    """Give a resource its photo (replacing the old one), checked like every upload: a JPEG, PNG or
    WebP by its content, at most 5 MB. Raises ValidationError with nothing stored.

    The file stays private; resources:photo serves it to whoever may see the resource.
    Side effects: the file, audit entries; the old photo's file is deleted.
    """
    require(actor, "resources.change_resource", resource)
    resource = Resource.objects.select_for_update(of=("self",)).select_related("photo").get(pk=resource.pk)
    stored = save_upload(actor=actor, organisation=resource.owner, kind="photo", upload=upload)
    old = resource.photo
    resource.photo = stored
    resource.save(update_fields=["photo", "updated_at"])
    if old is not None:
        discard_file(actor=actor, stored=old)
    record_action(actor=actor, action="resource.photo_set", target=resource, data={"file": str(stored.pk)})
    return resource


@transaction.atomic
def remove_resource_photo(*, actor: "User", resource: Resource) -> Resource:
    """Take a resource's photo away and delete its file. Side effects: audit entries."""
    require(actor, "resources.change_resource", resource)
    resource = Resource.objects.select_for_update(of=("self",)).select_related("photo").get(pk=resource.pk)
    if resource.photo is not None:
        old = resource.photo
        resource.photo = None
        resource.save(update_fields=["photo", "updated_at"])
        discard_file(actor=actor, stored=old)
        record_action(actor=actor, action="resource.photo_removed", target=resource)
    return resource
