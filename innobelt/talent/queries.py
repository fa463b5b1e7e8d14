"""Reads of positions, talent profiles, applications and recognitions, scoped to the caller.

What the caller may not see is absent (404). `visible_profiles` must agree with rules.can_see_profile: a
hidden profile is its owner's alone; a "verified organisations only" profile is read by members of
verified organisations, never by an anonymous visitor or an unverified organisation's people.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Q, QuerySet
from django.http import Http404

from innobelt.accounts.models import Consent
from innobelt.kit.lookups import or_404
from innobelt.kit.search_text import filter_fields_by_query
from innobelt.matching.queries import find_matches
from innobelt.organisations.models import Membership, Organisation
from innobelt.permissions import can, is_active_user
from innobelt.talent.fit import position_fit
from innobelt.talent.models import PURPOSE_APPLICATION, DistrictProgramme, Position, PositionApplication, Recognition, TalentProfile


@dataclass
class Ranked:
    obj: Any
    score: float
    reasons: list[str] = field(default_factory=list)


def _member_of_verified(user) -> bool:
    return Membership.objects.filter(user=user, organisation__verification=Organisation.Verification.VERIFIED).exists()


def visible_profiles(user) -> QuerySet[TalentProfile]:
    qs = TalentProfile.objects.all()
    shown = Q(visibility=TalentProfile.Visibility.PUBLIC)
    if is_active_user(user):
        shown |= Q(user=user)
        if _member_of_verified(user):
            shown |= Q(visibility=TalentProfile.Visibility.VERIFIED)
    return qs.filter(shown)


def profile_list(user, *, query: str = "") -> QuerySet[TalentProfile]:
    qs = visible_profiles(user)
    if query:
        qs = filter_fields_by_query(qs, query, ["headline", "summary", "skills", "degrees"])
    return qs.select_related("field").prefetch_related("cities", "recognitions__city").order_by("-updated_at", "-pk")


def profile_or_404(user, pk) -> TalentProfile:
    return or_404(visible_profiles(user).select_related("field", "user").prefetch_related("cities", "recognitions").filter(pk=pk).first())


def own_profile(user) -> TalentProfile | None:
    if not is_active_user(user):
        return None
    return TalentProfile.objects.filter(user=user).prefetch_related("cities").first()


def position_list(*, query: str = "") -> QuerySet[Position]:
    """Open positions (public), GOI participants' first where their district's programme says so."""
    qs = Position.objects.filter(status=Position.Status.OPEN)
    if query:
        qs = filter_fields_by_query(qs, query, ["title_zh", "title_en", "description", "skills"])
    return qs.select_related("organisation", "city", "field").order_by("-created_at", "-pk")


def prioritised_cities() -> set[int]:
    return set(DistrictProgramme.objects.filter(prioritise_goi=True).values_list("city_id", flat=True))


def ordered_positions(*, query: str = "") -> list[Position]:
    """Open positions, those of GOI participants in a prioritising district first, then the newest."""
    cities = prioritised_cities()
    positions = list(position_list(query=query)[:200])
    for p in positions:
        p.prioritised = p.goi_participant and p.city_id in cities
    return sorted(positions, key=lambda p: not p.prioritised)  # stable: newest first within each group


def position_or_404(user, pk, *, perm: str = "") -> Position:
    qs = Position.objects.select_related("organisation", "city", "field")
    position = or_404(qs.filter(pk=pk).first())
    if position.status != Position.Status.OPEN and not can(user, "talent.change_position", position):
        raise Http404
    if perm and not can(user, perm, position):
        raise PermissionDenied
    return position


def _engine(user, query: str, kind: str) -> dict[int, tuple[float, list[str]]]:
    if not query.strip():
        return {}
    return {m.obj.pk: (m.score, m.reasons) for m in find_matches(user=user, query=query, kinds=[kind], k=50, ineligible="mark")}


def profile_query(profile: TalentProfile) -> str:
    return " ".join(x for x in (profile.headline, profile.summary, profile.skills, profile.degrees) if x)


def positions_for_person(user, *, limit: int = 20) -> list[Ranked]:
    """Open positions for the person's own profile, best first with reasons (GOI priority where it applies)."""
    profile = own_profile(user)
    if profile is None:
        return []
    cities = prioritised_cities()
    engine = _engine(user, profile_query(profile), "position")
    ranked = []
    for position in position_list()[:200]:
        fit = position_fit(position, profile, prioritised_cities=cities)
        closeness, words = engine.get(position.pk, (0.0, []))
        ranked.append(Ranked(position, fit.score + closeness, fit.reasons + words))
    ranked.sort(key=lambda r: (-r.score, -r.obj.pk))
    return ranked[:limit]


def people_for_position(user, position: Position, *, limit: int = 20) -> list[Ranked]:
    """Profiles the reader may see, best fit to the position first, with reasons (the position's people)."""
    profiles = list(profile_list(user).exclude(user=user)[:200])
    query = " ".join(x for x in (position.title_zh, position.title_en, position.description, position.skills) if x)
    engine = _engine(user, query, "talent_profile")
    ranked = []
    for profile in profiles:
        fit = position_fit(position, profile, prioritised_cities=set())
        closeness, words = engine.get(profile.pk, (0.0, []))
        ranked.append(Ranked(profile, fit.score + closeness, fit.reasons + words))
    ranked.sort(key=lambda r: (-r.score, -r.obj.pk))
    return ranked[:limit]


def visible_applications(user) -> QuerySet[PositionApplication]:
    qs = PositionApplication.objects.select_related("position", "position__organisation", "applicant")
    if not is_active_user(user):
        return qs.none()
    mine = Membership.objects.filter(user=user).values("organisation")
    return qs.filter(Q(applicant=user) | Q(position__organisation__in=mine))


def application_or_404(user, pk, *, perm: str = "") -> PositionApplication:
    application = or_404(visible_applications(user).filter(pk=pk).first())
    if perm and not can(user, perm, application):
        raise PermissionDenied
    return application


def applications_for(user, position: Position) -> QuerySet[PositionApplication]:
    return visible_applications(user).filter(position=position).order_by("-created_at", "-pk")


def my_applications(user) -> QuerySet[PositionApplication]:
    if not is_active_user(user):
        return PositionApplication.objects.none()
    return visible_applications(user).filter(applicant=user).order_by("-created_at", "-pk")


def applicant_profile(application: PositionApplication) -> TalentProfile | None:
    """The applicant's profile, shared with the employer by applying (consent recorded), whatever its
    visibility, while that consent is not withdrawn (accounts.Consent with purpose `talent.application`)."""
    shared = Consent.objects.filter(user_id=application.applicant_id, purpose=PURPOSE_APPLICATION, withdrawn_at__isnull=True)
    return TalentProfile.objects.filter(user_id=application.applicant_id).filter(Exists(shared)).select_related("field").first()


def recognitions_of(profile: TalentProfile) -> list[Recognition]:
    return list(profile.recognitions.select_related("city").all())


def posting_organisations(user) -> QuerySet[Organisation]:
    if not is_active_user(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Membership.Role.ADMIN).order_by("pk")
