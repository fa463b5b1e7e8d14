"""The talent API under /api/v1/talent…: positions, profiles, matches both ways, applications, recognitions.

Endpoints only translate: look the object up among those the caller may see (404 otherwise), call the
domain, answer in the kit's error shape. A hidden profile is found by nobody but its owner.
"""

from django.core.exceptions import ValidationError
from ninja import Query, Router
from ninja.responses import Status

from innobelt.belt.models import City, Industry
from innobelt.kit.api_auth import PUBLIC_OPERATION, SIGNED_IN
from innobelt.kit.api_errors import errors
from innobelt.kit.request import client_ip
from innobelt.organisations.models import Organisation
from innobelt.talent import domain, queries
from innobelt.talent.schemas import (
    TalentApplicationOut,
    TalentApplyIn,
    TalentConsentIn,
    TalentConsentOut,
    TalentListFilters,
    TalentMoveIn,
    TalentPositionIn,
    TalentPositionOut,
    TalentPositionPage,
    TalentProfileIn,
    TalentProfileOut,
    TalentProfilePage,
    TalentRankedPositionOut,
    TalentRankedProfileOut,
    TalentRecognitionIn,
)

router = Router(tags=["talent"])


def _industry(code: str) -> Industry | None:
    if not code:
        return None
    found = Industry.objects.filter(code=code).first()
    if found is None:
        raise ValidationError({"field": "Unknown industry code."})
    return found


def _city(slug: str, name: str = "city") -> City | None:
    if not slug:
        return None
    found = City.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({name: "Unknown city."})
    return found


@router.get("/talent/positions", response={200: TalentPositionPage, **errors(400)}, **PUBLIC_OPERATION)
def list_positions(request, filters: Query[TalentListFilters]):
    """Open positions, GOI participants' first where their district's programme says so."""
    items = queries.ordered_positions(query=filters.q)
    return {"count": len(items), "items": items[filters.offset : filters.offset + filters.limit]}


@router.post("/talent/positions", response={201: TalentPositionOut, **errors(400, 403)}, auth=SIGNED_IN)
def post_position(request, payload: TalentPositionIn):
    data = payload.dict()
    organisation = Organisation.objects.filter(slug=data.pop("organisation")).first()
    if organisation is None:
        raise ValidationError({"organisation": "Unknown organisation."})
    data["field"], data["city"] = _industry(data["field"]), _city(data["city"]) or organisation.city
    position = domain.post_position(actor=request.auth, organisation=organisation, **data)
    return Status(201, queries.position_or_404(request.auth, position.pk))


@router.get("/talent/positions/{position_id}", response={200: TalentPositionOut, **errors(404)}, **PUBLIC_OPERATION)
def get_position(request, position_id: int):
    return queries.position_or_404(request.auth, position_id)


@router.get("/talent/positions/{position_id}/candidates", response={200: list[TalentRankedProfileOut], **errors(403, 404)}, auth=SIGNED_IN)
def candidates(request, position_id: int):
    """People for a position (its organisation's people): profiles they may see, best fit first, with reasons."""
    position = queries.position_or_404(request.auth, position_id, perm="talent.change_position")
    return [{"profile": r.obj, "score": r.score, "reasons": r.reasons} for r in queries.people_for_position(request.auth, position)]


@router.post("/talent/positions/{position_id}/applications", response={201: TalentApplicationOut, **errors(400, 404)}, auth=SIGNED_IN)
def apply(request, position_id: int, payload: TalentApplyIn):
    position = queries.position_or_404(request.auth, position_id)
    application = domain.apply_to_position(
        actor=request.auth, position=position, message=payload.message, consent=payload.consent, ip_address=client_ip(request)
    )
    return Status(201, application)


@router.get("/talent/matches", response={200: list[TalentRankedPositionOut], **errors(400)}, auth=SIGNED_IN)
def positions_for_me(request):
    """Open positions for the caller's own profile, best first with reasons (empty without a profile)."""
    return [{"position": r.obj, "score": r.score, "reasons": r.reasons} for r in queries.positions_for_person(request.auth)]


