import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from innobelt.accounts import sms
from innobelt.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_register_and_confirm_through_pages(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register"), {
            "display_name": "Wang", "email": "wang@example.com", "mobile": "", "password": "a-long-pass-123", "consent": "on"})
    assert response.status_code == 302
    path = re.search(r"(/accounts/confirm/[^\s]+/)", mail.outbox[-1].body).group(1)
    assert client.get(path).status_code == 302
    assert User.objects.get(email="wang@example.com").email_confirmed


def test_register_without_consent_shows_error(client):
    response = client.post(reverse("accounts:register"), {
        "display_name": "Wang", "email": "wang@example.com", "password": "a-long-pass-123"})
    assert response.status_code == 200
    assert not User.objects.exists()


def test_password_login_with_mobile(client):
    UserFactory(mobile="13800000001")
    response = client.post(reverse("accounts:login"), {"username": "13800000001", "password": "correct horse battery"})
    assert response.status_code == 302
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_sms_login_page(client):
    UserFactory(mobile="13800000002")
    client.post(reverse("accounts:sms_login"), {"step": "send", "mobile": "13800000002"})
    code = re.search(r"\d{6}", sms.outbox[-1][1]).group(0)
    response = client.post(reverse("accounts:sms_login"), {"step": "verify", "mobile": "13800000002", "code": code})
    assert response.status_code == 302
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_token_created_and_revoked_from_settings(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:settings"), {"name": "script", "password": "correct horse battery"})
    secret = re.search(r'id="new-token">(ib_[^<]+)<', response.content.decode()).group(1)
    program = Client()  # no session: the token alone
    assert program.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).json()["email"] == user.email
    token = user.api_tokens.get()
    client.post(reverse("accounts:revoke_token", args=[token.pk]))
    assert program.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
