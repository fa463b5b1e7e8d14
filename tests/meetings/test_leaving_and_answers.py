"""Review gaps: someone who left sees nothing live and none of their partners' profiles, in the feed, the
agenda page and the API (one lookup for page and API); an answer to a request is final once the meeting of the
two is on the schedule, and a request declined while the scheduler solved gets no meeting from that run."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from icalendar import Calendar

from innobelt.events import domain as events_domain
from innobelt.meetings import domain, queries
from innobelt.meetings.domain.scheduling import _store, build_instance
from innobelt.meetings.models import Meeting, MeetingRequest, ScheduleRun
from innobelt.meetings.scheduling import schedule_meetings
from innobelt.meetings.scheduling.instance import Meeting as Placed
from tests.factories import MeetingFactory
from tests.meetings.helpers import admin_of, programme_with, user_of, want

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def left():
    """p met q (the meeting took place: an outcome keeps it scheduled) and was to meet r; then p left."""
    programme, slots, (p, q, r, _s) = programme_with(slots=2, tables=2, people=4)
    for partner in (q, r):
        partner.offers, partner.seeks = f"SECRET-OFFER-{partner.pk}", f"SECRET-NEED-{partner.pk}"
        partner.save()
    held = MeetingFactory(programme=programme, slot=slots[0], a=p, b=q, table=1, outcome="held")
    coming = MeetingFactory(programme=programme, slot=slots[1], a=r, b=p, table=1)
    events_domain.cancel_registration(actor=user_of(p), registration=p.registration)
    held.refresh_from_db()
    assert held.status == "scheduled"  # kept for the organiser's figures: live in the database
    return programme, (p, q, r), (held, coming)


def test_the_feed_of_someone_who_left_shows_only_cancellations_and_no_partner_profile(left):
    _programme, (p, q, r), (held, coming) = left
    body = Client().get(f"/meetings/calendar/{p.calendar_token}.ics").content
    entries = {str(e["UID"]): (str(e["STATUS"]), int(e["SEQUENCE"])) for e in Calendar.from_ical(body).walk("VEVENT")}
    assert entries == {f"meeting-{held.pk}@innobelt": ("CANCELLED", 1), f"meeting-{coming.pk}@innobelt": ("CANCELLED", 1)}
    text = body.decode()
    assert "SECRET-OFFER" not in text and "SECRET-NEED" not in text
    q_feed = Client().get(f"/meetings/calendar/{q.calendar_token}.ics").content  # who stays keeps the full feed
    assert f"SECRET-OFFER-{p.pk}" not in q_feed.decode()
    assert [str(e["STATUS"]) for e in Calendar.from_ical(q_feed).walk("VEVENT")] == ["CONFIRMED"]


def test_the_agenda_page_and_api_of_someone_who_left_show_no_partner_profile(left):
    programme, (p, _q, _r), (held, coming) = left
    client = client_of(user_of(p))
    page = client.get(f"/en/meetings/{programme.event_id}/agenda/").content.decode()
    assert 'id="agenda-former"' in page and "SECRET-OFFER" not in page and "SECRET-NEED" not in page
    rows = client.get(f"/api/v1/meeting-programmes/{programme.event_id}/agenda").json()
    assert {m["id"] for m in rows} == {held.pk, coming.pk}
    assert "SECRET-OFFER" not in str(rows) and "SECRET-NEED" not in str(rows)


def test_one_lookup_finds_the_participant_or_the_former_one_for_page_and_api(left):
    programme, (p, q, _r), _meetings = left
    assert queries.participant_or_former_or_404(user_of(p), programme.event_id) == (p, True)
    assert queries.participant_or_former_or_404(user_of(q), programme.event_id) == (q, False)
    with pytest.raises(queries.Http404):
        queries.participant_or_former_or_404(admin_of(programme.event.organiser), programme.event_id)


def test_an_answer_cannot_change_once_the_meeting_is_on_the_schedule():
    programme, slots, (p, q, _r, _s) = programme_with(slots=2, tables=2, requests_need_acceptance=True)
    want(p, q)
    domain.respond_to_request(actor=user_of(q), participant=q, requester=p, accept=True)
    MeetingFactory(programme=programme, slot=slots[0], a=p, b=q, table=1)  # placed by the scheduler
    for accept in (False, True):
        with translation.override("en"), pytest.raises(ValidationError, match="already on the schedule"):
            domain.respond_to_request(actor=user_of(q), participant=q, requester=p, accept=accept)
    request = MeetingRequest.objects.get(requester=p, target=q)
    assert request.response == "accepted"
    client = client_of(user_of(q))
    page = client.get(f"/en/meetings/{programme.event_id}/people/").content.decode()
    answer = page[page.index(f'id="answer-{p.pk}"'):]
    answer = answer[:answer.index("</div>")]
    assert "the answer is final" in answer and "/respond/" not in answer  # no buttons to press
    assert "答复不能再更改" in client.get(f"/meetings/{programme.event_id}/people/").content.decode()
    for prefix, expected in (("/en", "already on the schedule"), ("", "已排入日程")):
        page = client.post(f"{prefix}/meetings/{programme.event_id}/people/{p.pk}/respond/", {"answer": "decline"},
                           follow=True).content.decode()
        assert expected in page
    api = client.put(f"/api/v1/meeting-programmes/{programme.event_id}/requests-received/{p.pk}", {"accept": False},
                     content_type="application/json")
    assert api.status_code == 400 and api.json()["error"]["code"]
    assert MeetingRequest.objects.get(pk=request.pk).responded_at == request.responded_at  # nothing changed


def test_a_request_declined_while_the_scheduler_solved_gets_no_meeting_from_that_run():
    programme, _slots, (p, q, _r) = programme_with(slots=2, tables=2, people=3, requests_need_acceptance=True)
    want(p, q)
    domain.respond_to_request(actor=user_of(q), participant=q, requester=p, accept=True)
    run = ScheduleRun.objects.create(programme=programme, requested_by=admin_of(programme.event.organiser),
                                     status=ScheduleRun.Status.RUNNING)
    instance, keep = build_instance(programme)
    result = schedule_meetings(instance, time_limit=5, keep=[Placed(*k) for k in keep], fairness=programme.fairness)
    assert len(result.meetings) == 1  # the solver places p × q ...
    domain.respond_to_request(actor=user_of(q), participant=q, requester=p, accept=False)  # ... q declines meanwhile
    _store(run, instance, keep, result)
    assert not Meeting.objects.filter(programme=programme).exists()
