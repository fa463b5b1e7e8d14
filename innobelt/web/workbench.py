"""The workbench: the page a person lands on after signing in, with the work waiting for each of their roles.

Read-only. Every list comes from the owning app's scoped queries (or is scoped here to the caller's cities
and organisations) and is cut to a few rows with the full count and a link to the app's own page, so the
workbench never shows more than the person may see on those pages.

Cost (ADR 0024): the page runs about a dozen small queries, and compiling them was most of its time. The
person's organisations are read once and passed as ids to every scoped query (not compiled in as a subquery
each time), and each list joins only the rows its template line shows (`select_related(None)` then those).
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from innobelt.belt.models import FollowUpAction
from innobelt.events.models import Event, Registration
from innobelt.events.queries import my_registrations, organised_events
from innobelt.kit.lookups import first_rows
from innobelt.meetings.queries import coming_meetings_of
from innobelt.organisations.models import Membership, Organisation
from innobelt.organisations.queries import claims_to_decide, my_organisations
from innobelt.permissions import is_active_user
from innobelt.resources.models import AccessRequest, Booking, Resource
from innobelt.resources.queries import requests_as_owner, requests_as_seeker, visible_bookings

ROWS = 5  # rows per list; the count and the link lead to the rest
FOLLOW_UPS_AHEAD = timedelta(days=30)  # follow-up actions due within this many days (and overdue ones)
OPEN_REQUEST = (AccessRequest.Status.PENDING, AccessRequest.Status.MORE_INFO, AccessRequest.Status.APPROVED)
# The columns each line of the page reads (its link, its words in either language, its date), and nothing else:
# every column a query selects is compiled, converted and set on an instance, on every request (ADR 0024). A
# field the template reads and these leave out costs a query per row; tests/web/test_workbench.py counts them.
RESOURCE = ("resource__title_zh", "resource__title_en")
ORGANISATION = ("organisation__name_zh", "organisation__name_en")


@dataclass
class Queue:
    """A list on the workbench: the first rows, how many there are in all."""

    rows: list[Any]
    total: int

    @classmethod
    def of(cls, qs: QuerySet[Any]) -> "Queue":
        rows, total = first_rows(qs, ROWS)
        return cls(rows=rows, total=total)


@dataclass
class Workbench:
    operator: dict[str, Any] = field(default_factory=dict)  # empty when the person operates no area
    owner: dict[str, Any] = field(default_factory=dict)  # empty when they administer no organisation
    member: dict[str, Any] = field(default_factory=dict)
    organisations: list[Organisation] = field(default_factory=list)


def operated_cities_filter(user, prefix: str, cities: list[int]) -> Q:
    """Rows in the cities the person operates (`cities`: their ids), every row for a platform operator."""
    if user.is_platform_operator:
        return Q()
    return Q(**{f"{prefix}__in": cities})


def _operator(user, today) -> dict[str, Any]:
    # the cities they operate, read once (the page's heading; their ids scope every list below)
    operated = [] if user.is_platform_operator else list(user.operator_cities.order_by("position"))
    if not (user.is_platform_operator or operated):
        return {}
    ids = [city.pk for city in operated]
    organisations = Organisation.objects.filter(operated_cities_filter(user, "city", ids))
    follow_ups = FollowUpAction.objects.filter(status=FollowUpAction.Status.OPEN, due_on__lte=today + FOLLOW_UPS_AHEAD)
    if not user.is_platform_operator:
        follow_ups = follow_ups.filter(Q(owner=user) | Q(owner_city__in=ids) | Q(agreement__cities__in=ids))
    return {
        "cities": operated,
        "claims": Queue.of(claims_to_decide(user).filter(kind="claim").order_by("created_at", "pk")),
        "verifications": Queue.of(organisations.filter(verification=Organisation.Verification.PENDING)
                                  .select_related("city").order_by("name_en", "pk")),
        "follow_ups": Queue.of(follow_ups.select_related("agreement", "owner_city").distinct().order_by("due_on", "pk")),
        "figures": {
            "organisations": organisations.count(),
            "verified": organisations.filter(verification=Organisation.Verification.VERIFIED).count(),
            "resources": Resource.objects.filter(operated_cities_filter(user, "city", ids),
                                                 status=Resource.Status.PUBLISHED).count(),
            "events": Event.objects.filter(operated_cities_filter(user, "city", ids), ends_at__gte=timezone.now(),
                                           status=Event.Status.PUBLISHED).count(),
        },
    }


def _owner(user, now, mine: list[int], administered: list[int], resources: int) -> dict[str, Any]:
    if not administered:
        return {}
    day_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return {
        # scoped by the organisations they administer (requests to the others' equipment are not theirs to decide)
        "requests": Queue.of(requests_as_owner(user, mine=administered).filter(status__in=(AccessRequest.Status.PENDING,))
                             .select_related(None).select_related("resource", "organisation")
                             .only("created_at", *RESOURCE, *ORGANISATION).order_by("created_at", "pk")),
        "bookings_today": Queue.of(visible_bookings(user, mine=mine).filter(
            resource__owner__in=administered, status=Booking.Status.CONFIRMED,
            start__lt=day_start + timedelta(days=1), end__gt=day_start)
            .select_related(None).select_related("resource", "organisation")
            .only("start", "end", *RESOURCE, *ORGANISATION).order_by("start", "pk")),
        # their organisations' events, not every event an operator role lets them manage (the operator's own queues show those)
        "events": Queue.of(organised_events(user, administered=administered).filter(ends_at__gte=now)
                           .only("title_zh", "title_en", "starts_at").order_by("starts_at", "pk")),
        "resources": resources,
    }


def _member(user, now, mine: list[int]) -> dict[str, Any]:
    return {
        "bookings": Queue.of(visible_bookings(user, mine=mine).filter(organisation__in=mine, status=Booking.Status.CONFIRMED,
                                                                      end__gte=now)
                             .select_related(None).select_related("resource").only("start", *RESOURCE)
                             .order_by("start", "pk")),
        "requests": Queue.of(requests_as_seeker(user, mine=mine).filter(status__in=OPEN_REQUEST)
                             .select_related(None).select_related("resource").only("status", *RESOURCE)
                             .order_by("-created_at", "-pk")),
        "registrations": Queue.of(my_registrations(user).filter(status__in=Registration.ACTIVE, event__ends_at__gte=now)
                                  .select_related(None).select_related("event")
                                  .only("status", "event__title_zh", "event__title_en", "event__starts_at")
                                  .order_by("event__starts_at", "pk")),
        "meetings": Queue.of(coming_meetings_of(user, since=now - timedelta(hours=1))
                             .select_related(None).select_related("slot", "programme__event")
                             .only("slot__starts_at", "programme__event__title_zh", "programme__event__title_en")),
    }


def workbench_for(user) -> Workbench:
    """What waits for this person, by role. Nothing for an anonymous or inactive caller."""
    if not is_active_user(user):
        return Workbench()
    now = timezone.now()
    # The person's organisations are read once, with their role, and every list below is scoped by their ids
    # (the same rows as the subquery each scoped query would otherwise compile and run again).
    # The count of each one's resources comes with them (the owner's section shows the total of those they administer).
    # (COUNT as a plain function: one number per row of the subquery's single group, no GROUP BY)
    owned = Resource.objects.filter(owner=OuterRef("pk")).order_by().values(n=Func(F("pk"), function="COUNT"))
    annotated = list(my_organisations(user).select_related(None).prefetch_related(None)
                     .only("slug", "name_zh", "name_en").annotate(
        administered=Exists(Membership.objects.filter(organisation=OuterRef("pk"), user=user,
                                                      role=Membership.Role.ADMIN)),
        resource_count=Coalesce(Subquery(owned), 0)))
    mine = [o.pk for o in annotated]
    administered = [o.pk for o in annotated if o.administered]
    organisations: list[Organisation] = list(annotated)
    return Workbench(
        operator=_operator(user, timezone.localdate()),
        owner=_owner(user, now, mine, administered, sum(o.resource_count for o in annotated if o.administered)),
        member=_member(user, now, mine),
        organisations=organisations,
    )
