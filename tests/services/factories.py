"""The service zone's test records, made through the domain where it matters."""

from decimal import Decimal

from innobelt.belt.models import City
from innobelt.services.domain import offer_service
from tests.factories import CityFactory, OrganisationFactory


def shanghai_district(slug="putuo", name_en="Putuo District", name_zh="普陀区"):
    return CityFactory(slug=slug, kind=City.Kind.SHANGHAI_DISTRICT, name_en=name_en, name_zh=name_zh,
                       province_zh="上海市", province_en="Shanghai", commute_minutes=None)


def jiangsu_city(slug="wuxi", name_en="Wuxi", name_zh="无锡市"):
    return CityFactory(slug=slug, name_en=name_en, name_zh=name_zh, province_zh="江苏省", province_en="Jiangsu")


def service_of(organisation=None, *, cities, category="market_entry", title_en="Market entry service", **fields):
    organisation = organisation or OrganisationFactory()
    defaults = {"title_zh": "", "description_en": "We help firms set up and sell.", "fee": Decimal("5000.00"),
                "response_days": 1, "resolution_days": 5, "languages": ["zh", "en"]}
    defaults.update(fields)
    return offer_service(actor=None, organisation=organisation, cities=cities, category=category, title_en=title_en,
                         **defaults)
