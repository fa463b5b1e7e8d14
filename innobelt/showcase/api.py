"""The API of achievements and award programmes under /api/v1/: /achievements…, /awards…, /nominations….

Endpoints only translate: look the object up among those the caller may see (404 otherwise), call the
domain, answer in the kit's error shape.
"""

import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from innobelt.belt.models import City, Industry
from innobelt.files.models import StoredFile
from innobelt.kit.api_auth import PUBLIC_OPERATION, SIGNED_IN
from innobelt.kit.api_errors import errors
from innobelt.organisations.models import Organisation
from innobelt.showcase import queries
from innobelt.showcase.domain import achievements as achievement_domain
from innobelt.showcase.domain import awards as award_domain
from innobelt.showcase.schemas import (
    ShowcaseAchievementIn,
    ShowcaseAchievementOut,
    ShowcaseAchievementPage,
    ShowcaseAchievementPatch,
    ShowcaseConflictIn,
    ShowcaseDecisionIn,
    ShowcaseGalleryFilters,
    ShowcaseNominateIn,
    ShowcaseNominationOut,
    ShowcaseProgrammeIn,
    ShowcaseProgrammeOut,
    ShowcaseProgrammePatch,
    ShowcaseProgrammeStatusIn,
    ShowcaseReviewerIn,
    ShowcaseScoresIn,
    ShowcaseSendBackIn,
)

router = Router(tags=["showcase"])


def _by_keys(model: Any, field: str, keys: list[Any], name: str) -> list[Any]:
    rows = list(model.objects.filter(**{f"{field}__in": keys}))
    if len(rows) != len(set(keys)):
        raise ValidationError({name: _("One of these is unknown.")})
    return rows


def _organisation(slug: str, name: str) -> Organisation:
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({name: _("Unknown organisation.")})
    return found


def _images(ids: list[str]) -> list[StoredFile]:
    try:
        keys = [uuid.UUID(value) for value in ids]
    except ValueError:
        raise ValidationError({"images": _("One of these is unknown.")}) from None
    return _by_keys(StoredFile, "pk", keys, "images")


def _achievement(user, pk: int):
    return queries.achievement_or_404(user, pk)


@router.get("/achievements", response={200: ShowcaseAchievementPage, **errors(400)}, **PUBLIC_OPERATION)
def list_achievements(request, filters: Query[ShowcaseGalleryFilters]):
    """The public showcase: published achievements, filtered by city, industry, year and kind."""
    qs = queries.gallery(
        query=filters.q, city=filters.city, industry=filters.industry, year=filters.year, kind=filters.kind
    ).prefetch_related("trail")
    return {"count": qs.count(), "items": list(qs[filters.offset : filters.offset + filters.limit])}


@router.post("/achievements", response={201: ShowcaseAchievementOut, **errors(400, 403)}, auth=SIGNED_IN)
def draft_achievement(request, payload: ShowcaseAchievementIn):
    """Draft an achievement for your organisation, with partners and the trail of records that led to it."""
    data = payload.dict()
    organisation = _organisation(data.pop("organisation"), "organisation")
    partners = [_organisation(slug, "partners") for slug in data.pop("partners")]
    cities = _by_keys(City, "slug", data.pop("cities"), "cities")
    industries = _by_keys(Industry, "code", data.pop("industries"), "industries")
    images = _images(data.pop("images"))
    trail_items = data.pop("trail")
    achievement = achievement_domain.draft_achievement(
        actor=request.auth,
        organisation=organisation,
        partners=partners,
        cities=cities,
        industries=industries,
        images=images,
        trail_items=trail_items,
        **data,
    )
    return Status(201, _achievement(request.auth, achievement.pk))


@router.get("/achievements/{achievement_id}", response={200: ShowcaseAchievementOut, **errors(404)}, **PUBLIC_OPERATION)
def get_achievement(request, achievement_id: int):
    return _achievement(request.auth, achievement_id)


@router.patch(
    "/achievements/{achievement_id}", response={200: ShowcaseAchievementOut, **errors(400, 403, 404)}, auth=SIGNED_IN
)
def update_achievement(request, achievement_id: int, payload: ShowcaseAchievementPatch):
    """Change a draft or a sent-back achievement (fields left out stay as they are)."""
    achievement = queries.achievement_or_404(request.auth, achievement_id, perm="showcase.change_achievement")
    data = payload.dict(exclude_unset=True)
    partners = data.pop("partners", None)
    trail_items = data.pop("trail", None)
    achievement_domain.update_achievement(
        actor=request.auth,
        achievement=achievement,
        trail_items=trail_items,
        partners=None if partners is None else [_organisation(slug, "partners") for slug in partners],
        **data,
    )
    return _achievement(request.auth, achievement_id)


