"""The inbox page and GET /api/v1/me/notifications show one's own messages only."""

import pytest
from django.test import Client

from innobelt.notifications.domain import notify
from innobelt.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_inbox_lists_one_s_own_messages_and_marks_them_all_read():
    me, other = UserFactory(), UserFactory()
    notify([me], kind="test", subject=lambda: "For me", body=lambda: "Hello")
    notify([other], kind="test", subject=lambda: "Not for me", body=lambda: "")
    page = signed_in(me).get("/en/inbox/").content.decode()
    assert "For me" in page and "Not for me" not in page
    assert signed_in(me).post("/en/inbox/read/").status_code == 302
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).exists()
    assert Client().get("/en/inbox/").status_code == 302  # to the sign-in page


def test_the_api_lists_one_s_own_messages():
    me, other = UserFactory(), UserFactory()
    notify([me], kind="test", subject=lambda: "For me", body=lambda: "", link="/resources/")
    notify([other], kind="test", subject=lambda: "Not for me", body=lambda: "")
    rows = signed_in(me).get("/api/v1/me/notifications").json()
    assert [(r["subject"], r["link"], r["read_at"]) for r in rows] == [("For me", "/resources/", None)]
    assert Client().get("/api/v1/me/notifications").status_code == 401


def inbox_link(client: Client, path: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(client.get(path).content, "html.parser").select_one("a.inbox-link")


def test_the_header_counts_unread_messages_and_only_a_post_reads_them():
    """Issue 19, bug 4: the header's Inbox link shows how many messages are unread, in both languages. Opening
    the inbox reads nothing (a prefetch or any GET must not empty the daily digest); its buttons do."""
    me = UserFactory()
    for n in range(3):
        notify([me], kind="test", subject=lambda n=n: f"Message {n}", body=lambda: "")
    notify([UserFactory()], kind="test", subject=lambda: "Someone else's", body=lambda: "")
    client = signed_in(me)
    link = inbox_link(client, "/en/belt/cities/")
    assert link.select_one(".count-badge").get_text() == "3" and link["aria-label"] == "Inbox, 3 unread messages"
    link = inbox_link(client, "/belt/cities/")
    assert link.select_one(".count-badge").get_text() == "3" and link["aria-label"] == "消息，3 条未读"

    page = client.get("/en/inbox/").content.decode()
    assert page.count(">new<") == 3 and page.count(">Mark as read<") == 3
    assert Notification.objects.filter(recipient=me, read_at__isnull=True).count() == 3  # a GET changes nothing
    assert inbox_link(client, "/en/belt/cities/")["aria-label"] == "Inbox, 3 unread messages"
    assert "标为已读" in client.get("/inbox/").content.decode()
    assert client.post("/en/inbox/read/").status_code == 302  # "Mark all as read"
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    link = inbox_link(client, "/en/belt/cities/")
    assert link.select_one(".count-badge") is None and not link.has_attr("aria-label")
    assert link.get_text(strip=True) == "Inbox"
    notify([me], kind="test", subject=lambda: "One more", body=lambda: "")
    assert inbox_link(client, "/en/belt/cities/")["aria-label"] == "Inbox, 1 unread message"


def test_one_message_is_marked_read_by_its_own_post_form_only():
    me, other = UserFactory(), UserFactory()
    [first] = notify([me], kind="test", subject=lambda: "First", body=lambda: "")
    [second] = notify([me], kind="test", subject=lambda: "Second", body=lambda: "")
    [theirs] = notify([other], kind="test", subject=lambda: "Theirs", body=lambda: "")
    client = signed_in(me)
    assert client.get(f"/en/inbox/{first.pk}/read/").status_code == 405  # never by a GET
    assert client.head("/en/inbox/").status_code == 200
    assert client.post(f"/en/inbox/{theirs.pk}/read/").status_code == 404  # not mine: not told it exists
    assert client.post(f"/en/inbox/{first.pk}/read/")["Location"] == "/en/inbox/"
    assert {n.subject: n.read_at is not None for n in Notification.objects.all()} == {
        "First": True, "Second": False, "Theirs": False}
    page = client.get("/en/inbox/").content.decode()
    assert page.count(">new<") == 1 and page.count(">Mark as read<") == 1
    assert f"/en/inbox/{second.pk}/read/" in page and f"/en/inbox/{first.pk}/read/" not in page


def test_the_inbox_forms_need_the_csrf_token():
    me = UserFactory()
    [note] = notify([me], kind="test", subject=lambda: "Mine", body=lambda: "")
    client = Client(enforce_csrf_checks=True)
    client.force_login(me)
    assert client.post(f"/en/inbox/{note.pk}/read/").status_code == 403
    assert client.post("/en/inbox/read/").status_code == 403
    assert client.post("/api/v1/me/notifications/read").status_code == 403
    assert client.post(f"/api/v1/me/notifications/{note.pk}/read").status_code == 403
    note.refresh_from_db()
    assert note.read_at is None


def test_the_api_reads_without_marking_and_marks_by_post():
    me, other = UserFactory(), UserFactory()
    [first] = notify([me], kind="test", subject=lambda: "First", body=lambda: "")
    notify([me], kind="test", subject=lambda: "Second", body=lambda: "")
    [theirs] = notify([other], kind="test", subject=lambda: "Theirs", body=lambda: "")
    client = signed_in(me)
    client.get("/api/v1/me/notifications")
    assert Notification.objects.filter(read_at__isnull=True).count() == 3
    missing = client.post(f"/api/v1/me/notifications/{theirs.pk}/read")
    assert missing.status_code == 404 and missing.json()["error"]["code"]
    one = client.post(f"/api/v1/me/notifications/{first.pk}/read")
    assert one.status_code == 200 and one.json()["id"] == first.pk and one.json()["read_at"] is not None
    assert client.post("/api/v1/me/notifications/read").json() == {"marked": 1}
    assert client.post("/api/v1/me/notifications/read").json() == {"marked": 0}
    assert list(Notification.objects.filter(read_at__isnull=True).values_list("subject", flat=True)) == ["Theirs"]


def _counts_notifications(client: Client, path: str) -> tuple[str, bool]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        link = inbox_link(client, path)
    badge = link.select_one(".count-badge")
    return (badge.get_text() if badge else ""), any("notifications_notification" in q["sql"] for q in queries)


def test_the_header_count_is_kept_until_a_notification_is_made_or_read(page_cache_on):
    """ADR 0024, ninth round: the badge is not counted at every page once kept, and every way it changes shows on the
    next page: a new message, all marked read (an update(), which sends no signal), one marked read, one deleted."""
    me, other = UserFactory(), UserFactory()
    notify([me], kind="test", subject=lambda: "First", body=lambda: "")
    [second] = notify([me], kind="test", subject=lambda: "Second", body=lambda: "")
    notify([other], kind="test", subject=lambda: "Theirs", body=lambda: "")
    mine, theirs = signed_in(me), signed_in(other)
    assert _counts_notifications(mine, "/en/belt/cities/") == ("2", True)
    assert _counts_notifications(mine, "/en/events/") == ("2", False)  # kept: no count asked
    assert _counts_notifications(theirs, "/en/events/") == ("1", True)  # each person's own
    notify([me], kind="test", subject=lambda: "Third", body=lambda: "")
    assert _counts_notifications(mine, "/en/events/") == ("3", True)
    assert mine.post(f"/en/inbox/{second.pk}/read/").status_code == 302
    assert _counts_notifications(mine, "/en/events/") == ("2", True)
    assert mine.post("/en/inbox/read/").status_code == 302
    assert _counts_notifications(mine, "/en/events/") == ("", True)
    assert _counts_notifications(theirs, "/en/events/") == ("1", True)  # theirs counted anew, still theirs
    Notification.objects.filter(recipient=other).get().delete()
    assert _counts_notifications(theirs, "/en/events/") == ("", True)
