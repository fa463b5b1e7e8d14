from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation

from innobelt.organisations.models import Membership, Organisation
from tests.factories import CityFactory, EventFactory, MembershipFactory, OrganisationFactory


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English here; test_the_duplicate_message_is_translated checks the Chinese catalogue."""
    translation.activate("en")
    yield
    translation.activate(settings.LANGUAGE_CODE)


def at(days: int, hour: int, minute: int = 0) -> datetime:
    """An aware local time `days` from today (the platform's time zone)."""
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour, minute)))


@dataclass
class Scene:
    city: object
    organiser: object  # the organising organisation
    admin: object  # its admin
    staff: object  # a plain member of it (door staff)
    event: object  # a published forum in ten days, 09:00–17:00


def person(kind=Organisation.Kind.SME, city=None):
    """A member of a new organisation of that kind."""
    org = OrganisationFactory(kind=kind, **({"city": city} if city else {}))
    return MembershipFactory(organisation=org).user


@pytest.fixture
def scene(db) -> Scene:
    city = CityFactory()
    organiser = OrganisationFactory(kind=Organisation.Kind.SERVICE_PROVIDER, city=city)
    admin = MembershipFactory(organisation=organiser, role=Membership.Role.ADMIN).user
    staff = MembershipFactory(organisation=organiser, role=Membership.Role.MEMBER).user
    event = EventFactory(organiser=organiser, city=city, starts_at=at(10, 9), ends_at=at(10, 17))
    return Scene(city=city, organiser=organiser, admin=admin, staff=staff, event=event)