def _step(request, achievement_id: int, perm: str, action):
    achievement = queries.achievement_or_404(request.auth, achievement_id, perm=perm)
    action(achievement)
    return _achievement(request.auth, achievement_id)


@router.post(
    "/achievements/{achievement_id}/submit",
    response={200: ShowcaseAchievementOut, **errors(400, 403, 404)},
    auth=SIGNED_IN,
)
def submit_achievement(request, achievement_id: int):
    """To the partners for confirmation (or straight to review when it names none)."""
    return _step(
        request,
        achievement_id,
        "showcase.change_achievement",
        lambda a: achievement_domain.submit_achievement(actor=request.auth, achievement=a),
    )


@router.post(
    "/achievements/{achievement_id}/confirm",
    response={200: ShowcaseAchievementOut, **errors(400, 403, 404)},
    auth=SIGNED_IN,
)
def confirm_achievement(request, achievement_id: int):
    """A partner confirms it took part."""
    return _step(
        request,
        achievement_id,
        "showcase.confirm_achievement",
        lambda a: achievement_domain.confirm_achievement(actor=request.auth, achievement=a),
    )


@router.post(
    "/achievements/{achievement_id}/publish",
    response={200: ShowcaseAchievementOut, **errors(400, 403, 404)},
    auth=SIGNED_IN,
)
def publish_achievement(request, achievement_id: int):
    """An operator of the organisation's district publishes it."""
    return _step(
        request,
        achievement_id,
        "showcase.review_achievement",
        lambda a: achievement_domain.publish_achievement(actor=request.auth, achievement=a),
    )


@router.post(
    "/achievements/{achievement_id}/send-back",
    response={200: ShowcaseAchievementOut, **errors(400, 403, 404)},
    auth=SIGNED_IN,
)
def send_back_achievement(request, achievement_id: int, payload: ShowcaseSendBackIn):
    return _step(
        request,
        achievement_id,
        "showcase.review_achievement",
        lambda a: achievement_domain.send_back_achievement(actor=request.auth, achievement=a, reason=payload.reason),
    )


# award programmes and nominations -----------------------------------------------------------------


@router.get("/awards", response={200: list[ShowcaseProgrammeOut]}, **PUBLIC_OPERATION)
def list_programmes(request):
    return list(queries.programme_list(request.auth)[:200])


@router.post("/awards", response={201: ShowcaseProgrammeOut, **errors(400, 403)}, auth=SIGNED_IN)
def define_programme(request, payload: ShowcaseProgrammeIn):
    """Define an award programme (a draft): a platform operator, or a district operator for their district."""
    data = payload.dict()
    slug = data.pop("city")
    city = None
    if slug:
        city = City.objects.filter(slug=slug).first()
        if city is None:
            raise ValidationError({"city": _("Unknown city.")})
    programme = award_domain.define_programme(actor=request.auth, city=city, criteria=data.pop("criteria"), **data)
    return Status(201, queries.programme_or_404(request.auth, programme.pk))


@router.get("/awards/{programme_id}", response={200: ShowcaseProgrammeOut, **errors(404)}, **PUBLIC_OPERATION)
def get_programme(request, programme_id: int):
    return queries.programme_or_404(request.auth, programme_id)


