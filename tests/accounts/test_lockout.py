"""Issue 17, item 4: one lockout and one per-address limit per account, however the identity is
spelt, and the admin's sign-in goes through the same gate."""

import pytest
from django.test import Client

from innobelt.accounts.ratelimit import LIMITS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
VARIANTS = ["VICTIM1@example.com", " victim1@example.com ", "13800138001", "+86 138 0013 8001"]


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_locked_account_stays_locked_under_every_spelling_of_its_identity():
    UserFactory(email="victim1@example.com", mobile="13800138001")
    attacker = Client()
    for _ in range(5):
        attacker.post("/en/accounts/login/", {"username": "victim1@example.com", "password": "wrong"})
    for variant in VARIANTS:
        client = Client()
        response = client.post("/en/accounts/login/", {"username": variant, "password": PASSWORD})
        assert response.status_code == 429, variant
        assert "Too many failed sign-in attempts" in response.content.decode()
        assert not signed_in(client)


def test_failures_under_different_spellings_add_up_to_one_lockout():
    UserFactory(email="victim1@example.com", mobile="13800138001")
    attacker = Client()
    for variant in [*VARIANTS, "victim1@EXAMPLE.com"]:
        attacker.post("/en/accounts/login/", {"username": variant, "password": "wrong"})
    client = Client()
    assert client.post("/en/accounts/login/", {"username": "victim1@example.com", "password": PASSWORD}).status_code == 429
    assert not signed_in(client)


def test_admin_sign_in_is_the_sites_and_counts_against_its_per_address_limit():
    operator = UserFactory(email="op@example.com", is_staff=True, is_superuser=True, is_platform_operator=True)
    client = Client()
    limit, _window = LIMITS["login"]
    for n in range(limit):  # one guess each at many accounts: no lockout, but the address is used up
        client.post("/en/accounts/login/", {"username": f"guess{n}@example.com", "password": "wrong"})
    response = client.post("/en/admin/login/?next=/en/admin/", {"username": operator.email, "password": PASSWORD,
                                                                "next": "/en/admin/"})
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")
    assert not signed_in(client)
    refused = client.post(response["Location"], {"username": operator.email, "password": PASSWORD})
    assert "Too many attempts" in refused.content.decode() and not signed_in(client)


def test_admin_sign_in_respects_the_lockout_and_brings_the_operator_back_to_the_admin():
    UserFactory(email="op@example.com", is_staff=True, is_superuser=True, is_platform_operator=True)
    client = Client()
    assert client.get("/en/admin/").url == "/en/admin/login/?next=/en/admin/"
    to_site = client.get("/en/admin/login/?next=/en/admin/")
    assert to_site.url == "/en/accounts/login/?next=%2Fen%2Fadmin%2F"
    assert Client().get("/en/admin/login/?next=https://evil.example/").url == "/en/accounts/login/?next=%2Fen%2Fadmin%2F"
    signed = client.post(to_site.url, {"username": " OP@example.com", "password": PASSWORD})
    assert signed.status_code == 302 and signed.url == "/en/admin/" and signed_in(client)

    attacker = Client()
    for _ in range(5):
        attacker.post("/en/accounts/login/", {"username": "op@example.com", "password": "wrong"})
    other = Client()
    other.post("/en/admin/login/", {"username": "OP@example.com", "password": PASSWORD})
    assert other.post("/en/accounts/login/?next=/en/admin/", {"username": "OP@example.com", "password": PASSWORD}).status_code == 429
    assert not signed_in(other)


def test_password_reset_limit_per_account_holds_for_every_spelling():
    UserFactory(email="victim1@example.com", mobile="13800138001")
    limit, _window = LIMITS["password_reset"]
    spellings = ["victim1@example.com", "VICTIM1@example.com", " Victim1@Example.com "]
    for n in range(limit):  # from different addresses: only the per-account count adds up
        response = Client(REMOTE_ADDR=f"10.0.1.{n}").post("/en/accounts/password/reset/", {"email": spellings[n % 3]})
        assert response.status_code == 302
    refused = Client(REMOTE_ADDR="10.0.2.1").post("/en/accounts/password/reset/", {"email": "VICTIM1@EXAMPLE.COM"})
    assert refused.status_code == 200 and "Too many attempts" in refused.content.decode()
