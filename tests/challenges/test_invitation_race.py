"""Two of the owner's admins invite the same organisation at once: one invitation is made (201), the other is told
the organisation was already invited (409), and there is one row (PostgreSQL: a connection per thread)."""

import pytest
from django.db import connection
from django.test import Client

from innobelt.challenges.models import SolverInvitation
from innobelt.organisations.models import Membership
from tests.challenges.factories import ChallengeFactory
from tests.factories import MembershipFactory
from tests.races import in_parallel


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_invitations_of_the_same_pair_make_one(scene):
    if connection.vendor != "postgresql":
        pytest.skip("needs a connection per thread (PostgreSQL)")
    challenge = ChallengeFactory(owner=scene.owner_org)
    admins = [scene.owner_admin, MembershipFactory(organisation=scene.owner_org, role=Membership.Role.ADMIN).user]
    clients = []
    for admin in admins:
        client = Client()
        client.force_login(admin)
        clients.append(client)

    def invite(client):
        response = client.post(
            f"/api/v1/challenges/{challenge.pk}/invitations", {"organisation": scene.solver_org.slug}, content_type="application/json"
        )
        return response.status_code

    outcomes = sorted(in_parallel(invite, clients))
    assert outcomes == [201, 409]
    assert SolverInvitation.objects.filter(challenge=challenge, organisation=scene.solver_org).count() == 1
