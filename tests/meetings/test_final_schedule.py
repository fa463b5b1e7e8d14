"""Issue 19, bug 3 on the meetings side: a past event's scheduler refuses to run (the controls are
disabled and the server refuses too); outcome dropdowns start blank and appear only once the
meeting has started (the server refuses earlier outcomes, page and API)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from innobelt.meetings import domain
from innobelt.meetings.models import ScheduleRun
from tests.factories import EventFactory, MeetingFactory, ParticipantFactory, ProgrammeFactory, SlotFactory
from tests.meetings.helpers import admin_of, programme_with, user_of

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def past():
    start = (timezone.localtime() - timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=8))
    programme = ProgrammeFactory(event=event)
    slot = SlotFactory(programme=programme, starts_at=start)
    p, q = ParticipantFactory(programme=programme), ParticipantFactory(programme=programme)
    meeting = MeetingFactory(programme=programme, slot=slot, a=p, b=q)
    return programme, meeting, admin_of(event.organiser)


def test_the_server_refuses_to_run_the_scheduler_for_a_past_event(past):
    programme, _meeting, organiser = past
    with translation.override("en"), pytest.raises(ValidationError, match="This event is over"):
        domain.request_schedule_run(actor=organiser, programme=programme)
    response = client_of(organiser).post(f"/api/v1/meeting-programmes/{programme.event_id}/runs", {"full": False},
                                         content_type="application/json", headers={"Accept-Language": "en"})
    assert response.status_code == 400 and "This event is over" in response.content.decode()
    response = client_of(organiser).post(f"/en/meetings/{programme.event_id}/runs/", follow=True)
    assert "This event is over" in response.content.decode()
    assert not ScheduleRun.objects.exists()


def test_a_past_events_scheduler_page_disables_its_controls_in_both_languages(past):
    programme, _meeting, organiser = past
    client = client_of(organiser)
    for prefix, text in (("/en", "This event is over: the schedule is final."), ("", "活动已结束")):
        page = client.get(f"{prefix}/meetings/{programme.event_id}/manage/").content.decode()
        assert 'id="schedule-final"' in page and text in page
        form = page[page.index('id="run-form"'):page.index("</form>", page.index('id="run-form"'))]
        assert "<fieldset" in form and " disabled>" in form and 'id="run-scheduler"' in form


def test_an_upcoming_events_scheduler_stays_enabled():
    programme, _slots, _people = programme_with()
    page = client_of(admin_of(programme.event.organiser)).get(f"/en/meetings/{programme.event_id}/manage/").content.decode()
    form = page[page.index('id="run-form"'):page.index("</form>", page.index('id="run-form"'))]
    assert 'id="schedule-final"' not in page and " disabled>" not in form


def test_outcome_dropdowns_start_blank_and_only_once_the_meeting_has_started(past):
    programme, meeting, organiser = past
    future_programme, slots, (p, q, _r, _s) = programme_with()
    upcoming = MeetingFactory(programme=future_programme, slot=slots[0], a=p, b=q)
    started = client_of(user_of(meeting.a)).get(f"/en/meetings/{programme.event_id}/agenda/").content.decode()
    row = started[started.index(f'id="agenda-{meeting.pk}"'):]
    select = row[row.index("<select"):row.index("</select>")]
    assert " required" in select and '<option value="" selected>— choose the outcome —</option>' in select
    assert 'value="held" selected' not in select
    grid = client_of(organiser).get(f"/en/meetings/{programme.event_id}/grid/").content.decode()
    assert '<option value="" selected>— choose the outcome —</option>' in grid
    ahead = client_of(user_of(p)).get(f"/en/meetings/{future_programme.event_id}/agenda/").content.decode()
    row = ahead[ahead.index(f'id="agenda-{upcoming.pk}"'):ahead.index("</tr>", ahead.index(f'id="agenda-{upcoming.pk}"'))]
    assert "outcome-form" not in row and "Cancel the meeting" in row
    future_grid = client_of(admin_of(future_programme.event.organiser)).get(f"/en/meetings/{future_programme.event_id}/grid/")
    assert "outcome-form" not in future_grid.content.decode()


def test_the_server_refuses_a_blank_or_early_outcome(past):
    programme, meeting, _organiser = past
    future_programme, slots, (p, q, _r, _s) = programme_with()
    upcoming = MeetingFactory(programme=future_programme, slot=slots[0], a=p, b=q)
    client = client_of(user_of(p))
    response = client.put(f"/api/v1/meetings/{upcoming.pk}/outcome", {"outcome": "held"}, content_type="application/json",
                          headers={"Accept-Language": "en"})
    assert response.status_code == 400 and "once the meeting has started" in response.content.decode()
    response = client.post(f"/en/meetings/m/{upcoming.pk}/outcome/", {"outcome": "held"}, follow=True)
    assert "once the meeting has started" in response.content.decode()
    blank = client_of(user_of(meeting.a)).post(f"/en/meetings/m/{meeting.pk}/outcome/", {"outcome": ""}, follow=True)
    assert "Choose held, no-show or follow-up agreed." in blank.content.decode()
    upcoming.refresh_from_db()
    meeting.refresh_from_db()
    assert upcoming.outcome == meeting.outcome == ""
