"""Reads of funding needs, theses, funds and applications, scoped to the caller.

What the caller may not see is absent, so pages and the API answer 404 for it. `visible_needs` must agree
with rules.can_see_need. Ranked lists combine the thesis fit (fit.py) with the matching engine's
closeness of the texts, and say why.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from innobelt.files.models import StoredFile
from innobelt.financing.fit import thesis_fit
from innobelt.financing.models import Fund, FundApplication, FundingNeed, MeetingRequest, Thesis
from innobelt.kit.lookups import or_404
from innobelt.kit.search_text import filter_fields_by_query
from innobelt.matching.queries import find_matches
from innobelt.meetings.models import Programme
from innobelt.meetings.queries import meetings_of_event_requests, programmes_taking_requests
from innobelt.organisations.models import Membership, Organisation
from innobelt.permissions import can, is_active_user

ENGINE_WEIGHT = 1  # the engine's score (0–1) is added to the count of thesis signals: it orders equal fits


def _my_orgs(user):
    return Membership.objects.filter(user=user).values("organisation")


def _investor_member(user) -> bool:
    return Membership.objects.filter(
        user=user, organisation__kind=Organisation.Kind.INVESTOR, organisation__verification=Organisation.Verification.VERIFIED
    ).exists()


def visible_needs(user) -> QuerySet[FundingNeed]:
    """Funding needs this person may read: their organisations' own; open ones shown to investors when they
    belong to a verified investor; their cities' for district operators; all for platform operators; none
    for an anonymous visitor."""
    qs = FundingNeed.objects.all()
    if not is_active_user(user):
        return qs.none()
    if user.is_platform_operator:
        return qs
    shown = Q(organisation__in=_my_orgs(user))
    shown |= Q(city__in=user.operator_cities.values("pk")) | Q(city__isnull=True, organisation__city__in=user.operator_cities.values("pk"))
    if _investor_member(user):
        shown |= Q(visibility=FundingNeed.Visibility.INVESTORS, status=FundingNeed.Status.OPEN)
    return qs.filter(shown)


def need_list(user, *, query: str = "", status: str = FundingNeed.Status.OPEN) -> QuerySet[FundingNeed]:
    qs = visible_needs(user)
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = filter_fields_by_query(qs, query, ["title_zh", "title_en", "use_of_funds", "traction"])
    return qs.select_related("organisation", "city").prefetch_related("industries").order_by("-created_at", "-pk")


def need_or_404(user, pk, *, perm: str = "") -> FundingNeed:
    """A funding need the person may see (404 otherwise); with `perm`, one they may also do that to (403)."""
    need = or_404(visible_needs(user).select_related("organisation", "city").prefetch_related("industries").filter(pk=pk).first())
    if perm and not can(user, perm, need):
        raise PermissionDenied
    return need


def deck_or_404(user, need_id) -> StoredFile:
    """The pitch deck of a funding need, when the person may download it; 404 otherwise, the same answer
    whether the need does not exist, has no deck, or its deck is not shared with them."""
    need = FundingNeed.objects.select_related("organisation", "deck").filter(pk=need_id).first()
    if need is None or need.deck is None or not can(user, "financing.download_deck", need):
        raise Http404
    return need.deck


def deck_choices(need: FundingNeed) -> QuerySet[Organisation]:
    """The verified investors a startup may choose to share its deck with on the page: those that asked to
    meet about the need, and those chosen already."""
    asked = MeetingRequest.objects.filter(need=need).values("investor")
    return Organisation.objects.filter(
        Q(pk__in=asked) | Q(pk__in=need.deck_investors.values("pk")),
        kind=Organisation.Kind.INVESTOR,
        verification=Organisation.Verification.VERIFIED,
    ).order_by("name_zh", "pk")


def investor_organisations(user) -> QuerySet[Organisation]:
    """The verified investor organisations this person acts for."""
    if not is_active_user(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, kind=Organisation.Kind.INVESTOR, verification=Organisation.Verification.VERIFIED
    ).order_by("pk")


def posting_organisations(user) -> QuerySet[Organisation]:
    """The startups and SMEs this person may post funding needs for."""
    if not is_active_user(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, kind__in=["startup", "sme"]).order_by("pk")


@dataclass
class Ranked:
    obj: Any
    score: float
    reasons: list[str] = field(default_factory=list)


def _engine(user, query: str, kind: str, acting: list[Organisation]) -> dict[int, tuple[float, list[str]]]:
    if not query.strip():
        return {}
    matches = find_matches(user=user, query=query, kinds=[kind], k=50, ineligible="mark", acting=acting)
    return {m.obj.pk: (m.score, m.reasons) for m in matches}


def thesis_query(thesis: Thesis) -> str:
    return " ".join([thesis.summary, *(f"{i.name_zh} {i.name_en}" for i in thesis.sectors.all())])


def needs_for_investor(user, investor: Organisation, *, limit: int = 20) -> list[Ranked]:
    """Open funding needs this person may read, best fit to the investor's thesis first, with reasons."""
    needs = list(need_list(user)[:200])
    thesis = Thesis.objects.filter(organisation=investor).prefetch_related("sectors", "cities").first()
    if thesis is None:
        return [Ranked(need, 0.0) for need in needs[:limit]]
    engine = _engine(user, thesis_query(thesis), "funding_need", [investor])
    ranked = []
    for need in needs:
        fit = thesis_fit(need, thesis)
        closeness, words = engine.get(need.pk, (0.0, []))
        ranked.append(Ranked(need, fit.score + ENGINE_WEIGHT * closeness, fit.reasons + words))
    ranked.sort(key=lambda r: (-r.score, -r.obj.pk))
    return ranked[:limit]