@router.get("/talent/profiles", response={200: TalentProfilePage, **errors(400)}, **PUBLIC_OPERATION)
def list_profiles(request, filters: Query[TalentListFilters]):
    """Profiles the caller may find: public ones, and "verified organisations only" for members of one."""
    qs = queries.profile_list(request.auth, query=filters.q)
    return {"count": qs.count(), "items": list(qs[filters.offset : filters.offset + filters.limit])}


@router.get("/talent/profiles/{profile_id}", response={200: TalentProfileOut, **errors(404)}, **PUBLIC_OPERATION)
def get_profile(request, profile_id: int):
    return queries.profile_or_404(request.auth, profile_id)


@router.put("/talent/profile", response={200: TalentProfileOut, **errors(400)}, auth=SIGNED_IN)
def save_my_profile(request, payload: TalentProfileIn):
    """Create or change the caller's own profile; showing it to others needs `consent` once (recorded)."""
    data = payload.dict()
    cities = list(City.objects.filter(slug__in=data["cities"]))
    if len(cities) != len(set(data.pop("cities"))):
        raise ValidationError({"cities": "Unknown city."})
    data["field"] = _industry(data["field"])
    profile = domain.save_profile(actor=request.auth, cities=cities, ip_address=client_ip(request), **data)
    return queries.profile_or_404(request.auth, profile.pk)


@router.post("/talent/profiles/{profile_id}/recognitions", response={201: TalentProfileOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def grant_recognition(request, profile_id: int, payload: TalentRecognitionIn):
    """An operator of the district grants a recognition after review."""
    profile = queries.profile_or_404(request.auth, profile_id)
    city = _city(payload.city)
    if city is None:
        raise ValidationError({"city": "Unknown city."})
    domain.grant_recognition(actor=request.auth, profile=profile, programme=payload.programme, city=city, review_note=payload.review_note)
    return Status(201, queries.profile_or_404(request.auth, profile_id))


@router.get("/talent/applications/{application_id}", response={200: TalentApplicationOut, **errors(404)}, auth=SIGNED_IN)
def get_application(request, application_id: int):
    return queries.application_or_404(request.auth, application_id)


@router.post("/talent/applications/{application_id}/status", response={200: TalentApplicationOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def move_application(request, application_id: int, payload: TalentMoveIn):
    """The organisation moves an application on, or declines it with a reason."""
    application = queries.application_or_404(request.auth, application_id)
    domain.move_application(actor=request.auth, application=application, status=payload.status, reason=payload.reason)
    return queries.application_or_404(request.auth, application_id)


@router.get("/talent/consents", response={200: list[TalentConsentOut], **errors(400)}, auth=SIGNED_IN)
def my_consents(request):
    """The caller's consents (PIPL) to the uses of their talent profile, newest first, withdrawn ones too."""
    return domain.consents_of(request.auth)


@router.post("/talent/consents", response={201: TalentConsentOut, **errors(400)}, auth=SIGNED_IN)
def give_consent(request, payload: TalentConsentIn):
    """Give (again) the consent to one use of the caller's profile. Giving `talent.profile` again does not show
    a hidden profile: choose its visibility with `PUT /talent/profile`."""
    return Status(201, domain.give_consent(actor=request.auth, purpose=payload.purpose, ip_address=client_ip(request)))


@router.post("/talent/consents/withdraw", response={200: list[TalentConsentOut], **errors(400)}, auth=SIGNED_IN)
def withdraw_consent(request, payload: TalentConsentIn):
    """Withdraw the consent to one use of the caller's profile, at once, as the profile page does: `talent.profile`
    hides the profile (no matching, no list, no page); `talent.application` stops the organisations applied to
    from reading it through the applications. 400 when there is nothing to withdraw."""
    domain.withdraw_consent(actor=request.auth, purpose=payload.purpose)
    return domain.consents_of(request.auth)
