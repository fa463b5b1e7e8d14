"""Services as matching records (innobelt/matching/registry.py): registered in apps.py.

Only services on offer are matchable; the catalogue is public, so every service's audience is "public".
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from innobelt.matching.engine import Record
from innobelt.matching.registry import MatchSource, record_id, register
from innobelt.services.models import Service


def service_record(service: Any) -> Record | None:
    if not service.is_active or not service.provider.is_active:
        return None
    organisation = service.provider.organisation
    text = " ".join(x for x in (service.description_zh, service.description_en, service.get_category_display(),
                                " ".join(f"{c.name_zh} {c.name_en}" for c in service.cities.all())) if x)
    return Record(
        id=record_id("service", service.pk),
        title=" / ".join(x for x in (service.title_zh, service.title_en) if x),
        text=text,
        facets={
            "kind": ["service"],
            "service_category": [service.category],
            "owner_kind": [organisation.kind],
            "city": [c.slug for c in service.cities.all()],
            "owner": [str(organisation.pk)],
            "audience": ["public"],
        },
    )


def register_services() -> None:
    register(MatchSource(
        kind="service",
        model=Service,
        queryset=lambda: Service.objects.select_related("provider__organisation").prefetch_related("cities"),
        shown=lambda: Service.objects.only("title_zh", "title_en"),  # a result: its title and link (ADR 0024)
        to_record=service_record,
        label=lambda: str(_("service")),
    ))
