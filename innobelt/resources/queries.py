"""Read-side queries for the register, requests and bookings, scoped to the caller.

Anything the caller may not see is simply absent, so views answer 404 for it
(never 403: the existence of another organisation's draft is not told).
Every list here is ready for a list page: related rows are joined or
prefetched, so the number of queries does not grow with the rows.
"""

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.belt.models import City
from innobelt.bilingual import pick
from innobelt.kit import kept
from innobelt.kit.forms import month_bounds
from innobelt.kit.local_time import aware, in_supported_range, out_of_range_message
from innobelt.organisations.models import Membership, Organisation
from innobelt.organisations.queries import my_organisations
from innobelt.permissions import is_active_user
from innobelt.resources import opening_hours as opening
from innobelt.resources.models import (
    AccessRequest,
    Blackout,
    Booking,
    OutcomeReport,
    ReleasedSlot,
    Resource,
    SampleJob,
    SharingPledge,
    TrainingRecord,
    TrainingRequest,
    WaitlistEntry,
)
from innobelt.resources.search import MATCHED_COLUMNS, filter_resources
from innobelt.resources.statement_queries import pledged_hours_used, quarter_start, with_pledge_left


def visible_resources(user, *, read_now: bool = False) -> QuerySet[Resource]:
    """Every resource this person may see: published ones their visibility allows, their own
    organisations' (drafts included), their cities' for district operators, all for platform operators.

    `read_now`: the person's organisations and operator cities are read here (two small queries) and the
    filter carries their ids, instead of three subqueries compiled into every query made from it: for a
    list that is counted and then read (the register; ADR 0024). The same rows either way."""
    qs = Resource.objects.all()
    if is_active_user(user) and user.is_platform_operator:
        return qs
    published = Q(status=Resource.Status.PUBLISHED)
    visible = published & Q(visibility=Resource.Visibility.PUBLIC)
    if is_active_user(user) and read_now:
        mine = list(my_organisations(user).prefetch_related(None).values_list("pk", "verification", "city_id"))
        if any(verification == Organisation.Verification.VERIFIED for _pk, verification, _city in mine):
            visible |= published & Q(visibility=Resource.Visibility.VERIFIED)
        cities = sorted({city for _pk, _verification, city in mine if city is not None})
        if cities:
            chosen = Resource.visible_cities.through.objects.filter(city_id__in=cities).values("resource")
            visible |= published & Q(visibility=Resource.Visibility.CITIES, pk__in=chosen)
        if mine:
            visible |= Q(owner_id__in=sorted(pk for pk, _verification, _city in mine))
        operated = sorted(user.operator_cities.values_list("pk", flat=True))
        if operated:
            visible |= Q(city_id__in=operated)
    elif is_active_user(user):
        verified = my_organisations(user).filter(verification=Organisation.Verification.VERIFIED)
        my_cities = my_organisations(user).filter(city__isnull=False).values("city")
        chosen = Resource.visible_cities.through.objects.filter(city__in=my_cities).values("resource")
        visible |= published & Q(visibility=Resource.Visibility.VERIFIED) & Q(Exists(verified))
        visible |= published & Q(visibility=Resource.Visibility.CITIES, pk__in=chosen)
        visible |= Q(owner__in=my_organisations(user).values("pk")) | Q(city__in=user.operator_cities.values("pk"))
    return qs.filter(visible)


