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
