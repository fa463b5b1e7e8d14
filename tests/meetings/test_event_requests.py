"""Roadshow meeting requests (after a pitch rating) feed the 1:1 scheduler: taken in as
MeetingRequests (idempotently, "must meet" after a high rating), placed by a run, then marked
scheduled; requests whose organisations have nobody in the programme wait, and say so."""

from datetime import timedelta

import pytest
from django.test import Client

from innobelt.events import domain as events_domain
from innobelt.events.models import EventMeetingRequest
from innobelt.meetings import domain
from innobelt.meetings.models import Meeting, MeetingRequest
from innobelt.organisations.models import Organisation
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    PitchFactory,
    ProgrammeFactory,
    RegistrationFactory,
    SlotFactory,
)
from tests.meetings.helpers import admin_of, want

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadshow():
    event = EventFactory(kind="roadshow", organiser=OrganisationFactory())
    programme = ProgrammeFactory(event=event)
    for i in range(2):
        SlotFactory(programme=programme, starts_at=event.starts_at + timedelta(minutes=20 * i), tables=2)
    startup = OrganisationFactory(kind=Organisation.Kind.STARTUP)
    pitch = PitchFactory(event=event, organisation=startup, status="selected")
    investor = OrganisationFactory(kind=Organisation.Kind.INVESTOR)
    rater = MembershipFactory(organisation=investor).user
    return {"event": event, "programme": programme, "startup": startup, "pitch": pitch, "investor": investor, "rater": rater,
            "organiser": admin_of(event.organiser)}


def ask(s, score: int = 5) -> EventMeetingRequest:
    rating = events_domain.rate_pitch(actor=s["rater"], pitch=s["pitch"], score=score)
    return events_domain.request_meeting_from_rating(actor=s["rater"], rating=rating, note="Coffee?")


def join(s, organisation, user=None):
    registration = RegistrationFactory(event=s["event"], organisation=organisation,
                                       **({"user": user} if user is not None else {}))
    return ParticipantFactory(programme=s["programme"], registration=registration)


def run(s, capture):
    with capture(execute=True):
        found = domain.request_schedule_run(actor=s["organiser"], programme=s["programme"])
    found.refresh_from_db()
    assert found.status == "done", found.error
    return found


def test_a_rating_becomes_a_scheduled_meeting_once(roadshow, django_capture_on_commit_callbacks):
    s = roadshow
    colleague = join(s, s["investor"])  # registered first, but did not ask
    asker = join(s, s["investor"], user=s["rater"])
    founder = join(s, s["startup"])
    request = ask(s, score=5)

    run(s, django_capture_on_commit_callbacks)
    taken = MeetingRequest.objects.get(event_request=request)
    assert (taken.requester, taken.target, taken.priority) == (asker, founder, "must")
    meetings = list(Meeting.objects.filter(programme=s["programme"], status="scheduled"))
    assert [{m.a_id, m.b_id} for m in meetings] == [{asker.pk, founder.pk}]
    assert colleague.pk not in {m.a_id for m in meetings} | {m.b_id for m in meetings}
    request.refresh_from_db()
    assert request.status == EventMeetingRequest.Status.SCHEDULED

    run(s, django_capture_on_commit_callbacks)  # again: nothing new
    assert MeetingRequest.objects.filter(programme=s["programme"]).count() == 1
    assert Meeting.objects.filter(programme=s["programme"], status="scheduled").count() == 1


def test_taking_in_twice_creates_nothing_more_and_a_low_rating_is_would_like(roadshow):
    s = roadshow
    asker, founder = join(s, s["investor"], user=s["rater"]), join(s, s["startup"])
    request = ask(s, score=3)
    first = domain.take_in_event_requests(s["programme"], actor=s["organiser"])
    second = domain.take_in_event_requests(s["programme"], actor=s["organiser"])
    assert (first.created, second.created, second.linked) == (1, 0, 0)
    assert list(MeetingRequest.objects.values_list("requester", "target", "priority", "event_request")) == [
        (asker.pk, founder.pk, "like", request.pk)]


def test_an_existing_request_of_the_pair_is_linked_and_raised_never_duplicated(roadshow):
    s = roadshow
    asker, founder = join(s, s["investor"], user=s["rater"]), join(s, s["startup"])
    mine = want(asker, founder, "like")
    request = ask(s, score=4)
    assert domain.take_in_event_requests(s["programme"]).linked == 1
    mine.refresh_from_db()
    assert (mine.priority, mine.event_request) == ("must", request)
    assert MeetingRequest.objects.count() == 1


def test_the_startups_no_thanks_declines_the_request(roadshow):
    s = roadshow
    asker, founder = join(s, s["investor"], user=s["rater"]), join(s, s["startup"])
    want(founder, asker, "no")
    request = ask(s)
    assert domain.take_in_event_requests(s["programme"]).declined == 1
    request.refresh_from_db()
    assert request.status == EventMeetingRequest.Status.DECLINED
    assert not MeetingRequest.objects.filter(requester=asker).exists()


def test_a_request_waits_for_the_startup_and_the_organiser_is_told_on_the_page(roadshow, django_capture_on_commit_callbacks):
    s = roadshow
    s["startup"].name_en = "Waiting Startup Ltd"
    s["startup"].save()
    join(s, s["investor"], user=s["rater"])
    request = ask(s)
    client = Client()
    client.force_login(s["organiser"])
    page = client.get(f"/en/meetings/{s['event'].pk}/manage/").content.decode()
    assert "waiting for Waiting Startup Ltd to join the 1:1 programme" in page
    assert not MeetingRequest.objects.exists()  # a GET writes nothing

    run(s, django_capture_on_commit_callbacks)
    request.refresh_from_db()
    assert request.status == EventMeetingRequest.Status.REQUESTED

    founder = join(s, s["startup"])
    response = client.post(f"/en/meetings/{s['event'].pk}/event-requests/")
    assert response.status_code == 302
    assert MeetingRequest.objects.get().target == founder
    page = client.get(f"/en/meetings/{s['event'].pk}/manage/").content.decode()
    assert "taken in: must meet" in page


def test_only_the_organiser_takes_in(roadshow):
    s = roadshow
    join(s, s["investor"], user=s["rater"])
    join(s, s["startup"])
    ask(s)
    client = Client()
    client.force_login(s["rater"])
    assert client.post(f"/en/meetings/{s['event'].pk}/event-requests/").status_code == 404
    assert not MeetingRequest.objects.exists()


def test_the_api_takes_in_and_counts(roadshow):
    from innobelt.accounts.domain import create_api_token

    s = roadshow
    join(s, s["investor"], user=s["rater"])
    ask(s)  # the startup has nobody in the programme yet
    url = f"/api/v1/meeting-programmes/{s['event'].pk}/event-requests"
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user=s['organiser'], name='t')[1]}"}
    assert Client().post(url, **bearer).json() == {"created": 0, "linked": 0, "declined": 0, "waiting": 1}
    join(s, s["startup"])
    assert Client().post(url, **bearer).json() == {"created": 1, "linked": 0, "declined": 0, "waiting": 0}
    assert Client().post(url, **bearer).json() == {"created": 0, "linked": 0, "declined": 0, "waiting": 0}
    rater = {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user=s['rater'], name='t')[1]}"}
    assert Client().post(url, **rater).status_code == 404
    assert MeetingRequest.objects.count() == 1