def register(user, *, query: str = "", kind: str = "", industry: str = "", city: str = "", owner: str = "", terms: str = "",
             free_from=None, free_to=None, pledged: bool = False, month: date | None = None) -> QuerySet[Resource]:
    """The published register as this person may see it, filtered (`month`: those published in that month, China
    time, as insights' trend counts them). With a free period only
    equipment without a confirmed booking or a closure in it is listed; with `pledged` only
    equipment with unused pledged hours this quarter, the most hours left first."""
    qs = visible_resources(user, read_now=True).filter(status=Resource.Status.PUBLISHED)
    if query:
        qs = filter_resources(qs, query)
    if kind:
        qs = qs.filter(kind=kind)
    if industry:  # a subquery, not a join: no row twice, so no DISTINCT over every column (ADR 0024)
        qs = qs.filter(pk__in=Resource.industries.through.objects.filter(industry__code=industry).values("resource"))
    if city:
        qs = qs.filter(city__slug=city)
    if owner:
        qs = qs.filter(owner__slug=owner)
    if terms:
        qs = qs.filter(terms=terms)
    if month is not None:
        start, end = month_bounds(month)
        qs = qs.filter(published_at__gte=start, published_at__lt=end)
    if free_from and free_to:
        check_period(free_from, free_to, longest=LONGEST_FREE_PERIOD)
        start, end = free_period(free_from, free_to)
        busy = Booking.objects.filter(resource=OuterRef("pk"), status__in=Booking.HOLDING, start__lt=end, end__gt=start)
        closed = Blackout.objects.filter(resource=OuterRef("pk"), start__lt=end, end__gt=start)
        qs = qs.filter(kind=Resource.Kind.EQUIPMENT).exclude(Exists(busy)).exclude(Exists(closed))
    order = ["-published_at", "-pk"]
    if pledged:
        qs, order = with_pledge_left(qs), ["-pledge_left", *order]
    # every filter above is on the resource's own row or a subquery: no row comes twice, no DISTINCT needed
    return qs.select_related("owner", "city").prefetch_related("industries").order_by(*order)


# The columns a register card shows and says why it matches with (resources/_card.html, search.match_reasons):
# a page of cards reads only these, not the ninety columns of every kind with the owner's and the city's (ADR 0024,
# eighth round). tests/resources/test_register_columns.py fails when a card reads one left out here.
CARD_COLUMNS = ("owner", "kind", "title_zh", "title_en", "city", "visibility", "terms", "status", *MATCHED_COLUMNS,
                "owner__name_zh", "owner__name_en", "city__name_zh", "city__name_en")