@router.patch("/awards/{programme_id}", response={200: ShowcaseProgrammeOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def update_programme(request, programme_id: int, payload: ShowcaseProgrammePatch):
    """Change a programme (its operators), as its page does: fields left out stay; `null` for a field is a 400."""
    programme = queries.programme_or_404(request.auth, programme_id, perm="showcase.manage_programme")
    data = payload.dict(exclude_unset=True)
    criteria = data.pop("criteria", None)
    if "criteria" in payload.model_fields_set and criteria is None:
        raise ValidationError({"criteria": _("This field cannot be empty.")})
    award_domain.update_programme(actor=request.auth, programme=programme, criteria=criteria, **data)
    return queries.programme_or_404(request.auth, programme_id)


@router.post(
    "/awards/{programme_id}/status", response={200: ShowcaseProgrammeOut, **errors(400, 403, 404)}, auth=SIGNED_IN
)
def set_programme_status(request, programme_id: int, payload: ShowcaseProgrammeStatusIn):
    """Open, close, or publish the results (nominations not awarded by then are marked not awarded)."""
    programme = queries.programme_or_404(request.auth, programme_id, perm="showcase.manage_programme")
    award_domain.set_programme_status(actor=request.auth, programme=programme, status=payload.status)
    return queries.programme_or_404(request.auth, programme_id)


def _nomination_out(nomination):
    nomination.total_score = award_domain.total_score(nomination)
    return nomination


@router.get(
    "/awards/{programme_id}/nominations", response={200: list[ShowcaseNominationOut], **errors(404)}, auth=SIGNED_IN
)
def list_nominations(request, programme_id: int):
    """The nominations the caller may read: their organisation's, those they review, all for its operators."""
    programme = queries.programme_or_404(request.auth, programme_id)
    return list(queries.nominations_for(request.auth, programme)[:500])


@router.post(
    "/awards/{programme_id}/nominations", response={201: ShowcaseNominationOut, **errors(400, 403, 404)}, auth=SIGNED_IN
)
def nominate(request, programme_id: int, payload: ShowcaseNominateIn):
    """Nominate your organisation (its admin) or any eligible one (an operator); the evidence is computed."""
    programme = queries.programme_or_404(request.auth, programme_id)
    organisation = _organisation(payload.organisation, "organisation")
    nomination = award_domain.nominate(
        actor=request.auth, programme=programme, organisation=organisation, statement=payload.statement
    )
    return Status(201, _nomination_out(queries.nomination_or_404(request.auth, nomination.pk)))


@router.get("/nominations/{nomination_id}", response={200: ShowcaseNominationOut, **errors(404)}, auth=SIGNED_IN)
def get_nomination(request, nomination_id: int):
    return _nomination_out(queries.nomination_or_404(request.auth, nomination_id))


@router.post(
    "/nominations/{nomination_id}/evidence",
    response={200: ShowcaseNominationOut, **errors(400, 403, 404)},
    auth=SIGNED_IN,
)
def refresh_evidence(request, nomination_id: int):
    """Count the evidence again from the records (an operator of the programme)."""
    nomination = queries.nomination_or_404(request.auth, nomination_id, perm="showcase.decide_nomination")
    award_domain.refresh_evidence(actor=request.auth, nomination=nomination)
    return _nomination_out(queries.nomination_or_404(request.auth, nomination_id))


@router.post(
    "/nominations/{nomination_id}/reviewers",
    response={200: ShowcaseNominationOut, **errors(400, 403, 404)},
    auth=SIGNED_IN,
)
def assign_reviewer(request, nomination_id: int, payload: ShowcaseReviewerIn):
    nomination = queries.nomination_or_404(request.auth, nomination_id, perm="showcase.decide_nomination")
    reviewer = get_user_model().objects.filter(pk=payload.reviewer, is_active=True).first()
    if reviewer is None:
        raise ValidationError({"reviewer": _("Unknown person.")})
    award_domain.assign_reviewer(actor=request.auth, nomination=nomination, reviewer=reviewer)
    return _nomination_out(queries.nomination_or_404(request.auth, nomination_id))


@router.post(
    "/nominations/{nomination_id}/conflict",
    response={200: ShowcaseNominationOut, **errors(400, 403, 404)},
    auth=SIGNED_IN,
)
def declare_conflict(request, nomination_id: int, payload: ShowcaseConflictIn):
    """The reviewer declares a conflict of interest and scores no more."""
    nomination = queries.nomination_or_404(request.auth, nomination_id, perm="showcase.review_nomination")
    award_domain.declare_conflict(actor=request.auth, nomination=nomination, note=payload.note)
    return _nomination_out(queries.nomination_or_404(request.auth, nomination_id))


@router.post(
    "/nominations/{nomination_id}/scores",
    response={200: ShowcaseNominationOut, **errors(400, 403, 404)},
    auth=SIGNED_IN,
)
def score_nomination(request, nomination_id: int, payload: ShowcaseScoresIn):
    """Score every criterion 0–10 (an assigned reviewer without a conflict)."""
    nomination = queries.nomination_or_404(request.auth, nomination_id, perm="showcase.score_nomination")
    award_domain.score_nomination(
        actor=request.auth,
        nomination=nomination,
        scores={s.criterion: s.value for s in payload.scores},
        comments={s.criterion: s.comment for s in payload.scores},
    )
    return _nomination_out(queries.nomination_or_404(request.auth, nomination_id))


@router.post(
    "/nominations/{nomination_id}/decision",
    response={200: ShowcaseNominationOut, **errors(400, 403, 404)},
    auth=SIGNED_IN,
)
def decide_nomination(request, nomination_id: int, payload: ShowcaseDecisionIn):
    """Award the nomination, or not (an operator of the programme, once it is closed)."""
    nomination = queries.nomination_or_404(request.auth, nomination_id, perm="showcase.decide_nomination")
    award_domain.decide_nomination(actor=request.auth, nomination=nomination, award=payload.award)
    return _nomination_out(queries.nomination_or_404(request.auth, nomination_id))
