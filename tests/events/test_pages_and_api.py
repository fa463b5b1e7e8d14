"""Through HTTP: registering and the waiting list by page and API, errors in one shape, and id-guessing."""

import pytest
from django.test import Client

from innobelt.events.models import Registration
from tests.events.conftest import person
from tests.factories import EventFactory, QuestionFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_register_by_page_lands_on_the_ticket_with_the_qr_code(scene):
    question = QuestionFactory(event=scene.event, label_en="Position", required=True)
    someone = person()
    client = client_for(someone)
    page = client.get(f"/en/events/{scene.event.pk}/register/")
    assert f'name="question_{question.pk}"' in page.content.decode()
    response = client.post(f"/en/events/{scene.event.pk}/register/", {"organisation": "", f"question_{question.pk}": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    response = client.post(f"/en/events/{scene.event.pk}/register/",
                           {"organisation": someone.memberships.get().organisation_id, f"question_{question.pk}": "CTO"}, follow=True)
    registration = Registration.objects.get(user=someone)
    assert response.redirect_chain[-1][0] == f"/en/events/registrations/{registration.pk}/"
    page = response.content.decode()
    assert f'src="/en/events/registrations/{registration.pk}/qr.svg"' in page and registration.code in page
    response = client.get(f"/en/events/{scene.event.pk}/register/", follow=True)  # again: sent to the ticket, nothing new
    assert [str(m) for m in response.context["messages"]][-1] == "You are already registered for this event (registered)."
    assert Registration.objects.filter(user=someone).count() == 1


def test_register_by_api_full_event_waitlist_and_promotion(scene):
    scene.event.capacity = 1
    scene.event.save()
    first, second = person(), person()
    url = f"/api/v1/events/{scene.event.pk}/registrations"
    one = client_for(first).post(url, {}, content_type="application/json")
    two = client_for(second).post(url, {}, content_type="application/json")
    assert (one.status_code, one.json()["status"], two.status_code, two.json()["status"], two.json()["waitlist_position"]) == (
        201, "confirmed", 201, "waitlisted", 1)
    again = client_for(second).post(url, {}, content_type="application/json")
    assert (again.status_code, again.json()["error"]["code"], again.json()["error"]["message"]) == (
        400, "rejected", "You are already registered for this event (on the waiting list).")
    cancelled = client_for(first).post(f"/api/v1/event-registrations/{one.json()['id']}/cancel")
    assert cancelled.json()["status"] == "cancelled"
    mine = client_for(second).get(f"/api/v1/event-registrations/{two.json()['id']}").json()
    assert (mine["status"], mine["waitlist_position"], mine["qr_url"]) == ("confirmed", None, f"/en/events/registrations/{two.json()['id']}/qr.svg")


def test_check_in_by_api_twice_is_a_409_that_says_when(scene):
    registration = RegistrationFactory(event=scene.event, code="QWERTY")
    client = client_for(scene.staff)
    url = f"/api/v1/events/{scene.event.pk}/check-ins"
    first = client.post(url, {"code": "qwerty"}, content_type="application/json")
    assert (first.status_code, first.json()["checked_in_at"] is not None) == (200, True)
    second = client.post(url, {"code": "QWERTY"}, content_type="application/json")
    body = second.json()["error"]
    assert (second.status_code, body["code"], body["details"]["registration"]) == (409, "conflict", registration.pk)
    assert body["message"].startswith(f"{registration.user} was already checked in at ")
    from innobelt.events.tickets import check_in_token

    other_event = EventFactory(organiser=scene.organiser)
    foreign = RegistrationFactory(event=other_event)
    assert client.post(url, {"token": check_in_token(foreign)}, content_type="application/json").status_code == 404
    assert client.post(url, {"token": "made:up:token"}, content_type="application/json").status_code == 404


def test_api_answers_questions_by_option_position(scene):
    choice = QuestionFactory(event=scene.event, kind="choice", options=[{"zh": "是", "en": "Yes"}, {"zh": "否", "en": "No"}], required=True)
    client = client_for(person())
    url = f"/api/v1/events/{scene.event.pk}/registrations"
    missing = client.post(url, {}, content_type="application/json")
    assert (missing.status_code, missing.json()["error"]["fields"]) == (
        400, [{"field": f"question_{choice.pk}", "message": "Please answer this question."}])
    done = client.post(url, {"answers": [{"question": choice.pk, "option": 1}]}, content_type="application/json")
    assert done.json()["answers"] == [{"question": choice.pk, "label": choice.label_en, "answer": "No"}]  # Accept-Language: en


def test_another_organisers_draft_is_not_found_by_page_or_api_and_nothing_leaks(scene):
    draft = EventFactory(status="draft", published_at=None, title_en="Secret launch of a rival")
    session = SessionFactory(event=draft)
    outsider = client_for(scene.admin)  # organises events, but not this one
    for url in (f"/en/events/{draft.pk}/", f"/en/events/{draft.pk}/edit/", f"/en/events/{draft.pk}/programme/",
                f"/en/events/{draft.pk}/registrations/", f"/en/events/{draft.pk}/check-in/", f"/en/events/{draft.pk}/calendar.ics",
                f"/en/events/sessions/{session.pk}/calendar.ics", f"/en/events/{draft.pk}/register/",
                f"/api/v1/events/{draft.pk}", f"/api/v1/events/{draft.pk}/registrations", f"/api/v1/events/{draft.pk}/attendance"):
        response = outsider.get(url)
        assert response.status_code == 404, url
        assert b"Secret launch" not in response.content, url
    assert outsider.post(f"/en/events/{draft.pk}/publish/").status_code == 404
    assert outsider.post(f"/api/v1/events/{draft.pk}/registrations", {}, content_type="application/json").status_code == 404
    assert outsider.patch(f"/api/v1/events/{draft.pk}", {"title_en": "Mine now"}, content_type="application/json").status_code == 404
    listing = outsider.get("/en/events/").content + outsider.get("/api/v1/events").content + outsider.get("/en/events/manage/").content
    assert b"Secret launch" not in listing
    draft.refresh_from_db()
    assert (draft.status, draft.title_en, draft.registrations.count()) == ("draft", "Secret launch of a rival", 0)


def test_someone_elses_registration_is_not_found_by_page_or_api(scene):
    registration = RegistrationFactory(event=scene.event)
    snoop = client_for(person())
    for url in (f"/en/events/registrations/{registration.pk}/", f"/en/events/registrations/{registration.pk}/qr.svg",
                f"/api/v1/event-registrations/{registration.pk}"):
        response = snoop.get(url)
        assert response.status_code == 404, url
        assert registration.code.encode() not in response.content and registration.user.email.encode() not in response.content
    for url in (f"/en/events/registrations/{registration.pk}/cancel/", f"/api/v1/event-registrations/{registration.pk}/cancel",
                f"/api/v1/event-registrations/{registration.pk}/approve"):
        assert snoop.post(url).status_code == 404, url
    assert registration.user.email.encode() not in snoop.get("/api/v1/event-registrations").content
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_creating_an_event_through_the_pages_then_publishing(scene):
    client = client_for(scene.admin)
    response = client.post("/en/events/new/", {
        "organiser": scene.organiser.pk, "city": "", "kind": "summit", "title_zh": "产业峰会", "title_en": "Industry summit",
        "description": "", "description_language": "zh", "venue_zh": "", "venue_en": "", "address": "", "mode": "hybrid",
        "online_url": "", "starts_at": "2030-05-01T09:00", "ends_at": "2030-05-01T17:00", "registration_closes_at": "", "capacity": "120",
    })
    assert "An online or hybrid event needs its online link." in response.content.decode()
    response = client.post("/en/events/new/", {
        "organiser": scene.organiser.pk, "kind": "summit", "title_zh": "产业峰会", "title_en": "Industry summit",
        "description_language": "zh", "mode": "hybrid", "online_url": "https://meeting.example.com/summit",
        "starts_at": "2030-05-01T09:00", "ends_at": "2030-05-01T17:00", "capacity": "120",
    })
    event = scene.organiser.organised_events.get(kind="summit")
    assert response["Location"] == f"/en/events/{event.pk}/programme/"
    assert (event.status, event.city, event.capacity) == ("draft", scene.city, 120)
    client.post(f"/en/events/{event.pk}/programme/", {"part": "room", "room-name_en": "Main hall", "room-capacity": "200"})
    client.post(f"/en/events/{event.pk}/programme/", {"part": "question", "question-label_en": "Diet", "question-kind": "choice",
                                                      "question-options_text": "素食 | Vegetarian\n不限 | Anything"})
    room = event.rooms.get()
    client.post(f"/en/events/{event.pk}/programme/", {"part": "session", "session-title_en": "Opening", "session-room": room.pk,
                                                      "session-starts_at": "2030-05-01T09:00", "session-ends_at": "2030-05-01T09:30",
                                                      "session-description_language": "en"})
    assert [(s.title_en, s.room) for s in event.sessions.all()] == [("Opening", room)]
    assert event.questions.get().options == [{"zh": "素食", "en": "Vegetarian"}, {"zh": "不限", "en": "Anything"}]
    client.post(f"/en/events/{event.pk}/publish/")
    event.refresh_from_db()
    assert event.status == "published"


def test_an_org_admin_cannot_organise_for_another_organisation_by_api(scene):
    other = EventFactory().organiser
    response = client_for(scene.admin).post("/api/v1/events", {
        "organiser": other.slug, "kind": "forum", "title_en": "Hijack", "starts_at": "2030-01-01T09:00:00", "ends_at": "2030-01-01T10:00:00",
    }, content_type="application/json")
    assert response.status_code == 403
    assert not other.organised_events.filter(title_en="Hijack").exists()


@pytest.mark.parametrize(("starts_at", "message"), [
    ("1999-12-31T09:00:00+08:00", "Value error, give a date between 2000-01-01 and 2100-12-31"),
    (1893456000, "Value error, give a date and time such as 2026-12-01T09:00:00+08:00"),  # no Unix timestamps
])
def test_an_event_outside_2000_to_2100_or_as_a_number_is_refused_on_its_field(scene, starts_at, message):
    response = client_for(scene.admin).post("/api/v1/events", {
        "organiser": scene.event.organiser.slug, "kind": "forum", "title_en": "Far off", "starts_at": starts_at,
        "ends_at": "2030-01-01T10:00:00",
    }, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["error"]["fields"] == [{"field": "starts_at", "message": message}]
    assert not scene.event.organiser.organised_events.filter(title_en="Far off").exists()
