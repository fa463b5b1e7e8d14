"""Reads of achievements, programmes and nominations, scoped to the caller (404 for what they may not see).

`visible_achievements`, `visible_programmes` and `visible_nominations` agree with rules.py
(tests/showcase/test_visibility.py). Lists are ready for list pages: related rows joined or prefetched.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from innobelt.belt.models import City
from innobelt.kit.lookups import or_404
from innobelt.kit.search_text import filter_fields_by_query
from innobelt.organisations.models import Membership, Organisation
from innobelt.permissions import can, is_active_user
from innobelt.showcase.models import (
    Achievement,
    AchievementPartner,
    AwardProgramme,
    Nomination,
    ReviewerAssignment,
)


def _my_orgs(user):
    return Membership.objects.filter(user=user).values("organisation")


def visible_achievements(user) -> QuerySet[Achievement]:
    """Published achievements for everyone; others for the organisation's and the partners' people and the
    operators of the organisation's district (all for platform operators)."""
    qs = Achievement.objects.all()
    shown = Q(status=Achievement.Status.PUBLISHED)
    if is_active_user(user):
        if user.is_platform_operator:
            return qs
        partner = AchievementPartner.objects.filter(achievement=OuterRef("pk"), organisation__in=_my_orgs(user))
        shown |= (
            Q(organisation__in=_my_orgs(user))
            | Q(Exists(partner))
            | Q(organisation__city__in=user.operator_cities.values("pk"))
        )
    return qs.filter(shown)


def _with_related(qs: QuerySet[Achievement]) -> QuerySet[Achievement]:
    return qs.select_related("organisation", "organisation__city").prefetch_related(
        "cities",
        "industries",
        "images",
        Prefetch("partners", queryset=AchievementPartner.objects.select_related("organisation")),
    )


def gallery(
    *, query: str = "", city: str = "", industry: str = "", year: int | None = None, kind: str = ""
) -> QuerySet[Achievement]:
    """The public showcase: published achievements, newest first, filtered by city, industry, year and kind."""
    qs = Achievement.objects.filter(status=Achievement.Status.PUBLISHED)
    if query:
        qs = filter_fields_by_query(qs, query, ["title_zh", "title_en", "story_zh", "story_en"])
    if city:
        qs = qs.filter(cities__slug=city)
    if industry:
        qs = qs.filter(industries__code=industry)
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return _with_related(qs.distinct()).order_by("-year", "-published_at", "-pk")


def gallery_years() -> list[int]:
    return list(
        Achievement.objects.filter(status=Achievement.Status.PUBLISHED)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def achievement_or_404(user, pk, *, perm: str = "") -> Achievement:
    """An achievement the person may see (404 otherwise); with `perm`, one they may also do that to (403)."""
    achievement = or_404(_with_related(visible_achievements(user)).prefetch_related("trail").filter(pk=pk).first())
    if perm and not can(user, perm, achievement):
        raise PermissionDenied
    return achievement


def my_achievements(user) -> QuerySet[Achievement]:
    """The achievements of the person's organisations and those naming them as partners."""
    if not is_active_user(user):
        return Achievement.objects.none()
    partner = AchievementPartner.objects.filter(achievement=OuterRef("pk"), organisation__in=_my_orgs(user))
    return _with_related(Achievement.objects.filter(Q(organisation__in=_my_orgs(user)) | Q(Exists(partner)))).order_by(
        "-created_at", "-pk"
    )


def review_queue(user) -> QuerySet[Achievement]:
    """Achievements in review that this operator may publish."""
    if not is_active_user(user):
        return Achievement.objects.none()
    qs = Achievement.objects.filter(status=Achievement.Status.IN_REVIEW)
    if not user.is_platform_operator:
        qs = qs.filter(organisation__city__in=user.operator_cities.values("pk"))
    return _with_related(qs).order_by("submitted_at", "pk")


def submitting_organisations(user) -> QuerySet[Organisation]:
    if not is_active_user(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name_en", "name_zh")


# programmes and nominations ------------------------------------------------------------------------


def visible_programmes(user) -> QuerySet[AwardProgramme]:
    qs = AwardProgramme.objects.all()
    shown = ~Q(status=AwardProgramme.Status.DRAFT)
    if is_active_user(user):
        if user.is_platform_operator:
            return qs
        shown |= Q(city__in=user.operator_cities.values("pk"))
    return qs.filter(shown)


def programme_list(user) -> QuerySet[AwardProgramme]:
    return visible_programmes(user).select_related("city").prefetch_related("criteria").order_by("-year", "-pk")


def programme_or_404(user, pk, *, perm: str = "") -> AwardProgramme:
    programme = or_404(
        visible_programmes(user).select_related("city").prefetch_related("criteria").filter(pk=pk).first()
    )
    if perm and not can(user, perm, programme):
        raise PermissionDenied
    return programme


def visible_nominations(user) -> QuerySet[Nomination]:
    """The nominee's people, the assigned reviewers and the programme's operators; nobody else."""
    qs = Nomination.objects.all()
    if not is_active_user(user):
        return qs.none()
    if user.is_platform_operator:
        return qs
    assigned = ReviewerAssignment.objects.filter(nomination=OuterRef("pk"), reviewer=user)
    return qs.filter(
        Q(organisation__in=_my_orgs(user))
        | Q(Exists(assigned))
        | Q(programme__city__in=user.operator_cities.values("pk"))
    )


def nominations_for(user, programme: AwardProgramme) -> QuerySet[Nomination]:
    return (
        visible_nominations(user)
        .filter(programme=programme)
        .select_related("organisation", "programme")
        .order_by("organisation__name_en", "pk")
    )


def nomination_or_404(user, pk, *, perm: str = "") -> Nomination:
    nomination = or_404(
        visible_nominations(user)
        .select_related("organisation", "programme", "programme__city")
        .prefetch_related("assignments__reviewer", "assignments__scores")
        .filter(pk=pk)
        .first()
    )
    if perm and not can(user, perm, nomination):
        raise PermissionDenied
    return nomination


def awarded(*, organisation: Organisation | None = None) -> QuerySet[Nomination]:
    """Awards of programmes whose results are published (public)."""
    qs = Nomination.objects.filter(status=Nomination.Status.AWARDED, programme__status=AwardProgramme.Status.PUBLISHED)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs.select_related("organisation", "programme").order_by("-programme__year", "programme_id", "pk")


def awarded_or_404(pk) -> Nomination:
    return or_404(awarded().filter(pk=pk).first())


def programme_cities(user) -> QuerySet[City]:
    """The districts the person may define a programme for (every city for platform operators)."""
    if not is_active_user(user):
        return City.objects.none()
    qs = City.objects.all() if user.is_platform_operator else user.operator_cities.all()
    return qs.order_by("position", "pk")


def nominatable(user, programme: AwardProgramme) -> QuerySet[Organisation]:
    """The organisations the person may nominate: any eligible one for the programme's operators, otherwise
    the eligible organisations they are an admin of (a self-nomination)."""
    if not is_active_user(user):
        return Organisation.objects.none()
    qs = Organisation.objects.all()
    if programme.eligible_kinds:
        qs = qs.filter(kind__in=programme.eligible_kinds)
    if not can(user, "showcase.manage_programme", programme):
        admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values("organisation")
        qs = qs.filter(pk__in=admin_of)
    return qs.order_by("name_en", "name_zh", "pk")
