"""factory_boy factories for every app's models."""

import factory
from django.utils import timezone

from innobelt.accounts.models import User
from innobelt.belt.models import City, Industry
from innobelt.organisations.models import Membership, Organisation


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"industry-{n}")
    name_zh = factory.Sequence(lambda n: f"行业{n}")
    name_en = factory.Sequence(lambda n: f"Industry {n}")


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"city-{n}")
    kind = City.Kind.JIANGSU_CITY
    name_zh = factory.Sequence(lambda n: f"城市{n}")
    name_en = factory.Sequence(lambda n: f"City {n}")
    province_zh = "江苏省"
    province_en = "Jiangsu"
    commute_minutes = 60
    gdp_band = City.GdpBand.TRILLION_PLUS
    latitude = "31.5"
    longitude = "120.3"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    username = factory.SelfAttribute("email")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def operator_for(self, create, cities, **kwargs):
        if create and cities:
            self.operator_cities.set(cities)
            self.is_staff = True
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Organisation.Kind.SME
    name_zh = factory.Sequence(lambda n: f"测试企业{n}")
    name_en = factory.Sequence(lambda n: f"Test Company {n}")
    city = factory.SubFactory(CityFactory)

    @factory.post_generation
    def industries(self, create, values, **kwargs):
        if create and values:
            self.industries.set(values)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER
