"""Withdrawing a proposal at the moment its owner shortlists or declines it (challenges/domain/locking.py).

Both sides lock the challenge's row and then the proposal's: whatever the order the database picks, one wins and
the other gets a clear 400, never a deadlock answered as 500, and the proposal never ends both withdrawn and in a
pipeline.
"""


import pytest
from django.test import Client

from innobelt.challenges.models import Pipeline, Proposal
from tests.challenges.factories import ChallengeFactory, ProposalFactory
from tests.challenges.races import postgresql_only, race  # noqa: F401 (the fixture)

ROUNDS = 4  # each round lets the database pick an order again

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql_only")]


def _post(user, path: str, data: dict | None = None):
    def call():
        client = Client()
        client.force_login(user)
        response = client.post(path, data or {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
        return response.status_code
    return call


@pytest.mark.parametrize("decision", ["shortlist", "decline"])
def test_withdrawing_while_the_owner_decides_has_one_winner(scene, decision):
    for _round in range(ROUNDS):
        challenge = ChallengeFactory(owner=scene.owner_org)
        proposal = ProposalFactory(challenge=challenge, organisation=scene.solver_org, created_by=scene.solver)
        body = {"reason": Pipeline.Reason.values[0]} if decision == "decline" else {}
        withdrawn, decided = race(
            _post(scene.solver, f"/api/v1/proposals/{proposal.pk}/withdraw"),
            _post(scene.owner_admin, f"/api/v1/proposals/{proposal.pk}/{decision}", body),
        )
        proposal.refresh_from_db()
        in_pipeline = Pipeline.objects.filter(proposal=proposal).exists()
        won = 201 if decision == "shortlist" else 200
        assert (withdrawn, decided) in ((200, 400), (400, won)), (withdrawn, decided)
        if withdrawn == 200:
            assert proposal.status == Proposal.Status.WITHDRAWN and not in_pipeline
        else:
            assert proposal.status == Proposal.Status.SUBMITTED and in_pipeline
