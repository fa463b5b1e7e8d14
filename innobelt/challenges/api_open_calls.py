"""The open calls API (揭榜挂帅), mounted under the challenges router: listing, posting, applying, selecting,
reporting, accepting (a 409 when the milestone was decided meanwhile) and sending back. Endpoints only translate."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router
from ninja.responses import Status

from innobelt.belt.models import City
from innobelt.challenges import domain, queries
from innobelt.challenges.api import _organisation
from innobelt.challenges.domain.open_calls import AlreadyDecided
from innobelt.challenges.models import MilestoneProgress
from innobelt.challenges.schemas.open_calls import (
    OpenCallApplicationOut,
    OpenCallApplyIn,
    OpenCallIn,
    OpenCallOut,
    OpenCallReportIn,
    OpenCallSendBackIn,
)
from innobelt.kit.api_auth import PUBLIC_OPERATION, SIGNED_IN
from innobelt.kit.api_errors import ConflictError, errors

router = Router(tags=["open calls"])


@contextmanager
def _conflicts_as_409():
    try:
        yield
    except AlreadyDecided as exc:
        raise ConflictError(exc.messages[0]) from None


@router.get("/open-calls", response={200: list[OpenCallOut]}, **PUBLIC_OPERATION)
def list_open_calls(request):
    return list(queries.open_call_list(request.auth)[:200])


@router.post("/open-calls", response={201: OpenCallOut, **errors(400, 403)}, auth=SIGNED_IN)
def post_open_call(request, payload: OpenCallIn):
    """List a problem with its funding in yuan and milestones whose shares add up to 100 (the city's operators)."""
    data = payload.dict()
    city = City.objects.filter(slug=data.pop("city")).first()
    if city is None:
        raise ValidationError({"city": "Unknown city."})
    data["milestones"] = [dict(m) for m in data["milestones"]]
    call = domain.post_open_call(actor=request.auth, city=city, **data)
    return Status(201, queries.open_call_or_404(request.auth, call.pk))


@router.get("/open-calls/{call_id}", response={200: OpenCallOut, **errors(404)}, **PUBLIC_OPERATION)
def get_open_call(request, call_id: int):
    return queries.open_call_or_404(request.auth, call_id)


@router.post("/open-calls/{call_id}/applications", response={201: OpenCallApplicationOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def apply(request, call_id: int, payload: OpenCallApplyIn):
    call = queries.open_call_or_404(request.auth, call_id)
    organisation = _organisation(payload.organisation, "organisation")
    application = domain.apply_to_open_call(actor=request.auth, open_call=call, organisation=organisation, text=payload.text)
    return Status(201, queries.application_or_404(request.auth, application.pk))


@router.get("/open-calls/{call_id}/applications", response={200: list[OpenCallApplicationOut], **errors(404)}, auth=SIGNED_IN)
def list_applications(request, call_id: int):
    """All applications for the city's operators; your organisation's otherwise."""
    call = queries.open_call_or_404(request.auth, call_id)
    return list(queries.visible_applications(request.auth).filter(open_call=call)[:500])


@router.get("/open-calls/applications/{application_id}", response={200: OpenCallApplicationOut, **errors(404)}, auth=SIGNED_IN)
def get_application(request, application_id: int):
    return queries.application_or_404(request.auth, application_id)


@router.post("/open-calls/applications/{application_id}/select", response={200: OpenCallApplicationOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def select(request, application_id: int):
    application = queries.application_or_404(request.auth, application_id)
    domain.select_team(actor=request.auth, application=application)
    return queries.application_or_404(request.auth, application_id)


def _milestone(application, milestone_id: int):
    milestone = application.open_call.milestones.filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404
    return milestone


def _progress(application, milestone_id: int) -> MilestoneProgress:
    progress = MilestoneProgress.objects.filter(application=application, milestone_id=milestone_id).first()
    if progress is None:
        raise ValidationError({"milestone": "This milestone was not reported."})
    return progress


@router.post(
    "/open-calls/applications/{application_id}/milestones/{milestone_id}/report",
    response={200: OpenCallApplicationOut, **errors(400, 403, 404, 409)},
    auth=SIGNED_IN,
)
def report(request, application_id: int, milestone_id: int, payload: OpenCallReportIn):
    application = queries.application_or_404(request.auth, application_id)
    with _conflicts_as_409():
        domain.report_milestone(actor=request.auth, application=application, milestone=_milestone(application, milestone_id), report=payload.report)
    return queries.application_or_404(request.auth, application_id)


@router.post(
    "/open-calls/applications/{application_id}/milestones/{milestone_id}/accept",
    response={200: OpenCallApplicationOut, **errors(400, 403, 404, 409)},
    auth=SIGNED_IN,
)
def accept(request, application_id: int, milestone_id: int):
    """Accept a reported milestone: its share of the funding is released, once (409 if decided meanwhile)."""
    application = queries.application_or_404(request.auth, application_id, perm="challenges.decide_milestone")
    _milestone(application, milestone_id)
    with _conflicts_as_409():
        domain.accept_milestone(actor=request.auth, progress=_progress(application, milestone_id))
    return queries.application_or_404(request.auth, application_id)


@router.post(
    "/open-calls/applications/{application_id}/milestones/{milestone_id}/send-back",
    response={200: OpenCallApplicationOut, **errors(400, 403, 404, 409)},
    auth=SIGNED_IN,
)
def send_back(request, application_id: int, milestone_id: int, payload: OpenCallSendBackIn):
    application = queries.application_or_404(request.auth, application_id, perm="challenges.decide_milestone")
    _milestone(application, milestone_id)
    with _conflicts_as_409():
        domain.send_back_milestone(actor=request.auth, progress=_progress(application, milestone_id), note=payload.note)
    return queries.application_or_404(request.auth, application_id)
