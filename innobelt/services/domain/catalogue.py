"""The catalogue: a provider offers a service (the admin and the demo use this)."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
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
