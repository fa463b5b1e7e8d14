"""Registering, the waiting list, approval, cancelling, questions and reminders (domain)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from innobelt.audit.models import AuditEntry
from innobelt.events import domain
from innobelt.events.models import Answer, Registration
from innobelt.notifications.models import Notification
from tests.events.conftest import at, person
from tests.factories import EventFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Registration.Status


def statuses(event) -> dict:
    return {r.user.email: r.status for r in event.registrations.select_related("user")}


def test_registering_confirms_and_sends_a_confirmation_mail_with_the_code(scene, django_capture_on_commit_callbacks):
    someone = person()
    with django_capture_on_commit_callbacks(execute=True):
        registration = domain.register_for_event(user=someone, event=scene.event)
    assert registration.status == S.CONFIRMED
    assert len(registration.code) == 6
    assert [m.to for m in mail.outbox] == [[someone.email]]
    assert registration.code in mail.outbox[0].body
    assert Notification.objects.filter(recipient=someone, kind="events.registration_confirmed").count() == 1
    assert AuditEntry.objects.filter(action="event.registered", target_id=str(scene.event.pk)).count() == 1


def test_past_capacity_goes_to_the_waiting_list_and_cancelling_promotes_the_first_in_order(scene, django_capture_on_commit_callbacks):
    scene.event.capacity = 2
    scene.event.save()
    first, second, third, fourth, fifth = (person() for _ in range(5))
    for someone in (first, second, third, fourth, fifth):
        domain.register_for_event(user=someone, event=scene.event)
    assert statuses(scene.event) == {first.email: S.CONFIRMED, second.email: S.CONFIRMED, third.email: S.WAITLISTED,
                                     fourth.email: S.WAITLISTED, fifth.email: S.WAITLISTED}
    waiting = {r.user_id: domain.waitlist_position(r) for r in scene.event.registrations.filter(status=S.WAITLISTED)}
    assert waiting == {third.pk: 1, fourth.pk: 2, fifth.pk: 3}

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        domain.cancel_registration(actor=second, registration=scene.event.registrations.get(user=second))
    assert statuses(scene.event) == {first.email: S.CONFIRMED, second.email: S.CANCELLED, third.email: S.CONFIRMED,
                                     fourth.email: S.WAITLISTED, fifth.email: S.WAITLISTED}
    assert [m.to for m in mail.outbox] == [[third.email]]  # the promoted person is told
    assert Notification.objects.filter(recipient=third, kind="events.registration_promoted").count() == 1

    domain.cancel_registration(actor=first, registration=scene.event.registrations.get(user=first))
    assert statuses(scene.event)[fourth.email] == S.CONFIRMED
    assert statuses(scene.event)[fifth.email] == S.WAITLISTED
    assert scene.event.registrations.filter(status=S.CONFIRMED).count() == 2


def test_cancelling_a_waiting_place_promotes_nobody(scene):
    scene.event.capacity = 1
    scene.event.save()
    holder, waiting_one, waiting_two = person(), person(), person()
    for someone in (holder, waiting_one, waiting_two):
        domain.register_for_event(user=someone, event=scene.event)
    domain.cancel_registration(actor=waiting_one, registration=scene.event.registrations.get(user=waiting_one))
    assert statuses(scene.event) == {holder.email: S.CONFIRMED, waiting_one.email: S.CANCELLED, waiting_two.email: S.WAITLISTED}


def test_more_places_move_people_up_from_the_waiting_list(scene):
    scene.event.capacity = 1
    scene.event.save()
    people = [person() for _ in range(3)]
    for someone in people:
        domain.register_for_event(user=someone, event=scene.event)
    domain.update_event(actor=scene.admin, event=scene.event, changes={"capacity": 2})
    assert [statuses(scene.event)[p.email] for p in people] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]


def test_a_duplicate_registration_is_refused_with_a_clear_message_and_changes_nothing(scene):
    someone = person()
    domain.register_for_event(user=someone, event=scene.event)
    before = (list(Registration.objects.values_list("pk", "status")), AuditEntry.objects.count(), Notification.objects.count(), len(mail.outbox))
    with pytest.raises(ValidationError) as exc:
        domain.register_for_event(user=someone, event=scene.event)
    assert exc.value.messages == ["You are already registered for this event (registered)."]
    after = (list(Registration.objects.values_list("pk", "status")), AuditEntry.objects.count(), Notification.objects.count(), len(mail.outbox))
    assert after == before


def test_the_duplicate_message_is_translated(scene):
    from django.utils import translation

    someone = person()
    domain.register_for_event(user=someone, event=scene.event)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        domain.register_for_event(user=someone, event=scene.event)
    assert exc.value.messages == ["您已报名参加此活动（已报名）。"]


def test_registering_again_after_cancelling_is_allowed(scene):
    someone = person()
    first = domain.register_for_event(user=someone, event=scene.event)
    domain.cancel_registration(actor=someone, registration=first)
    second = domain.register_for_event(user=someone, event=scene.event)
    assert (second.status, second.pk != first.pk, second.code != first.code) == (S.CONFIRMED, True, True)


def test_late_registration_after_the_deadline_is_refused_and_changes_nothing(scene):
    scene.event.registration_closes_at = at(5, 18)
    scene.event.save()
    with pytest.raises(ValidationError) as exc:
        domain.register_for_event(user=person(), event=scene.event, now=at(6, 9))
    assert exc.value.messages == [f"Registration for this event closed on {at(5, 18):%Y-%m-%d} 18:00."]
    assert Registration.objects.count() == 0
    assert domain.register_for_event(user=person(), event=scene.event, now=at(5, 17)).status == S.CONFIRMED


def test_registration_after_the_start_is_refused(scene):
    with pytest.raises(ValidationError) as exc:
        domain.register_for_event(user=person(), event=scene.event, now=scene.event.starts_at + timedelta(minutes=1))
    assert exc.value.messages == ["This event has already started; registration is closed."]
    assert Registration.objects.count() == 0


def test_draft_events_and_unconfirmed_people_cannot_register(scene):
    draft = EventFactory(organiser=scene.organiser, status="draft")
    with pytest.raises(PermissionDenied):
        domain.register_for_event(user=person(), event=draft)
    with pytest.raises(PermissionDenied):
        domain.register_for_event(user=UserFactory(email_confirmed_at=None), event=scene.event)
    assert Registration.objects.count() == 0


def test_registering_for_an_organisation_one_does_not_belong_to_is_refused(scene):
    with pytest.raises(ValidationError) as exc:
        domain.register_for_event(user=person(), event=scene.event, organisation=scene.organiser)
    assert exc.value.message_dict == {"organisation": ["You can only register for an organisation you belong to."]}


def test_required_questions_must_be_answered_and_answers_are_stored(scene):
    text = QuestionFactory(event=scene.event, label_en="Your position", required=True)
    choice = QuestionFactory(event=scene.event, label_en="Lunch", kind="choice", required=True,
                             options=[{"zh": "素食", "en": "Vegetarian"}, {"zh": "不限", "en": "Anything"}])
    optional = QuestionFactory(event=scene.event, label_en="Anything else?")
    someone = person()
    with pytest.raises(ValidationError) as exc:
        domain.register_for_event(user=someone, event=scene.event, answers={text.pk: "  ", choice.pk: ""})
    assert exc.value.message_dict == {f"question_{text.pk}": ["Please answer this question."],
                                      f"question_{choice.pk}": ["Please answer this question."]}
    with pytest.raises(ValidationError) as exc:
        domain.register_for_event(user=someone, event=scene.event, answers={text.pk: "CTO", choice.pk: 7})
    assert exc.value.message_dict == {f"question_{choice.pk}": ["Choose one of the options."]}
    assert Registration.objects.count() == 0

    registration = domain.register_for_event(user=someone, event=scene.event, answers={text.pk: "CTO", choice.pk: "1"})
    answers = {a.question_id: (a.value, a.option) for a in Answer.objects.filter(registration=registration)}
    assert answers == {text.pk: ("CTO", None), choice.pk: ("Anything", 1)}  # the option's text as shown then (in English)
    assert optional.pk not in answers


def test_answers_to_questions_of_another_event_are_refused(scene):
    foreign = QuestionFactory()
    with pytest.raises(ValidationError):
        domain.register_for_event(user=person(), event=scene.event, answers={foreign.pk: "x"})
    assert Registration.objects.count() == 0


def test_approval_flow_confirms_while_places_remain_then_waitlists(scene):
    scene.event.capacity, scene.event.requires_approval = 1, True
    scene.event.save()
    first, second, third = person(), person(), person()
    regs = [domain.register_for_event(user=p, event=scene.event) for p in (first, second, third)]
    assert [r.status for r in regs] == [S.PENDING] * 3
    assert Notification.objects.filter(recipient=scene.admin, kind="events.registration_to_approve").count() == 3

    assert domain.approve_registration(actor=scene.admin, registration=regs[0]).status == S.CONFIRMED
    assert domain.approve_registration(actor=scene.admin, registration=regs[1]).status == S.WAITLISTED
    assert domain.reject_registration(actor=scene.admin, registration=regs[2], reason="Full").status == S.REJECTED
    with pytest.raises(ValidationError):
        domain.approve_registration(actor=scene.admin, registration=regs[2])
    with pytest.raises(PermissionDenied):
        domain.approve_registration(actor=scene.staff, registration=regs[1])
    assert Notification.objects.get(recipient=third, kind="events.registration_rejected").body == "Full"

    domain.cancel_registration(actor=first, registration=regs[0])
    assert statuses(scene.event) == {first.email: S.CANCELLED, second.email: S.CONFIRMED, third.email: S.REJECTED}


def test_only_the_person_or_a_manager_cancels_and_not_after_the_start(scene):
    someone = person()
    registration = domain.register_for_event(user=someone, event=scene.event)
    with pytest.raises(PermissionDenied):
        domain.cancel_registration(actor=person(), registration=registration)
    with pytest.raises(ValidationError):
        domain.cancel_registration(actor=someone, registration=registration, now=scene.event.starts_at)
    domain.cancel_registration(actor=scene.admin, registration=registration)
    assert Notification.objects.filter(recipient=someone, kind="events.registration_cancelled").count() == 1
    with pytest.raises(ValidationError) as exc:
        domain.cancel_registration(actor=someone, registration=registration)
    assert exc.value.messages == ["This registration is already cancelled."]


def test_reminders_go_once_to_confirmed_people_of_events_starting_within_a_day(scene, django_capture_on_commit_callbacks):
    from innobelt.events.tasks import task_send_event_reminders

    soon = EventFactory(organiser=scene.organiser, starts_at=at(1, 9), ends_at=at(1, 12), capacity=1)
    later_person, soon_person, waiting = person(), person(), person()
    domain.register_for_event(user=later_person, event=scene.event)
    domain.register_for_event(user=soon_person, event=soon)
    domain.register_for_event(user=waiting, event=soon)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert domain.send_event_reminders(now=at(0, 10)) == 1
    assert [m.to for m in mail.outbox] == [[soon_person.email]]
    assert mail.outbox[0].subject.startswith("提醒：")  # in the recipient's language (Chinese by default)
    assert task_send_event_reminders() == 0  # the real clock: nobody is due twice
    assert domain.send_event_reminders(now=at(0, 11)) == 0
    assert Notification.objects.filter(kind="events.reminder").count() == 1
    assert domain.send_event_reminders(event_id=soon.pk, now=scene.event.starts_at - timedelta(hours=2)) == 0  # one event only
    assert domain.send_event_reminders(event_id=scene.event.pk, now=scene.event.starts_at - timedelta(hours=2)) == 1
