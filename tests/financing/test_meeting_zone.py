"""An investor's meeting request about a funding need goes into the meeting zone: with an event, it is the
event's meeting request (`events.EventMeetingRequest`), taken in by the 1:1 programme as a request between the
two organisations' participants and placed in a slot by the scheduler, shown back on the need's page and in the
API; without one it stays a standalone meeting arranged in the conversation. Nothing here schedules."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from innobelt.events.models import EventMeetingRequest
from innobelt.financing import domain
from innobelt.financing.models import MeetingRequest as FinancingMeetingRequest
from innobelt.meetings import domain as meetings_domain
from innobelt.meetings.models import Meeting, MeetingRequest
from innobelt.notifications.models import Notification
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProgrammeFactory,
    RegistrationFactory,
    SlotFactory,
    UserFactory,
)
from tests.financing.factories import make_need

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone(scene):
    organiser = OrganisationFactory(city=scene.wuxi)
    event = EventFactory(kind="forum", organiser=organiser, city=scene.wuxi, title_en="Wuxi IC investment day")
    programme = ProgrammeFactory(event=event)
    for i in range(2):
        SlotFactory(programme=programme, starts_at=event.starts_at + timedelta(minutes=20 * i), tables=2)
    organiser_admin = MembershipFactory(organisation=organiser, role="admin").user
    return {"event": event, "programme": programme, "organiser": organiser_admin, "need": make_need(scene.startup, industries=[scene.ic])}


def _join(zone, organisation, user):
    registration = RegistrationFactory(event=zone["event"], organisation=organisation, user=user)
    return ParticipantFactory(programme=zone["programme"], registration=registration)


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_a_request_at_an_event_is_taken_in_and_scheduled_by_the_meeting_zone(scene, zone, django_capture_on_commit_callbacks):
    investor_side = _join(zone, scene.investor, scene.partner)
    startup_side = _join(zone, scene.startup, scene.founder)
    meeting = domain.request_meeting(
        actor=scene.partner, need=zone["need"], investor=scene.investor, message="Meet at the investment day?", programme=zone["programme"]
    )
    zone_request = EventMeetingRequest.objects.get(pk=meeting.event_request_id)
    assert (zone_request.event, zone_request.from_organisation, zone_request.to_organisation, zone_request.status) == (
        zone["event"], scene.investor, scene.startup, "requested")
    assert zone_request.note == "Meet at the investment day?" and zone_request.requested_by == scene.partner
    # taken in at once as a 1:1 request of the two participants (the meetings app's own function did it)
    taken = MeetingRequest.objects.get(event_request=zone_request)
    assert (taken.programme, taken.requester, taken.target) == (zone["programme"], investor_side, startup_side)
    assert meeting.thread_id is not None  # the conversation stays the channel for messages
    # one notice to the startup's admin, naming the event (the events app's own notice is not sent twice)
    notices = Notification.objects.filter(recipient=scene.founder, kind__in=["financing.meeting_requested", "events.meeting_requested"])
    assert [n.kind for n in notices] == ["financing.meeting_requested"]
    assert zone["event"].title_zh in notices[0].subject  # in the recipient's language

    with django_capture_on_commit_callbacks(execute=True):
        run = meetings_domain.request_schedule_run(actor=zone["organiser"], programme=zone["programme"])
    run.refresh_from_db()
    assert run.status == "done", run.error
    placed = Meeting.objects.get(programme=zone["programme"], status="scheduled")
    assert {placed.a_id, placed.b_id} == {investor_side.pk, startup_side.pk}
    zone_request.refresh_from_db()
    assert zone_request.status == EventMeetingRequest.Status.SCHEDULED

    # both sides read the slot and table on the need's page; the API says scheduled
    for user in (scene.founder, scene.partner):
        page = _client(user).get(f"/en/financing/needs/{zone['need'].pk}/").content.decode()
        assert f'id="zone-meeting-{meeting.pk}"' in page and "Wuxi IC investment day" in page and "scheduled" in page
        assert f"table {placed.table}" in page and timezone.localtime(placed.slot.starts_at).strftime("%Y-%m-%d %H:%M") in page
    # a platform operator reads the need's requests, but not when and where the two meet
    page = _client(UserFactory(is_platform_operator=True)).get(f"/en/financing/needs/{zone['need'].pk}/").content.decode()
    assert f'id="zone-meeting-{meeting.pk}"' in page and f"table {placed.table}" not in page


def test_a_request_waits_in_the_zone_until_both_sides_take_part(scene, zone):
    meeting = domain.request_meeting(
        actor=scene.partner, need=zone["need"], investor=scene.investor, message="Later?", programme=zone["programme"]
    )
    assert not MeetingRequest.objects.exists()  # nobody of either side in the programme yet
    _join(zone, scene.investor, scene.partner)
    _join(zone, scene.startup, scene.founder)
    meetings_domain.take_in_event_requests(zone["programme"], actor=zone["organiser"])
    assert MeetingRequest.objects.get().event_request_id == meeting.event_request_id


def test_without_an_event_it_is_a_standalone_meeting(scene, zone):
    meeting = domain.request_meeting(actor=scene.partner, need=zone["need"], investor=scene.investor, message="Coffee in Wuxi?")
    assert meeting.event_request_id is None and meeting.thread_id is not None
    assert not EventMeetingRequest.objects.exists()
    page = _client(scene.founder).get(f"/en/financing/needs/{zone['need'].pk}/").content.decode()
    assert "A meeting to arrange in the conversation (no event)." in page


@pytest.mark.parametrize("closed", ["requests_closed", "over", "outcome", "draft"])
def test_an_event_that_takes_no_request_is_refused_and_nothing_is_stored(scene, zone, closed):
    programme, event = zone["programme"], zone["event"]
    if closed == "requests_closed":
        programme.requests_open = False
        programme.save()
    elif closed == "over":
        event.starts_at, event.ends_at = timezone.now() - timedelta(days=2), timezone.now() - timedelta(days=1)
        event.save()
    elif closed == "outcome":
        other = OrganisationFactory()
        a, b = _join(zone, scene.investor, scene.partner), _join(zone, other, MembershipFactory(organisation=other).user)
        Meeting.objects.create(programme=programme, a=a, b=b, slot=programme.slots.first(), table=1, outcome="held")
    else:
        event.status = "draft"
        event.save()
    with pytest.raises((ValidationError, PermissionDenied)):
        domain.request_meeting(actor=scene.partner, need=zone["need"], investor=scene.investor, message="Hi", programme=programme)
    assert not FinancingMeetingRequest.objects.exists() and not EventMeetingRequest.objects.exists()
    # the page's form offers it no more; the API refuses its id with the same 400 as for an unknown event
    page = _client(scene.partner).get(f"/en/financing/needs/{zone['need'].pk}/").content.decode()
    assert "Wuxi IC investment day" not in page
    response = _client(scene.partner).post(
        f"/api/v1/funding-needs/{zone['need'].pk}/meeting-requests",
        json.dumps({"investor": scene.investor.slug, "message": "Hi", "event": event.pk}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and response.json()["error"]["fields"][0]["field"] == "event"
    assert not FinancingMeetingRequest.objects.exists()


def test_the_api_brings_a_request_into_the_zone_and_reports_its_status(scene, zone):
    client = _client(scene.partner)
    url = f"/api/v1/funding-needs/{zone['need'].pk}/meeting-requests"
    body = {"investor": scene.investor.slug, "message": "At the investment day?", "event": zone["event"].pk}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    answer = response.json()
    assert (answer["event"], answer["zone_status"]) == (zone["event"].pk, "requested")
    assert EventMeetingRequest.objects.get().from_organisation == scene.investor
    for unknown, language, words in ((999999, "en", "take requests"), (999999, "zh-hans", "一对一洽谈")):
        response = _client(scene.partner).post(
            url, json.dumps(body | {"event": unknown}), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 400 and words in response.json()["error"]["fields"][0]["message"]
    standalone = _client(MembershipFactory(organisation=scene.other_investor, role="admin").user).post(
        url, json.dumps({"investor": scene.other_investor.slug, "message": "Hello"}), content_type="application/json"
    )
    assert standalone.status_code == 201 and (standalone.json()["event"], standalone.json()["zone_status"]) == (None, None)


def test_the_page_sends_the_request_into_the_zone(scene, zone):
    client = _client(scene.partner)
    page = client.get(f"/en/financing/needs/{zone['need'].pk}/").content.decode()
    assert "Wuxi IC investment day" in page and 'name="programme"' in page
    response = client.post(
        f"/en/financing/needs/{zone['need'].pk}/meet/",
        {"investor": scene.investor.pk, "message": "Investment day?", "programme": zone["programme"].pk},
    )
    meeting = FinancingMeetingRequest.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/conversations/{meeting.thread_id}/")
    assert meeting.event_request.event == zone["event"]
    # a forged programme id (an event's programme it may not bring requests into) is refused, nothing stored
    other = ProgrammeFactory(event=EventFactory(status="draft"))
    client = _client(MembershipFactory(organisation=scene.other_investor, role="admin").user)
    response = client.post(
        f"/en/financing/needs/{zone['need'].pk}/meet/",
        {"investor": scene.other_investor.pk, "message": "x", "programme": other.pk},
    )
    assert response.status_code == 302 and FinancingMeetingRequest.objects.count() == 1


def test_only_a_verified_investors_member_asks_and_only_for_their_own_organisation(scene, zone):
    with pytest.raises(PermissionDenied):
        domain.request_meeting(
            actor=scene.unverified_partner, need=zone["need"], investor=scene.unverified_investor, message="x", programme=zone["programme"]
        )
    with pytest.raises(PermissionDenied):  # a member of another investor cannot ask in Shanghai VC's name
        domain.request_meeting(actor=scene.partner, need=zone["need"], investor=scene.other_investor, message="x", programme=zone["programme"])
    assert not EventMeetingRequest.objects.exists() and not FinancingMeetingRequest.objects.exists()


def test_the_needs_district_operators_see_every_request_and_others_see_only_their_own(scene, zone):
    """The operators who may read the need (its city's) see who asked to meet, as platform operators do; another
    city's operator does not read the need at all, and another investor sees only its own requests."""
    from innobelt.financing.queries import meeting_requests_for

    meeting = domain.request_meeting(actor=scene.partner, need=zone["need"], investor=scene.investor, message="Coffee in Wuxi?")
    assert [r.pk for r in meeting_requests_for(scene.operator, zone["need"])] == [meeting.pk]
    page = _client(scene.operator).get(f"/en/financing/needs/{zone['need'].pk}/")
    assert page.status_code == 200 and scene.investor.name_en in page.content.decode()
    elsewhere = UserFactory(operator_for=[scene.shanghai])
    assert meeting_requests_for(elsewhere, zone["need"]) == []
    assert _client(elsewhere).get(f"/en/financing/needs/{zone['need'].pk}/").status_code == 404
    other_investor = MembershipFactory(organisation=scene.other_investor).user
    assert meeting_requests_for(other_investor, zone["need"]) == []
