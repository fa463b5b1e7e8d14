"""The challenges API: list, draft, read, publish, close, award; the agreement; proposals and their attachments.

Endpoints only translate: look the object up among those the caller may see (404 otherwise), call the domain,
answer in the kit's error shape. A proposal is read only by its solver organisation and, once submitted, by
the challenge owner's people (queries.visible_proposals), here and for every attachment.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import File, Query, Router, UploadedFile
from ninja.responses import Status

from innobelt.belt.models import Industry
from innobelt.challenges import domain, queries
from innobelt.challenges.api import _organisation  # one lookup of an organisation named in a body, for both routers
from innobelt.challenges.models import Challenge
from innobelt.challenges.schemas.challenges import (
    AgreementIn,
    AwardIn,
    ChallengeAgreementOut,
    ChallengeAnswerIn,
    ChallengeDetailOut,
    ChallengeFilters,
    ChallengeIn,
    ChallengePage,
    ChallengePatch,
    ChallengeQuestionIn,
    ChallengeQuestionOut,
    ProposalIn,
    ProposalOut,
    ProposalPatch,
)
from innobelt.files.domain import file_response
from innobelt.kit.api_auth import PUBLIC_OPERATION, SIGNED_IN
from innobelt.kit.api_errors import errors
from innobelt.permissions import can
from innobelt.resources.queries import visible_resources

router = Router(tags=["challenges"])


def _detail(user, challenge: Challenge) -> Challenge:
    challenge.details_readable = can(user, "challenges.read_challenge_details", challenge)
    return challenge


@router.get("/challenges", response={200: ChallengePage, **errors(400)}, **PUBLIC_OPERATION)
def list_challenges(request, filters: Query[ChallengeFilters]):
    """Challenges as the caller may see them (published ones unless `status` says otherwise)."""
    qs = queries.challenge_list(request.auth, query=filters.q, status=filters.status)
    return {"count": qs.count(), "items": list(qs[filters.offset : filters.offset + filters.limit])}


@router.post("/challenges", response={201: ChallengeDetailOut, **errors(400, 403)}, auth=SIGNED_IN)
def draft_challenge(request, payload: ChallengeIn):
    """Draft a challenge for a firm (its admin, or an operator for it); publish it when complete."""
    data = payload.dict()
    owner = _organisation(data.pop("owner"), "owner")
    codes = data.pop("industries")
    industries = list(Industry.objects.filter(code__in=codes))
    if len(industries) != len(set(codes)):
        raise ValidationError({"industries": "Unknown industry codes."})
    ids = data.pop("offered_resources")
    resources = list(visible_resources(request.auth).filter(pk__in=ids))
    if len(resources) != len(set(ids)):
        raise ValidationError({"offered_resources": "Unknown resources."})
    challenge = domain.draft_challenge(actor=request.auth, owner=owner, industries=industries, offered_resources=resources, **data)
    return Status(201, _detail(request.auth, queries.challenge_or_404(request.auth, challenge.pk)))


@router.get("/challenges/{challenge_id}", response={200: ChallengeDetailOut, **errors(404)}, **PUBLIC_OPERATION)
def get_challenge(request, challenge_id: int):
    """The confidential details are null until the caller's organisation accepted the agreement."""
    return _detail(request.auth, queries.challenge_or_404(request.auth, challenge_id))


