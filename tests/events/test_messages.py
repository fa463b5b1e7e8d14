"""Organisers write to their registrants: everyone or a group, the text as written with a line in each person's
language, inbox and e-mail, at most MESSAGES_PER_DAY per event in 24 hours, managers only, audited, delivered once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from innobelt.audit.models import AuditEntry
from innobelt.events.domain import MESSAGES_PER_DAY, deliver_event_message, message_registrants
from innobelt.events.models import EventMessage, Registration
from innobelt.notifications.models import Notification
from tests.events.conftest import person
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
S = Registration.Status
TEXT = "Dear all,\n\nthe venue moved to Hall B.\n=1+1 stays as written."


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(scene):
    """One registration of each status, and one person checked in."""
    made = {status: RegistrationFactory(event=scene.event, status=status) for status in S.values}
    made["checked_in"] = RegistrationFactory(event=scene.event, checked_in_at=timezone.now())
    return made


def inbox(registration):
    return list(Notification.objects.filter(recipient=registration.user, kind="events.organiser_message"))


def send(scene, audience="active", subject="Venue change", body=TEXT, **kwargs):
    return message_registrants(actor=scene.admin, event=scene.event, audience=audience, subject=subject, body=body, **kwargs)


def test_everyone_registered_gets_the_text_as_written_in_inbox_and_by_e_mail(scene, people, django_capture_on_commit_callbacks):
    english, chinese = people[S.CONFIRMED].user, people[S.WAITLISTED].user
    english.preferred_language = "en"
    english.save()
    with django_capture_on_commit_callbacks(execute=True):
        message = send(scene)
    reached = {S.CONFIRMED, S.WAITLISTED, S.PENDING, "checked_in"}
    assert message.recipient_count == 4 and EventMessage.objects.get().delivered_at is not None
    for key, registration in people.items():
        got = inbox(registration)
        assert len(got) == (1 if key in reached else 0), key
    [note] = inbox(people[S.CONFIRMED])
    assert note.subject == "Venue change" and note.body.startswith(TEXT + "\n\n—\n")
    assert note.body.endswith(f"The organiser of {scene.event.title_en} sent this to the people registered for it.")
    [chinese_note] = Notification.objects.filter(recipient=chinese, kind="events.organiser_message")
    assert chinese_note.body.startswith(TEXT) and "的主办方发给该活动报名者的消息。" in chinese_note.body
    assert sorted(m.to[0] for m in mail.outbox) == sorted(people[k].user.email for k in reached)
    assert all(m.subject == "Venue change" and TEXT in m.body for m in mail.outbox)


@pytest.mark.parametrize(("audience", "keys"), [("confirmed", [S.CONFIRMED, "checked_in"]), ("waitlisted", [S.WAITLISTED]),
                                                ("pending", [S.PENDING]), ("checked_in", ["checked_in"])])
def test_a_group(scene, people, audience, keys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = send(scene, audience=audience)
    assert message.recipient_count == len(keys)
    assert sorted(n.recipient_id for n in Notification.objects.filter(kind="events.organiser_message")) == sorted(
        people[k].user_id for k in keys)


def test_at_most_a_few_a_day_per_event(scene, people):
    now = timezone.now()
    for n in range(MESSAGES_PER_DAY):
        send(scene, subject=f"Update {n}", now=now + timedelta(hours=n))
    with pytest.raises(ValidationError) as refused:
        send(scene, subject="One too many", now=now + timedelta(hours=23))
    assert f"already written to {MESSAGES_PER_DAY} times in the last 24 hours" in refused.value.messages[0]
    assert EventMessage.objects.count() == MESSAGES_PER_DAY
    other = EventFactory(organiser=scene.organiser, city=scene.city)  # the cap is per event
    RegistrationFactory(event=other)
    message_registrants(actor=scene.admin, event=other, audience="active", subject="Other", body="x", now=now + timedelta(hours=23))
    assert send(scene, subject="Next day", now=now + timedelta(hours=24, minutes=1)).subject == "Next day"


def test_only_the_events_managers(scene, people):
    for who in (scene.staff, person(), people[S.CONFIRMED].user):
        with pytest.raises(PermissionDenied):
            message_registrants(actor=who, event=scene.event, audience="active", subject="Hi", body="Spam")
    assert not EventMessage.objects.exists()


def test_refusals_write_nothing(scene, people):
    with pytest.raises(ValidationError) as empty:
        send(scene, subject="  ", body=" ")
    assert set(empty.value.message_dict) == {"subject", "body"}
    with pytest.raises(ValidationError) as long:
        send(scene, subject="x" * 151, body="y" * 5001)
    assert long.value.message_dict == {"subject": ["At most 150 characters."], "body": ["At most 5000 characters."]}
    people["checked_in"].delete()
    with pytest.raises(ValidationError) as nobody:
        send(scene, audience="checked_in")
    assert nobody.value.message_dict == {"audience": ["Nobody is in this group yet."]}
    with pytest.raises(ValidationError):
        send(scene, audience="cancelled")  # people who cancelled or were declined are not written to
    assert not EventMessage.objects.exists() and not AuditEntry.objects.filter(action="event.registrants_messaged").exists()


def test_the_subject_is_one_line(scene, people):
    assert send(scene, subject="Venue\r\nBcc: everyone@example.com").subject == "Venue Bcc: everyone@example.com"


def test_audited(scene, people):
    message = send(scene, audience="waitlisted")
    entry = AuditEntry.objects.get(action="event.registrants_messaged")
    assert (entry.actor, entry.target_id, entry.data) == (scene.admin, str(scene.event.pk), {
        "message": message.pk, "audience": "waitlisted", "recipients": 1, "subject": "Venue change"})


def test_delivered_once_and_not_to_who_left_since(scene, people, django_capture_on_commit_callbacks):
    message = send(scene)  # recorded; the delivery runs after the commit (not here)
    people[S.PENDING].status = S.CANCELLED
    people[S.PENDING].save()
    assert deliver_event_message(message_id=message.pk) == 3
    assert deliver_event_message(message_id=message.pk) == 0
    assert Notification.objects.filter(kind="events.organiser_message").count() == 3 and not inbox(people[S.PENDING])


def test_the_page_sends_and_lists_what_was_sent(scene, people, django_capture_on_commit_callbacks):
    client = client_for(scene.admin)
    url = f"/en/events/{scene.event.pk}/registrations/message/"
    registrations_page = client.get(f"/en/events/{scene.event.pk}/registrations/?status=waitlisted").content.decode()
    assert f'href="{url}?status=waitlisted"' in registrations_page
    page = client.get(url + "?status=waitlisted").content.decode()
    assert '<option value="waitlisted" selected>people on the waiting list (1)</option>' in page
    assert "3 messages left now." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"audience": "waitlisted", "subject": "Good news", "body": "A place may free up."}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    page = response.content.decode()
    assert "Your message is on its way to 1 person." in page and "<summary>Good news</summary>" in page
    assert "2 messages left now." in page
    assert len(inbox(people[S.WAITLISTED])) == 1
    response = client.post(url, {"audience": "checked_in", "subject": "", "body": "x"})
    assert response.status_code == 200 and "This field is required." in response.content.decode()


def test_the_page_once_the_cap_is_reached(scene, people):
    for n in range(MESSAGES_PER_DAY):
        send(scene, subject=f"Update {n}")
    client = client_for(scene.admin)
    url = f"/en/events/{scene.event.pk}/registrations/message/"
    assert 'type="submit" class="button" disabled' in client.get(url).content.decode()
    response = client.post(url, {"audience": "active", "subject": "More", "body": "x"})
    assert "the most allowed" in response.content.decode() and EventMessage.objects.count() == MESSAGES_PER_DAY


def test_who_may_open_the_page_as_the_registrations_page(scene, people):
    draft = EventFactory(organiser=scene.organiser, city=scene.city, status="draft", published_at=None)
    outsider = person()
    for who, event, expected in [(scene.staff, scene.event, 403), (outsider, scene.event, 403), (outsider, draft, 404),
                                 (scene.admin, draft, 200)]:
        client = client_for(who)
        assert client.get(f"/en/events/{event.pk}/registrations/").status_code == expected
        assert client.get(f"/en/events/{event.pk}/registrations/message/").status_code == expected
        posted = client.post(f"/en/events/{event.pk}/registrations/message/", {"audience": "active", "subject": "Hi", "body": "Spam"})
        assert posted.status_code == (expected if expected != 200 else 200)  # the draft has nobody registered: the form again
    assert not EventMessage.objects.exists()
