"""innobelt/belt/seeding.py: the Belt's cities, industries and agreements load once, and again without copies."""

import pytest

from innobelt.belt import seed_data
from innobelt.belt.models import City, CooperationAgreement, FollowUpAction, Industry
from innobelt.belt.seeding import load_belt

pytestmark = pytest.mark.django_db


def test_the_belt_loads_every_seed_row_and_twice_changes_nothing():
    counts = load_belt()
    assert counts == {"industries": len(seed_data.INDUSTRIES), "cities": len(seed_data.CITIES),
                      "agreements": len(seed_data.AGREEMENTS)}
    actions = FollowUpAction.objects.count()
    assert actions == len(seed_data.AGREEMENTS) * len(seed_data.FOLLOW_UPS)
    assert load_belt() == counts and FollowUpAction.objects.count() == actions


def test_each_agreement_joins_putuo_and_its_partner_with_their_focus():
    load_belt()
    putuo = City.objects.get(slug="putuo")
    for row in seed_data.AGREEMENTS:
        agreement = CooperationAgreement.objects.get(slug=f"alliance-putuo-{row['city']}")
        assert set(agreement.cities.values_list("slug", flat=True)) == {putuo.slug, row["city"]}
        assert set(agreement.focus_industries.values_list("code", flat=True)) == set(row["focus"])
        assert agreement.text_zh.startswith(seed_data.AGREEMENT_NOTE_ZH) and agreement.text_en.startswith(seed_data.AGREEMENT_NOTE_EN)


def test_a_renamed_industry_is_restored_and_cities_keep_the_seed_order():
    load_belt()
    code, zh, en = seed_data.INDUSTRIES[0]
    Industry.objects.filter(code=code).update(name_en="Something else")
    load_belt()
    assert Industry.objects.get(code=code).name_en == en
    assert list(City.objects.order_by("position").values_list("slug", flat=True)) == [c["slug"] for c in seed_data.CITIES]
