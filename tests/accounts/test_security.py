import re

import pytest
from django.core import mail
from django.test import Client, override_settings

from innobelt.accounts.models import ApiToken, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


def test_lockout_after_repeated_failures_with_translated_message_and_operator_unlock():
    person = UserFactory(email="li@example.com")
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "li@example.com", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "li@example.com", "password": "correct horse battery"})
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    english = Client().post("/en/accounts/login/", {"username": "li@example.com", "password": "correct horse battery"})
    assert "Too many failed sign-in attempts" in english.content.decode()

    operator = UserFactory(is_platform_operator=True, is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(operator)
    admin.post("/admin/accounts/user/", {"action": "unlock_sign_in", "_selected_action": [person.pk]})
    unlocked = Client().post("/accounts/login/", {"username": "li@example.com", "password": "correct horse battery"})
    assert unlocked.status_code == 302


def test_sign_in_is_rate_limited_per_address_across_accounts():
    from innobelt.accounts.ratelimit import LIMITS

    UserFactory(email="wang@example.com")
    client = Client()
    limit, _window = LIMITS["login"]
    for n in range(limit):  # one guess each at many accounts: no account reaches its lockout
        response = client.post("/en/accounts/login/", {"username": f"guess{n}@example.com", "password": "wrong"})
        assert response.status_code == 200 and "Too many attempts" not in response.content.decode()
    refused = client.post("/en/accounts/login/", {"username": "wang@example.com", "password": "correct horse battery"})
    assert refused.status_code == 200 and "Too many attempts. Please wait a while and try again." in refused.content.decode()
    assert "_auth_user_id" not in client.session
    other_address = Client(REMOTE_ADDR="10.1.2.3").post("/accounts/login/", {"username": "wang@example.com",
                                                                           "password": "correct horse battery"})
    assert other_address.status_code == 302


def test_registration_is_rate_limited_per_ip():
    client = Client()
    statuses = []
    for n in range(11):
        response = client.post("/accounts/register/", {"display_name": "x", "email": f"p{n}@example.com",
                                                       "password": "a-long-pass-123", "consent": "on"})
        statuses.append(response.status_code)
        client.logout()
    assert statuses[:10] == [302] * 10 and statuses[10] == 200


def test_password_reset_flow_and_rate_limit():
    UserFactory(email="reset@example.com")
    client = Client()
    assert client.post("/accounts/password/reset/", {"email": "reset@example.com"}).status_code == 302
    link = re.search(r"(/accounts/password/reset/[^/\s]+/[^/\s]+/)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "brand-new-pass-77", "new_password2": "brand-new-pass-77"})
    assert done.status_code == 302
    assert User.objects.get(email="reset@example.com").check_password("brand-new-pass-77")
    for _ in range(5):
        client.post("/accounts/password/reset/", {"email": "reset@example.com"})
    assert client.post("/accounts/password/reset/", {"email": "reset@example.com"}).status_code == 200


def test_token_creation_is_rate_limited():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    codes = [client.post("/api/v1/me/tokens", {"name": f"t{n}", "password": "correct horse battery"}, content_type="application/json").status_code
             for n in range(11)]
    assert codes == [201] * 10 + [400]
    assert ApiToken.objects.filter(user=user).count() == 10


@override_settings(SESSION_COOKIE_SECURE=True)
def test_security_headers_on_every_response():
    response = Client().get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Request-ID"]
    api = Client().get("/api/v1/cities")
    assert api["Content-Security-Policy"] == csp
