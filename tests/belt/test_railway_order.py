"""The cities in railway order: the seeds, and databases seeded before (belt/migrations/0002)."""

import importlib

import pytest
from django.apps import apps

from innobelt.belt import seed_data
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db

LINE = ["suzhou", "wuxi", "changzhou", "zhenjiang", "nanjing"]  # Shanghai → Nanjing


def test_the_seeds_run_from_shanghai_to_nanjing():
    slugs = [c["slug"] for c in seed_data.CITIES]
    kinds = [c["kind"] for c in seed_data.CITIES]
    assert kinds == sorted(kinds, key=lambda k: k != "shanghai_district")  # Shanghai's districts first
    assert [slugs.index(s) for s in LINE] == sorted(slugs.index(s) for s in LINE)
    jiangsu = [float(c["longitude"]) for c in seed_data.CITIES if c["kind"] == "jiangsu_city"]
    assert jiangsu == sorted(jiangsu, reverse=True)  # east to west
    assert slugs[-1] == "nanjing"


def test_the_migration_puts_a_database_seeded_before_in_railway_order():
    migration = importlib.import_module("innobelt.belt.migrations.0002_railway_order")
    old = ["putuo", "pudong", "baoshan", "nanjing", "wuxi", "changzhou", "suzhou", "nantong", "zhenjiang", "taizhou"]
    for position, slug in enumerate(old):
        CityFactory(slug=slug, position=position)
    CityFactory(slug="added-later", position=42)
    migration.railway_order(apps, None)
    City = apps.get_model("belt", "City")
    assert list(City.objects.order_by("position").values_list("slug", flat=True)) == [
        *[c["slug"] for c in seed_data.CITIES], "added-later"]
