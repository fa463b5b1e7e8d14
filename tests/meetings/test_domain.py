"""The domain rules of 1:1 meetings: who may do what, and what each change tells."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innobelt.audit.models import AuditEntry
from innobelt.meetings import domain
from innobelt.meetings.models import MeetingRequest, Participant
from innobelt.notifications.models import Notification
from tests.factories import EventFactory, MeetingFactory, RegistrationFactory, UserFactory
from tests.meetings.helpers import admin_of, programme_with, user_of

pytestmark = pytest.mark.django_db


def test_configure_programme_only_by_the_event_s_managers():
    event = EventFactory()
    with pytest.raises(PermissionDenied):
        domain.configure_programme(actor=UserFactory(), event=event, meeting_minutes=15)
    programme = domain.configure_programme(actor=admin_of(event.organiser), event=event, meeting_minutes=15, fairness="first")
    assert (programme.meeting_minutes, programme.fairness) == (15, "first")
    assert AuditEntry.objects.filter(action="meetings.programme_created").count() == 1


def test_slots_lie_within_the_event_and_never_overlap():
    programme, _slots, _people = programme_with(slots=0, people=0)
    organiser = admin_of(programme.event.organiser)
    start = programme.event.starts_at
    made = domain.add_slots(actor=organiser, programme=programme, first_start=start + timedelta(hours=1), count=3, tables=4)
    assert [(s.starts_at - start, s.tables) for s in made] == [(timedelta(minutes=m), 4) for m in (60, 80, 100)]
    with pytest.raises(ValidationError):
        domain.add_slots(actor=organiser, programme=programme, first_start=start + timedelta(minutes=90))
    with pytest.raises(ValidationError):
        domain.add_slots(actor=organiser, programme=programme, first_start=start - timedelta(hours=1))
    with pytest.raises(ValidationError):
        domain.add_slots(actor=organiser, programme=programme, first_start=programme.event.ends_at - timedelta(minutes=10))


def test_a_slot_with_meetings_cannot_be_removed():
    programme, slots, (p, q) = programme_with(people=2)
    MeetingFactory(programme=programme, slot=slots[0], a=p, b=q)
    organiser = admin_of(programme.event.organiser)
    with pytest.raises(ValidationError):
        domain.remove_slot(actor=organiser, slot=slots[0])
    domain.remove_slot(actor=organiser, slot=slots[1])
    assert list(programme.slots.all()) == [slots[0]]


def test_only_confirmed_registrations_join():
    programme, _slots, _people = programme_with(people=0)
    pending = RegistrationFactory(event=programme.event, status="pending")
    with pytest.raises(PermissionDenied):
        domain.join_programme(user=pending.user, programme=programme)
    confirmed = RegistrationFactory(event=programme.event)
    participant = domain.join_programme(user=confirmed.user, programme=programme)
    assert domain.join_programme(user=confirmed.user, programme=programme) == participant
    assert Participant.objects.count() == 1


def test_requests_are_one_s_own_and_notify_the_other_side_once():
    programme, _slots, (p, q) = programme_with(people=2)
    with pytest.raises(PermissionDenied):
        domain.set_meeting_request(actor=user_of(q), requester=p, target=q, priority="must")
    domain.set_meeting_request(actor=user_of(p), requester=p, target=q, priority="like")
    domain.set_meeting_request(actor=user_of(p), requester=p, target=q, priority="must")
    assert list(MeetingRequest.objects.values_list("requester", "target", "priority")) == [(p.pk, q.pk, "must")]
    assert Notification.objects.filter(kind="meetings.request", recipient=user_of(q)).count() == 1
    domain.set_meeting_request(actor=user_of(q), requester=q, target=p, priority="no")
    assert Notification.objects.filter(kind="meetings.request", recipient=user_of(p)).count() == 0  # a no is never told
    domain.set_meeting_request(actor=user_of(p), requester=p, target=q, priority="")
    assert list(MeetingRequest.objects.values_list("requester", "priority")) == [(q.pk, "no")]
    with pytest.raises(ValidationError):
        domain.set_meeting_request(actor=user_of(p), requester=p, target=p, priority="like")


def test_requests_closed_by_the_organiser():
    programme, _slots, (p, q) = programme_with(people=2, requests_open=False)
    with pytest.raises(ValidationError):
        domain.set_meeting_request(actor=user_of(p), requester=p, target=q, priority="like")


def test_profile_changes_are_one_s_own_and_slots_of_the_programme():
    programme, slots, (p, q) = programme_with(people=2)
    other, other_slots, _ = programme_with(people=0)
    with pytest.raises(PermissionDenied):
        domain.update_profile(actor=user_of(q), participant=p, offers="x")
    with pytest.raises(ValidationError):
        domain.update_profile(actor=user_of(p), participant=p, unavailable=other_slots)
    domain.update_profile(actor=user_of(p), participant=p, offers=" 晶圆测试 ", seeks="Battery recycling", max_meetings=3, unavailable=[slots[1]])
    p.refresh_from_db()
    assert (p.offers, p.seeks, p.max_meetings, list(p.unavailable.all())) == ("晶圆测试", "Battery recycling", 3, [slots[1]])


def test_fix_meeting_checks_clashes_and_tells_both():
    programme, slots, (p, q, r) = programme_with(people=3, tables=1)
    organiser = admin_of(programme.event.organiser)
    meeting = domain.fix_meeting(actor=organiser, programme=programme, a=p, b=q, slot=slots[0])
    assert (meeting.table, meeting.fixed) == (1, True)
    assert Notification.objects.filter(kind="meetings.fixed").count() == 2
    for a, b, slot in ((p, r, slots[0]), (q, p, slots[1]), (r, r, slots[1])):
        with pytest.raises(ValidationError):
            domain.fix_meeting(actor=organiser, programme=programme, a=a, b=b, slot=slot)
    with pytest.raises(PermissionDenied):
        domain.fix_meeting(actor=user_of(r), programme=programme, a=r, b=p, slot=slots[1])


def test_cancel_by_a_participant_tells_the_other_one():
    programme, slots, (p, q, r) = programme_with(people=3)
    meeting = MeetingFactory(programme=programme, slot=slots[0], a=p, b=q)
    with pytest.raises(PermissionDenied):
        domain.cancel_meeting(actor=user_of(r), meeting=meeting)
    domain.cancel_meeting(actor=user_of(p), meeting=meeting)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancelled_by) == ("cancelled", user_of(p))
    assert list(Notification.objects.filter(kind="meetings.cancelled").values_list("recipient", flat=True)) == [user_of(q).pk]


def test_outcomes_once_the_meeting_has_started_by_either_side_or_the_organiser():
    programme, slots, (p, q, r) = programme_with(people=3)
    meeting = MeetingFactory(programme=programme, slot=slots[0], a=p, b=q)
    with pytest.raises(ValidationError):
        domain.record_outcome(actor=user_of(q), meeting=meeting, outcome="held")
    later = slots[0].starts_at + timedelta(minutes=5)
    with pytest.raises(PermissionDenied):
        domain.record_outcome(actor=user_of(r), meeting=meeting, outcome="held", now=later)
    domain.record_outcome(actor=user_of(q), meeting=meeting, outcome="follow_up", note="NDA next week", now=later)
    domain.record_outcome(actor=admin_of(programme.event.organiser), meeting=meeting, outcome="held", now=later)
    meeting.refresh_from_db()
    assert (meeting.outcome, meeting.outcome_note) == ("held", "")
    assert AuditEntry.objects.filter(action="meetings.outcome_recorded").count() == 2
    assert timezone.now() < meeting.slot.starts_at
