"""Who hears about things (organisations.queries.admins_of / operators_of, ADR 0012): never an inactive account."""

import pytest

from innobelt.notifications.models import Notification
from innobelt.organisations import domain
from innobelt.organisations.models import Claim, Membership
from innobelt.organisations.queries import admins_of, operators_of
from tests.factories import CityFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def told(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_admins_of_is_the_active_admins_only():
    org = OrganisationFactory()
    active = MembershipFactory(organisation=org, role=Membership.Role.ADMIN).user
    MembershipFactory(organisation=org, role=Membership.Role.ADMIN, user=UserFactory(is_active=False))
    MembershipFactory(organisation=org, role=Membership.Role.MEMBER)
    assert admins_of(org) == [active]
    assert admins_of(None) == []


def test_operators_of_a_city_fall_back_to_active_platform_operators():
    city, other = CityFactory(), CityFactory()
    UserFactory(operator_for=[city], is_active=False)
    UserFactory(operator_for=[other])
    platform = UserFactory(is_platform_operator=True)
    UserFactory(is_platform_operator=True, is_active=False)
    assert operators_of(city) == [platform]  # the city's only operator is inactive
    district = UserFactory(operator_for=[city])
    assert operators_of(city) == [district] == operators_of(city.pk)
    assert operators_of(None) == [platform]


def test_an_inactive_admin_is_not_told_of_a_join_request():
    org = OrganisationFactory()
    active = MembershipFactory(organisation=org, role=Membership.Role.ADMIN).user
    inactive = MembershipFactory(organisation=org, role=Membership.Role.ADMIN, user=UserFactory(is_active=False)).user
    domain.claim_organisation(user=UserFactory(), organisation=org, kind=Claim.Kind.JOIN)
    assert told("organisation.claim") == {active.pk}
    assert inactive.pk not in told("organisation.claim")


def test_a_join_request_to_only_inactive_admins_becomes_a_claim_for_the_operators():
    org = OrganisationFactory()
    MembershipFactory(organisation=org, role=Membership.Role.ADMIN, user=UserFactory(is_active=False))
    operator = UserFactory(operator_for=[org.city])
    claim = domain.claim_organisation(user=UserFactory(), organisation=org, kind=Claim.Kind.JOIN)
    assert claim.kind == Claim.Kind.CLAIM
    assert told("organisation.claim") == {operator.pk}


def test_an_inactive_district_operator_is_not_told_of_a_claim():
    org = OrganisationFactory()
    UserFactory(operator_for=[org.city], is_active=False)
    platform = UserFactory(is_platform_operator=True)
    domain.claim_organisation(user=UserFactory(), organisation=org)
    assert told("organisation.claim") == {platform.pk}
