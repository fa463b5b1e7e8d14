"""Suggested solvers of a challenge and invitations (issue 21), mounted under the challenges router. Endpoints
only translate: the owner's admins read suggestions and invite; others get 403 (404 for a challenge they may not see)."""

from ninja import Field, Router, Schema
from ninja.responses import Status

from innobelt.challenges import domain, queries
from innobelt.challenges.api import _organisation
from innobelt.kit.api_auth import SIGNED_IN
from innobelt.kit.api_errors import ConflictError, InputSchema, errors

router = Router(tags=["challenges"])
PERM = "challenges.invite_solver"


class SuggestedSolverOut(Schema):
    organisation: str = Field(description="The organisation's slug")
    name: str
    score: float
    reasons: list[str] = Field(description="Why the engine recommends it, in the request's language")


class InvitationIn(InputSchema):
    organisation: str = Field(..., min_length=1, max_length=80, description="The invited organisation's slug")


class InvitationOut(Schema):
    id: int
    challenge: int
    organisation: str
    created_at: str


@router.get("/challenges/{challenge_id}/suggested-solvers", response={200: list[SuggestedSolverOut], **errors(403, 404)}, auth=SIGNED_IN)
def suggested_solvers(request, challenge_id: int):
    """Up to ten organisations the matching engine recommends, without those that proposed or were invited."""
    challenge = queries.challenge_or_404(request.auth, challenge_id, perm=PERM)
    return [
        {"organisation": s.organisation.slug, "name": str(s.organisation), "score": s.score, "reasons": s.reasons}
        for s in domain.suggested_solvers(challenge, request.auth)
    ]


@router.post("/challenges/{challenge_id}/invitations", response={201: InvitationOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def invite(request, challenge_id: int, payload: InvitationIn):
    """Invite an organisation (its admins are told); a second invitation of the same organisation is 409."""
    challenge = queries.challenge_or_404(request.auth, challenge_id, perm=PERM)
    organisation = _organisation(payload.organisation, "organisation")
    try:
        invitation = domain.invite_solver(actor=request.auth, challenge=challenge, organisation=organisation)
    except domain.AlreadyInvited as exc:
        raise ConflictError(exc.messages[0]) from None
    return Status(
        201,
        {"id": invitation.pk, "challenge": challenge.pk, "organisation": organisation.slug, "created_at": invitation.created_at.isoformat()},
    )
