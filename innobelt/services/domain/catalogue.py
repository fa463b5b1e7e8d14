"""The catalogue: a provider offers a service (`offer_service`: the admin and the demo), and an organisation's
admins add, edit and retire theirs on pages (`add_service`, `edit_service`, `retire_service`)."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.permissions import require
from innobelt.services.models import Provider, Service, ServiceLanguage
from innobelt.services.search import service_search_document

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.belt.models import City
    from innobelt.organisations.models import Organisation

FEN = Decimal("0.01")


def refresh_search_document(service: Service) -> None:
    service.search_document = service_search_document(service)
    Service.objects.filter(pk=service.pk).update(search_document=service.search_document)


@transaction.atomic
def offer_service(*, actor: "User | None", organisation: "Organisation", cities: "Iterable[City]",
                  load_limit: int | None = None, **fields: Any) -> Service:
    """Add a service to the catalogue for `organisation` (made a provider if it is not one yet).

    The fee is kept to the fen, rounded half up. Raises ValidationError with nothing stored.
    Side effects: audit entry.
    """
    provider, _created = Provider.objects.get_or_create(organisation=organisation)
    if load_limit is not None and provider.load_limit != load_limit:
        provider.load_limit = load_limit
        provider.save(update_fields=["load_limit"])
    fee = fields.get("fee")
    if fee is not None:
        fields["fee"] = Decimal(str(fee)).quantize(FEN, rounding=ROUND_HALF_UP)
    languages = fields.setdefault("languages", [ServiceLanguage.ZH])
    if not languages or set(languages) - set(ServiceLanguage.values):
        raise ValidationError({"languages": [_("Choose Chinese, English or both.")]})
    cities = list(cities)
    if not cities:
        raise ValidationError({"cities": [_("Name at least one city the service is offered in.")]})
    service = Service(provider=provider, **fields)
    service.full_clean(exclude=["provider", "cities"])
    service.save()
    service.cities.set(cities)
    refresh_search_document(service)
    record_action(actor=actor, action="service.offered", target=service,
                  data={"provider": organisation.pk, "category": service.category})
    return service


def _checked(service: Service, fields: dict[str, Any], cities: list["City"]) -> None:
    fee = fields.get("fee")
    if fee is not None:
        fields["fee"] = Decimal(str(fee)).quantize(FEN, rounding=ROUND_HALF_UP)
    languages = fields.get("languages", service.languages)
    if not languages or set(languages) - set(ServiceLanguage.values):
        raise ValidationError({"languages": [_("Choose Chinese, English or both.")]})
    if not cities:
        raise ValidationError({"cities": [_("Name at least one city the service is offered in.")]})
    for name, value in fields.items():
        setattr(service, name, value)
    if service.resolution_days is not None and service.response_days is not None \
            and service.resolution_days < service.response_days:
        raise ValidationError({"resolution_days": [_("The resolution target cannot be shorter than the response "
                                                     "target.")]})
    service.full_clean(exclude=["provider", "cities"])


EDITABLE = ("category", "title_zh", "title_en", "description_zh", "description_en", "languages", "fee", "fee_note_zh",
            "fee_note_en", "response_days", "resolution_days", "is_active")


@transaction.atomic
def add_service(*, actor: "User", organisation: "Organisation", cities: "Iterable[City]", **fields: Any) -> Service:
    """An organisation's admin adds a service to the catalogue (the organisation becomes a provider).

    Raises PermissionDenied for anybody but its admins, ValidationError with nothing stored."""
    require(actor, "services.manage_catalogue", organisation)
    provider, _created = Provider.objects.get_or_create(organisation=organisation)
    cities = list(cities)
    service = Service(provider=provider)
    _checked(service, {k: v for k, v in fields.items() if k in EDITABLE}, cities)
    service.save()
    service.cities.set(cities)
    refresh_search_document(service)
    record_action(actor=actor, action="service.offered", target=service,
                  data={"provider": organisation.pk, "category": service.category})
    return service


@transaction.atomic
def edit_service(*, actor: "User", service: Service, cities: "Iterable[City]", **fields: Any) -> Service:
    """An admin of the provider changes a service (requests already routed keep their due days).

    Raises PermissionDenied for anybody but the provider's admins, ValidationError with nothing stored."""
    require(actor, "services.manage_catalogue", service.provider.organisation)
    service = Service.objects.select_for_update().select_related("provider__organisation").get(pk=service.pk)
    cities = list(cities)
    _checked(service, {k: v for k, v in fields.items() if k in EDITABLE}, cities)
    service.save()
    service.cities.set(cities)
    refresh_search_document(service)
    record_action(actor=actor, action="service.edited", target=service, data={"fields": sorted(fields)})
    return service


@transaction.atomic
def retire_service(*, actor: "User", service: Service) -> Service:
    """An admin of the provider takes a service off the catalogue: no new request is routed to it; requests
    already routed stay with the provider. Editing it with "offered" ticked puts it back."""
    require(actor, "services.manage_catalogue", service.provider.organisation)
    Service.objects.filter(pk=service.pk).update(is_active=False)
    service.is_active = False
    record_action(actor=actor, action="service.retired", target=service, data={})
    return service
