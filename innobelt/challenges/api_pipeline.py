"""The pipeline API after a match (mounted under the challenges router). Endpoints only translate; the owner's
admins move a pipeline, the solver's admins accept a platform NDA or step out of it, both sides read it, operators
read counts."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Router, UploadedFile
from ninja.responses import Status

from innobelt.challenges import domain, queries
from innobelt.challenges.schemas.challenges import (
    ChallengeConcludeIn,
    ChallengeDeclineIn,
    ChallengeLeaveIn,
    ChallengeMeetingIn,
    ChallengePilotBookingIn,
    ChallengePilotBookingOut,
    ChallengePilotIn,
    ChallengePilotResourceOut,
    ChallengePipelineOut,
    ChallengeStallOut,
)
from innobelt.kit.api_auth import SIGNED_IN
from innobelt.kit.api_errors import ConflictError, errors
from innobelt.meetings.models import Meeting
from innobelt.permissions import require
from innobelt.resources.queries import visible_bookings

router = Router(tags=["challenges"])
MOVE = "challenges.move_pipeline"


def _out(user, pk: int):
    return queries.pipeline_or_404(user, pk)


@router.get("/pipelines/{pipeline_id}", response={200: ChallengePipelineOut, **errors(404)}, auth=SIGNED_IN)
def get_pipeline(request, pipeline_id: int):
    """The pair's pipeline with its steps (the owner's and the solver's people)."""
    return _out(request.auth, pipeline_id)


