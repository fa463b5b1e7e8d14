"""The demo loads a 1:1 programme with a schedule already run, and loading it twice changes nothing."""

import pytest

from innobelt.meetings.models import Meeting, MeetingRequest, Participant, ScheduleRun

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_schedule_and_is_idempotent():
    from innobelt.web.demo import load_demo

    summary = load_demo()
    assert "1:1 meetings" in summary
    counts = (Participant.objects.count(), MeetingRequest.objects.count(), Meeting.objects.count(), ScheduleRun.objects.count())
    run = ScheduleRun.objects.get()
    assert (run.status, run.fallback, run.value == run.bound, run.meetings_count > 0) == ("done", False, True, True)
    load_demo()
    assert (Participant.objects.count(), MeetingRequest.objects.count(), Meeting.objects.count(), ScheduleRun.objects.count()) == counts


def test_the_meetings_demo_makes_its_own_innovation_day_without_the_events_demo():
    from innobelt.belt.seeding import load_belt
    from innobelt.meetings.seeding import load_meetings_demo
    from innobelt.organisations.seeding import load_seed_organisations

    load_belt()
    load_seed_organisations()
    load_meetings_demo(password="demo-password-1")
    counts = (Participant.objects.count(), MeetingRequest.objects.count(), Meeting.objects.count(), ScheduleRun.objects.count())
    assert counts[0] == 7 and counts[2] > 0
    load_meetings_demo(password="demo-password-1")
    assert (Participant.objects.count(), MeetingRequest.objects.count(), Meeting.objects.count(), ScheduleRun.objects.count()) == counts
