"""Issue 17, item 11: API tokens have a scope and an expiry, die with a password change or reset,
and cannot make more tokens."""

import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from innobelt.accounts import domain
from innobelt.accounts.models import ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_a_password_reset_revokes_every_api_token():
    user = UserFactory(email="reset@example.com")
    _token, secret = domain.create_api_token(user=user, name="ERP")
    assert Client().get("/api/v1/me", **bearer(secret)).status_code == 200
    client = Client()
    client.post("/en/accounts/password/reset/", {"email": "reset@example.com"})
    link = re.search(r"https?://[^/\s]+(/en/accounts/password/reset/[^/\s]+/[^/\s]+/)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "brand-new-pass-77", "new_password2": "brand-new-pass-77"})
    assert done.status_code == 302
    assert Client().get("/api/v1/me", **bearer(secret)).status_code == 401
    assert ApiToken.objects.get().revoked_at is not None


def test_a_password_change_revokes_every_api_token_but_a_hash_upgrade_does_not():
    operator = UserFactory(is_staff=True, is_superuser=True, is_platform_operator=True)
    _token, secret = domain.create_api_token(user=operator, name="ERP")
    admin = Client()
    admin.force_login(operator)
    changed = admin.post("/en/admin/password_change/", {"old_password": "correct horse battery",
                                                        "new_password1": "brand-new-pass-77", "new_password2": "brand-new-pass-77"})
    assert changed.status_code == 302
    assert Client().get("/api/v1/me", **bearer(secret)).status_code == 401

    _token, secret = domain.create_api_token(user=operator, name="ERP 2")
    operator.refresh_from_db()
    operator.check_password("brand-new-pass-77")  # may re-hash; not a change of password
    operator.save()
    assert Client().get("/api/v1/me", **bearer(secret)).status_code == 200


def test_a_token_cannot_create_tokens_only_a_session_can():
    user = UserFactory()
    _token, secret = domain.create_api_token(user=user, name="full", scope="write")
    refused = Client().post("/api/v1/me/tokens", {"name": "child", "scope": "write"}, content_type="application/json",
                            **bearer(secret))
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "token_cannot_create_tokens"
    assert "cannot create tokens" in refused.json()["error"]["message"]
    assert ApiToken.objects.count() == 1
    session = Client()
    session.force_login(user)
    created = session.post("/api/v1/me/tokens", {"name": "child", "scope": "write", "expires_in_days": 7,
                                                    "password": "correct horse battery"},
                           content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["scope"] == "write"
    assert abs((datetime.fromisoformat(body["expires_at"]) - timezone.now()) - timedelta(days=7)) < timedelta(minutes=1)


def test_a_read_token_only_reads_and_says_so_in_the_callers_language():
    user = UserFactory()
    token, secret = domain.create_api_token(user=user, name="reader", scope="read")
    assert Client().get("/api/v1/me/tokens", **bearer(secret)).status_code == 200
    refused = Client().delete(f"/api/v1/me/tokens/{token.pk}", **bearer(secret))
    assert refused.status_code == 403
    assert refused.json()["error"] == {"code": "token_read_only", "fields": [], "details": {},
                                       "message": "This API token is read-only: create a read and write token to make changes."}
    chinese = Client().delete(f"/api/v1/me/tokens/{token.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}",
                              HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "只读" in chinese.json()["error"]["message"]
    assert ApiToken.objects.get().revoked_at is None


def test_expired_tokens_are_refused_and_new_ones_default_to_read_for_90_days():
    user = UserFactory()
    session = Client()
    session.force_login(user)
    created = session.post("/api/v1/me/tokens", {"name": "default", "password": "correct horse battery"},
                           content_type="application/json").json()
    assert created["scope"] == "read"
    token = ApiToken.objects.get()
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    assert Client().get("/api/v1/me", **bearer(created["secret"])).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get("/api/v1/me", **bearer(created["secret"])).status_code == 401
    too_long = session.post("/api/v1/me/tokens", {"name": "forever", "expires_in_days": 3650}, content_type="application/json")
    assert too_long.status_code == 422


def test_settings_page_creates_tokens_with_a_scope_and_an_expiry_and_lists_them():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    page = client.post("/en/accounts/settings/", {"name": "sync", "scope": "write", "expires_in_days": "30",
                                                 "password": "correct horse battery"}).content.decode()
    token = ApiToken.objects.get()
    assert (token.scope, (token.expires_at - token.created_at).days) == ("write", 30)
    assert "read and write" in page and token.expires_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d") in page
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert ">expired<" in client.get("/en/accounts/settings/").content.decode()
