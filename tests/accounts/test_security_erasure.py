"""Erasing one's account is confirmed by the password (ADR 0021): that check is a password oracle like the
password page's, so a borrowed session may guess the password there no faster than on the password page
(LIMITS["password_change"], per person, counted in the rate-limit cache, across the page and the API)."""

import pytest
from django.test import Client

from innobelt.accounts.models import User
from innobelt.accounts.ratelimit import LIMITS
from innobelt.audit.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "A-long-test-passphrase-42"


@pytest.fixture
def person():
    user = UserFactory(email="han.meimei@example.cn")
    user.set_password(PASSWORD)
    user.save()
    return user


def signed_in(user) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def test_guessing_the_password_on_the_erasure_page_stops_at_the_limit_and_erases_nothing(person):
    client = signed_in(person)
    limit, _window = LIMITS["password_change"]
    for n in range(limit):
        wrong = client.post("/en/accounts/settings/data/", {"password": f"guess-{n}", "confirm": "on"})
        assert wrong.status_code == 200 and "This is not your password." in wrong.content.decode()
    # the right password, once the guesses are used up: refused, the account stays
    refused = client.post("/en/accounts/settings/data/", {"password": PASSWORD, "confirm": "on"})
    assert refused.status_code == 200
    assert "Too many attempts. Please wait a while and try again." in refused.content.decode()
    person.refresh_from_db()
    assert person.is_active and person.email == "han.meimei@example.cn"
    assert not AuditEntry.objects.filter(action__startswith="account.eras").exists()


def test_the_api_and_the_page_share_one_count_of_guesses(person):
    client = signed_in(person)
    limit, _window = LIMITS["password_change"]
    for n in range(limit - 1):
        client.post("/en/accounts/settings/data/", {"password": f"guess-{n}", "confirm": "on"})
    last = client.post("/api/v1/me/erasure", {"password": "one-more-guess"}, content_type="application/json")
    assert last.status_code == 400 and "This is not your password." in str(last.json())
    refused = client.post("/api/v1/me/erasure", {"password": PASSWORD}, content_type="application/json")
    assert refused.status_code == 400 and "Too many attempts" in str(refused.json())
    assert User.objects.get(pk=person.pk).is_active


def test_the_password_page_and_the_erasure_share_one_count_of_guesses(person):
    client = signed_in(person)
    limit, _window = LIMITS["password_change"]
    for n in range(limit):
        client.post("/en/accounts/settings/password/", {"current_password": f"guess-{n}",
                                                         "new_password": "brand-new-pass-77",
                                                         "new_password_again": "brand-new-pass-77"})
    refused = client.post("/en/accounts/settings/data/", {"password": PASSWORD, "confirm": "on"})
    assert "Too many attempts. Please wait a while and try again." in refused.content.decode()
    assert User.objects.get(pk=person.pk).is_active


def test_a_right_password_within_the_limit_still_erases(person):
    client = signed_in(person)
    for n in range(3):
        client.post("/en/accounts/settings/data/", {"password": f"guess-{n}", "confirm": "on"})
    done = client.post("/en/accounts/settings/data/", {"password": PASSWORD, "confirm": "on"})
    assert done.status_code == 302
    assert not User.objects.get(pk=person.pk).is_active
