"""Races on PostgreSQL (each thread its own connection): of a startup's admins confirming and declining at once,
one decision wins and the others are 409 conflicts; two admins of the incubator naming the same startup at once
store one incubation (the others are refused with a validation error)."""

from collections import Counter
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from innobelt.kit.api_errors import ConflictError
from innobelt.organisations.incubation import confirm_incubation, decline_incubation, name_incubated_startup
from innobelt.organisations.models import Incubation, Membership
from tests.factories import MembershipFactory, OrganisationFactory
from tests.races import tally

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 6


def race(fns) -> Counter:
    return tally(*fns, refusals={ConflictError: "conflict", ValidationError: "refused"})


@pytest.fixture
def pair(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs a connection per thread: PostgreSQL")
    incubator, startup = OrganisationFactory(kind="incubator"), OrganisationFactory(kind="startup")
    return {
        "incubator": incubator, "startup": startup,
        "incubator_admins": [MembershipFactory(organisation=incubator, role=Membership.Role.ADMIN).user
                             for _ in range(THREADS)],
        "startup_admins": [MembershipFactory(organisation=startup, role=Membership.Role.ADMIN).user
                           for _ in range(THREADS)],
    }


def test_one_decision_wins_the_others_are_conflicts(pair):
    incubation = name_incubated_startup(actor=pair["incubator_admins"][0], incubator=pair["incubator"],
                                        startup=pair["startup"], started_on=date(2024, 1, 1))
    fns = [(lambda admin=admin, decide=(confirm_incubation if n % 2 else decline_incubation):
            decide(actor=admin, incubation=incubation).status) for n, admin in enumerate(pair["startup_admins"])]
    outcomes = race(fns)
    assert outcomes["conflict"] == THREADS - 1 and sum(outcomes.values()) == THREADS
    final = Incubation.objects.get(pk=incubation.pk)
    assert outcomes[final.status] == 1


def test_naming_at_once_stores_one(pair):
    fns = [(lambda admin=admin: name_incubated_startup(actor=admin, incubator=pair["incubator"],
                                                       startup=pair["startup"], started_on=date(2024, 1, 1)).status)
           for admin in pair["incubator_admins"]]
    outcomes = race(fns)
    assert outcomes == Counter({"named": 1, "refused": THREADS - 1})
    assert Incubation.objects.filter(incubator=pair["incubator"], startup=pair["startup"]).count() == 1
