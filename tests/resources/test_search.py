import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from innobelt.resources import queries
from innobelt.resources.search import match_reasons
from tests.factories import BookingFactory, CityFactory, IndustryFactory, OrganisationFactory, ResourceFactory
from tests.resources.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_rows(scene):
    raman = ResourceFactory(owner=scene.owner_org, title_zh="激光显微拉曼光谱仪", title_en="Confocal Raman spectrometer",
                            description="共聚焦显微拉曼光谱仪，用于电池材料表征。", industries=[scene.industry], terms="free")
    separator = ResourceFactory(owner=OrganisationFactory(name_en="Delta Institute", city=CityFactory(slug="suzhou-x")),
                                kind="scenario", title_zh="", title_en="Pilot line for lithium-battery separator films",
                                description="Wet-process separator films, coating and testing.", trl=7, opening_hours=[], slot_minutes=None,
                                industries=[IndustryFactory(code="new-energy-x")], terms="cost_price")
    return raman, separator


def titles(qs):
    return sorted(r.title_en for r in qs)


def test_chinese_substrings_and_english_stems_find_resources(register_rows):
    raman, separator = register_rows
    anyone = AnonymousUser()
    assert titles(queries.register(anyone, query="光谱")) == ["Confocal Raman spectrometer"]
    assert titles(queries.register(anyone, query="spectrometers")) == ["Confocal Raman spectrometer"]
    assert titles(queries.register(anyone, query="separator film")) == ["Pilot line for lithium-battery separator films"]
    assert titles(queries.register(anyone, query="Delta")) == ["Pilot line for lithium-battery separator films"]  # the owner's name
    assert titles(queries.register(anyone, query="光谱 separator")) == []


def test_each_result_says_why_it_matches(register_rows, scene):
    raman, _separator = register_rows
    reasons = match_reasons(raman, query="拉曼 Raman", industry_ids=queries.seeker_industry_ids(scene.seeker),
                            free_between=(at(5, 0).date(), at(6, 0).date()))
    assert [(r.code, r.value, r.field) for r in reasons] == [
        ("term", "拉曼", "title"), ("term", "raman", "title"), ("industry", scene.industry.code, "industries"),
        ("free", f"{at(5, 0):%Y-%m-%d}/{at(6, 0):%Y-%m-%d}", "bookings")]
    client = Client()
    client.force_login(scene.seeker)
    item = client.get("/api/v1/resources", {"q": "电池"}).json()["items"][0]
    assert [(w["code"], w["value"], w["field"]) for w in item["why"]] == [
        ("term", "电池", "description"), ("industry", scene.industry.code, "industries")]
    page = client.get("/resources/", {"q": "电池"}).content.decode()
    assert "shares the industry" in page or "行业" in page


def test_filters(register_rows, scene):
    raman, separator = register_rows
    anyone = AnonymousUser()
    assert titles(queries.register(anyone, kind="scenario")) == [separator.title_en]
    assert titles(queries.register(anyone, industry="new-energy-x")) == [separator.title_en]
    assert titles(queries.register(anyone, city="suzhou-x")) == [separator.title_en]
    assert titles(queries.register(anyone, owner=scene.owner_org.slug)) == sorted([raman.title_en, scene.equipment.title_en])
    assert titles(queries.register(anyone, terms="free")) == [raman.title_en]


def test_free_in_a_date_range_lists_equipment_without_bookings_or_closures_then(register_rows, scene):
    raman, _separator = register_rows
    BookingFactory(access_request=scene.access, start=at(5, 10), end=at(5, 11))
    anyone = AnonymousUser()
    on_day_5 = titles(queries.register(anyone, free_from=at(5, 0).date(), free_to=at(5, 0).date()))
    assert on_day_5 == [raman.title_en]  # the booked instrument and the non-equipment are out
    assert titles(queries.register(anyone, free_from=at(6, 0).date(), free_to=at(7, 0).date())) == sorted(
        [raman.title_en, scene.equipment.title_en])
    response = Client().get("/api/v1/resources", {"free_from": "2026-01-10", "free_to": "2026-01-01"})
    assert response.status_code == 400
    assert Client().get("/resources/", {"free_from": "9999-12-31", "free_to": "9999-12-31"}).status_code == 200
