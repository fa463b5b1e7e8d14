"""The figures of the apps built with insights, one small definition each (ADR 1201).

Apps built later (vouchers, services, talent, financing, showcase) add theirs in a module of this app
beside this one (`figures_vouchers.py`, ...), imported by `apps.InsightsConfig.ready`, with `register(Figure(...))`.
"""

from collections.abc import Callable
from datetime import date, datetime
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.belt.models import CooperationAgreement, FollowUpAction
from innobelt.challenges.models import Challenge, Need, NeedInterest, Proposal
from innobelt.conversations.models import Thread
from innobelt.events.models import Event, Registration
from innobelt.insights.registry import Figure, Scope, register
from innobelt.meetings.models import Meeting
from innobelt.organisations.models import Organisation
from innobelt.resources.models import AccessRequest, Booking, OutcomeReport, PledgeTerm, Resource, StatementLine
from innobelt.resources.queries import ACCESS_GIVEN
from innobelt.resources.queries import SME_KINDS as SME_KINDS_OF_ACCESS

GROUPS = {
    "members": _("Members"),
    "resources": _("Shared resources"),
    "access": _("Access requests and outcomes"),
    "demand": _("Needs, challenges, proposals and pilots"),
    "meetings": _("Events and meetings"),
    "alliance": _("The City Alliance"),
    "vouchers": _("Innovation vouchers"),
    "services": _("Service requests"),
    "talent": _("Talent"),
    "financing": _("Financing"),
    "showcase": _("Achievements and awards"),
}


def listing(url_name: str, **params: str) -> Callable[[Scope], str]:
    """A drill-down to a list page, narrowed to the scope's city when it has exactly one."""

    def link(scope: Scope) -> str:
        query = dict(params)
        if len(scope.cities) == 1:
            query["city"] = scope.cities[0].slug
        url = reverse(url_name)
        return f"{url}?{urlencode(query)}" if query else url

    return link


def in_month(link: Callable[[Scope], str], *, own: bool = True, **params: str) -> Callable[[Scope, date], str]:
    """A trend's month: `link` narrowed to the month (`month=YYYY-MM`, China time: the list pages' `MonthField`
    counts the month as `registry.by_month` does) and to `params`; with `own=False` no link on an organisation's
    dashboard (its list cannot be narrowed to the organisation's records)."""

    def month_link(scope: Scope, first: date) -> str:
        url = link(scope)
        if not url or (scope.organisation is not None and not own):
            return ""
        return f"{url}{'&' if '?' in url else '?'}{urlencode({**params, 'month': f'{first:%Y-%m}'})}"

    return month_link


def owner_listing(url_name: str, **params: str) -> Callable[[Scope], str]:
    """`listing`, narrowed to the organisation (`owner`, its slug) on its dashboard."""
    other = listing(url_name, **params)

    def link(scope: Scope) -> str:
        if scope.organisation is None:
            return other(scope)
        return f"{reverse(url_name)}?{urlencode({**params, 'owner': scope.organisation.slug})}"

    return link


def own_pipelines(**params: str) -> Callable[[Scope], str]:
    """An organisation's drill-down of its pipeline figures: the pairs of its own challenges (its people read
    those proposals), narrowed as the figure counts; "Where pairs stall" for a city or the Belt."""
    other = listing("challenges:pipeline_stalls", **params)

    def link(scope: Scope) -> str:
        if scope.organisation is None:
            return other(scope)
        return f"{reverse('challenges:owned_pipelines')}?{urlencode({'organisation': scope.organisation.slug, **params})}"

    return link


def own_only(url_name: str) -> Callable[[Scope], str]:
    """A drill-down on an organisation's dashboard only (its own records); none for a city or the Belt, whose
    viewers may not read the records (the figure says why: `Figure.no_link`)."""

    def link(scope: Scope) -> str:
        return reverse(url_name) if scope.organisation is not None else ""

    return link


def scoped_link(own_url_name: str, url_name: str, **params: str) -> Callable[[Scope], str]:
    """A drill-down to the organisation's own list for its dashboard, to `url_name` for a city or the Belt."""
    other = listing(url_name, **params)

    def link(scope: Scope) -> str:
        return reverse(own_url_name) if scope.organisation is not None else other(scope)

    return link


PUBLISHED_EVENT = Q(status=Event.Status.PUBLISHED)
# the SMEs and the access requests that gave access: the rule of the drill-down page (resources.queries) too
SME_KINDS = list(SME_KINDS_OF_ACCESS)
GRANTED = list(ACCESS_GIVEN)