@router.patch("/challenges/{challenge_id}", response={200: ChallengeDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def change_challenge(request, challenge_id: int, payload: ChallengePatch):
    """Change a draft or published challenge (criteria only while a draft)."""
    challenge = queries.challenge_or_404(request.auth, challenge_id, perm="challenges.change_challenge")
    changes = payload.dict(exclude_unset=True)
    for name, value in list(changes.items()):
        if value is None:
            raise ValidationError({name: "This field cannot be null."})
    domain.update_challenge(actor=request.auth, challenge=challenge, **changes)
    return _detail(request.auth, queries.challenge_or_404(request.auth, challenge_id))


@router.get("/challenges/{challenge_id}/questions", response={200: list[ChallengeQuestionOut], **errors(404)}, **PUBLIC_OPERATION)
def list_questions(request, challenge_id: int):
    """The public Q&A: answered questions (and, for the owner's people and the asker, the open ones)."""
    challenge = queries.challenge_or_404(request.auth, challenge_id)
    return list(queries.visible_questions(request.auth, challenge)[:500])


@router.post("/challenges/{challenge_id}/questions", response={201: ChallengeQuestionOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def ask_question(request, challenge_id: int, payload: ChallengeQuestionIn):
    """Ask the owner a question; the answer is for every solver, your name is not shown."""
    challenge = queries.challenge_or_404(request.auth, challenge_id)
    return Status(201, domain.ask_question(actor=request.auth, challenge=challenge, text=payload.text))


@router.post("/challenge-questions/{question_id}/answer", response={200: ChallengeQuestionOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def answer_question(request, question_id: int, payload: ChallengeAnswerIn):
    """Answer a question once for all solvers (the owner's people)."""
    question = queries.question_or_404(request.auth, question_id)
    if not can(request.auth, "challenges.answer_question", question.challenge):
        raise PermissionDenied
    return domain.answer_question(actor=request.auth, question=question, answer=payload.answer)


@router.post("/challenges/{challenge_id}/publish", response={200: ChallengeDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def publish_challenge(request, challenge_id: int):
    challenge = queries.challenge_or_404(request.auth, challenge_id, perm="challenges.change_challenge")
    domain.publish_challenge(actor=request.auth, challenge=challenge)
    return _detail(request.auth, queries.challenge_or_404(request.auth, challenge_id))


@router.post("/challenges/{challenge_id}/close", response={200: ChallengeDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def close_challenge(request, challenge_id: int):
    challenge = queries.challenge_or_404(request.auth, challenge_id, perm="challenges.change_challenge")
    domain.close_challenge(actor=request.auth, challenge=challenge)
    return _detail(request.auth, queries.challenge_or_404(request.auth, challenge_id))


@router.post("/challenges/{challenge_id}/award", response={200: ChallengeDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def award_challenge(request, challenge_id: int, payload: AwardIn):
    challenge = queries.challenge_or_404(request.auth, challenge_id, perm="challenges.change_challenge")
    proposal = queries.proposals_for(request.auth, challenge).filter(pk=payload.proposal).first()
    if proposal is None:
        raise ValidationError({"proposal": "Unknown proposal."})
    domain.award_challenge(actor=request.auth, challenge=challenge, proposal=proposal)
    return _detail(request.auth, queries.challenge_or_404(request.auth, challenge_id))


@router.post("/challenges/{challenge_id}/agreement", response={200: ChallengeAgreementOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def accept_agreement(request, challenge_id: int, payload: AgreementIn):
    """Accept the challenge's agreement for your verified organisation, to read its confidential details."""
    challenge = queries.challenge_or_404(request.auth, challenge_id)
    organisation = _organisation(payload.organisation, "organisation")
    return domain.accept_agreement(actor=request.auth, challenge=challenge, organisation=organisation)


@router.get("/challenges/{challenge_id}/proposals", response={200: list[ProposalOut], **errors(404)}, auth=SIGNED_IN)
def list_proposals(request, challenge_id: int):
    """Submitted proposals for the owner's people; your own organisation's proposal for a solver."""
    challenge = queries.challenge_or_404(request.auth, challenge_id)
    return list(queries.proposals_for(request.auth, challenge)[:500])


@router.post("/challenges/{challenge_id}/proposals", response={201: ProposalOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def save_proposal(request, challenge_id: int, payload: ProposalIn):
    """Write your organisation's draft proposal (after accepting the agreement, before the deadline)."""
    challenge = queries.challenge_or_404(request.auth, challenge_id)
    data = payload.dict()
    organisation = _organisation(data.pop("organisation"), "organisation")
    proposal = domain.save_proposal(actor=request.auth, challenge=challenge, organisation=organisation, **data)
    return Status(201, queries.proposal_or_404(request.auth, proposal.pk))


@router.get("/proposals/{proposal_id}", response={200: ProposalOut, **errors(404)}, auth=SIGNED_IN)
def get_proposal(request, proposal_id: int):
    return queries.proposal_or_404(request.auth, proposal_id)


@router.patch("/proposals/{proposal_id}", response={200: ProposalOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def change_proposal(request, proposal_id: int, payload: ProposalPatch):
    proposal = queries.proposal_or_404(request.auth, proposal_id)
    changes = payload.dict(exclude_unset=True)
    for name in ("text", "team", "trl"):
        if name in changes and changes[name] is None:
            raise ValidationError({name: "This field cannot be null."})
    domain.save_proposal(actor=request.auth, challenge=proposal.challenge, organisation=proposal.organisation, **changes)
    return queries.proposal_or_404(request.auth, proposal_id)


@router.post("/proposals/{proposal_id}/submit", response={200: ProposalOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def submit_proposal(request, proposal_id: int):
    proposal = queries.proposal_or_404(request.auth, proposal_id)
    domain.submit_proposal(actor=request.auth, proposal=proposal)
    return queries.proposal_or_404(request.auth, proposal_id)


@router.post("/proposals/{proposal_id}/withdraw", response={200: ProposalOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def withdraw_proposal(request, proposal_id: int):
    proposal = queries.proposal_or_404(request.auth, proposal_id)
    domain.withdraw_proposal(actor=request.auth, proposal=proposal)
    return queries.proposal_or_404(request.auth, proposal_id)


@router.post("/proposals/{proposal_id}/attachments", response={201: ProposalOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def attach_file(request, proposal_id: int, file: File[UploadedFile]):
    """Attach a PDF to a draft proposal (multipart/form-data)."""
    proposal = queries.proposal_or_404(request.auth, proposal_id)
    domain.attach_to_proposal(actor=request.auth, proposal=proposal, upload=file)
    return Status(201, queries.proposal_or_404(request.auth, proposal_id))


@router.get("/proposals/{proposal_id}/attachments/{file_id}", response={200: None, **errors(404)}, auth=SIGNED_IN)
def download_attachment(request, proposal_id: int, file_id: str):
    """One attachment of a proposal the caller may read (404 otherwise)."""
    proposal = queries.proposal_or_404(request.auth, proposal_id)
    stored = next((f for f in proposal.attachments.all() if str(f.pk) == file_id), None)
    if stored is None:
        raise Http404
    return file_response(stored)


from innobelt.challenges.api_invitations import router as invitations_router  # noqa: E402
from innobelt.challenges.api_open_calls import router as open_calls_router  # noqa: E402 (mounted after its own)
from innobelt.challenges.api_pipeline import router as pipeline_router  # noqa: E402
from innobelt.challenges.api_reviews import router as reviews_router  # noqa: E402

router.add_router("", reviews_router)
router.add_router("", pipeline_router)
router.add_router("", invitations_router)
router.add_router("", open_calls_router)
