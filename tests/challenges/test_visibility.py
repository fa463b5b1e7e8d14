"""The rule (rules.can_see_need) and the query (queries.visible_needs) agree for every person and need."""

from django.contrib.auth.models import AnonymousUser

from innobelt.challenges import queries
from innobelt.challenges.models import Need
from innobelt.permissions import can
from tests.challenges.factories import NeedFactory, NeedInterestFactory
from tests.factories import UserFactory


def test_the_rule_and_the_query_agree(scene):
    needs = [NeedFactory(owner=scene.owner_org, confidentiality=c) for c in Need.Confidentiality.values]
    needs += [NeedFactory(owner=scene.unverified_org, confidentiality=c) for c in Need.Confidentiality.values]
    answered = NeedFactory(owner=scene.owner_org, confidentiality=Need.Confidentiality.VERIFIED)
    NeedInterestFactory(need=answered, organisation=scene.unverified_org)
    closed = NeedFactory(owner=scene.owner_org, status=Need.Status.CLOSED)
    needs += [answered, closed]
    people = [
        AnonymousUser(),
        scene.owner_admin,
        scene.owner_member,
        scene.solver,
        scene.unverified_member,
        UserFactory(),
        UserFactory(operator_for=[scene.city]),
        UserFactory(is_platform_operator=True),
        UserFactory(is_active=False),
    ]
    for person in people:
        inactive = person.is_authenticated and not person.is_active  # may do nothing at all (innobelt.permissions)
        visible = set() if inactive else set(queries.visible_needs(person).values_list("pk", flat=True))
        for need in needs:
            assert can(person, "challenges.view_need", need) == (need.pk in visible), (person, need.confidentiality)
    assert answered.pk in set(queries.visible_needs(scene.unverified_member).values_list("pk", flat=True))
