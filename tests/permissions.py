"""The world every permission test runs in, and how to enumerate pages and API operations.

Roles: anonymous, member (of org A), admin_a (admin of A), admin_b (admin of B,
another organisation), operator_w (district operator of A's city W), operator_x
(district operator of another city X), platform (platform operator).
"""

import functools
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from innobelt.accounts.domain import create_api_token
from innobelt.organisations.models import Claim, Membership
from tests.factories import CityFactory, MembershipFactory, OrganisationFactory, UserFactory

ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


@dataclass
class World:
    users: dict
    city_w: object
    city_x: object
    org_a: object
    org_b: object
    claim: object
    member_token_id: int
    extra: dict


def build_world() -> World:
    city_w, city_x = CityFactory(slug="city-w"), CityFactory(slug="city-x")
    org_a = OrganisationFactory(city=city_w, slug="org-a")
    org_b = OrganisationFactory(city=city_x, slug="org-b")
    users = {
        "anonymous": None,
        "member": MembershipFactory(organisation=org_a, role=Membership.Role.MEMBER).user,
        "admin_a": MembershipFactory(organisation=org_a, role=Membership.Role.ADMIN).user,
        "admin_b": MembershipFactory(organisation=org_b, role=Membership.Role.ADMIN).user,
        "operator_w": UserFactory(operator_for=[city_w]),
        "operator_x": UserFactory(operator_for=[city_x]),
        "platform": UserFactory(is_platform_operator=True, is_staff=True, is_superuser=True),
    }
    claimant = UserFactory()
    claim = Claim.objects.create(user=claimant, organisation=org_a, kind=Claim.Kind.CLAIM)
    token, _secret = create_api_token(user=users["member"], name="member's token")
    return World(users=users, city_w=city_w, city_x=city_x, org_a=org_a, org_b=org_b, claim=claim,
                 member_token_id=token.pk, extra={})


def page_route_names() -> set[str]:
    """Every named page route outside the admin and the API (they have their own matrices)."""
    names: set[str] = set()

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace
                if ns in ("admin", "api"):
                    continue
                walk(p.url_patterns, f"{prefix}{ns}:" if ns else prefix)
            elif isinstance(p, URLPattern) and p.name:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns, "")
    return names


@functools.cache
def openapi_schema() -> dict:
    """The API's OpenAPI document, built once per test process (building it takes seconds; tests only read it)."""
    from innobelt.api.urls import api

    return api.get_openapi_schema()


def api_operations() -> set[str]:
    schema = openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def outcome(response) -> str | int:
    """A status code, or "login" for a redirect to the sign-in page."""
    if response.status_code == 302 and "/accounts/login/" in response.get("Location", ""):
        return "login"
    return response.status_code


class Multipart:
    """A multipart body for the API matrix: fields built fresh per request (files are read once)."""

    def __init__(self, build):
        self.build = build

    def fields(self) -> dict:
        return self.build()


