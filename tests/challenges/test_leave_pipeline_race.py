"""The solver steps out of the pipeline at the moment the owner moves it (a meeting set, or a decline): both lock
the challenge's row, the proposal's and then the pipeline's (domain/locking.py), so whatever the order the database
picks, one wins and the other gets a clear 400, never a deadlock answered as 500, and the pair ends in one state."""

import pytest
from django.test import Client

from innobelt.challenges import domain
from innobelt.challenges.models import Pipeline, PipelineStep
from tests.challenges.factories import ChallengeFactory, ProposalFactory
from tests.challenges.races import postgresql_only, race  # noqa: F401 (the fixture)

ROUNDS = 4  # each round lets the database pick an order again

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql_only")]

MEETING = {"starts_at": "2099-05-01T10:00:00+08:00", "ends_at": "2099-05-01T11:00:00+08:00"}


def _post(user, path: str, data: dict):
    def call():
        client = Client()
        client.force_login(user)
        return client.post(path, data, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en").status_code

    return call


@pytest.mark.parametrize("move", ["meeting", "decline"])
def test_stepping_out_while_the_owner_moves_the_pair_has_one_winner(scene, move):
    for _round in range(ROUNDS):
        proposal = ProposalFactory(challenge=ChallengeFactory(owner=scene.owner_org), organisation=scene.solver_org)
        pipeline = domain.shortlist_proposal(actor=scene.owner_admin, proposal=proposal)
        owner_call = (
            _post(scene.owner_admin, f"/api/v1/pipelines/{pipeline.pk}/meeting", MEETING)
            if move == "meeting"
            else _post(scene.owner_admin, f"/api/v1/proposals/{proposal.pk}/decline", {"reason": "budget"})
        )
        left, moved = race(_post(scene.solver_admin, f"/api/v1/pipelines/{pipeline.pk}/leave", {"reason": "timing"}), owner_call)
        pipeline.refresh_from_db()
        steps = list(PipelineStep.objects.filter(pipeline=pipeline).values_list("stage", flat=True))
        if move == "meeting":
            # the meeting may come first and the solver still step out after it; a step-out first refuses the meeting
            assert (left, moved) in ((200, 400), (200, 200)), (left, moved)
            assert pipeline.stage == Pipeline.Stage.WITHDRAWN
            assert steps in (["shortlisted", "withdrawn"], ["shortlisted", "meeting", "withdrawn"]), steps
            assert (moved == 200) == ("meeting" in steps)
        else:
            assert (left, moved) in ((200, 400), (400, 200)), (left, moved)
            assert pipeline.stage == (Pipeline.Stage.WITHDRAWN if left == 200 else Pipeline.Stage.DECLINED)
            assert len(steps) == 2
