"""Creating an API token asks for the person's current password, on the settings page and in the API: a token
outlives the session that made it (until it expires or the password changes), so a borrowed session must not be
able to mint one. The guesses count with the password page's per-person limit (LIMITS["password_change"], in the
rate-limit cache), as erasure's and two-step enrolment's do."""

import pytest
from django.test import Client

from innobelt.accounts import ratelimit
from innobelt.accounts.models import ApiToken
from innobelt.accounts.ratelimit import LIMITS
from innobelt.audit.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"  # the factory's
API = "/api/v1/me/tokens"


def signed_in(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def test_the_api_refuses_a_token_without_the_password_or_with_a_wrong_one_in_the_callers_language():
    user = UserFactory()
    client = signed_in(user)
    missing = client.post(API, {"name": "sync", "scope": "write"}, content_type="application/json")
    assert missing.status_code == 400, missing.content
    assert missing.json()["error"]["code"] == "rejected"
    assert missing.json()["error"]["fields"] == [{"field": "password", "message": "This is not your password."}]
    wrong = client.post(API, {"name": "sync", "scope": "write", "password": "guess"}, content_type="application/json")
    assert wrong.status_code == 400 and wrong.json()["error"]["fields"][0]["field"] == "password"
    chinese = signed_in(user, "zh-hans").post(API, {"name": "sync", "password": "guess"}, content_type="application/json")
    assert chinese.status_code == 400 and chinese.json()["error"]["message"] == "密码不正确。"
    assert not ApiToken.objects.exists()
    assert not AuditEntry.objects.filter(action="account.token_created").exists()
    created = client.post(API, {"name": "sync", "scope": "write", "password": PASSWORD}, content_type="application/json")
    assert created.status_code == 201 and created.json()["secret"].startswith("ib_")
    assert ApiToken.objects.get().scope == "write"


def test_the_settings_page_asks_for_the_password_too():
    user = UserFactory()
    client = signed_in(user)
    assert 'name="password"' in client.get("/en/accounts/settings/").content.decode()
    missing = client.post("/en/accounts/settings/", {"name": "sync", "scope": "write", "expires_in_days": "30"})
    assert missing.status_code == 200 and not ApiToken.objects.exists()
    wrong = client.post("/en/accounts/settings/", {"name": "sync", "scope": "write", "expires_in_days": "30",
                                                    "password": "guess"})
    assert wrong.status_code == 200 and "This is not your password." in wrong.content.decode()
    assert not ApiToken.objects.exists()
    right = client.post("/en/accounts/settings/", {"name": "sync", "scope": "write", "expires_in_days": "30",
                                                    "password": PASSWORD})
    assert 'id="new-token"' in right.content.decode() and ApiToken.objects.count() == 1


def test_guesses_count_with_the_password_pages_limit_and_stop_there():
    user = UserFactory()
    client = signed_in(user)
    limit, _window = LIMITS["password_change"]
    for n in range(limit - 1):  # guessed on the password page ...
        client.post("/en/accounts/settings/password/", {"current_password": f"guess-{n}",
                                                         "new_password": "brand-new-pass-77",
                                                         "new_password_again": "brand-new-pass-77"})
    wrong = client.post(API, {"name": "sync", "password": "guess"}, content_type="application/json")
    assert wrong.status_code == 400  # ... and one at the token: the limit is used up
    assert ratelimit.count("password_change", str(user.pk)) == limit
    refused = client.post(API, {"name": "sync", "password": PASSWORD}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == "Too many attempts. Please wait a while and try again."
    page = client.post("/en/accounts/settings/", {"name": "sync", "password": PASSWORD}).content.decode()
    assert "Too many attempts. Please wait a while and try again." in page
    assert not ApiToken.objects.exists()
    refused_erasure = client.post("/api/v1/me/erasure", {"password": PASSWORD}, content_type="application/json")
    assert refused_erasure.status_code == 400 and user.__class__.objects.get(pk=user.pk).is_active


def test_an_operator_owing_the_second_factor_cannot_create_a_token_and_an_unenrolled_operators_token_is_refused(settings):
    """The second factor: a session that has not passed it reaches neither the page nor the API
    (SecondFactorMiddleware), and a token of an operator with no second factor set up is refused
    (two_factor.find_api_token_checked)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from innobelt.accounts.domain import create_api_token

    settings.OPERATORS_NEED_SECOND_FACTOR = True
    operator = UserFactory(is_platform_operator=True)
    client = signed_in(operator)
    by_api = client.post(API, {"name": "sync", "password": PASSWORD}, content_type="application/json")
    assert by_api.status_code == 403 and by_api.json()["error"]["code"] == "second_factor_required"
    assert client.post("/en/accounts/settings/", {"name": "sync", "password": PASSWORD}).status_code == 302
    TOTPDevice.objects.create(user=operator, name="authenticator", confirmed=True)
    by_api = client.post(API, {"name": "sync", "password": PASSWORD}, content_type="application/json")
    assert by_api.status_code == 403 and by_api.json()["error"]["code"] == "second_factor_required"
    assert not ApiToken.objects.exists()
    TOTPDevice.objects.filter(user=operator).delete()
    _token, secret = create_api_token(user=operator, name="made before the role")  # e.g. while still a member
    refused = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "second_factor_required"