def extend_admin_world(world) -> None:
    """One row of every model the admin shows, in city W (org A's), and rows in city X that a forged
    admin POST can name (world.extra["admin_w"][label] and world.extra["admin_x"][label]).

    Expects the apps' worlds (tests/<app>/matrix.py extend_world) to have run first."""
    from datetime import date, timedelta
    from decimal import Decimal

    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from innobelt.accounts.models import ApiToken, Consent
    from innobelt.audit.domain import record_action
    from innobelt.belt.models import CooperationAgreement, FollowUpAction
    from innobelt.challenges.models import OpenCall, SolverInvitation
    from innobelt.events.models import EventMeetingRequest
    from innobelt.files.domain import save_upload
    from innobelt.insights.models import ReportRun
    from innobelt.matching.models import MatchFeedback
    from innobelt.meetings.models import ScheduleRun
    from innobelt.notifications.models import Notification
    from innobelt.organisations.models import Incubation, Invitation
    from innobelt.resources.models import OutcomeReport, SampleJobOutcome
    from tests.challenges.factories import ChallengeFactory, NeedFactory
    from tests.factories import (
        AccessRequestFactory,
        EventFactory,
        IndustryFactory,
        ParticipantFactory,
        ProgrammeFactory,
        ResourceFactory,
        SlotFactory,
    )
    from tests.files.helpers import png_bytes
    from tests.financing.factories import make_fund
    from tests.showcase.factories import AchievementFactory, NominationFactory
    from tests.showcase.factories import ProgrammeFactory as AwardProgrammeFactory
    from tests.talent.matrix import admin_rows as talent_admin_rows

    e, u = world.extra, world.users
    talent_w, talent_x = talent_admin_rows(world)
    agreement_w = CooperationAgreement.objects.create(slug="agreement-w", name_zh="W 协议", name_en="W agreement")
    agreement_w.cities.set([world.city_w])
    FollowUpAction.objects.create(agreement=agreement_w, description_en="Follow up in W", owner=u["operator_w"], owner_city=world.city_w)
    agreement_x = CooperationAgreement.objects.create(slug="agreement-x", name_zh="X 协议", name_en="X agreement")
    agreement_x.cities.set([world.city_x])
    resource_x = ResourceFactory(owner=world.org_b, city=world.city_x, title_en="Instrument of B")
    access_x = AccessRequestFactory(resource=resource_x, organisation=world.org_a, requested_by=u["admin_a"])
    event_x = EventFactory(organiser=world.org_b, city=world.city_x, title_en="Event of B")
    programme_x = ProgrammeFactory(event=event_x)
    slot_x = SlotFactory(programme=programme_x, starts_at=event_x.starts_at, tables=2)
    participant_x = ParticipantFactory(programme=programme_x)
    run_x = ScheduleRun.objects.create(programme=programme_x, status="done", value=0, bound=0, gap=0.0, method="highs",
                                       solver_status="optimal", meetings_count=0, requested_by=u["admin_b"])
    file_x = save_upload(actor=u["admin_b"], organisation=world.org_b, kind="photo",
                         upload=SimpleUploadedFile("b.png", png_bytes(), content_type="image/png"))
    w = {
        "auth.group": Group.objects.create(name="Editors"),
        "axes.accessattempt": AccessAttempt.objects.create(username="someone@example.com", ip_address="10.0.0.1", user_agent="t",
                                                           failures_since_start=1, get_data="", post_data="", http_accept="",
                                                           path_info="/accounts/login/"),
        "axes.accesslog": AccessLog.objects.create(username="someone@example.com", ip_address="10.0.0.1", user_agent="t",
                                                   http_accept="", path_info="/accounts/login/"),
        "axes.accessfailurelog": AccessFailureLog.objects.create(username="someone@example.com", ip_address="10.0.0.1", user_agent="t",
                                                                 http_accept="", path_info="/accounts/login/", locked_out=False),
        "accounts.user": u["member"],
        "accounts.consent": Consent.objects.create(user=u["member"], purpose="terms", policy_version="1"),
        "accounts.apitoken": ApiToken.objects.get(pk=world.member_token_id),
        "audit.auditentry": record_action(actor=u["admin_a"], action="test.done", target=world.org_a),
        "notifications.notification": Notification.objects.create(recipient=u["member"], kind="test", subject="Hello"),
        "belt.industry": IndustryFactory(),
        "belt.city": world.city_w,
        "belt.cooperationagreement": agreement_w,
        "organisations.organisation": world.org_a,
        "organisations.claim": world.claim,
        "organisations.invitation": Invitation.objects.create(organisation=world.org_a, email="new@example.com", invited_by=u["admin_a"]),
        "matching.matchfeedback": MatchFeedback.objects.create(user=u["member"], target=f"organisation:{world.org_b.pk}", action="save"),
        "files.storedfile": e["private_file"],
        "resources.resource": e["pub"],
        "resources.accessrequest": e["active"],
        "resources.booking": e["booking"],
        "resources.blackout": e["closure"],
        "resources.outcomereport": OutcomeReport.objects.create(request=e["active"], reported_by=u["admin_b"], prototype=True,
                                                                reported_at=timezone.now()),
        "resources.samplejob": e["job_submitted"],
        "resources.trainingrecord": e["training_record"],
        "resources.trainingrequest": e["training_request"],
        "resources.waitlistentry": e["waiting"],
        "resources.releasedslot": e["released"],
        "resources.samplejoboutcome": SampleJobOutcome.objects.create(job=e["job_completed"], outcome="quality", reported_by=u["admin_b"]),
        "events.event": e["ev_pub"],
        "events.registration": e["ev_reg_b"],
        "events.pitch": e["ev_pitch"],
        "events.pitchrating": e["ev_rating"],
        "events.eventmeetingrequest": EventMeetingRequest.objects.create(
            event=e["ev_pub"], from_organisation=e["ev_rating"].organisation, to_organisation=e["ev_pitch"].organisation,
            rating=e["ev_rating"], requested_by=e["ev_rating"].rated_by),
        "meetings.programme": e["mt_programme"],
        "meetings.schedulerun": e["mt_run"],
        "meetings.meeting": e["mt_meeting"],
        "challenges.need": e["need_pub"],
        "challenges.needinterest": e["interest_b"],
        "challenges.challenge": e["ch_pub"],
        "challenges.opencall": e["call_w"],
        "challenges.opencallapplication": e["application_b"],
        "challenges.solverinvitation": SolverInvitation.objects.create(challenge=e["ch_pub2"], organisation=world.org_b, invited_by=u["admin_a"]),
        "vouchers.programme": e["prog"], "vouchers.application": e["app_pending"], "vouchers.voucher": e["voucher_a"],
        "vouchers.claim": e["claim_b"],
        "vouchers.settlementperiod": e["period"],
        "services.service": e["service_w"],
        "services.servicerequest": e["req_w"],
        "services.holidayschedule": _holiday_schedule(u["platform"], 2090),
        "financing.fund": e["fund_w"],
        "financing.fundapplication": e["fapp_a"],
        "showcase.achievement": e["ach_review"],
        **talent_w,
        "insights.reportrun": e["report_run"],
    }
    x = {
        "accounts.user": u["admin_b"],
        "belt.city": world.city_x,
        "belt.cooperationagreement": agreement_x,
        "organisations.organisation": world.org_b,
        "files.storedfile": file_x,
        "resources.resource": resource_x,
        "resources.accessrequest": access_x,
        "events.event": EventFactory(organiser=world.org_b, city=world.city_x, title_en="Another event of B"),  # no programme yet
        "meetings.programme": programme_x,
        "meetings.slot": slot_x,
        "meetings.participant": participant_x,
        "meetings.schedulerun": run_x,
        "challenges.need": NeedFactory(owner=world.org_b, title_en="Need of B"),
        "challenges.challenge": (challenge_x := ChallengeFactory(owner=world.org_b, title_en="Challenge of B")),
        "challenges.solverinvitation": SolverInvitation.objects.create(challenge=challenge_x, organisation=world.org_a, invited_by=u["admin_b"]),
        "challenges.opencall": OpenCall.objects.create(city=world.city_x, title_zh="X 揭榜", problem="p", funding=Decimal("100"),
                                                       deadline=timezone.now() + timedelta(days=3)),
        "services.service": e["service_b"],
        "services.servicerequest": e["req_new"],
        "services.holidayschedule": _holiday_schedule(u["platform"], 2091),  # national: another year, not a city
        "financing.fund": make_fund(city=world.city_x, title_en="Fund of X"),
        "showcase.achievement": AchievementFactory(organisation=world.org_b, title_en="Achievement of B"),
        **talent_x,
        "insights.reportrun": ReportRun.objects.create(requested_by=u["operator_x"], city=world.city_x, year=2026, quarter=3,
                                                       file_format="pdf", status="failed", error="x"),
    }
    w["showcase.nomination"], w["showcase.score"] = e["nom_closed"], _award_score(e["nom_closed"], e["sc_reviewer"])
    nomination_x = NominationFactory(programme=AwardProgrammeFactory(city=world.city_x), organisation=world.org_b)
    x["showcase.nomination"], x["showcase.score"] = nomination_x, _award_score(nomination_x, e["sc_reviewer"])
    w["showcase.awardprogramme"], x["showcase.awardprogramme"] = e["prog_closed"], nomination_x.programme
    w["organisations.incubation"] = Incubation.objects.create(incubator=world.org_a, startup=world.org_b,
                                                              started_on=date(2025, 3, 1))
    x["organisations.incubation"] = e["incubation"]  # org B (city X) names org A
    e.update(admin_w=w, admin_x=x)


def _holiday_schedule(platform, year):
    """A schedule of a year far from every request of the world (entering it moves no due day)."""
    from datetime import date

    from innobelt.services.domain.holidays import DayRange, enter_holiday_schedule

    schedule, _moved = enter_holiday_schedule(actor=platform, year=year, makeup_workdays=[], holidays=[
        DayRange(date(year, 10, 1), date(year, 10, 7), "国庆节", "National Day")])
    return schedule


def _award_score(nomination, reviewer):
    """A reviewer assigned to the nomination who scored its first criterion."""
    from innobelt.showcase.models import ReviewerAssignment, Score

    assignment = ReviewerAssignment.objects.create(nomination=nomination, reviewer=reviewer)
    return Score.objects.create(assignment=assignment, criterion=nomination.programme.criteria.first(), value=7)
