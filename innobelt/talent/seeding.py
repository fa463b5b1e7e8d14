"""Loading the talent demo (idempotent), with each person's consent to showing their profile recorded."""

from django.db import transaction
from django.utils import timezone

from innobelt.accounts.models import User
from innobelt.belt.models import City, Industry
from innobelt.organisations.models import Organisation
from innobelt.talent.domain import record_consent
from innobelt.talent.models import PURPOSE_PROFILE, DistrictProgramme, Position, Recognition, TalentProfile
from innobelt.talent.seed_data import POSITIONS, PROFILES, PROGRAMMES, RECOGNITIONS


@transaction.atomic
def load_talent_demo(*, password: str) -> dict:
    cities = {c.slug: c for c in City.objects.all()}
    industries = {i.code: i for i in Industry.objects.all()}
    for row in PROGRAMMES:
        DistrictProgramme.objects.update_or_create(
            city=cities[row["city"]], defaults={"prioritise_goi": row["prioritise_goi"], "name_zh": row["name_zh"], "name_en": row["name_en"]}
        )
    made = 0
    for row in POSITIONS:
        organisation = Organisation.objects.filter(slug=row["org"]).first()
        if organisation is None:
            continue
        spec = {k: v for k, v in row.items() if k not in ("org", "field")}
        Position.objects.update_or_create(
            organisation=organisation,
            title_zh=row["title_zh"],
            defaults={**spec, "field": industries.get(row["field"]), "city": organisation.city, "goi_participant": organisation.is_goi_member},
        )
        made += 1
    for row in PROFILES:
        user, created = User.objects.get_or_create(
            email=row["email"], defaults={"username": row["email"], "display_name": row["person"], "email_confirmed_at": timezone.now()}
        )
        if created:
            user.set_password(password)
            user.save()
        spec = {k: v for k, v in row.items() if k not in ("email", "person", "field", "cities")}
        profile, _ = TalentProfile.objects.update_or_create(user=user, defaults={**spec, "field": industries.get(row["field"])})
        profile.cities.set([cities[c] for c in row["cities"]])
        if profile.visibility != TalentProfile.Visibility.HIDDEN:
            record_consent(user=user, purpose=PURPOSE_PROFILE)
    for row in RECOGNITIONS:
        profile = TalentProfile.objects.get(user__email=row["email"])
        Recognition.objects.get_or_create(
            profile=profile, programme=row["programme"], city=cities[row["city"]], defaults={"review_note": row["review_note"]}
        )
    return {"positions": made, "talent profiles": len(PROFILES)}
