"""Loading the organisations the seeds name (idempotent)."""

from django.db import transaction

from innobelt.belt.models import City, CooperationAgreement, Industry
from innobelt.organisations.domain import refresh_search_document
from innobelt.organisations.models import Organisation
from innobelt.organisations.seed_data import ORGANISATIONS


@transaction.atomic
def load_seed_organisations() -> int:
    cities = {c.slug: c for c in City.objects.all()}
    industries = {i.code: i for i in Industry.objects.all()}
    for row in ORGANISATIONS:
        org, _ = Organisation.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "kind": row["kind"], "name_zh": row["name_zh"], "name_en": row["name_en"],
                "description": row["description"], "description_language": row["lang"],
                "city": cities.get(row["city"]) if row["city"] else None, "country": row["country"],
                "is_goi_member": row.get("goi", False), "verification": Organisation.Verification.VERIFIED,
            },
        )
        org.industries.set([industries[c] for c in row["industries"]])
        refresh_search_document(org)
    center = Organisation.objects.get(slug="putuo-collaborative-innovation-center")
    center.agreements.set(CooperationAgreement.objects.filter(slug__startswith="alliance-putuo-"))
    return len(ORGANISATIONS)
