"""Read-side queries for organisations, scoped to what the caller may see."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from innobelt.kit.forms import month_bounds
from innobelt.kit.search_text import filter_by_query
from innobelt.organisations.models import Claim, Incubation, Membership, Organisation
from innobelt.permissions import can, is_active_user

#: the apps whose rows the directory's cards show (`kit.kept`: a save in any of them leaves the kept cards behind)
DIRECTORY_SHOWS = ("belt", "organisations", "files")


def directory(*, query: str = "", city: str = "", kind: str = "", industry: str = "",
              verified_only: bool = False, goi_only: bool = False, month: date | None = None) -> QuerySet[Organisation]:
    """The public directory: every organisation, filtered (`month`: those that joined the platform in that month,
    China time, as insights' trend counts them). Ready for a list page (no N+1)."""
    qs = Organisation.objects.select_related("city").prefetch_related("industries")
    if query:
        qs = filter_by_query(qs, query)
    if city:
        qs = qs.filter(city__slug=city)
    if kind:
        qs = qs.filter(kind=kind)
    if industry:  # a subquery, not a join: no row twice, so no DISTINCT over every column of every row
        qs = qs.filter(pk__in=Organisation.objects.filter(industries__code=industry).values("pk"))
    if verified_only:
        qs = qs.filter(verification=Organisation.Verification.VERIFIED)
    if goi_only:
        qs = qs.filter(is_goi_member=True)
    if month is not None:
        start, end = month_bounds(month)
        qs = qs.filter(created_at__gte=start, created_at__lt=end)
    return qs.order_by("is_synthetic", "-is_goi_member", "name_en", "name_zh", "pk")


def my_organisations(user) -> QuerySet[Organisation]:
    """"My organisations": the organisations a person acts for, i.e. every organisation an active person
    is a member of, the ones they administer first, then the oldest membership first. The first row is the
    organisation they act for by default (matching's reader, the sender of a new conversation).

    None for anonymous or inactive accounts. City and industries are loaded (no N+1 on a list); narrow it
    further (`.filter(kind__in=…)`, `.values("pk")` as a subquery) rather than writing another copy.
    """
    if not is_active_user(user):
        return Organisation.objects.none()
    return (Organisation.objects.filter(memberships__user=user)
            .select_related("city").prefetch_related("industries")
            .order_by("memberships__role", "memberships__joined_at", "pk"))  # "admin" < "member"


def claims_to_decide(user) -> QuerySet[Claim]:
    """Pending claims this person may decide: operators for their cities, admins for joins."""
    qs = Claim.objects.filter(status=Claim.Status.PENDING).select_related("user", "organisation", "organisation__city")
    if user.is_platform_operator:
        return qs
    operator_cities = user.operator_cities.values("pk")
    admin_orgs = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values("organisation")
    return qs.filter(
        Q(kind=Claim.Kind.CLAIM, organisation__city__in=operator_cities)
        | Q(kind=Claim.Kind.JOIN, organisation__in=admin_orgs)
    )


# Who hears about something: the one place recipient lists are built (inactive accounts never hear).

def admins_of(organisation) -> list:
    """The organisation's active admins (none for no organisation)."""
    if organisation is None:
        return []
    return [m.user for m in organisation.memberships.filter(role=Membership.Role.ADMIN, user__is_active=True).select_related("user")]


def operators_of(city) -> list:
    """The active district operators of a city (a City or its pk), else the active platform operators."""
    users = get_user_model().objects
    city_id = getattr(city, "pk", city)
    district = list(users.filter(operator_cities=city_id, is_active=True)) if city_id else []
    return district or list(users.filter(is_platform_operator=True, is_active=True))



def incubations_of(organisation, user=None) -> QuerySet[Incubation]:
    """The organisation's incubations, both ways (as incubator and as startup): the confirmed ones for everyone,
    those awaiting confirmation or declined only for the organisation's people and platform operators."""
    qs = Incubation.objects.filter(Q(incubator=organisation) | Q(startup=organisation))
    if not (is_active_user(user) and (user.is_platform_operator
                                      or Membership.objects.filter(user=user, organisation=organisation).exists())):
        qs = qs.filter(status=Incubation.Status.CONFIRMED)
    return qs.select_related("incubator", "startup").order_by("-started_on", "-pk")


def incubation_or_404(user, pk, *, perm: str = "") -> Incubation:
    """An incubation the person may see (404 otherwise); with `perm`, one they may also do that to (403)."""
    incubation = Incubation.objects.select_related("incubator", "startup").filter(pk=pk).first()
    if incubation is None or not can(user, "organisations.view_incubation", incubation):
        raise Http404
    if perm and not can(user, perm, incubation):
        raise PermissionDenied
    return incubation
