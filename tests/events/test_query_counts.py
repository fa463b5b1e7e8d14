"""No events list page or list endpoint does a query per row (N+1): fetched with a few rows and with
many more, the number of queries must not grow."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from innobelt.events.models import Answer, EventMeetingRequest, PitchRating
from innobelt.organisations.models import Organisation
from tests.events.conftest import at
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    PitchFactory,
    QuestionFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    viewer = UserFactory(is_platform_operator=True)
    investor = OrganisationFactory(kind=Organisation.Kind.INVESTOR)
    MembershipFactory(user=viewer, organisation=investor)
    roadshow = EventFactory(kind="roadshow", starts_at=at(5, 9), ends_at=at(5, 18), capacity=1000)
    questions = [QuestionFactory(event=roadshow), QuestionFactory(event=roadshow, kind="choice", options=[{"zh": "是", "en": "Yes"}])]
    rated = PitchFactory(event=roadshow, status="selected")
    return {"viewer": viewer, "investor": investor, "event": roadshow, "questions": questions, "rated": rated}


def add_rows(n, s):
    event = s["event"]
    for i in range(n):
        org = OrganisationFactory(kind=[Organisation.Kind.SME, Organisation.Kind.STARTUP, Organisation.Kind.LARGE_FIRM][i % 3])
        other = EventFactory(organiser=org, city=event.city)
        RegistrationFactory(event=other, user=s["viewer"], organisation=s["investor"])
        registration = RegistrationFactory(event=event, organisation=org, checked_in_at=timezone.now())
        Answer.objects.create(registration=registration, question=s["questions"][0], value="text")
        Answer.objects.create(registration=registration, question=s["questions"][1], value="是", option=0)
        room, speaker = RoomFactory(event=event), SpeakerFactory(event=event)
        SessionFactory(event=event, room=room).speakers.set([speaker, SpeakerFactory(event=event)])
        pitch = PitchFactory(event=event, status="selected")
        rating = PitchRating.objects.create(pitch=pitch, organisation=s["investor"], rated_by=s["viewer"], score=3)
        EventMeetingRequest.objects.create(event=event, from_organisation=s["investor"], to_organisation=pitch.organisation, rating=rating)
        rater = MembershipFactory(organisation=OrganisationFactory(kind=Organisation.Kind.INVESTOR)).user
        PitchRating.objects.create(pitch=s["rated"], organisation=rater.memberships.get().organisation, rated_by=rater, score=4)


LISTS = [
    "/events/", "/en/events/?kind=roadshow", "/events/manage/", "/events/mine/", "/events/meeting-requests/", "/events/{event}/",
    "/events/{event}/programme/", "/events/{event}/registrations/", "/events/{event}/check-in/", "/events/{event}/pitches/",
    "/events/pitches/{rated}/", "/events/{event}/registrations/export.csv", "/en/events/{event}/registrations/export.xlsx",
    "/events/{event}/registrations/message/", "/events/{event}/registrations/badges/",
    "/api/v1/events", "/api/v1/events/{event}", "/api/v1/events/{event}/registrations", "/api/v1/events/{event}/attendance",
    "/api/v1/event-registrations", "/api/v1/events/{event}/pitches", "/api/v1/event-pitches/{rated}", "/api/v1/event-meeting-requests",
]


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", LISTS)
def test_events_lists_do_not_query_per_row(url, setting):
    client = Client()
    client.force_login(setting["viewer"])
    url = url.format(event=setting["event"].pk, rated=setting["rated"].pk)
    add_rows(2, setting)
    few = count(client, url)
    add_rows(6, setting)
    many = count(client, url)
    assert many == few, f"{url}: {few} queries with 2 rows, {many} with 8"