def as_cards(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    """`resources` (from `register`) read for a page of cards."""
    return resources.only(*CARD_COLUMNS)


OWNERS_SHOW = ("organisations", "resources")  # watched from ResourcesConfig.ready


def owner_choices() -> list[tuple[str, str]]:
    """(slug, name) of the organisations with published equipment, by name in the reader's language; kept until an
    organisation or a resource changes."""
    def read() -> list[tuple[str, str]]:
        # the three columns shown (not DISTINCT over every column of every owner's row: ADR 0024)
        owners = (Organisation.objects.filter(resources__status=Resource.Status.PUBLISHED)
                  .values_list("slug", "name_zh", "name_en").distinct())
        return sorted(((slug, pick(zh, en)) for slug, zh, en in owners), key=lambda choice: choice[1])

    return kept.value("resources:owner-choices", OWNERS_SHOW, read)


def pledge_left_of(resource_ids: list[int]) -> dict[int, int]:
    """{resource id: hours of its sharing pledge unused this quarter} of those with hours left, for the cards of one
    register page (search.match_reasons says so on each, steering seekers to them). Every pledge's hours are read
    with one query and kept until a row of the register changes (`kit.kept.value`): building that query cost a search
    page more than its results (ADR 0024, eighth round)."""
    if not resource_ids:
        return {}
    quarter = quarter_start(timezone.now())
    left = kept.value(f"resources:pledge-left:{quarter:%Y-%m-%d}", ("resources",), lambda: _pledges_left(quarter))
    return {resource_id: left[resource_id] for resource_id in resource_ids if resource_id in left}


def _pledges_left(quarter: date) -> dict[int, int]:
    pledges = (SharingPledge.objects.annotate(left=F("hours_per_quarter") - pledged_hours_used(OuterRef("resource"), quarter))
               .values_list("resource", "left"))
    return {resource_id: left for resource_id, left in pledges if left > 0}


def pledged_alternatives(user, resource: Resource, *, limit: int = 3) -> list[Resource]:
    """Other equipment this person may see, in an industry of `resource`, whose sharing pledge has hours unused this
    quarter, the most hours left first: the resource page offers them where the seeker would pay."""
    shared = Resource.industries.through.objects.filter(industry__in=resource.industries.through.objects.filter(
        resource=resource).values("industry")).values("resource")
    qs = (visible_resources(user, read_now=True).filter(status=Resource.Status.PUBLISHED, kind=Resource.Kind.EQUIPMENT, pk__in=shared)
          .exclude(pk=resource.pk))
    return list(with_pledge_left(qs).select_related("owner", "city").order_by("-pledge_left", "-published_at", "-pk")[:limit])


LONGEST_FREE_PERIOD = 62


def check_period(first, last, *, longest: int) -> None:
    """Raise ValidationError unless first..last is a sensible period of at most `longest` days."""
    if not (in_supported_range(first) and in_supported_range(last)):
        raise ValidationError(out_of_range_message())
    if last < first:
        raise ValidationError(_("The period ends before it starts."))
    if (last - first).days >= longest:
        raise ValidationError(_("Choose a period of at most %(n)d days.") % {"n": longest})


def free_period(free_from, free_to) -> tuple[datetime, datetime]:
    """Whole local days: from the first day's midnight to the midnight after the last day."""
    start = timezone.make_aware(datetime.combine(free_from, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(free_to + timedelta(days=1), datetime.min.time()))
    return start, end


def seeker_industry_ids(user) -> frozenset[int]:
    """The industries of the organisations a person acts for (to say which a resource shares)."""
    if not is_active_user(user):
        return frozenset()
    return frozenset(Organisation.industries.through.objects.filter(organisation__in=my_organisations(user).values("pk"))
                     .values_list("industry_id", flat=True))


def resource_detail(user, pk: int) -> Resource | None:
    return (visible_resources(user).select_related("owner", "city", "photo").prefetch_related("industries", "visible_cities")
            .filter(pk=pk).first())


def owned_resources(organisation) -> QuerySet[Resource]:
    return Resource.objects.filter(owner=organisation).select_related("city").order_by("status", "title_en", "title_zh", "pk")


def administered_organisations(user) -> QuerySet[Organisation]:
    if not is_active_user(user):
        return Organisation.objects.none()
    if user.is_platform_operator:
        return Organisation.objects.order_by("name_en", "name_zh")
    return Organisation.objects.filter(memberships__user=user, memberships__role=Membership.Role.ADMIN).order_by("name_en", "name_zh")


# access requests ---------------------------------------------------------------------------

def _mine(user, mine: list[int] | None) -> Any:
    """The person's organisations as a subquery, or the ids the caller read already (`my_organisation_ids`):
    a page with several scoped lists reads them once instead of compiling the same subquery into each."""
    return my_organisations(user).values("pk") if mine is None else mine


def my_organisation_ids(user) -> list[int]:
    """The ids of `my_organisations(user)`, read once (empty for anonymous or inactive accounts)."""
    return list(my_organisations(user).values_list("pk", flat=True))


def visible_requests(user, *, mine: list[int] | None = None) -> QuerySet[AccessRequest]:
    """Requests of the person's organisations, as seeker or as owner (all for platform operators)."""
    qs = AccessRequest.objects.select_related("resource", "resource__owner", "organisation", "requested_by", "outcome")
    if not is_active_user(user):
        return qs.none()
    if user.is_platform_operator:
        return qs
    mine = _mine(user, mine)
    return qs.filter(Q(organisation__in=mine) | Q(resource__owner__in=mine))


def requests_as_seeker(user, *, mine: list[int] | None = None) -> QuerySet[AccessRequest]:
    return visible_requests(user, mine=mine).filter(organisation__in=_mine(user, mine))


def requests_as_owner(user, *, mine: list[int] | None = None) -> QuerySet[AccessRequest]:
    return visible_requests(user, mine=mine).filter(resource__owner__in=_mine(user, mine))


def request_detail(user, pk: int) -> AccessRequest | None:
    return visible_requests(user).prefetch_related("messages__author").filter(pk=pk).first()


def active_requests_for(user, resource) -> QuerySet[AccessRequest]:
    """The person's organisations' requests that let them book this equipment now."""
    return requests_as_seeker(user).filter(resource=resource, status=AccessRequest.Status.ACTIVE)


# bookings --------------------------------------------------------------------------------

def visible_bookings(user, *, mine: list[int] | None = None) -> QuerySet[Booking]:
    qs = Booking.objects.select_related("resource", "resource__owner", "organisation", "booked_by")
    if not is_active_user(user):
        return qs.none()
    if user.is_platform_operator:
        return qs
    mine = _mine(user, mine)
    return qs.filter(Q(organisation__in=mine) | Q(resource__owner__in=mine))


def pending_approvals(user) -> QuerySet[Booking]:
    """Bookings awaiting approval of the equipment whose bookings the person manages (its owner's admins;
    platform operators: all), the soonest first."""
    qs = visible_bookings(user).filter(status=Booking.Status.PENDING)
    if is_active_user(user) and not user.is_platform_operator:
        qs = qs.filter(resource__owner__memberships__user=user, resource__owner__memberships__role=Membership.Role.ADMIN)
    return qs.order_by("start", "pk")


def my_bookings(user, *, since=None) -> QuerySet[Booking]:
    """Bookings of the person's organisations (as seeker) and of their organisations' equipment."""
    since = since or timezone.now() - timedelta(days=30)
    return visible_bookings(user).filter(end__gte=since).order_by("start", "pk")


def busy_periods(resource, start: datetime, end: datetime) -> tuple[list[Booking], list[Blackout]]:
    bookings = list(Booking.objects.filter(resource=resource, status__in=Booking.HOLDING, start__lt=end, end__gt=start)
                    .select_related("organisation").order_by("start"))
    closures = list(Blackout.objects.filter(resource=resource, start__lt=end, end__gt=start).order_by("start"))
    return bookings, closures


def week_grid(resource, monday, *, now=None) -> list[dict]:
    """Seven days of slots, each marked free, booked, closed or past (two queries)."""
    now = now or timezone.now()
    start = timezone.make_aware(datetime.combine(monday, datetime.min.time()))
    bookings, closures = busy_periods(resource, start, start + timedelta(days=7))
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        slots = []
        for s, e in opening.slots_for_day(resource.opening_hours, day, resource.slot_minutes or 60):
            booking = next((b for b in bookings if b.start < e and b.end > s), None)
            closure = next((c for c in closures if c.start < e and c.end > s), None)
            state = "past" if s <= now else "booked" if booking else "closed" if closure else "free"
            slots.append({"start": s, "end": e, "state": state, "booking": booking, "closure": closure})
        days.append({"date": day, "slots": slots})
    return days


# the owner's view ------------------------------------------------------------------------

OWNER_REPORT_PAGE = 50


def owner_report(organisation, start: datetime, end: datetime, *, page=1, resources_page=1,
                 per_page: int = OWNER_REPORT_PAGE) -> dict:
    """Requests waiting, utilisation per resource (hours booked / hours open in the period,
    closures deducted) and outcomes achieved, for one owner organisation.

    Utilisation and the list of resources come a page at a time (`page`, `resources_page`;
    Django Paginator pages, out-of-range numbers give the last page); counts and figures over
    everything the organisation owns are aggregate queries. Constant queries, whatever the
    number of resources."""
    from django.core.paginator import Paginator

    owned = owned_resources(organisation)
    equipment_page = Paginator(owned.filter(kind=Resource.Kind.EQUIPMENT), per_page).get_page(page)
    resource_page = Paginator(owned, per_page).get_page(resources_page)
    equipment = list(equipment_page.object_list)
    ids = [r.pk for r in equipment]
    booked_by, closed_by = {pk: [] for pk in ids}, {pk: [] for pk in ids}
    for b in Booking.objects.filter(resource__in=ids, status=Booking.Status.CONFIRMED, start__lt=end, end__gt=start).only(
            "resource_id", "start", "end"):
        booked_by[b.resource_id].append(b)
    for c in Blackout.objects.filter(resource__in=ids, start__lt=end, end__gt=start).only("resource_id", "start", "end"):
        closed_by[c.resource_id].append((c.start, c.end))
    utilisation = []
    for resource in equipment:
        booked = sum(opening.overlap_hours(b.start, b.end, start, end) for b in booked_by[resource.pk])
        open_hours = opening.open_hours(resource.opening_hours, start, end, closed_by[resource.pk])
        utilisation.append({"resource": resource, "booked": round(booked, 1), "open": round(open_hours, 1),
                            "ratio": booked / open_hours if open_hours else None})
    totals = Resource.objects.filter(owner=organisation).aggregate(
        resources=Count("pk"), equipment=Count("pk", filter=Q(kind=Resource.Kind.EQUIPMENT)),
        published=Count("pk", filter=Q(status=Resource.Status.PUBLISHED)))
    totals["bookings"] = Booking.objects.filter(resource__owner=organisation, status=Booking.Status.CONFIRMED,
                                                start__lt=end, end__gt=start).count()
    requests = AccessRequest.objects.filter(resource__owner=organisation)
    reports = OutcomeReport.objects.filter(request__resource__owner=organisation)
    figures = reports.aggregate(
        reports=Count("pk"), **{f"n_{name}": Count("pk", filter=Q(**{name: True})) for name in OutcomeReport.OUTCOME_FIELDS},
        breakthroughs=Count("pk", filter=Q(prototype=True) | Q(product=True) | Q(patent_filed=True)),
        financing=Sum("financing_amount"),
    )
    counts = {name.removeprefix("n_"): value for name, value in figures.items()}
    counts["smes_supported"] = (requests.filter(status=AccessRequest.Status.ACTIVE,
                                                organisation__kind__in=[Organisation.Kind.SME, Organisation.Kind.STARTUP])
                                .values("organisation").distinct().count())
    waiting = requests.filter(status=AccessRequest.Status.PENDING)
    totals["waiting"] = waiting.count()
    return {
        "resources": list(resource_page.object_list),
        "resources_page": resource_page,
        "utilisation": utilisation,
        "utilisation_page": equipment_page,
        "totals": totals,
        "waiting": list(waiting.select_related("resource", "resource__owner", "organisation", "requested_by", "outcome")
                        .order_by("created_at")[:per_page]),
        "figures": counts,
        "recent_outcomes": list(reports.select_related("request__resource", "request__organisation").order_by("-reported_at")[:10]),
    }


# the calendar across instruments ------------------------------------------------------------

MAX_CALENDAR_RESOURCES = 12
LONGEST_CALENDAR_PERIOD = 31  # days: a month


def calendar_resources(user, ids=(), *, mine: bool = False) -> list[Resource]:
    """The equipment among `ids` this person may see (in the order given; unknown or hidden ids are
    left out, so nothing tells they exist), then, with `mine`, their organisations' equipment;
    at most MAX_CALENDAR_RESOURCES. One query."""
    wanted = Q(pk__in=list(ids))
    if mine and is_active_user(user):
        wanted |= Q(owner__in=my_organisations(user).values("pk"))
    found = list(visible_resources(user).filter(wanted, kind=Resource.Kind.EQUIPMENT).select_related("owner")
                 .order_by("title_en", "title_zh", "pk")[:MAX_CALENDAR_RESOURCES + len(ids)])
    position = {pk: n for n, pk in enumerate(ids)}
    found.sort(key=lambda r: position.get(r.pk, len(position)))
    return found[:MAX_CALENDAR_RESOURCES]


def _subtract(intervals, taken):
    """The parts of `intervals` that no period of `taken` covers."""
    result = []
    for start, end in intervals:
        pieces = [(start, end)]
        for t_start, t_end in taken:
            pieces = [p for a, b in pieces for p in ((a, min(b, t_start)), (max(a, t_end), b)) if p[0] < p[1]]
        result += pieces
    return result


def calendar_blocks(user, resources: list[Resource], first, last, *, details: bool = True) -> dict[int, dict]:
    """Per resource and local day from `first` to `last`: the day's blocks, each {"start", "end", "state"}
    with state "free" (open and not taken), "busy" (someone's booking), "mine" (a booking of the person's
    organisations) or "closed" (with the "closure"), in time order. A booking carries itself as
    "booking" only when the person may see it (`resources.view_booking`: a member of the booking or
    the owner organisation, or a platform operator); with `details=False` (the public API) never, and
    no booking is "mine". Three queries, whatever the number of resources and days."""
    start = aware(datetime.combine(first, datetime.min.time()))
    end = aware(datetime.combine(last + timedelta(days=1), datetime.min.time()))
    ids = [r.pk for r in resources]
    bookings: dict[int, list[Booking]] = {pk: [] for pk in ids}
    closures: dict[int, list[Blackout]] = {pk: [] for pk in ids}
    for booking in (Booking.objects.filter(resource__in=ids, status__in=Booking.HOLDING, start__lt=end, end__gt=start)
                    .select_related("organisation", "booked_by").order_by("start")):
        bookings[booking.resource_id].append(booking)
    for closure in Blackout.objects.filter(resource__in=ids, start__lt=end, end__gt=start).order_by("start"):
        closures[closure.resource_id].append(closure)
    everything = details and is_active_user(user) and user.is_platform_operator
    my_orgs = set(my_organisations(user).values_list("pk", flat=True)) if details and is_active_user(user) else set()
    result: dict[int, dict] = {}
    for resource in resources:
        owner_sees = resource.owner_id in my_orgs
        days = {}
        day = first
        while day <= last:
            day_start = aware(datetime.combine(day, datetime.min.time()))
            day_end = day_start + timedelta(days=1)
            blocks = []
            for c in closures[resource.pk]:
                if c.start < day_end and c.end > day_start:
                    blocks.append({"start": max(c.start, day_start), "end": min(c.end, day_end), "state": "closed",
                                   "closure": c})
            for b in bookings[resource.pk]:
                if b.start < day_end and b.end > day_start:
                    ours = b.organisation_id in my_orgs
                    block = {"start": max(b.start, day_start), "end": min(b.end, day_end), "state": "mine" if ours else "busy"}
                    if everything or ours or owner_sees:
                        block["booking"] = b
                    blocks.append(block)
            taken = [(b["start"], b["end"]) for b in blocks]
            for a, z in _subtract(opening.open_intervals(resource.opening_hours, day_start, day_end), taken):
                blocks.append({"start": a, "end": z, "state": "free"})
            days[day] = sorted(blocks, key=lambda b: b["start"])
            day += timedelta(days=1)
        result[resource.pk] = days
    return result


# training ----------------------------------------------------------------------------------

def sees_all_training(user, resource) -> bool:
    """The owner's people and platform operators see every training record and request of the equipment."""
    return is_active_user(user) and (user.is_platform_operator or my_organisations(user).filter(pk=resource.owner_id).exists())


def training_records(user, resource) -> QuerySet[TrainingRecord]:
    qs = TrainingRecord.objects.filter(resource=resource).select_related("person", "trained_by").order_by("person__email", "pk")
    if sees_all_training(user, resource):
        return qs
    return qs.filter(person=user) if is_active_user(user) else qs.none()


def visible_training_requests(user) -> QuerySet[TrainingRequest]:
    """Training requests of the person's organisations, as seeker or as owner (all for platform operators)."""
    qs = TrainingRequest.objects.select_related("resource", "resource__owner", "organisation", "person", "session")
    if not is_active_user(user):
        return qs.none()
    if user.is_platform_operator:
        return qs
    mine = my_organisations(user).values("pk")
    return qs.filter(Q(organisation__in=mine) | Q(resource__owner__in=mine))


def training_request_or_404(user, pk: int) -> TrainingRequest:
    found = visible_training_requests(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# check-in and the waitlist -------------------------------------------------------------------

def my_waitlist(user) -> QuerySet[WaitlistEntry]:
    if not is_active_user(user):
        return WaitlistEntry.objects.none()
    return WaitlistEntry.objects.filter(person=user).select_related("resource", "organisation").order_by("-created_at", "-pk")


def offered_slots(user) -> QuerySet[ReleasedSlot]:
    """Open released slots overlapping a period the person waits for."""
    if not is_active_user(user):
        return ReleasedSlot.objects.none()
    waiting = WaitlistEntry.objects.filter(person=user, status=WaitlistEntry.Status.WAITING, resource=OuterRef("resource"),
                                           start__lt=OuterRef("end"), end__gt=OuterRef("start"))
    return (ReleasedSlot.objects.filter(Exists(waiting), status=ReleasedSlot.Status.OPEN, end__gt=timezone.now())
            .select_related("resource").order_by("start", "pk"))


def released_slot_or_404(user, pk: int) -> ReleasedSlot:
    """A released slot is seen by those waiting for it and by the instrument's people (and platform operators)."""
    if not is_active_user(user):
        raise Http404
    qs = ReleasedSlot.objects.select_related("resource", "resource__owner", "taken_by")
    if not user.is_platform_operator:
        waiting = WaitlistEntry.objects.filter(person=user, resource=OuterRef("resource"), start__lt=OuterRef("end"),
                                               end__gt=OuterRef("start"))
        qs = qs.filter(Q(Exists(waiting)) | Q(resource__owner__in=my_organisations(user).values("pk")))
    found = qs.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# sample jobs ------------------------------------------------------------------------------------

def visible_sample_jobs(user) -> QuerySet[SampleJob]:
    """Sample jobs of the person's organisations, as requester or as owner (all for platform operators)."""
    qs = SampleJob.objects.select_related("resource", "resource__owner", "organisation", "requested_by", "results_file", "outcome")
    if not is_active_user(user):
        return qs.none()
    if user.is_platform_operator:
        return qs
    mine = my_organisations(user).values("pk")
    return qs.filter(Q(organisation__in=mine) | Q(resource__owner__in=mine))


def sample_job_or_404(user, pk: int) -> SampleJob:
    found = visible_sample_jobs(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def sample_jobs_as_requester(user) -> QuerySet[SampleJob]:
    return visible_sample_jobs(user).filter(organisation__in=my_organisations(user).values("pk"))


def sample_jobs_as_owner(user) -> QuerySet[SampleJob]:
    return visible_sample_jobs(user).filter(resource__owner__in=my_organisations(user).values("pk"))


# figures per city ---------------------------------------------------------------------------------

def figure_cities_or_403(user) -> list:
    """The cities whose figures the person reads: every city for platform operators, a district operator's own
    cities; PermissionDenied for everyone else."""
    if not is_active_user(user):
        raise PermissionDenied
    cities = City.objects.all() if user.is_platform_operator else user.operator_cities.all()
    found = list(cities.order_by("pk"))
    if not found:
        raise PermissionDenied
    return found


#: the kinds of firm counted as SMEs, and the access requests that gave one access (insights' "SMEs and
#: startups given access to a resource" counts the same)
SME_KINDS = (Organisation.Kind.SME, Organisation.Kind.STARTUP)
ACCESS_GIVEN = (AccessRequest.Status.APPROVED, AccessRequest.Status.ACTIVE)


def smes_given_access(cities: list, city: str = "") -> QuerySet[Organisation]:
    """The SMEs and startups of the cities (those whose figures the operator reads; one of them by slug when
    given, another city's slug narrows to nothing) with an access request approved or in use, once each."""
    given = AccessRequest.objects.filter(organisation=OuterRef("pk"), status__in=ACCESS_GIVEN)
    qs = Organisation.objects.filter(Exists(given), kind__in=SME_KINDS, city__in=[c.pk for c in cities])
    if city:
        qs = qs.filter(city__slug=city)
    return qs.select_related("city").order_by("name_en", "name_zh", "pk")
