"""Every evidence figure equals the count computed from the records, and a nomination's evidence never shows
another organisation's private records (issue 26, Must show)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from innobelt.challenges.models import Challenge, Pipeline
from innobelt.events.models import Event
from innobelt.meetings.models import Meeting
from innobelt.organisations.models import Organisation
from innobelt.resources.models import AccessRequest, Booking
from innobelt.showcase.domain.awards import nominate
from innobelt.showcase.evidence import compute_evidence, period
from tests.challenges.factories import ChallengeFactory, ProposalFactory
from tests.factories import (
    AccessRequestFactory,
    BookingFactory,
    CityFactory,
    EventFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProgrammeFactory,
    ResourceFactory,
    SlotFactory,
    UserFactory,
)
from tests.showcase.factories import ProgrammeFactory as AwardProgrammeFactory

pytestmark = pytest.mark.django_db
FIRST, LAST = date(2020, 1, 1), date(2030, 12, 31)


def _ago(days, hour=9):
    return (timezone.localtime() - timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def world(db):
    city = CityFactory()
    lab = OrganisationFactory(kind=Organisation.Kind.LABORATORY, city=city, name_en="Nominee Lab")
    other = OrganisationFactory(kind=Organisation.Kind.LABORATORY, city=city, name_en="PRIVATE-OTHER-LAB")
    sme1 = OrganisationFactory(kind=Organisation.Kind.SME, name_en="PRIVATE-SME-ONE")
    startup = OrganisationFactory(kind=Organisation.Kind.STARTUP, name_en="PRIVATE-STARTUP")
    firm = OrganisationFactory(kind=Organisation.Kind.LARGE_FIRM, name_en="PRIVATE-FIRM")
    r1, r2 = ResourceFactory(owner=lab, title_en="Lab SEM"), ResourceFactory(owner=lab, title_en="Lab XRD")
    r3 = ResourceFactory(owner=other, title_en="PRIVATE-OTHER-INSTRUMENT")
    decided = _ago(20)

    def request(resource, org, status="active", purpose="PRIVATE-PURPOSE"):
        return AccessRequestFactory(
            resource=resource, organisation=org, status=status, decided_at=decided, purpose=purpose
        )

    def book(access, days, hours, **extra):
        start = _ago(days)
        return BookingFactory(
            access_request=access, start=start, end=start + timedelta(hours=hours), note="PRIVATE-BOOKING-NOTE", **extra
        )

    a_sme, a_startup, a_firm = request(r1, sme1), request(r1, startup, "approved"), request(r2, firm)
    request(r1, OrganisationFactory(kind=Organisation.Kind.SME), "declined")
    book(a_sme, 10, 1), book(a_sme, 11, 2), book(a_startup, 12, 3), book(a_firm, 13, 1.5)
    book(a_sme, 14, 4, status=Booking.Status.CANCELLED)  # cancelled: not shared
    future = timezone.now() + timedelta(days=3)
    BookingFactory(access_request=a_sme, start=future, end=future + timedelta(hours=2))  # not yet used
    book(request(r1, lab), 15, 5)  # the lab's own use of its instrument: not shared
    # planted: the other lab's instrument, used by an SME and by the nominee itself
    book(request(r3, sme1), 10, 6), book(request(r3, lab), 16, 7)
    request(r3, startup, "approved")
    ChallengeFactory(owner=lab, title_en="Lab challenge one", published_at=_ago(40))
    two = ChallengeFactory(owner=lab, title_en="Lab challenge two", status=Challenge.Status.AWARDED, published_at=_ago(50))
    # proposals to the lab's challenge: two reached the pilot (one went on to a contract), two did not
    for stage in (Pipeline.Stage.PILOT, Pipeline.Stage.CONTRACT, Pipeline.Stage.SHORTLISTED, Pipeline.Stage.DECLINED):
        solver = OrganisationFactory(kind=Organisation.Kind.STARTUP, name_en=f"PRIVATE-SOLVER-{stage}")
        reason = Pipeline.Reason.NOT_A_FIT if stage == Pipeline.Stage.DECLINED else ""
        Pipeline.objects.create(proposal=ProposalFactory(challenge=two, organisation=solver, text="PRIVATE-PROPOSAL"),
                                stage=stage, pilot_plan="PRIVATE-PILOT-PLAN", decline_reason=reason)
    ChallengeFactory(owner=lab, status=Challenge.Status.DRAFT, published_at=None, title_en="PRIVATE-LAB-DRAFT")
    ChallengeFactory(owner=other, status=Challenge.Status.DRAFT, published_at=None, title_en="PRIVATE-CHALLENGE")
    others = ChallengeFactory(owner=other, title_en="Other lab's challenge", published_at=_ago(30))
    Pipeline.objects.create(proposal=ProposalFactory(challenge=others, organisation=lab), stage=Pipeline.Stage.PILOT)  # not the lab's challenge
    past_event = EventFactory(organiser=lab, title_en="Lab open day", starts_at=_ago(30), ends_at=_ago(30, 17))
    EventFactory(organiser=lab, title_en="Lab future day")  # not held yet
    EventFactory(organiser=lab, status=Event.Status.DRAFT, starts_at=_ago(31), ends_at=_ago(31, 17))
    EventFactory(organiser=other, starts_at=_ago(30), ends_at=_ago(30, 17))
    programme = ProgrammeFactory(event=past_event)
    ours = ParticipantFactory(programme=programme, registration__organisation=lab)
    for n, outcome in enumerate([Meeting.Outcome.HELD, Meeting.Outcome.FOLLOW_UP, Meeting.Outcome.NO_SHOW]):
        slot = SlotFactory(programme=programme, starts_at=past_event.starts_at + timedelta(minutes=20 * n))
        MeetingFactory(
            slot=slot,
            a=ours,
            b=ParticipantFactory(programme=programme, registration__organisation=sme1),
            outcome=outcome,
            outcome_note="PRIVATE-MEETING-NOTE",
        )
    return {"lab": lab, "other": other, "city": city}


def _figures(lab):
    return {item["key"]: item for item in compute_evidence(lab, FIRST, LAST)}


def test_every_figure_equals_the_count_from_records(world):
    lab = world["lab"]
    figures = _figures(lab)
    start, end = period(FIRST, LAST)
    shared = Booking.objects.filter(
        resource__owner=lab, status="confirmed", end__lte=timezone.now(), start__gte=start, start__lt=end
    ).exclude(organisation=lab)
    hours = sum(((b.end - b.start).total_seconds() for b in shared), 0.0) / 3600
    approved = AccessRequest.objects.filter(
        resource__owner=lab, status__in=["approved", "active"], decided_at__isnull=False
    ).exclude(organisation=lab)
    served = {b.organisation_id for b in shared if b.organisation.kind in ("sme", "startup")} | {
        r.organisation_id for r in approved if r.organisation.kind in ("sme", "startup")
    }
    held = Meeting.objects.filter(
        Q(a__registration__organisation=lab) | Q(b__registration__organisation=lab), outcome__in=["held", "follow_up"]
    )
    assert figures["hours_shared"]["value"] == "7.50" == f"{hours:.2f}"
    assert figures["smes_served"]["value"] == 2 == len(served)
    assert figures["access_approved"]["value"] == 3 == approved.count()  # SME, startup, firm
    assert (
        figures["challenges_run"]["value"] == 2 == Challenge.objects.filter(owner=lab).exclude(status="draft").count()
    )
    assert figures["challenges_awarded"]["value"] == 1 == Challenge.objects.filter(owner=lab, status="awarded").count()
    piloted = Pipeline.objects.filter(proposal__challenge__owner=lab, stage__in=["pilot", "contract", "investment"])
    assert figures["pilots_reached"]["value"] == 2 == piloted.count()
    assert [(r["kind"], r["label_en"], r["value"]) for r in figures["pilots_reached"]["records"]] == [("challenge", "Lab challenge two", 2)]
    assert (
        figures["events_held"]["value"]
        == 1
        == Event.objects.filter(organiser=lab, status="published", ends_at__lte=timezone.now()).count()
    )
    assert figures["meetings_held"]["value"] == 2 == held.count()
    # each figure lists the records behind it, and they add up
    by_resource = {r["label_en"]: r["value"] for r in figures["hours_shared"]["records"]}
    assert by_resource == {"Lab SEM": "6.00", "Lab XRD": "1.50"}
    assert sum(r["value"] for r in figures["access_approved"]["records"]) == 3
    assert [r["label_en"] for r in figures["events_held"]["records"]] == ["Lab open day"]


def test_an_outside_period_counts_nothing(world):
    figures = {i["key"]: i["value"] for i in compute_evidence(world["lab"], date(2001, 1, 1), date(2001, 12, 31))}
    assert figures == {
        "hours_shared": "0.00",
        "smes_served": 0,
        "access_approved": 0,
        "challenges_run": 0,
        "challenges_awarded": 0,
        "pilots_reached": 0,
        "events_held": 0,
        "meetings_held": 0,
        "vouchers_redeemed_as_provider": 0,
        "vouchers_redeemed_as_sme": 0,
        "sample_jobs_completed": 0,
        "sample_jobs_for_smes": 0,
        "sample_jobs_on_time": 0,
        "sample_turnaround_median": None,
        "startups_incubated": 0,
    }


def test_the_evidence_never_shows_another_organisations_private_records(world):
    lab = world["lab"]
    admin = MembershipFactory(organisation=lab, role="admin").user
    operator = UserFactory(operator_for=[world["city"]])
    programme = AwardProgrammeFactory(city=world["city"], evidence_from=FIRST, evidence_to=LAST)
    nomination = nominate(actor=admin, programme=programme, organisation=lab, statement="We share.")
    assert nomination.figure("hours_shared") == Decimal("7.50")
    for user in (admin, operator):
        client = Client()
        client.force_login(user)
        for url in (
            f"/showcase/nominations/{nomination.pk}/",
            f"/en/showcase/nominations/{nomination.pk}/",
            f"/api/v1/nominations/{nomination.pk}",
        ):
            body = client.get(url).content.decode()
            assert "7.50" in body
            assert "Lab SEM" in body or "/en/" not in url and "api" not in url
            assert "PRIVATE" not in body, (url, body[body.find("PRIVATE") - 200 : body.find("PRIVATE") + 100])
