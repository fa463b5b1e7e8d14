"""Joining the 1:1 meetings is an explicit POST: a confirmed registrant who opens participant
pages or API GET endpoints gets the join button (pages) or a 404 (API), never a participant
record; the POST makes exactly one, and doing it again makes none."""

import pytest
from django.test import Client

from innobelt.audit.models import AuditEntry
from innobelt.meetings.models import Participant
from tests.factories import RegistrationFactory
from tests.meetings.helpers import admin_of, programme_with

pytestmark = pytest.mark.django_db

PAGES = ("profile", "people", "agenda")
API_GETS = ("", "/participants", "/me", "/suggestions", "/requests", "/agenda")


@pytest.fixture
def registrant():
    programme, _slots, (other,) = programme_with(slots=1, people=1)
    registration = RegistrationFactory(event=programme.event)
    client = Client()
    client.force_login(registration.user)
    return programme, registration, client, other


def test_reads_never_enrol_and_the_join_post_does_once(registrant):
    programme, registration, client, other = registrant
    e = programme.event_id
    before = Participant.objects.count()
    for page in PAGES:
        response = client.get(f"/en/meetings/{e}/{page}/")
        assert response.status_code == 200, page
        body = response.content.decode()
        assert f'action="/en/meetings/{e}/join/"' in body and 'name="csrfmiddlewaretoken"' in body, page
        assert f'name="next" value="/en/meetings/{e}/{page}/"' in body, page
    assert client.post(f"/en/meetings/{e}/people/{other.pk}/request/", {"priority": "must"}).status_code == 200  # the join page
    for path in API_GETS:
        response = client.get(f"/api/v1/meeting-programmes/{e}{path}")
        assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found"), path
    assert client.get("/en/meetings/").status_code == 200
    assert client.get(f"/en/events/{e}/").status_code == 200
    assert Participant.objects.count() == before

    response = client.post(f"/en/meetings/{e}/join/", {"next": f"/en/meetings/{e}/agenda/"})
    assert (response.status_code, response["Location"]) == (302, f"/en/meetings/{e}/agenda/")
    assert Participant.objects.count() == before + 1
    assert Participant.objects.filter(programme=programme, registration=registration).count() == 1
    response = client.post(f"/en/meetings/{e}/join/", {"next": "https://evil.example/"})
    assert (response.status_code, response["Location"]) == (302, f"/en/meetings/{e}/profile/")
    assert Participant.objects.count() == before + 1
    assert AuditEntry.objects.filter(action="meetings.joined").count() == 1
    for page in PAGES:
        assert 'class="join-meetings"' not in client.get(f"/en/meetings/{e}/{page}/").content.decode()


def test_the_api_join_answers_201_then_200(registrant):
    programme, registration, client, _other = registrant
    base = f"/api/v1/meeting-programmes/{programme.event_id}"
    before = Participant.objects.count()
    first = client.post(f"{base}/join")
    assert first.status_code == 201
    assert Participant.objects.count() == before + 1
    second = client.post(f"{base}/join")
    assert (second.status_code, second.json()["id"]) == (200, first.json()["id"])
    assert Participant.objects.count() == before + 1
    assert client.get(f"{base}/me").json()["id"] == first.json()["id"]


def test_only_confirmed_registrants_may_join(registrant):
    programme, _registration, _client, _other = registrant
    e = programme.event_id
    before = Participant.objects.count()
    for user in (RegistrationFactory(event=programme.event, status="waitlisted").user, admin_of(programme.event.organiser)):
        client = Client()
        client.force_login(user)
        assert client.post(f"/en/meetings/{e}/join/").status_code == 404
        assert client.post(f"/api/v1/meeting-programmes/{e}/join").status_code == 404
        assert client.get(f"/en/meetings/{e}/profile/").status_code == 404
    assert Participant.objects.count() == before


def test_the_event_page_and_my_meetings_offer_the_join_button(registrant):
    programme, _registration, client, _other = registrant
    e = programme.event_id
    for url in (f"/en/events/{e}/", "/en/meetings/"):
        body = client.get(url).content.decode()
        assert f'action="/en/meetings/{e}/join/"' in body, url
        assert f'name="next" value="/en/meetings/{e}/profile/"' in body, url
    client.post(f"/en/meetings/{e}/join/")
    body = client.get(f"/en/events/{e}/").content.decode()
    assert 'id="meetings-participant-links"' in body and f'action="/en/meetings/{e}/join/"' not in body
