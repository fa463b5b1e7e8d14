from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from innobelt.organisations.models import Membership, Organisation
from tests.factories import AccessRequestFactory, CityFactory, IndustryFactory, MembershipFactory, OrganisationFactory, ResourceFactory


def at(days: int, hour: int, minute: int = 0) -> datetime:
    """An aware local time `days` from today (the platform's time zone)."""
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour, minute)))


@dataclass
class Scene:
    city: object
    owner_org: object
    owner_admin: object
    owner_member: object
    equipment: object
    seeker_org: object
    seeker: object
    seeker_admin: object
    access: object  # the seeker's active request for the equipment
    industry: object


@pytest.fixture
def scene(db) -> Scene:
    """An owner laboratory with published equipment (open 08:00–20:00 daily, 1 h slots) and an SME
    of the same city whose request is approved and whose terms are accepted."""
    city, industry = CityFactory(), IndustryFactory()
    owner_org = OrganisationFactory(kind=Organisation.Kind.LABORATORY, city=city)
    equipment = ResourceFactory(owner=owner_org, industries=[industry])
    seeker_org = OrganisationFactory(kind=Organisation.Kind.SME, city=city, industries=[industry])
    seeker = MembershipFactory(organisation=seeker_org).user
    access = AccessRequestFactory(resource=equipment, organisation=seeker_org, requested_by=seeker)
    return Scene(
        city=city, owner_org=owner_org, owner_admin=MembershipFactory(organisation=owner_org, role=Membership.Role.ADMIN).user,
        owner_member=MembershipFactory(organisation=owner_org).user, equipment=equipment, seeker_org=seeker_org, seeker=seeker,
        seeker_admin=MembershipFactory(organisation=seeker_org, role=Membership.Role.ADMIN).user, access=access, industry=industry,
    )


@pytest.fixture(autouse=True)
def _english_by_default():
    """These tests read messages in English unless they switch language themselves."""
    from django.utils import translation

    with translation.override("en"):
        yield