@router.post("/proposals/{proposal_id}/shortlist", response={201: ChallengePipelineOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def shortlist(request, proposal_id: int):
    proposal = queries.proposal_or_404(request.auth, proposal_id)
    require(request.auth, MOVE, proposal)
    pipeline = domain.shortlist_proposal(actor=request.auth, proposal=proposal)
    return Status(201, _out(request.auth, pipeline.pk))


@router.post("/proposals/{proposal_id}/decline", response={200: ChallengePipelineOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def decline(request, proposal_id: int, payload: ChallengeDeclineIn):
    """Decline with a reason from the fixed list; the solver always reads it."""
    proposal = queries.proposal_or_404(request.auth, proposal_id)
    require(request.auth, MOVE, proposal)
    pipeline = domain.decline_proposal(actor=request.auth, proposal=proposal, reason=payload.reason, note=payload.note)
    return _out(request.auth, pipeline.pk)


@router.post("/pipelines/{pipeline_id}/leave", response={200: ChallengePipelineOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def leave(request, pipeline_id: int, payload: ChallengeLeaveIn):
    """The solver's admins step out of the pipeline at a stage that has not ended, with a reason from the fixed list
    the owner reads (stage `withdrawn`); 400 once the pipeline has ended."""
    pipeline = queries.pipeline_or_404(request.auth, pipeline_id, perm="challenges.leave_pipeline")
    domain.leave_pipeline(actor=request.auth, pipeline=pipeline, reason=payload.reason, note=payload.note)
    return _out(request.auth, pipeline_id)


@router.post("/pipelines/{pipeline_id}/meeting", response={200: ChallengePipelineOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def meeting(request, pipeline_id: int, payload: ChallengeMeetingIn):
    """A standalone meeting (times and place; its iCal invitation is on the proposal's page) or a 1:1's id."""
    pipeline = queries.pipeline_or_404(request.auth, pipeline_id, perm=MOVE)
    one_to_one = None
    if payload.meeting is not None:
        one_to_one = Meeting.objects.select_related("a__registration", "b__registration", "slot", "programme").filter(pk=payload.meeting).first()
        if one_to_one is None:
            raise ValidationError({"meeting": "Link a 1:1 meeting between the two organisations."})
    domain.schedule_meeting(
        actor=request.auth, pipeline=pipeline, starts_at=payload.starts_at, ends_at=payload.ends_at, place=payload.place, meeting=one_to_one
    )
    return _out(request.auth, pipeline_id)


@router.post("/pipelines/{pipeline_id}/nda", response={200: ChallengePipelineOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def nda(request, pipeline_id: int, file: UploadedFile | None = File(None)):  # noqa: B008 (ninja's way)
    """Move to the NDA: with the signed NDA (a PDF, multipart/form-data) or without, for the platform's agreement."""
    pipeline = queries.pipeline_or_404(request.auth, pipeline_id, perm=MOVE)
    domain.record_nda(actor=request.auth, pipeline=pipeline, upload=file)
    return _out(request.auth, pipeline_id)


@router.post("/pipelines/{pipeline_id}/nda/accept", response={200: ChallengePipelineOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def accept_nda(request, pipeline_id: int):
    """The solver's admins accept the platform's NDA."""
    pipeline = queries.pipeline_or_404(request.auth, pipeline_id, perm="challenges.accept_nda")
    domain.accept_nda(actor=request.auth, pipeline=pipeline)
    return _out(request.auth, pipeline_id)


@router.post("/pipelines/{pipeline_id}/pilot", response={200: ChallengePipelineOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def pilot(request, pipeline_id: int, payload: ChallengePilotIn):
    pipeline = queries.pipeline_or_404(request.auth, pipeline_id, perm=MOVE)
    domain.start_pilot(actor=request.auth, pipeline=pipeline, plan=payload.plan)
    return _out(request.auth, pipeline_id)


@router.post("/pipelines/{pipeline_id}/bookings", response={201: ChallengePilotBookingOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def link_booking(request, pipeline_id: int, payload: ChallengePilotBookingIn):
    """The solver's people link a booking of theirs in the resources register (made there, of a resource the
    challenge offers or, when it offers none, of the owner's equipment) to the pair's pilot. A booking already
    linked to a pilot (also by a request at the same moment) is 409."""
    pipeline = queries.pipeline_or_404(request.auth, pipeline_id, perm="challenges.book_for_pilot")
    booking = visible_bookings(request.auth).filter(pk=payload.booking).first()
    if booking is None:
        raise ValidationError({"booking": _("Link a booking of your organisation.")})
    try:
        link = domain.link_pilot_booking(actor=request.auth, pipeline=pipeline, booking=booking)
    except domain.AlreadyLinked as exc:
        raise ConflictError(exc.messages[0]) from None
    return Status(201, link)


@router.delete("/pipelines/{pipeline_id}/bookings/{booking_id}", response={204: None, **errors(400, 403, 404)}, auth=SIGNED_IN)
def unlink_booking(request, pipeline_id: int, booking_id: int):
    """The solver's people take a booking off the pilot (`booking_id`: its `bookings[].id` on the pipeline); the
    booking itself stays in the resources register. A link already removed (also by a request at the same moment)
    is 404; once the pair has left the pilot stage the links are its record and removing one is refused (400)."""
    link = queries.pilot_booking_or_404(request.auth, pipeline_id, booking_id, perm="challenges.book_for_pilot")
    try:
        domain.unlink_pilot_booking(actor=request.auth, link=link)
    except domain.LinkGone:
        raise Http404 from None
    return Status(204, None)


@router.get("/pipelines/{pipeline_id}/pilot-resources", response={200: list[ChallengePilotResourceOut], **errors(404)}, auth=SIGNED_IN)
def pilot_resources(request, pipeline_id: int):
    """What the pilot may book, for the solver's people: each resource they may see in the register, whether
    their organisation may book it now or must ask for access first, and its page. An empty list before (or
    after) the pilot stage and for the owner's people, who book nothing for it (docs/adr/0702)."""
    pipeline = queries.pipeline_or_404(request.auth, pipeline_id)
    if pipeline.stage != pipeline.Stage.PILOT:
        return []
    return queries.pilot_resources_for(request.auth, pipeline)


@router.post("/pipelines/{pipeline_id}/conclude", response={200: ChallengePipelineOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def conclude(request, pipeline_id: int, payload: ChallengeConcludeIn):
    pipeline = queries.pipeline_or_404(request.auth, pipeline_id, perm=MOVE)
    domain.conclude_pipeline(actor=request.auth, pipeline=pipeline, outcome=payload.outcome, amount=payload.amount, note=payload.note)
    return _out(request.auth, pipeline_id)


@router.get("/pipeline-stalls", response={200: list[ChallengeStallOut], **errors(403)}, auth=SIGNED_IN)
def stalls(request):
    """Pairs by city, industry and stage, and how many stalled (operators; counts only)."""
    return queries.pipeline_stalls(request.auth)
