"""The API of funding needs, investors' theses and dedicated funds under /api/v1/.

Endpoints only translate: look the object up among those the caller may see (404 otherwise), call the
domain, answer in the kit's error shape. A funding need is never shown anonymously (401). An award that
would pass the fund's budget, or an application decided by someone else first, is a 409.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Path, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from innobelt.belt.models import City, Industry
from innobelt.files.domain import file_response
from innobelt.financing import decks, demand, disbursements, domain, queries
from innobelt.financing.models import Fund, FundingNeed
from innobelt.financing.schemas import (
    FinancingApplicationIn,
    FinancingApplicationOut,
    FinancingAwardIn,
    FinancingDeckOut,
    FinancingDeckSharingIn,
    FinancingFundIn,
    FinancingFundOut,
    FinancingFundPatch,
    FinancingListFilters,
    FinancingMeetingIn,
    FinancingMeetingOut,
    FinancingMilestoneOut,
    FinancingMilestonesIn,
    FinancingNeedIn,
    FinancingNeedOut,
    FinancingNeedPage,
    FinancingRankedInvestorOut,
    FinancingRankedNeedOut,
    FinancingRejectIn,
    FinancingScoreIn,
    FinancingThesisIn,
    FinancingThesisOut,
)
from innobelt.kit.api_auth import PUBLIC_OPERATION, SIGNED_IN
from innobelt.kit.api_errors import ConflictError, errors
from innobelt.organisations.models import Organisation
from innobelt.permissions import can

router = Router(tags=["financing"])
SLUG = Path(..., pattern=r"^[-\w]+$", max_length=80)


@contextmanager
def conflicts_as_409():
    try:
        yield
    except (domain.BudgetExceeded, domain.AlreadyDecided, disbursements.AlreadyReleased, disbursements.BeyondAward) as exc:
        raise ConflictError(" ".join(m for ms in exc.message_dict.values() for m in ms)) from None


def _organisation(slug: str, field: str) -> Organisation:
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: "Unknown organisation."})
    return found


def _industries(codes: list[str]) -> list[Industry]:
    found = list(Industry.objects.filter(code__in=codes))
    if len(found) != len(set(codes)):
        raise ValidationError({"industries": "Unknown industry codes."})
    return found


def _investor(request, slug: str) -> Organisation:
    found = queries.investor_organisations(request.auth).filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


@router.get("/funding-needs", response={200: FinancingNeedPage, **errors(400)}, auth=SIGNED_IN)
def list_funding_needs(request, filters: Query[FinancingListFilters]):
    """Open funding needs the caller may read: their organisations' own, and (for members of verified
    investors) those shown to investors."""
    qs = queries.need_list(request.auth, query=filters.q)
    return {"count": qs.count(), "items": list(qs[filters.offset : filters.offset + filters.limit])}


@router.post("/funding-needs", response={201: FinancingNeedOut, **errors(400, 403)}, auth=SIGNED_IN)
def post_funding_need(request, payload: FinancingNeedIn):
    data = payload.dict()
    organisation = _organisation(data.pop("organisation"), "organisation")
    industries = _industries(data.pop("industries"))
    need = domain.post_funding_need(actor=request.auth, organisation=organisation, industries=industries, **data)
    return Status(201, queries.need_or_404(request.auth, need.pk))


@router.get("/funding-needs/{need_id}", response={200: FinancingNeedOut, **errors(404)}, auth=SIGNED_IN)
def get_funding_need(request, need_id: int):
    return queries.need_or_404(request.auth, need_id)


@router.post("/funding-needs/{need_id}/close", response={200: FinancingNeedOut, **errors(403, 404)}, auth=SIGNED_IN)
def close_funding_need(request, need_id: int):
    need = queries.need_or_404(request.auth, need_id, perm="financing.change_need")
    domain.close_funding_need(actor=request.auth, need=need)
    return queries.need_or_404(request.auth, need_id)


@router.get("/funding-needs/{need_id}/investors", response={200: list[FinancingRankedInvestorOut], **errors(403, 404)}, auth=SIGNED_IN)
def investors_for_need(request, need_id: int):
    """Verified investors whose thesis fits the need best first, with reasons (for the need's team)."""
    need = queries.need_or_404(request.auth, need_id, perm="financing.see_investor_matches")
    return [{"thesis": r.obj, "score": r.score, "reasons": r.reasons} for r in queries.investors_for_need(request.auth, need)]


@router.post("/funding-needs/{need_id}/meeting-requests", response={201: FinancingMeetingOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def request_meeting(request, need_id: int, payload: FinancingMeetingIn):
    """Ask the startup to meet about the need (a conversation opens), at an event's 1:1 meetings when `event` is
    given (the meeting zone's scheduler places it), otherwise a standalone meeting."""
    need = queries.need_or_404(request.auth, need_id)
    investor = _organisation(payload.investor, "investor")
    programme = None
    if payload.event is not None:
        programme = queries.meeting_programme_for_event(request.auth, payload.event)
        if programme is None:
            raise ValidationError({"event": _("Choose an event whose 1:1 meetings take requests, or no event.")})
    meeting = domain.request_meeting(actor=request.auth, need=need, investor=investor, message=payload.message, programme=programme)
    return Status(201, meeting)


@router.get("/funding-needs/{need_id}/deck", response={200: None, **errors(404)}, auth=SIGNED_IN)
def download_deck(request, need_id: int):
    """The need's pitch deck (a PDF) for the startup's people and the investors it shares the deck with; 404
    for anybody else, the same answer as for an unknown id."""
    return file_response(queries.deck_or_404(request.auth, need_id))


@router.post("/funding-needs/{need_id}/deck", response={201: FinancingDeckOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def attach_deck(request, need_id: int, file: File[UploadedFile]):
    """Attach or replace the need's pitch deck (multipart/form-data, a PDF of at most 20 MB: its content is
    checked); who may download it stays as it was (the team only at first)."""
    need = queries.need_or_404(request.auth, need_id, perm="financing.share_deck")
    return Status(201, decks.save_deck(actor=request.auth, need=need, upload=file))


@router.delete("/funding-needs/{need_id}/deck", response={204: None, **errors(400, 403, 404)}, auth=SIGNED_IN)
def remove_deck(request, need_id: int):
    """Remove the need's pitch deck without replacing it: the file is deleted (downloading it answers 404) and
    the deck is kept to the team again. 400 when there is no deck."""
    need = queries.need_or_404(request.auth, need_id, perm="financing.share_deck")
    decks.remove_deck(actor=request.auth, need=need)
    return Status(204, None)


@router.put("/funding-needs/{need_id}/deck/sharing", response={200: FinancingDeckOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def share_deck(request, need_id: int, payload: FinancingDeckSharingIn):
    """Say who besides the startup's people may download the deck: nobody, the verified investors listed, or
    every verified investor who reads the need. 400 without a deck or for an investor not verified."""
    need = queries.need_or_404(request.auth, need_id, perm="financing.share_deck")
    investors = [_organisation(slug, "investors") for slug in payload.investors]
    return decks.save_deck(actor=request.auth, need=need, audience=payload.audience, investors=investors)


@router.get("/funding-matches/{slug}", response={200: list[FinancingRankedNeedOut], **errors(404)}, auth=SIGNED_IN)
def needs_for_investor(request, slug: str = SLUG):
    """Funding needs for a verified investor the caller acts for, best fit to its thesis first, with reasons."""
    investor = _investor(request, slug)
    return [{"need": r.obj, "score": r.score, "reasons": r.reasons} for r in queries.needs_for_investor(request.auth, investor)]


@router.get("/funding-theses/{slug}", response={200: FinancingThesisOut, **errors(404)}, auth=SIGNED_IN)
def get_thesis(request, slug: str = SLUG):
    """A verified investor's thesis, for members of verified organisations and the investor's own people."""
    organisation = Organisation.objects.filter(slug=slug, kind=Organisation.Kind.INVESTOR).first()
    thesis = queries.thesis_of(organisation) if organisation is not None else None
    if thesis is None or not can(request.auth, "financing.view_thesis", thesis):
        raise Http404
    return thesis


@router.put("/funding-theses/{slug}", response={200: FinancingThesisOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def save_thesis(request, payload: FinancingThesisIn, slug: str = SLUG):
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    data = payload.dict()
    sectors = _industries(data.pop("sectors"))
    cities = list(City.objects.filter(slug__in=data["cities"]))
    if len(cities) != len(set(data.pop("cities"))):
        raise ValidationError({"cities": "Unknown city."})
    domain.save_thesis(actor=request.auth, organisation=organisation, sectors=sectors, cities=cities, **data)
    return queries.thesis_of(organisation)


# dedicated funds ---------------------------------------------------------------------------------


@router.get("/funds", response={200: list[FinancingFundOut], **errors(400)}, **PUBLIC_OPERATION)
def list_funds(request):
    """Every dedicated fund (calls are public), open ones first."""
    return list(queries.fund_list())


@router.get("/funds/{fund_id}", response={200: FinancingFundOut, **errors(404)}, **PUBLIC_OPERATION)
def get_fund(request, fund_id: int):
    return queries.fund_or_404(request.auth, fund_id)


def _call_fields(request, data: dict) -> dict:
    """The call's fields as the domain takes them: the sector and city looked up (400 in the caller's language
    when unknown; a district operator's city must be one of theirs, as the page offers)."""
    if "sector" in data:
        data["sector"] = Industry.objects.filter(code=data["sector"]).first()
        if data["sector"] is None:
            raise ValidationError({"sector": _("Unknown industry.")})
    if "city" in data and data["city"] is not None:
        data["city"] = City.objects.filter(slug=data["city"]).first()
        if data["city"] is None:
            raise ValidationError({"city": _("Unknown city.")})
    if "city" in data and not request.auth.is_platform_operator:
        if data["city"] is None or not request.auth.operator_cities.filter(pk=data["city"].pk).exists():
            raise ValidationError({"city": _("Choose one of the cities you operate in.")})
    return data


@router.post("/funds", response={201: FinancingFundOut, **errors(400, 403)}, auth=SIGNED_IN)
def open_fund(request, payload: FinancingFundIn):
    """An operator opens a dedicated fund's call, as on the page `/financing/funds/new/`: platform operators
    anywhere (or with no city: run by platform operators), district operators in one of their cities; 403 for
    anybody else. Title, budget (decimal text, to the fen) and deadline (not past) are checked by the domain."""
    if demand.scope_of(request.auth) is None:
        raise PermissionDenied
    fund = Fund(**_call_fields(request, payload.dict()))
    domain.save_fund(actor=request.auth, fund=fund)
    return Status(201, queries.fund_or_404(request.auth, fund.pk))


@router.patch("/funds/{fund_id}", response={200: FinancingFundOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def change_fund(request, fund_id: int, payload: FinancingFundPatch):
    """The fund's operators change its call or close it (`status`), as on its edit page; fields left out stay.
    A budget below what was awarded already is refused (400); 403 for anybody else."""
    fund = queries.fund_or_404(request.auth, fund_id, perm="financing.run_fund")
    changes = payload.dict(exclude_unset=True)
    for name in ("title_zh", "title_en", "sector", "eligibility", "criteria", "budget", "deadline", "status"):
        if name in changes and changes[name] is None:
            raise ValidationError({name: _("This field cannot be empty.")})
    for name, value in _call_fields(request, changes).items():
        setattr(fund, name, value)
    domain.save_fund(actor=request.auth, fund=fund)
    return queries.fund_or_404(request.auth, fund_id)


@router.get("/funds/{fund_id}/applications", response={200: list[FinancingApplicationOut], **errors(404)}, auth=SIGNED_IN)
def list_applications(request, fund_id: int):
    """The fund's applications the caller may read: their organisations', or all for its operators and reviewers."""
    fund = queries.fund_or_404(request.auth, fund_id)
    return list(queries.applications_for(request.auth, fund))


@router.post("/funds/{fund_id}/applications", response={201: FinancingApplicationOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def apply_to_fund(request, fund_id: int, payload: FinancingApplicationIn):
    """Apply for an organisation the caller administers; what the platform holds about it is pre-filled."""
    fund = queries.fund_or_404(request.auth, fund_id)
    organisation = _organisation(payload.organisation, "organisation")
    need = None
    if payload.need is not None:
        need = FundingNeed.objects.filter(pk=payload.need, organisation=organisation).first()
        if need is None:
            raise ValidationError({"need": "Unknown funding need of this organisation."})
    application = domain.apply_to_fund(actor=request.auth, fund=fund, organisation=organisation, amount=payload.amount, plan=payload.plan, need=need)
    return Status(201, queries.application_or_404(request.auth, application.pk))


def _application(request, fund_id: int, application_id: int, perm: str = ""):
    application = queries.application_or_404(request.auth, application_id, perm=perm)
    if application.fund_id != fund_id:
        raise Http404
    return application


@router.get("/funds/{fund_id}/applications/{application_id}", response={200: FinancingApplicationOut, **errors(404)}, auth=SIGNED_IN)
def get_application(request, fund_id: int, application_id: int):
    return _application(request, fund_id, application_id)


@router.post(
    "/funds/{fund_id}/applications/{application_id}/reviews", response={200: FinancingApplicationOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN
)
def score_application(request, fund_id: int, application_id: int, payload: FinancingScoreIn):
    """A reviewer of the fund scores the application (0–100), declaring no conflict of interest."""
    application = _application(request, fund_id, application_id)
    with conflicts_as_409():
        domain.score_application(
            actor=request.auth, application=application, score=payload.score, comment=payload.comment, no_conflict=payload.no_conflict
        )
    return _application(request, fund_id, application_id)


@router.post(
    "/funds/{fund_id}/applications/{application_id}/award", response={200: FinancingApplicationOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN
)
def award_application(request, fund_id: int, application_id: int, payload: FinancingAwardIn):
    """The fund's operator awards the application (the amount asked unless another is given), within what is left
    of the budget: 409 when it is not, or when the application was decided first."""
    application = _application(request, fund_id, application_id)
    with conflicts_as_409():
        domain.award_application(actor=request.auth, application=application, amount=payload.amount)
    return _application(request, fund_id, application_id)


@router.post(
    "/funds/{fund_id}/applications/{application_id}/reject", response={200: FinancingApplicationOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN
)
def reject_application(request, fund_id: int, application_id: int, payload: FinancingRejectIn):
    application = _application(request, fund_id, application_id)
    with conflicts_as_409():
        domain.reject_application(actor=request.auth, application=application, reason=payload.reason)
    return _application(request, fund_id, application_id)


# disbursement by milestones ----------------------------------------------------------------------


@router.get("/funds/{fund_id}/applications/{application_id}/milestones", response={200: list[FinancingMilestoneOut], **errors(404)}, auth=SIGNED_IN)
def list_milestones(request, fund_id: int, application_id: int):
    """The award's milestones, in order, with what was released."""
    return list(_application(request, fund_id, application_id).milestones.all())


@router.put(
    "/funds/{fund_id}/applications/{application_id}/milestones", response={200: list[FinancingMilestoneOut], **errors(400, 403, 404)}, auth=SIGNED_IN
)
def plan_milestones(request, fund_id: int, application_id: int, payload: FinancingMilestonesIn):
    """The fund's operator plans the award's milestones: amounts adding up to the award exactly (400
    otherwise), replacing an earlier plan while nothing was released."""
    application = _application(request, fund_id, application_id)
    disbursements.plan_milestones(actor=request.auth, application=application, milestones=[m.dict() for m in payload.milestones])
    return list(application.milestones.all())


@router.post(
    "/funds/{fund_id}/applications/{application_id}/milestones/{milestone_id}/release",
    response={200: FinancingMilestoneOut, **errors(403, 404, 409)},
    auth=SIGNED_IN,
)
def release_milestone(request, fund_id: int, application_id: int, milestone_id: int):
    """The fund's operator releases a milestone's amount: once (409 the second time), never beyond the award."""
    application = _application(request, fund_id, application_id)
    milestone = application.milestones.filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404
    with conflicts_as_409():
        disbursements.release_milestone(actor=request.auth, milestone=milestone)
    return application.milestones.get(pk=milestone_id)
