"""organisations.queries.my_organisations: "my organisations", the one list every app reads them from."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from innobelt.organisations.models import Membership
from innobelt.organisations.queries import my_organisations
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_my_organisations_are_the_administered_ones_first_then_the_oldest_membership():
    person = UserFactory()
    now = timezone.now()
    oldest_member = MembershipFactory(user=person, role=Membership.Role.MEMBER, joined_at=now - timedelta(days=30),
                                      organisation=OrganisationFactory(name_en="Aaa member")).organisation
    newer_admin = MembershipFactory(user=person, role=Membership.Role.ADMIN, joined_at=now - timedelta(days=1),
                                    organisation=OrganisationFactory(name_en="Zzz admin")).organisation
    older_admin = MembershipFactory(user=person, role=Membership.Role.ADMIN, joined_at=now - timedelta(days=10),
                                    organisation=OrganisationFactory(name_en="Mmm admin")).organisation
    MembershipFactory(role=Membership.Role.ADMIN)  # someone else's organisation
    assert list(my_organisations(person)) == [older_admin, newer_admin, oldest_member]
    # narrowing keeps the order and never repeats a row
    assert list(my_organisations(person).filter(pk__in=[oldest_member.pk, newer_admin.pk])) == [newer_admin, oldest_member]


def test_nobody_acts_for_an_organisation_when_signed_out_or_inactive():
    inactive = UserFactory(is_active=False)
    MembershipFactory(user=inactive, role=Membership.Role.ADMIN)
    assert list(my_organisations(inactive)) == []
    assert list(my_organisations(AnonymousUser())) == []
    assert list(my_organisations(None)) == []


def test_a_list_of_my_organisations_costs_the_same_queries_whatever_its_length(django_assert_num_queries):
    person = UserFactory()
    for _ in range(4):
        MembershipFactory(user=person)
    with django_assert_num_queries(2):  # the organisations with their cities, then their industries
        rows = list(my_organisations(person))
        assert [o.city for o in rows] and [list(o.industries.all()) for o in rows]
