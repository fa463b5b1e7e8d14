"""Review: reviewers are assigned (one from the solver's organisation is refused), declare conflicts, score per
criterion; the owner reads weighted means with their spread and can hide solvers' names from reviewers."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from innobelt.challenges import domain, queries
from tests.challenges.factories import ChallengeFactory, ProposalFactory
from tests.factories import UserFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def proposal(scene):
    challenge = ChallengeFactory(owner=scene.owner_org)  # Feasibility 60, Cost 40
    return ProposalFactory(challenge=challenge, organisation=scene.solver_org, text="SECRET-PLAN-A")


def _score(reviewer, review, feasibility, cost):
    criteria = list(review.proposal.challenge.criteria.all())
    domain.score_proposal(
        actor=reviewer,
        assignment=review,
        scores=[{"criterion": criteria[0].pk, "value": feasibility, "comment": "ok"}, {"criterion": criteria[1].pk, "value": cost}],
    )


def test_a_reviewer_from_the_solvers_organisation_is_refused(scene, proposal):
    with translation.override("en"), pytest.raises(ValidationError, match="conflict of interest"):
        domain.assign_reviewer(actor=scene.owner_admin, proposal=proposal, reviewer=scene.solver)
    assert not proposal.reviews.exists()


def test_scores_are_aggregated_with_their_spread(scene, proposal):
    first, second = UserFactory(), UserFactory()
    r1 = domain.assign_reviewer(actor=scene.owner_admin, proposal=proposal, reviewer=first)
    r2 = domain.assign_reviewer(actor=scene.owner_admin, proposal=proposal, reviewer=second)
    assert "SECRET-PLAN-A" in signed_in(first).get(f"/en/proposals/{proposal.pk}/").content.decode()
    _score(first, r1, 8, 5)  # 6.8
    _score(second, r2, 6, 10)  # 7.6
    [row] = queries.score_summary(scene.owner_member, proposal.challenge)
    assert (row.reviewers, row.mean, row.spread, row.stdev) == (2, Decimal("7.20"), Decimal("0.80"), Decimal("0.40"))
    assert [mean for _name, mean in row.by_criterion] == [Decimal("7.00"), Decimal("7.50")]
    page = signed_in(scene.owner_member).get(f"/en/challenges/{proposal.challenge.pk}/scores/").content.decode()
    assert "7.20" in page and "0.80" in page
    with translation.override("en"), pytest.raises(ValidationError, match="Score every criterion"):
        domain.score_proposal(actor=first, assignment=r1, scores=[{"criterion": proposal.challenge.criteria.first().pk, "value": 3}])


def test_a_declared_conflict_ends_reading_and_scoring(scene, proposal):
    reviewer = UserFactory()
    review = domain.assign_reviewer(actor=scene.owner_admin, proposal=proposal, reviewer=reviewer)
    client = signed_in(reviewer)
    client.post(f"/en/reviews/{review.pk}/conflict/", {"note": "I advised them last year."})
    review.refresh_from_db()
    assert review.conflict
    assert client.get(f"/en/proposals/{proposal.pk}/").status_code == 404
    assert client.get(f"/api/v1/proposals/{proposal.pk}").status_code == 404
    with pytest.raises(ValidationError):
        _score(reviewer, review, 5, 5)


def test_hidden_identities(scene, proposal):
    reviewer = UserFactory()
    domain.assign_reviewer(actor=scene.owner_admin, proposal=proposal, reviewer=reviewer)
    assert "Coating Startup" in signed_in(reviewer).get(f"/en/proposals/{proposal.pk}/").content.decode()
    signed_in(scene.owner_admin).post(f"/en/challenges/{proposal.challenge.pk}/identities/", {"hidden": "1"})
    page = signed_in(reviewer).get(f"/en/proposals/{proposal.pk}/").content.decode()
    assert "Coating Startup" not in page and f"Proposal no. {proposal.pk}" in page
    assert "Coating Startup" in signed_in(scene.owner_admin).get(f"/en/proposals/{proposal.pk}/").content.decode()


def test_scoring_through_the_api(scene, proposal):
    reviewer = UserFactory(email="rev@example.com")
    owner = signed_in(scene.owner_admin)
    response = owner.post(f"/api/v1/proposals/{proposal.pk}/reviewers", {"email": "rev@example.com"}, content_type="application/json")
    assert response.status_code == 201, response.content
    refused = owner.post(f"/api/v1/proposals/{proposal.pk}/reviewers", {"email": scene.solver.email}, content_type="application/json")
    assert refused.status_code == 400
    review = response.json()["id"]
    criteria = [c.pk for c in proposal.challenge.criteria.all()]
    body = {"scores": [{"criterion": criteria[0], "value": 9}, {"criterion": criteria[1], "value": 4}]}
    scored = signed_in(reviewer).put(f"/api/v1/reviews/{review}/scores", body, content_type="application/json")
    assert scored.status_code == 200 and [s["value"] for s in scored.json()["scores"]] == [9, 4]
    rows = owner.get(f"/api/v1/challenges/{proposal.challenge.pk}/scores").json()
    assert rows[0]["mean"] == "7.00" and rows[0]["reviewers"] == 1