def investors_for_need(user, need: FundingNeed, *, limit: int = 20) -> list[Ranked]:
    """Verified investors' theses, best fit to the need first, with reasons (for the need's team and operators)."""
    theses = list(
        Thesis.objects.filter(organisation__verification=Organisation.Verification.VERIFIED)
        .select_related("organisation", "organisation__city")
        .prefetch_related("sectors", "cities")[:200]
    )
    query = " ".join([need.title_zh, need.title_en, need.use_of_funds, *(f"{i.name_zh} {i.name_en}" for i in need.industries.all())])
    engine = _engine(user, query, "thesis", [need.organisation])
    ranked = []
    for thesis in theses:
        fit = thesis_fit(need, thesis)
        closeness, words = engine.get(thesis.pk, (0.0, []))
        ranked.append(Ranked(thesis, fit.score + ENGINE_WEIGHT * closeness, fit.reasons + words))
    ranked.sort(key=lambda r: (-r.score, -r.obj.pk))
    return ranked[:limit]


def meeting_requests_for(user, need: FundingNeed) -> list[MeetingRequest]:
    """The need's meeting requests: all for its team, platform operators and the operators of the need's city (its
    organisation's city when the need names none), as `visible_needs` shows them the need; an investor's own otherwise.

    Each carries `zone_meeting`: its meeting in the event's 1:1 schedule (slot and table) once the scheduler placed
    it, shown only to the two organisations' people (None otherwise, and for a standalone meeting)."""
    qs = need.meeting_requests.select_related("investor", "requested_by", "event_request__event").order_by("-created_at", "-pk")
    if (
        can(user, "financing.change_need", need)
        or is_active_user(user)
        and (
            user.is_platform_operator
            or Membership.objects.filter(user=user, organisation=need.organisation).exists()
            or user.operator_cities.filter(pk=need.city_id or need.organisation.city_id).exists()  # the need's district
        )
    ):
        requests = list(qs)
    else:
        requests = list(qs.filter(investor__in=_my_orgs(user)))
    placed = meetings_of_event_requests([r.event_request_id for r in requests if r.event_request_id is not None])
    mine = set(_my_orgs(user).values_list("organisation", flat=True)) if placed and is_active_user(user) else set()
    for request in requests:
        party = need.organisation_id in mine or request.investor_id in mine
        request.zone_meeting = placed.get(request.event_request_id) if party and request.event_request_id else None  # type: ignore[attr-defined]
    return requests


def meeting_programmes(user) -> QuerySet[Programme]:
    """The events' 1:1 meetings an investor may ask to meet at (published, not over, taking requests)."""
    return programmes_taking_requests(user)


def meeting_programme_for_event(user, event_id: int) -> Programme | None:
    """The 1:1 programme of this event if the person may bring a request into it; None otherwise (also for an
    event they may not see, so the answer tells nothing about it)."""
    return programmes_taking_requests(user).filter(event_id=event_id).first()


def thesis_of(organisation: Organisation) -> Thesis | None:
    return Thesis.objects.filter(organisation=organisation).prefetch_related("sectors", "cities").first()


# dedicated funds ---------------------------------------------------------------------------------


def fund_list() -> QuerySet[Fund]:
    """Every fund: calls are public."""
    return Fund.objects.select_related("sector", "city").order_by("status", "deadline", "pk")


def funds_reviewed_by(user) -> QuerySet[Fund]:
    """The funds naming this person as a reviewer (their applications are scored on the application's page)."""
    if not user.is_authenticated:
        return Fund.objects.none()
    return fund_list().filter(reviewers=user)


def fund_or_404(user, pk, *, perm: str = "") -> Fund:
    fund = or_404(fund_list().filter(pk=pk).first())
    if perm and not can(user, perm, fund):
        raise PermissionDenied
    return fund


def visible_applications(user) -> QuerySet[FundApplication]:
    """Applications of the person's organisations, of the funds they run (operators) and of the funds they
    review (not their own organisations' applications: a conflict of interest)."""
    qs = FundApplication.objects.select_related("fund", "fund__sector", "organisation", "need")
    if not is_active_user(user):
        return qs.none()
    if user.is_platform_operator:
        return qs
    mine = _my_orgs(user)
    reviewing = Fund.reviewers.through.objects.filter(fund=OuterRef("fund"), user=user)
    return qs.filter(
        Q(organisation__in=mine) | Q(fund__city__in=user.operator_cities.values("pk")) | (Q(Exists(reviewing)) & ~Q(organisation__in=mine))
    )


def application_or_404(user, pk, *, perm: str = "") -> FundApplication:
    application = or_404(visible_applications(user).prefetch_related("reviews", "reviews__reviewer").filter(pk=pk).first())
    if perm and not can(user, perm, application):
        raise PermissionDenied
    return application


def applications_for(user, fund: Fund) -> QuerySet[FundApplication]:
    return visible_applications(user).filter(fund=fund).prefetch_related("reviews__reviewer").order_by("-created_at", "-pk")


def applying_organisations(user, fund: Fund) -> list[Organisation]:
    """The organisations this person administers that have not applied to the fund yet."""
    if not is_active_user(user):
        return []
    applied = set(FundApplication.objects.filter(fund=fund).values_list("organisation_id", flat=True))
    orgs = Organisation.objects.filter(memberships__user=user, memberships__role=Membership.Role.ADMIN).order_by("pk")
    return [o for o in orgs if o.pk not in applied]