def pledges_in_force(at: datetime) -> QuerySet:
    """The sharing pledges in force at `at`, one row each (ADR 0304, "Pledges have a history"): each
    instrument's latest `PledgeTerm` that took effect before `at`, unless it ended the pledge (0 hours). Set-based,
    so that a figure counts and sums them in one query, by city too (`statement_queries.pledges_in_force`
    reads the same terms into a dict, for one owner's pages)."""
    later = PledgeTerm.objects.filter(resource=OuterRef("resource"), valid_from__lt=at, valid_from__gt=OuterRef("valid_from"))
    return PledgeTerm.objects.filter(valid_from__lt=at, hours_per_quarter__gt=0).exclude(Exists(later))


def _events_held():
    return Event.objects.filter(PUBLISHED_EVENT, ends_at__lt=timezone.now())


for figure in [
    # Members
    Figure(
        "organisations",
        _("Organisations on the platform"),
        "members",
        Organisation.objects.all,
        date_path="created_at",
        link=listing("organisations:directory"),
        month_link=in_month(listing("organisations:directory")),
    ),
    Figure(
        "verified_organisations",
        _("Verified organisations"),
        "members",
        lambda: Organisation.objects.filter(verification=Organisation.Verification.VERIFIED),
        date_path="created_at",
        link=listing("organisations:directory", verified="on"),
    ),
    Figure(
        "goi_members",
        _("GOI member firms"),
        "members",
        lambda: Organisation.objects.filter(is_goi_member=True),
        date_path="created_at",
        link=listing("organisations:directory", goi="on"),
    ),
    Figure(
        "startups",
        _("Startups"),
        "members",
        lambda: Organisation.objects.filter(kind=Organisation.Kind.STARTUP),
        date_path="created_at",
        link=listing("organisations:directory", kind=Organisation.Kind.STARTUP),
    ),
    Figure(
        "smes_supported",
        _("SMEs and startups given access to a resource"),
        "members",
        lambda: Organisation.objects.filter(kind__in=SME_KINDS, resource_requests__status__in=GRANTED),
        date_path="created_at",
        distinct=True,
        link=listing("resources:supported_smes"),
    ),
    # Shared resources
    Figure(
        "resources_published",
        _("Resources shared"),
        "resources",
        lambda: Resource.objects.filter(status=Resource.Status.PUBLISHED),
        date_path="published_at",
        org_path="owner",
        link=owner_listing("resources:register"),
        month_link=in_month(owner_listing("resources:register")),
    ),
    Figure(
        "equipment_pledged",
        _("Instruments with a sharing pledge"),
        "resources",
        lambda: pledges_in_force(timezone.now()),
        date_path="valid_from",
        city_path="resource__city",
        org_path="resource__owner",
        link=listing("resources:register", pledged="on"),
        in_force=pledges_in_force,
    ),
    Figure(
        "pledged_hours",
        _("Free hours pledged per quarter"),
        "resources",
        lambda: pledges_in_force(timezone.now()),
        date_path="valid_from",
        city_path="resource__city",
        org_path="resource__owner",
        total="hours_per_quarter",
        unit=_("hours"),
        link=listing("resources:register", pledged="on"),
        in_force=pledges_in_force,
    ),
    Figure(
        "bookings",
        _("Equipment bookings"),
        "resources",
        lambda: Booking.objects.filter(status=Booking.Status.CONFIRMED),
        date_path="start",
        city_path="resource__city",
        org_path="resource__owner",
        link=scoped_link("resources:owner", "resources:city_figures"),
        # the month's equipment figures by city (hours booked, not the bookings: operators read no booking)
        month_link=in_month(listing("resources:city_figures"), own=False),
    ),
    Figure(
        "hours_used",
        _("Equipment hours used"),
        "resources",
        lambda: StatementLine.objects.filter(kind=StatementLine.Kind.CHARGE),
        date_path="issued_at",
        city_path="resource__city",
        org_path="owner",
        total="hours",
        unit=_("hours"),
        link=scoped_link("resources:statements", "resources:city_figures"),
    ),
    # Access requests and outcomes
    Figure(
        "access_requests",
        _("Access requests"),
        "access",
        AccessRequest.objects.all,
        date_path="created_at",
        city_path="resource__city",
        org_path="resource__owner",
        link=scoped_link("resources:requests", "resources:city_figures"),
    ),
    Figure(
        "access_granted",
        _("Access requests approved"),
        "access",
        lambda: AccessRequest.objects.filter(status__in=GRANTED),
        date_path="created_at",
        city_path="resource__city",
        org_path="resource__owner",
        link=scoped_link("resources:requests", "resources:city_figures"),
    ),
    Figure(
        "access_declined",
        _("Access requests declined"),
        "access",
        lambda: AccessRequest.objects.filter(status=AccessRequest.Status.DECLINED),
        date_path="created_at",
        city_path="resource__city",
        org_path="resource__owner",
        link=scoped_link("resources:requests", "resources:city_figures"),
    ),
    Figure(
        "outcomes_reported",
        _("Outcomes reported (prototypes, tests, products, patents)"),
        "access",
        OutcomeReport.objects.all,
        date_path="reported_at",
        city_path="request__resource__city",
        org_path="request__resource__owner",
        link=scoped_link("resources:requests", "resources:city_figures"),
    ),
    # Needs, challenges, proposals (pilots and contracts: figures_pipeline.py)
    Figure(
        "needs_posted",
        _("Technology needs posted"),
        "demand",
        Need.objects.all,
        date_path="created_at",
        city_path="owner__city",
        org_path="owner",
        link=listing("challenges:need_list"),
        month_link=in_month(listing("challenges:need_list"), own=False, status="any"),
    ),
    Figure(
        "need_interests",
        _("Answers to needs"),
        "demand",
        NeedInterest.objects.all,
        date_path="created_at",
        city_path="need__owner__city",
        org_path="need__owner",
        link=listing("challenges:need_list"),
    ),
    Figure(
        "challenges_published",
        _("Challenges published"),
        "demand",
        lambda: Challenge.objects.exclude(status=Challenge.Status.DRAFT),
        date_path="created_at",
        city_path="owner__city",
        org_path="owner",
        link=listing("challenges:challenge_list"),
    ),
    Figure(
        "proposals_submitted",
        _("Proposals submitted"),
        "demand",
        lambda: Proposal.objects.filter(status=Proposal.Status.SUBMITTED),
        date_path="created_at",
        city_path="challenge__owner__city",
        org_path="challenge__owner",
        link=listing("challenges:challenge_list"),
    ),
    # Events and meetings
    Figure(
        "events_held",
        _("Events held"),
        "meetings",
        _events_held,
        date_path="starts_at",
        org_path="organiser",
        link=listing("events:list"),
        month_link=in_month(listing("events:list"), own=False, past="on"),
    ),
    Figure(
        "registrations",
        _("Event registrations"),
        "meetings",
        lambda: Registration.objects.filter(status=Registration.Status.CONFIRMED, event__status=Event.Status.PUBLISHED),
        date_path="created_at",
        city_path="event__city",
        org_path="event__organiser",
        link=listing("events:list"),
    ),
    Figure(
        "checked_in",
        _("Participants checked in"),
        "meetings",
        lambda: Registration.objects.filter(checked_in_at__isnull=False),
        date_path="checked_in_at",
        city_path="event__city",
        org_path="event__organiser",
        link=listing("events:list"),
    ),
    Figure(
        "meetings_held",
        _("1:1 meetings held"),
        "meetings",
        lambda: Meeting.objects.filter(status=Meeting.Status.SCHEDULED, outcome__in=[Meeting.Outcome.HELD, Meeting.Outcome.FOLLOW_UP]),
        date_path="slot__starts_at",
        city_path="programme__event__city",
        org_path="programme__event__organiser",
        link=listing("events:list"),
    ),
    Figure(
        "conversations",
        _("Conversations between organisations"),
        "meetings",
        Thread.objects.all,
        date_path="created_at",
        city_path="starter__city",
        org_path="starter",
        link=own_only("conversations:list"),
        no_link=_("Conversations are private between organisations: counted here, read only by their two sides."),
    ),
    # The City Alliance
    Figure(
        "agreements",
        _("Cooperation agreements signed"),
        "alliance",
        lambda: CooperationAgreement.objects.exclude(status=CooperationAgreement.Status.DRAFT),
        date_path="signed_on",
        city_path="cities",
        distinct=True,
        link=listing("belt:agreements"),
    ),
    Figure(
        "actions_open",
        _("Follow-up actions open"),
        "alliance",
        lambda: FollowUpAction.objects.filter(status=FollowUpAction.Status.OPEN),
        date_path="due_on",
        city_path="owner_city",
        link=listing("belt:agreements"),
    ),
    Figure(
        "actions_done",
        _("Follow-up actions done"),
        "alliance",
        lambda: FollowUpAction.objects.filter(status=FollowUpAction.Status.DONE),
        date_path="due_on",
        city_path="owner_city",
        link=listing("belt:agreements"),
    ),
]:
    register(figure)
