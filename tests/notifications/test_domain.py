"""innobelt/notifications/domain.py: notify() writes each recipient's message in their own language and
e-mails it after the commit; mark_read() marks one's own messages only."""

import pytest
from django.core import mail
from django.test import override_settings
from django.utils.translation import gettext as _

from innobelt.notifications.domain import mark_read, notify
from innobelt.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://innobelt.example.cn"


def test_each_recipient_reads_the_message_in_their_language(django_capture_on_commit_callbacks):
    english, chinese = UserFactory(preferred_language="en"), UserFactory(preferred_language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        notify([english, chinese], kind="test", subject=lambda: _("Inbox"), body=lambda: _("Mark all as read"))
    assert Notification.objects.get(recipient=english).subject == "Inbox"
    assert Notification.objects.get(recipient=chinese).subject == "消息"
    assert {m.to[0]: (m.subject, m.body) for m in mail.outbox} == {english.email: ("Inbox", "Mark all as read"),
                                                                  chinese.email: ("消息", "全部标为已读")}


def test_a_recipient_once_nobody_skipped_and_the_mail_waits_for_the_commit(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        created = notify([user, None, user], kind="test", subject=lambda: "S", body=lambda: "B")
    assert len(created) == 1 and not mail.outbox  # nothing e-mailed before the transaction commits
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_no_mail_when_asked_for_none_or_without_an_address(django_capture_on_commit_callbacks):
    with_address, without = UserFactory(), UserFactory(email="", mobile="13800138001")
    with django_capture_on_commit_callbacks(execute=True):
        notify([with_address], kind="quiet", subject=lambda: "S", body=lambda: "B", email=False)
        notify([without], kind="test", subject=lambda: "S", body=lambda: "B")
    assert not mail.outbox
    assert Notification.objects.filter(recipient__in=[with_address, without]).count() == 2


@override_settings(SITE_URL=SITE)
def test_the_e_mail_link_is_absolute_on_site_url(django_capture_on_commit_callbacks):
    """Moved from tests/accounts/test_enumeration_and_links.py; in the recipient's language (issue 19, bug 4)."""
    english, chinese = UserFactory(preferred_language="en"), UserFactory(preferred_language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        notify([english, chinese], kind="test", subject=lambda: "S", body=lambda: "B", link="/en/inbox/")
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert bodies[english.email].endswith(f"\n{SITE}/en/inbox/") and bodies[chinese.email].endswith(f"\n{SITE}/inbox/")


def test_mark_read_marks_one_s_own_messages_only():
    me, other = UserFactory(), UserFactory()
    first, second = notify([me], kind="a", subject=lambda: "1", body=lambda: ""), notify([me], kind="b", subject=lambda: "2", body=lambda: "")
    theirs = notify([other], kind="a", subject=lambda: "3", body=lambda: "")
    assert mark_read(user=me, notification_ids=[first[0].pk, theirs[0].pk]) == 1
    assert mark_read(user=me) == 1  # the second; the first is read already
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs[0].pk).read_at is None
    assert second[0].pk != first[0].pk
