"""The review API: assigning reviewers, declaring conflicts, scoring, the owner's aggregated scores and hidden
identities. Mounted under the challenges router (api_challenges.py). Endpoints only translate."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from ninja import Router
from ninja.responses import Status

from innobelt.challenges import domain, queries
from innobelt.challenges.schemas.challenges import (
    ChallengeConflictIn,
    ChallengeDetailOut,
    ChallengeIdentitiesIn,
    ChallengeReviewerIn,
    ChallengeReviewOut,
    ChallengeScoreRowOut,
    ChallengeScoresIn,
)
from innobelt.kit.api_auth import SIGNED_IN
from innobelt.kit.api_errors import errors
from innobelt.permissions import can, require

router = Router(tags=["challenges"])


@router.post("/proposals/{proposal_id}/reviewers", response={201: ChallengeReviewOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def assign_reviewer(request, proposal_id: int, payload: ChallengeReviewerIn):
    """Ask a person (by the e-mail address of their account) to review a submitted proposal (the owner's admins)."""
    proposal = queries.proposal_or_404(request.auth, proposal_id)
    require(request.auth, "challenges.assign_reviewer", proposal)
    reviewer = get_user_model().objects.filter(email__iexact=payload.email).first()
    if reviewer is None:
        raise ValidationError({"email": "Nobody on the platform has this e-mail address."})
    review = domain.assign_reviewer(actor=request.auth, proposal=proposal, reviewer=reviewer)
    return Status(201, queries.review_or_404(request.auth, review.pk))


@router.get("/reviews/{review_id}", response={200: ChallengeReviewOut, **errors(404)}, auth=SIGNED_IN)
def get_review(request, review_id: int):
    return queries.review_or_404(request.auth, review_id)


@router.post("/reviews/{review_id}/conflict", response={200: ChallengeReviewOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def declare_conflict(request, review_id: int, payload: ChallengeConflictIn):
    """Declare a conflict of interest: you no longer read or score the proposal."""
    review = queries.review_or_404(request.auth, review_id, perm="challenges.score_review")
    domain.declare_conflict(actor=request.auth, assignment=review, note=payload.note)
    return queries.review_or_404(request.auth, review_id)


@router.put("/reviews/{review_id}/scores", response={200: ChallengeReviewOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def score_review(request, review_id: int, payload: ChallengeScoresIn):
    """Score every criterion of the challenge from 0 to 10 (replaces earlier scores)."""
    review = queries.review_or_404(request.auth, review_id, perm="challenges.score_review")
    domain.score_proposal(actor=request.auth, assignment=review, scores=[s.dict() for s in payload.scores])
    return queries.review_or_404(request.auth, review_id)


@router.get("/challenges/{challenge_id}/scores", response={200: list[ChallengeScoreRowOut], **errors(403, 404)}, auth=SIGNED_IN)
def challenge_scores(request, challenge_id: int):
    """Each submitted proposal's weighted score out of 10 (mean, spread, standard deviation), for the owner."""
    challenge = queries.challenge_or_404(request.auth, challenge_id, perm="challenges.read_scores")
    return queries.score_summary(request.auth, challenge)


@router.post("/challenges/{challenge_id}/identities", response={200: ChallengeDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def hide_identities(request, challenge_id: int, payload: ChallengeIdentitiesIn):
    """Hide (or show) solvers' names from reviewers."""
    challenge = queries.challenge_or_404(request.auth, challenge_id, perm="challenges.change_challenge")
    domain.set_identities_hidden(actor=request.auth, challenge=challenge, hidden=payload.hidden)
    challenge = queries.challenge_or_404(request.auth, challenge_id)
    challenge.details_readable = can(request.auth, "challenges.read_challenge_details", challenge)
    return challenge
