"""Issue 19, 1:1 meetings: when the organiser chooses "requests need acceptance", the person asked
accepts or declines each request before the scheduler runs; only accepted (or mutual) requests are
scheduled, declined ones never. With the default (wishes) nothing changes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from innobelt.meetings import domain
from innobelt.meetings.domain.scheduling import build_instance
from innobelt.meetings.models import Meeting, MeetingRequest
from innobelt.notifications.models import Notification
from tests.meetings.helpers import admin_of, programme_with, user_of, want

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pairs(programme):
    instance, _keep = build_instance(programme)
    return {(r["a"], r["b"]): r["weight"] for r in instance["requests"]}


def test_the_organiser_turns_acceptance_on_by_page_and_api():
    programme, _slots, _people = programme_with()
    organiser = admin_of(programme.event.organiser)
    client = client_of(organiser)
    page = client.get(f"/en/meetings/{programme.event_id}/manage/").content.decode()
    assert 'name="requests_need_acceptance"' in page and "acceptance" in page
    response = client.put(f"/api/v1/meeting-programmes/{programme.event_id}", {"requests_need_acceptance": True},
                          content_type="application/json")
    assert response.status_code == 200 and response.json()["requests_need_acceptance"] is True
    programme.refresh_from_db()
    assert programme.requests_need_acceptance


def test_only_accepted_or_mutual_requests_reach_the_scheduler():
    programme, _slots, (p, q, r, s) = programme_with(people=4, requests_need_acceptance=True)
    want(p, q, "must")  # accepted below
    want(p, r)  # declined below
    want(p, s)  # no answer yet
    want(q, r), want(r, q)  # mutual: no answer needed
    domain.respond_to_request(actor=user_of(q), participant=q, requester=p, accept=True)
    domain.respond_to_request(actor=user_of(r), participant=r, requester=p, accept=False)
    assert pairs(programme) == {(p.key, q.key): 2, (q.key, r.key): 3}
    programme.requests_need_acceptance = False  # as wishes, every request counts
    programme.save()
    assert set(pairs(programme)) == {(p.key, q.key), (p.key, r.key), (p.key, s.key), (q.key, r.key)}


def test_a_declined_request_is_not_scheduled_by_a_run(django_capture_on_commit_callbacks):
    programme, _slots, (p, q, r) = programme_with(slots=2, tables=2, people=3, requests_need_acceptance=True)
    want(p, q), want(p, r)
    domain.respond_to_request(actor=user_of(q), participant=q, requester=p, accept=False)
    domain.respond_to_request(actor=user_of(r), participant=r, requester=p, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        domain.request_schedule_run(actor=admin_of(programme.event.organiser), programme=programme)
    assert [(m.a_id, m.b_id) for m in Meeting.objects.filter(programme=programme, status="scheduled")] in ([(p.pk, r.pk)], [(r.pk, p.pk)])


def test_answering_is_refused_when_requests_are_wishes_or_nobody_asked():
    programme, _slots, (p, q, r, _s) = programme_with()
    want(p, q)
    with pytest.raises(ValidationError):
        domain.respond_to_request(actor=user_of(q), participant=q, requester=p, accept=True)  # wishes: nothing to answer
    programme.requests_need_acceptance = True
    programme.save()
    q.refresh_from_db()
    with pytest.raises(ValidationError):
        domain.respond_to_request(actor=user_of(r), participant=r, requester=p, accept=True)  # p did not ask r
    with pytest.raises(PermissionDenied):
        domain.respond_to_request(actor=user_of(r), participant=q, requester=p, accept=True)  # not r's to answer


def test_the_requester_is_told_and_a_new_wish_after_no_thanks_asks_again():
    programme, _slots, (p, q, _r, _s) = programme_with(requests_need_acceptance=True)
    want(p, q)
    domain.respond_to_request(actor=user_of(q), participant=q, requester=p, accept=False)
    told = Notification.objects.get(recipient=user_of(p), kind="meetings.request_declined")
    assert told.link == f"/meetings/{programme.event_id}/people/"
    domain.set_meeting_request(actor=user_of(p), requester=p, target=q, priority="no")
    domain.set_meeting_request(actor=user_of(p), requester=p, target=q, priority="must")
    assert MeetingRequest.objects.get(requester=p, target=q).response == ""


def test_the_people_page_offers_accept_and_decline_in_both_languages():
    programme, _slots, (p, q, _r, _s) = programme_with(requests_need_acceptance=True)
    want(p, q)
    client = client_of(user_of(q))
    for prefix, accept, note in (("/en", ">Accept<", "only accepted (or mutual) requests get a meeting"), ("", ">接受<", "接受或拒绝")):
        page = client.get(f"{prefix}/meetings/{programme.event_id}/people/").content.decode()
        answer = page[page.index(f'id="answer-{p.pk}"'):]
        assert accept in answer and 'value="decline"' in answer and note in page
    response = client.post(f"/en/meetings/{programme.event_id}/people/{p.pk}/respond/", {"answer": "accept"}, follow=True)
    assert "You accepted the request of" in response.content.decode()
    assert MeetingRequest.objects.get(requester=p, target=q).response == "accepted"
    requester_page = client_of(user_of(p)).get(f"/en/meetings/{programme.event_id}/people/").content.decode()
    assert "they accepted your request" in requester_page


def test_the_api_lists_and_answers_requests_received():
    programme, _slots, (p, q, r, _s) = programme_with(requests_need_acceptance=True)
    want(p, q, "must"), want(r, q, "no")
    client = client_of(user_of(q))
    base = f"/api/v1/meeting-programmes/{programme.event_id}/requests-received"
    assert client.get(base).json() == [{"requester": p.pk, "priority": "must", "response": ""}]
    response = client.put(f"{base}/{p.pk}", {"accept": False}, content_type="application/json")
    assert response.json() == {"requester": p.pk, "priority": "must", "response": "declined"}
    assert client.put(f"{base}/{r.pk}", {"accept": True}, content_type="application/json").status_code == 400  # a "no thanks" is no request


def test_an_answer_that_is_neither_accept_nor_decline_changes_nothing():
    programme, _slots, (p, q, _r, _s) = programme_with(requests_need_acceptance=True)
    want(p, q)
    client = client_of(user_of(q))
    for answer in ({}, {"answer": "acept"}):
        client.post(f"/en/meetings/{programme.event_id}/people/{p.pk}/respond/", answer)
        assert MeetingRequest.objects.get(requester=p, target=q).response == ""


def test_a_placed_meeting_is_cancelled_on_the_agenda_not_declined():
    """Once the scheduler placed the pair, answering again is refused: a decline would leave the meeting on
    both agendas while the requester reads "declined" (one state everywhere, issue 19)."""
    from tests.factories import MeetingFactory

    programme, slots, (p, q, _r) = programme_with(slots=2, tables=2, people=3, requests_need_acceptance=True)
    want(p, q)
    domain.respond_to_request(actor=user_of(q), participant=q, requester=p, accept=True)
    meeting = MeetingFactory(programme=programme, a=q, b=p, slot=slots[0], table=1)
    with pytest.raises(ValidationError, match="cancel it on your agenda|日程中取消"):
        domain.respond_to_request(actor=user_of(q), participant=q, requester=p, accept=False)
    assert MeetingRequest.objects.get(requester=p, target=q).response == "accepted"
    client = Client()
    client.force_login(user_of(q))
    client.post(f"/en/meetings/{programme.event_id}/people/{p.pk}/respond/", {"answer": "decline"})
    assert MeetingRequest.objects.get(requester=p, target=q).response == "accepted"
    domain.cancel_meeting(actor=user_of(q), meeting=meeting)  # cancelled: the answer may change again
    domain.respond_to_request(actor=user_of(q), participant=q, requester=p, accept=False)
    assert MeetingRequest.objects.get(requester=p, target=q).response == "declined"
