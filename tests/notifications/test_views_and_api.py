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


def test_the_header_counts_unread_messages_and_opening_the_inbox_reads_them():
    """Issue 19, bug 4: the header's Inbox link shows how many messages are unread, in both languages."""
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
    assert page.count(">new<") == 3  # marked on the page that shows them ...
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()  # ... and read from now on
    link = inbox_link(client, "/en/belt/cities/")
    assert link.select_one(".count-badge") is None and not link.has_attr("aria-label")
    assert link.get_text(strip=True) == "Inbox"
    notify([me], kind="test", subject=lambda: "One more", body=lambda: "")
    assert inbox_link(client, "/en/belt/cities/")["aria-label"] == "Inbox, 1 unread message"
