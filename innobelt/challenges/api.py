"""The needs API: list and search, one need, posting, changing, renewing and closing; answers and decisions.

Endpoints only translate: look the object up among those the caller may see (404 otherwise), call the
domain, answer in the kit's error shape.
"""

from django.core.exceptions import ValidationError
from ninja import Query, Router
from ninja.responses import Status

from innobelt.belt.models import Industry
from innobelt.challenges import domain, queries
from innobelt.challenges.models import Need
from innobelt.challenges.schemas import (
    DeclineIn,
    InterestIn,
    InterestOut,
    NeedDetailOut,
    NeedFilters,
    NeedIn,
    NeedPage,
    NeedPatch,
    RenewIn,
)
from innobelt.kit.api_auth import PUBLIC_OPERATION, SIGNED_IN
from innobelt.kit.api_errors import errors
from innobelt.organisations.models import Organisation
from innobelt.permissions import can

router = Router(tags=["needs"])


def _organisation(slug: str, field: str) -> Organisation:
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: "Unknown organisation."})
    return found


def _industries(codes: list[str]) -> list[Industry]:
    found = list(Industry.objects.filter(code__in=codes))
    if len(found) != len(set(codes)):
        unknown = ", ".join(sorted(set(codes) - {i.code for i in found}))
        raise ValidationError({"industries": "Unknown industry codes: " + unknown})
    return found


def _detail(user, need: Need) -> Need:
    """The need, marked with whether the caller may read its confidential details (NeedDetailOut reads the mark)."""
    need.details_readable = can(user, "challenges.read_need_details", need)
    return need


@router.get("/needs", response={200: NeedPage, **errors(400)}, **PUBLIC_OPERATION)
def list_needs(request, filters: Query[NeedFilters]):
    """Needs as the caller may see them (open ones unless `status` says otherwise), searched in both languages."""
    qs = queries.need_list(request.auth, query=filters.q, industry=filters.industry, city=filters.city, status=filters.status)
    return {"count": qs.count(), "items": list(qs[filters.offset : filters.offset + filters.limit])}


@router.post("/needs", response={201: NeedDetailOut, **errors(400, 403)}, auth=SIGNED_IN)
def post_need(request, payload: NeedIn):
    data = payload.dict()
    owner = _organisation(data.pop("owner"), "owner")
    industries = _industries(data.pop("industries"))
    need = domain.post_need(actor=request.auth, owner=owner, industries=industries, **data)
    return Status(201, _detail(request.auth, queries.need_or_404(request.auth, need.pk)))


@router.get("/needs/{need_id}", response={200: NeedDetailOut, **errors(404)}, **PUBLIC_OPERATION)
def get_need(request, need_id: int):
    return _detail(request.auth, queries.need_or_404(request.auth, need_id))


@router.patch("/needs/{need_id}", response={200: NeedDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def change_need(request, need_id: int, payload: NeedPatch):
    need = queries.need_or_404(request.auth, need_id, perm="challenges.change_need")
    changes = payload.dict(exclude_unset=True)
    codes = changes.pop("industries", None)
    industries = _industries(codes) if codes is not None else None
    for name in ("title_zh", "title_en", "problem", "desired_outcome", "details", "text_language", "deadline", "confidentiality"):
        if name in changes and changes[name] is None:
            raise ValidationError({name: "This field cannot be null."})
    domain.update_need(actor=request.auth, need=need, changes=changes, industries=industries)
    return _detail(request.auth, queries.need_or_404(request.auth, need_id))


@router.post("/needs/{need_id}/renew", response={200: NeedDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def renew_need(request, need_id: int, payload: RenewIn):
    need = queries.need_or_404(request.auth, need_id, perm="challenges.change_need")
    domain.renew_need(actor=request.auth, need=need, deadline=payload.deadline)
    return _detail(request.auth, queries.need_or_404(request.auth, need_id))


@router.post("/needs/{need_id}/close", response={200: NeedDetailOut, **errors(403, 404)}, auth=SIGNED_IN)
def close_need(request, need_id: int):
    need = queries.need_or_404(request.auth, need_id, perm="challenges.close_need")
    domain.close_need(actor=request.auth, need=need)
    return _detail(request.auth, queries.need_or_404(request.auth, need_id))


@router.get("/needs/{need_id}/interests", response={200: list[InterestOut], **errors(404)}, auth=SIGNED_IN)
def list_interests(request, need_id: int):
    """The answers to a need: all of them for the owner's people, the caller's organisations' own otherwise."""
    need = queries.need_or_404(request.auth, need_id)
    return queries.interests_for(request.auth, need)


@router.post("/needs/{need_id}/interests", response={201: InterestOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def express_interest(request, need_id: int, payload: InterestIn):
    need = queries.need_or_404(request.auth, need_id)
    organisation = _organisation(payload.organisation, "organisation")
    interest = domain.express_interest(actor=request.auth, need=need, organisation=organisation, message=payload.message)
    return Status(201, queries.interest_or_404(request.auth, interest.pk))


@router.get("/need-interests/{interest_id}", response={200: InterestOut, **errors(404)}, auth=SIGNED_IN)
def get_interest(request, interest_id: int):
    return queries.interest_or_404(request.auth, interest_id)


@router.post("/need-interests/{interest_id}/accept", response={200: InterestOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def accept_interest(request, interest_id: int):
    interest = queries.interest_or_404(request.auth, interest_id)
    domain.accept_interest(actor=request.auth, interest=interest)
    return queries.interest_or_404(request.auth, interest_id)


@router.post("/need-interests/{interest_id}/decline", response={200: InterestOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def decline_interest(request, interest_id: int, payload: DeclineIn):
    interest = queries.interest_or_404(request.auth, interest_id)
    domain.decline_interest(actor=request.auth, interest=interest, reason=payload.reason)
    return queries.interest_or_404(request.auth, interest_id)


@router.post("/need-interests/{interest_id}/withdraw", response={200: InterestOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def withdraw_interest(request, interest_id: int):
    interest = queries.interest_or_404(request.auth, interest_id)
    domain.withdraw_interest(actor=request.auth, interest=interest)
    return queries.interest_or_404(request.auth, interest_id)
