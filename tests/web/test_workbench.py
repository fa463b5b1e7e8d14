"""The workbench: each role lands on its own work, and sees nothing of another organisation or area."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from innobelt.belt.models import CooperationAgreement, FollowUpAction
from innobelt.events.models import Event
from innobelt.organisations.models import Claim, Membership, Organisation
from tests.factories import (
    AccessRequestFactory,
    BookingFactory,
    CityFactory,
    EventFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    RegistrationFactory,
    ResourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):  # reverse() gives /en/...; the pages answer in English
        yield


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("web:workbench"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start:html.index("</ul>", start)]


@pytest.fixture
def two_organisations():
    """Two labs, each with an admin, a resource, a waiting request, a booking today and an event."""
    now = timezone.localtime()
    built = {}
    for name in ("Alpha", "Beta"):
        lab = OrganisationFactory(name_en=f"{name} Lab", kind=Organisation.Kind.LABORATORY)
        admin = MembershipFactory(organisation=lab, role=Membership.Role.ADMIN).user
        resource = ResourceFactory(owner=lab, title_en=f"{name} microscope")
        seeker = OrganisationFactory(name_en=f"{name} seeker SME")
        active = AccessRequestFactory(resource=resource, organisation=seeker)
        waiting = AccessRequestFactory(resource=ResourceFactory(owner=lab, title_en=f"{name} spectrometer"),
                                       organisation=seeker, requested_by=active.requested_by, status="pending",
                                       terms_accepted_at=None)
        start = now.replace(hour=23, minute=0, second=0, microsecond=0) if now.hour < 23 else now
        today = BookingFactory(access_request=active, start=start, end=start + timedelta(minutes=30))
        event = EventFactory(organiser=lab, title_en=f"{name} forum", starts_at=now + timedelta(days=5),
                             ends_at=now + timedelta(days=5, hours=8))
        built[name] = dict(lab=lab, admin=admin, resource=resource, waiting=waiting, booking=today, event=event,
                           seeker=seeker, seeker_user=active.requested_by)
    return built


def test_signing_in_lands_on_the_workbench(client):
    user = UserFactory()
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": "correct horse battery"})
    assert response.status_code == 302 and response.url == reverse(settings.LOGIN_REDIRECT_URL)


def test_anonymous_callers_are_sent_to_sign_in(client):
    response = client.get(reverse("web:workbench"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_an_organisation_admin_sees_their_requests_bookings_and_events_and_nothing_of_another(client, two_organisations):
    alpha, beta = two_organisations["Alpha"], two_organisations["Beta"]
    html = page(client, alpha["admin"])
    assert 'id="workbench-owner"' in html and 'id="workbench-operator"' not in html
    assert 'id="work-city-figures"' not in html
    requests = section(html, "work-owner-requests")
    assert alpha["waiting"].get_absolute_url() in requests and beta["waiting"].get_absolute_url() not in requests
    today = section(html, "work-bookings-today")
    assert alpha["booking"].get_absolute_url() in today and beta["booking"].get_absolute_url() not in today
    assert 'href="/en/resources/calendar/?mine=on&amp;view=day" id="work-calendar"' in html  # all their instruments at once
    events = section(html, "work-managed-events")
    assert "Alpha forum" in events and "Beta forum" not in events
    assert "Beta" not in html.split('id="workbench-owner"')[1]


def test_a_member_sees_their_bookings_requests_registrations_and_meetings(client, two_organisations):
    alpha, beta = two_organisations["Alpha"], two_organisations["Beta"]
    seeker = alpha["seeker_user"]
    registration = RegistrationFactory(event=alpha["event"], organisation=alpha["seeker"], user=seeker)
    participant = ParticipantFactory(registration=registration, programme__event=alpha["event"])
    meeting = MeetingFactory(slot__programme=participant.programme, programme=participant.programme, a=participant)
    other = RegistrationFactory(event=beta["event"])  # someone else's registration
    html = page(client, seeker)
    assert 'id="workbench-owner"' not in html
    assert alpha["booking"].get_absolute_url() in section(html, "work-bookings")
    assert beta["booking"].get_absolute_url() not in section(html, "work-bookings")
    assert alpha["waiting"].get_absolute_url() in section(html, "work-requests")
    assert registration.get_absolute_url() in section(html, "work-registrations")
    assert other.get_absolute_url() not in html
    assert reverse("meetings:agenda", args=[meeting.programme.event_id]) in section(html, "work-meetings")


def test_a_cancelled_meeting_leaves_the_workbench(client):
    participant = ParticipantFactory()
    meeting = MeetingFactory(slot__programme=participant.programme, programme=participant.programme, a=participant)
    html = page(client, participant.registration.user)
    assert reverse("meetings:agenda", args=[meeting.programme.event_id]) in section(html, "work-meetings")
    meeting.status = "cancelled"
    meeting.save()
    html = page(client, participant.registration.user)
    assert reverse("meetings:agenda", args=[meeting.programme.event_id]) not in section(html, "work-meetings")


def test_a_district_operator_sees_the_queues_of_their_cities_only(client):
    mine, theirs = CityFactory(name_en="Mine"), CityFactory(name_en="Theirs")
    operator = UserFactory(operator_for=[mine])
    near = OrganisationFactory(city=mine, name_en="Near Co", verification=Organisation.Verification.PENDING)
    far = OrganisationFactory(city=theirs, name_en="Far Co", verification=Organisation.Verification.PENDING)
    claim_near = Claim.objects.create(user=UserFactory(), organisation=near, kind=Claim.Kind.CLAIM)
    Claim.objects.create(user=UserFactory(), organisation=far, kind=Claim.Kind.CLAIM)
    agreement = CooperationAgreement.objects.create(slug="a", name_zh="协议", name_en="Agreement")
    agreement.cities.set([mine])
    other_agreement = CooperationAgreement.objects.create(slug="b", name_zh="协议二", name_en="Other agreement")
    other_agreement.cities.set([theirs])
    today = timezone.localdate()
    FollowUpAction.objects.create(agreement=agreement, description_en="Open the joint lab", due_on=today + timedelta(days=3))
    FollowUpAction.objects.create(agreement=other_agreement, description_en="Not ours", due_on=today)
    FollowUpAction.objects.create(agreement=agreement, description_en="Already done", due_on=today, status="done")
    html = page(client, operator)
    assert 'id="workbench-operator"' in html
    assert f'href="{reverse("resources:city_figures")}" id="work-city-figures"' in html  # the figures of their cities
    assert "Near Co" in section(html, "work-claims") and "Far Co" not in section(html, "work-claims")
    assert claim_near.organisation.name in section(html, "work-claims")
    assert "Near Co" in section(html, "work-verifications") and "Far Co" not in section(html, "work-verifications")
    follow_ups = section(html, "work-follow-ups")
    assert "Open the joint lab" in follow_ups and "Not ours" not in follow_ups and "Already done" not in follow_ups


def test_an_admin_decides_only_for_the_organisations_they_administer_not_those_they_are_a_member_of(
        client, two_organisations):
    alpha, beta = two_organisations["Alpha"], two_organisations["Beta"]
    MembershipFactory(organisation=beta["lab"], user=alpha["admin"], role=Membership.Role.MEMBER)
    html = page(client, alpha["admin"])
    requests = section(html, "work-owner-requests")
    assert alpha["waiting"].get_absolute_url() in requests and beta["waiting"].get_absolute_url() not in requests
    events = section(html, "work-managed-events")
    assert "Alpha forum" in events and "Beta forum" not in events
    today = section(html, "work-bookings-today")
    assert alpha["booking"].get_absolute_url() in today and beta["booking"].get_absolute_url() not in today


def test_a_district_operator_s_figures_count_their_cities_only(client):
    mine, theirs = CityFactory(name_en="Mine"), CityFactory(name_en="Theirs")
    operator = UserFactory(operator_for=[mine])
    for city, n in ((mine, 2), (theirs, 3)):
        for _ in range(n):
            ResourceFactory(owner=OrganisationFactory(city=city, verification=Organisation.Verification.VERIFIED),
                            city=city, status="published")
    html = page(client, operator)
    figures = html[html.index('class="stats"'):html.index("</div>\n  <p>", html.index('class="stats"'))]
    # two organisations, two verified, two shared resources, no coming event: none of the other city's three
    assert figures.count("<strong>2</strong>") == 3 and "<strong>3</strong>" not in figures
    assert "Your area: Mine" in html


def test_a_platform_operator_sees_the_whole_belt(client):
    operator = UserFactory(is_platform_operator=True)
    a, b = CityFactory(), CityFactory()
    OrganisationFactory(city=a, name_en="East Co", verification=Organisation.Verification.PENDING)
    OrganisationFactory(city=b, name_en="West Co", verification=Organisation.Verification.PENDING)
    verifications = section(page(client, operator), "work-verifications")
    assert "East Co" in verifications and "West Co" in verifications


def test_an_inactive_account_gets_no_workbench(client):
    user = UserFactory()
    client.force_login(user)
    user.is_active = False
    user.save()
    response = client.get(reverse("web:workbench"))
    assert response.status_code == 302  # the session of an inactive account is not honoured


@pytest.mark.parametrize("role", ["platform operator", "district operator", "member of the other organiser"])
def test_an_admin_with_another_role_sees_only_their_own_organisation_s_events_in_their_queue(client, two_organisations, role):
    """"Events you organise" lists the events of the organisations they administer (events.queries.organised_events),
    not every event an operator role lets them manage nor those of an organisation they only belong to."""
    alpha, beta = two_organisations["Alpha"], two_organisations["Beta"]
    person = alpha["admin"]
    if role == "platform operator":
        person.is_platform_operator = True
        person.save()
    elif role == "district operator":
        person.operator_cities.add(beta["event"].city)
    else:
        MembershipFactory(user=person, organisation=beta["lab"], role=Membership.Role.MEMBER)
    events = section(page(client, person), "work-managed-events")
    assert "Alpha forum" in events and "Beta forum" not in events


def _workbench_queries(client, user) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("web:workbench"), HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_the_workbench_costs_the_same_queries_for_many_organisations_and_reads_the_person_s_once(client):
    """ADR 0024: the number of queries does not grow with the person's organisations, their organisations
    are read once (their ids then scope every list, not a membership subquery compiled into each), and
    "Events you organise" needs no registration counts (no GROUP BY)."""
    def person_with(n: int):
        user = UserFactory()
        for i in range(n):
            lab = OrganisationFactory(kind=Organisation.Kind.LABORATORY)
            MembershipFactory(organisation=lab, user=user, role=Membership.Role.ADMIN if i % 2 == 0 else Membership.Role.MEMBER)
            resource = ResourceFactory(owner=lab)
            AccessRequestFactory(resource=resource, status="pending", terms_accepted_at=None)
            BookingFactory(resource=resource, organisation=lab)
            EventFactory(organiser=lab)
        return user

    few, many = _workbench_queries(client, person_with(2)), _workbench_queries(client, person_with(4))
    assert len(few) == len(many)
    assert len(many) <= 14
    membership = '"organisations_membership"'
    assert sum(membership in sql for sql in many) <= 3  # the organisations (with their role), the events' organiser
    assert not any("GROUP BY" in sql for sql in many)


def test_every_list_costs_the_same_queries_for_one_row_as_for_several(client):
    """Each list selects only the columns its line shows (ADR 0024): a column the template reads and the list
    left out would be read by one more query per row. Every list of an admin and member is filled with one row,
    then with three, and the queries are counted (and every row shown)."""
    now = timezone.localtime()
    person = UserFactory()
    lab = OrganisationFactory(kind=Organisation.Kind.LABORATORY, name_en="Own Lab")
    MembershipFactory(organisation=lab, user=person, role=Membership.Role.ADMIN)
    shown = []

    def add_one_of_each(i: int) -> None:
        resource = ResourceFactory(owner=lab, title_en=f"Own instrument {i}")
        shown.append(AccessRequestFactory(resource=resource, status="pending", terms_accepted_at=None))  # to approve
        start = now.replace(hour=23, minute=i, second=0, microsecond=0) if now.hour < 23 else now + timedelta(minutes=i)
        shown.append(BookingFactory(resource=resource, access_request__resource=resource, start=start,
                                    end=start + timedelta(minutes=1)))  # of their equipment today
        shown.append(EventFactory(organiser=lab, title_en=f"Own forum {i}"))  # they organise
        elsewhere = AccessRequestFactory(organisation=lab, requested_by=person, status="pending",
                                         terms_accepted_at=None)  # their own open request
        shown.append(elsewhere)
        shown.append(BookingFactory(access_request=AccessRequestFactory(organisation=lab, requested_by=person)))  # theirs
        registration = RegistrationFactory(user=person, organisation=lab, event__title_en=f"Visited forum {i}")
        shown.append(registration)
        participant = ParticipantFactory(registration=registration, programme__event=registration.event)
        MeetingFactory(slot__programme=participant.programme, programme=participant.programme, a=participant)

    add_one_of_each(0)
    one = _workbench_queries(client, person)
    add_one_of_each(1)
    add_one_of_each(2)
    three = _workbench_queries(client, person)
    assert len(one) == len(three)
    html = page(client, person)
    for row in shown:
        link = reverse("events:registrations", args=[row.pk]) if isinstance(row, Event) else row.get_absolute_url()
        assert link in html
    assert html.count("Visited forum") >= 6  # each registration and each meeting names its event
    assert "3 resources: the owner" in html  # counted with their organisations, those they administer only


@pytest.mark.parametrize("side", ["a", "b"])
def test_a_meeting_shows_for_either_of_its_two_participants_and_no_one_else(client, side):
    participant = ParticipantFactory()
    meeting = MeetingFactory(slot__programme=participant.programme, programme=participant.programme, **{side: participant})
    agenda = reverse("meetings:agenda", args=[meeting.programme.event_id])
    assert agenda in section(page(client, participant.registration.user), "work-meetings")
    stranger = ParticipantFactory(programme=participant.programme)
    assert agenda not in section(page(client, stranger.registration.user), "work-meetings")
