"""Per kind of notification: in the inbox or not, e-mail at once, in a daily digest or not at all (issue 19)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from innobelt.notifications.domain import notify, preferences_of, send_daily_digests, set_notification_preferences
from innobelt.notifications.kinds import SECURITY_KINDS
from innobelt.notifications.models import Notification, NotificationPreference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = "resources.booking_reminder"


def tell(people, kind=KIND, subject="Booking tomorrow", email=True, link="/resources/"):
    return notify(people, kind=kind, subject=lambda: subject, body=lambda: "Body", link=link, email=email)


def test_without_a_choice_a_notification_goes_to_the_inbox_and_by_email(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        tell([user])
    assert Notification.objects.filter(recipient=user, digest_pending=False).count() == 1
    assert len(mail.outbox) == 1


def test_the_inbox_can_be_turned_off_for_a_kind_and_only_that_kind(django_capture_on_commit_callbacks):
    user, other = UserFactory(), UserFactory()
    set_notification_preferences(user=user, choices={KIND: (False, "now")})
    with django_capture_on_commit_callbacks(execute=True):
        tell([user, other])
        tell([user], kind="resources.booking_confirmed")
    assert list(Notification.objects.filter(recipient=user).values_list("kind", flat=True)) == ["resources.booking_confirmed"]
    assert Notification.objects.filter(recipient=other, kind=KIND).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([user.email, other.email, user.email])


def test_email_can_be_turned_off(django_capture_on_commit_callbacks):
    user = UserFactory()
    set_notification_preferences(user=user, choices={KIND: (True, "off")})
    with django_capture_on_commit_callbacks(execute=True):
        tell([user])
    assert Notification.objects.filter(recipient=user).count() == 1
    assert mail.outbox == []


def test_both_off_leaves_nothing(django_capture_on_commit_callbacks):
    user = UserFactory()
    set_notification_preferences(user=user, choices={KIND: (False, "off")})
    with django_capture_on_commit_callbacks(execute=True):
        assert tell([user]) == []
    assert not Notification.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("kind", sorted(SECURITY_KINDS))
def test_security_kinds_ignore_preferences(kind, django_capture_on_commit_callbacks):
    user = UserFactory()
    with pytest.raises(ValidationError):
        set_notification_preferences(user=user, choices={kind: (False, "off")})
    NotificationPreference.objects.create(user=user, kind=kind, in_app=False, email="off")  # even one written by hand
    with django_capture_on_commit_callbacks(execute=True):
        tell([user], kind=kind)
    assert Notification.objects.filter(recipient=user, kind=kind).count() == 1
    assert len(mail.outbox) == 1


def test_choices_are_checked_and_nothing_is_saved_on_an_error():
    user = UserFactory()
    for bad in ({"no.such_kind": (True, "now")}, {KIND: (True, "weekly")}, {KIND: (False, "daily")}):
        with pytest.raises(ValidationError):
            set_notification_preferences(user=user, choices={"resources.booking_confirmed": (True, "off"), **bad})
    assert not NotificationPreference.objects.exists()


def test_a_choice_equal_to_the_default_keeps_no_row():
    user = UserFactory()
    assert set_notification_preferences(user=user, choices={KIND: (True, "daily")}) == 1
    assert preferences_of(user)[KIND].email == "daily"
    assert set_notification_preferences(user=user, choices={KIND: (True, "daily")}) == 0
    set_notification_preferences(user=user, choices={KIND: (True, "now")})
    assert not NotificationPreference.objects.exists()


def test_the_daily_digest_sends_one_email_of_the_unread_in_the_persons_language(django_capture_on_commit_callbacks):
    chinese, english, instant = (UserFactory(preferred_language="zh-hans"), UserFactory(preferred_language="en"),
                                 UserFactory())
    for person in (chinese, english):
        set_notification_preferences(user=person, choices={KIND: (True, "daily"), "resources.booking_confirmed": (True, "daily")})
    with django_capture_on_commit_callbacks(execute=True):
        tell([chinese, english, instant], subject="Booking tomorrow")
        tell([chinese, english], kind="resources.booking_confirmed", subject="Booking confirmed", link="/resources/7/")
        tell([chinese, english], kind="resources.booking_cancelled", subject="Booking cancelled")  # not a digest kind
        read = tell([english], subject="Already read")[0]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([instant.email, chinese.email, english.email])  # only "cancelled" and instant
    read.read_at = timezone.now()
    read.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests() == 2
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {chinese.email, english.email}
    english_mail, chinese_mail = by_person[english.email], by_person[chinese.email]
    assert "2 unread" in english_mail.subject and "未读" in chinese_mail.subject
    assert "Booking tomorrow" in english_mail.body and "Booking confirmed" in english_mail.body
    assert "Already read" not in english_mail.body and "Booking cancelled" not in english_mail.body
    assert "/en/resources/7/" in english_mail.body and "/en/inbox/" in english_mail.body
    assert "/en/" not in chinese_mail.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests() == 0  # nothing is sent twice
        call_command("send_notification_digests", stdout=open("/dev/null", "w"))
    assert mail.outbox == []
    assert not Notification.objects.filter(digest_pending=True).exists()


def test_a_digest_the_mail_server_refuses_waits_for_the_next_run(settings, caplog):
    """A failed send marks nothing as sent: the next run sends the same notifications; the failure is logged.
    The real SMTP backend, pointed at a port where no server listens."""
    failing, fine = UserFactory(preferred_language="en"), UserFactory(preferred_language="en")
    for person in (failing, fine):
        set_notification_preferences(user=person, choices={KIND: (True, "daily")})
    tell([failing, fine], subject="Booking tomorrow")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with caplog.at_level("ERROR", logger="innobelt.notifications.domain"):
        assert send_daily_digests() == 0
    assert Notification.objects.filter(digest_pending=True).count() == 2  # both still wait
    assert [r.getMessage() for r in caplog.records] == [
        f"The daily digest to user {p.pk} was not sent; their notifications wait for the next run" for p in (failing, fine)]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_daily_digests() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([failing.email, fine.email])
    assert "Booking tomorrow" in mail.outbox[0].body
    assert not Notification.objects.filter(digest_pending=True).exists()


def test_a_kind_never_emailed_is_not_in_the_digest():
    user = UserFactory()
    set_notification_preferences(user=user, choices={"meetings.run_done": (True, "daily")})
    [note] = tell([user], kind="meetings.run_done", email=False)
    assert note.digest_pending is False


def test_one_query_reads_the_preferences_of_every_recipient(django_assert_max_num_queries):
    people = [UserFactory() for _ in range(5)]
    with django_assert_max_num_queries(1 + 5):  # the preferences, then one insert per inbox row
        tell(people)


def test_the_settings_page_saves_choices_and_shows_security_kinds_as_always_on():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    html = client.get("/en/accounts/settings/notifications/").content.decode()
    assert "Resources and bookings" in html and "Reminder of a booking" in html
    assert 'name="account-password_changed-in_app"' not in html and "Always in the inbox and by e-mail" in html
    data = {"resources-booking_reminder-in_app": "", "resources-booking_reminder-email": "daily"}
    refused = client.post("/en/accounts/settings/notifications/", data)  # a digest needs the inbox
    assert refused.status_code == 200 and "daily digest" in refused.content.decode()
    form = client.get("/en/accounts/settings/notifications/").context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not False}
    data.update({"resources-booking_reminder-in_app": "on", "resources-booking_reminder-email": "daily",
                 "conversation-message-email": "off"})
    del data["events-reminder-in_app"]
    assert client.post("/en/accounts/settings/notifications/", data).status_code == 302
    chosen = {p.kind: (p.in_app, p.email) for p in NotificationPreference.objects.filter(user=user)}
    assert chosen == {KIND: (True, "daily"), "conversation.message": (True, "off"), "events.reminder": (False, "now")}


def test_the_inbox_links_to_the_settings():
    client = Client()
    client.force_login(UserFactory())
    assert 'href="/en/accounts/settings/notifications/"' in client.get("/en/inbox/").content.decode()
