"""Rows of talent for tests."""

from innobelt.talent.models import Position, TalentProfile
from tests.factories import UserFactory


def make_position(organisation, **fields) -> Position:
    values = {
        "title_en": "Analog IC design engineer",
        "description": "Design of PLL and ADC blocks.",
        "skills": "Cadence, PLL, ADC",
        "city": organisation.city,
        "language": "zh",
        "goi_participant": organisation.is_goi_member,
        **fields,
    }
    return Position.objects.create(organisation=organisation, **values)


def make_profile(user=None, *, cities=(), **fields) -> TalentProfile:
    values = {
        "headline": "IC designer",
        "skills": "Cadence, PLL",
        "languages": "中文, English",
        "visibility": TalentProfile.Visibility.PUBLIC,
        **fields,
    }
    profile = TalentProfile.objects.create(user=user or UserFactory(), **values)
    profile.cities.set(cities)
    return profile
