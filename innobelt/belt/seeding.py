"""Loading the Belt's cities, industries and agreements (idempotent)."""

from datetime import date, timedelta

from django.db import transaction

from innobelt.belt import seed_data
from innobelt.belt.models import City, CooperationAgreement, FollowUpAction, Industry


@transaction.atomic
def load_belt() -> dict:
    for code, zh, en in seed_data.INDUSTRIES:
        Industry.objects.update_or_create(code=code, defaults={"name_zh": zh, "name_en": en})
    industries = {i.code: i for i in Industry.objects.all()}
    for position, row in enumerate(seed_data.CITIES):
        row = dict(row)
        specialties = row.pop("specialties")
        city, _ = City.objects.update_or_create(slug=row.pop("slug"), defaults={**row, "position": position})
        city.specialties.set([industries[c] for c in specialties])
    putuo = City.objects.get(slug="putuo")
    for row in seed_data.AGREEMENTS:
        partner = City.objects.get(slug=row["city"])
        agreement, created = CooperationAgreement.objects.update_or_create(
            slug=f"alliance-putuo-{partner.slug}",
            defaults={
                "name_zh": f"沪宁协同创新城市联盟合作备忘录（普陀区—{partner.name_zh}）",
                "name_en": f"City Alliance memorandum: Putuo – {partner.name_en}",
                "text_zh": f"{seed_data.AGREEMENT_NOTE_ZH}\n{row['text_zh']}",
                "text_en": f"{seed_data.AGREEMENT_NOTE_EN}\n{row['text_en']}",
                "signed_on": date.fromisoformat(row["signed_on"]),
                "status": CooperationAgreement.Status.IN_PROGRESS,
            },
        )
        agreement.cities.set([putuo, partner])
        agreement.focus_industries.set([industries[c] for c in row["focus"]])
        if created:
            for zh, en, days, status in seed_data.FOLLOW_UPS:
                FollowUpAction.objects.create(
                    agreement=agreement, description_zh=zh, description_en=en, owner_city=partner,
                    due_on=agreement.signed_on + timedelta(days=days), status=status,
                )
    return {"industries": Industry.objects.count(), "cities": City.objects.count(),
            "agreements": CooperationAgreement.objects.count()}
