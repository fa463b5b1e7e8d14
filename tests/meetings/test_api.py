"""The API end to end: an organiser sets up, participants write profiles and requests, the
scheduler runs as a task, both see the same meeting; errors keep the one shape."""

import pytest
from django.test import Client

from innobelt.meetings.models import Participant
from tests.factories import EventFactory, RegistrationFactory
from tests.meetings.helpers import admin_of

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_whole_flow_through_the_api(django_capture_on_commit_callbacks):
    event = EventFactory()
    organiser = client_of(admin_of(event.organiser))
    base = f"/api/v1/meeting-programmes/{event.pk}"
    response = organiser.put(base, {"meeting_minutes": 30, "default_tables": 2}, content_type="application/json")
    assert response.status_code == 200
    response = organiser.post(f"{base}/slots", {"first_start": event.starts_at.isoformat(), "count": 3}, content_type="application/json")
    assert response.status_code == 201
    slot_ids = [s["id"] for s in response.json()]
    assert len(slot_ids) == 3
    ann, bob = RegistrationFactory(event=event).user, RegistrationFactory(event=event).user
    a, b = client_of(ann), client_of(bob)
    for who in (a, b):  # taking part is an explicit POST
        assert who.post(f"{base}/join").status_code == 201
    me_a = a.patch(f"{base}/me", {"offers": "Pilot line for solid-state batteries", "unavailable": [slot_ids[0]]},
                   content_type="application/json").json()
    me_b = b.get(f"{base}/me").json()
    assert (me_a["offers"], me_a["unavailable"], me_a["calendar_url"].startswith("http://testserver/meetings/calendar/")) == (
        "Pilot line for solid-state batteries", [slot_ids[0]], True)
    assert a.put(f"{base}/requests/{me_b['id']}", {"priority": "must"}, content_type="application/json").status_code == 200
    assert b.put(f"{base}/requests/{me_a['id']}", {"priority": "like"}, content_type="application/json").status_code == 200
    assert a.get(f"{base}/requests").json() == [{"target": me_b["id"], "priority": "must"}]
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(f"{base}/runs", {}, content_type="application/json")
    assert response.status_code == 202
    run = organiser.get(f"/api/v1/meeting-runs/{response.json()['id']}").json()
    assert (run["status"], run["value"], run["bound"], run["fallback"], run["meetings_count"]) == ("done", 4, 4, False, 1)
    agenda_a, agenda_b = a.get(f"{base}/agenda").json(), b.get(f"{base}/agenda").json()
    assert agenda_a == agenda_b
    assert (agenda_a[0]["slot"] != slot_ids[0], agenda_a[0]["table"]) == (True, 1)
    assert organiser.get(f"{base}/meetings").json() == agenda_a


def test_errors_keep_the_one_shape():
    event = EventFactory()
    organiser = client_of(admin_of(event.organiser))
    base = f"/api/v1/meeting-programmes/{event.pk}"
    organiser.put(base, {}, content_type="application/json")
    response = organiser.post(f"{base}/slots", {"first_start": "2001-01-01T09:00:00+08:00"}, content_type="application/json")
    assert (response.status_code, response.json()["error"]["code"]) == (400, "rejected")
    response = organiser.put(base, {"fairness": "random"}, content_type="application/json")
    assert (response.status_code, response.json()["error"]["code"]) == (422, "invalid")
    response = organiser.post(f"{base}/runs", {}, content_type="application/json")
    assert (response.status_code, response.json()["error"]["code"]) == (400, "rejected")  # no slots yet
    response = organiser.put(base, {"surprise": 1}, content_type="application/json")
    assert response.status_code == 422
    assert Participant.objects.count() == 0
