"""The admin's own password page (/admin/password_change/) checks the current password like the settings page:
the same per-person limit of guesses (LIMITS["password_change"]), so a borrowed operator's session cannot guess
the password there without end."""

import pytest
from django.test import Client

from innobelt.accounts.ratelimit import LIMITS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"  # the factory's


def change(client: Client, current: str):
    return client.post("/en/admin/password_change/", {"old_password": current, "new_password1": "brand-new-pass-77",
                                                      "new_password2": "brand-new-pass-77"})


def test_guessing_the_current_password_in_the_admin_stops_at_the_limit():
    operator = UserFactory(is_staff=True, is_superuser=True, is_platform_operator=True)
    admin = Client()
    admin.force_login(operator)
    limit, _window = LIMITS["password_change"]
    for n in range(limit):
        wrong = change(admin, f"guess-{n}")
        assert wrong.status_code == 200  # the form again, with its error
    refused = change(admin, PASSWORD)
    assert refused.status_code != 302 or refused["Location"].endswith("/admin/password_change/")
    assert "Too many attempts. Please wait a while and try again." in admin.get("/en/admin/password_change/").content.decode()
    operator.refresh_from_db()
    assert operator.check_password(PASSWORD)


def test_the_settings_page_and_the_admin_share_one_count():
    operator = UserFactory(is_staff=True, is_superuser=True, is_platform_operator=True)
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(operator)
    limit, _window = LIMITS["password_change"]
    for n in range(limit):
        client.post("/en/accounts/settings/password/", {"current_password": f"guess-{n}",
                                                         "new_password": "brand-new-pass-77",
                                                         "new_password_again": "brand-new-pass-77"})
    change(client, PASSWORD)
    operator.refresh_from_db()
    assert operator.check_password(PASSWORD)


def test_a_right_password_within_the_limit_still_changes_it():
    operator = UserFactory(is_staff=True, is_superuser=True, is_platform_operator=True)
    admin = Client()
    admin.force_login(operator)
    change(admin, "guess")
    assert change(admin, PASSWORD).status_code == 302
    operator.refresh_from_db()
    assert operator.check_password("brand-new-pass-77")
