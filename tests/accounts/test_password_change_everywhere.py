"""However a password changes (the admin, `manage.py changepassword`, a password reset, set_password and save
in code), every session opened under the old one ends and every API token is revoked, as on the settings page."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from innobelt.accounts import domain
from innobelt.accounts.models import ApiToken, UserSession
from innobelt.audit.models import AuditEntry
from tests.accounts.test_sessions import key_of, signed_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW = "a brand new passphrase 42"


@pytest.fixture
def victim():
    """A person signed in on two browsers, with an API token."""
    user = UserFactory()
    browsers = [signed_in(user), signed_in(user)]
    domain.create_api_token(user=user, name="script")
    assert UserSession.objects.filter(user=user).count() == 2
    return user, browsers


def everything_ended(user, browsers) -> bool:
    return (not UserSession.objects.filter(user=user).exists()
            and not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
            and all(b.get("/accounts/settings/").status_code == 302 for b in browsers))


def test_a_password_changed_in_the_admin_ends_the_persons_sessions_and_tokens(victim):
    user, browsers = victim
    operator = UserFactory(is_platform_operator=True, is_staff=True, is_superuser=True)
    admin = signed_in(operator)
    response = admin.post(f"/admin/accounts/user/{user.pk}/password/",
                          {"password1": NEW, "password2": NEW, "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert everything_ended(user, browsers)
    assert AuditEntry.objects.get(action="account.password_sessions_ended", target_id=str(user.pk)).data == {"count": 2}
    assert admin.get("/admin/").status_code == 200  # the operator's own session is not touched


def test_changepassword_ends_the_persons_sessions_and_tokens(victim, monkeypatch):
    user, browsers = victim
    from django.contrib.auth.management.commands import changepassword

    monkeypatch.setattr(changepassword.getpass, "getpass", lambda prompt="": NEW)  # the terminal's two answers
    call_command("changepassword", user.email, stdout=open("/dev/null", "w"))
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert everything_ended(user, browsers)


def test_a_password_reset_ends_the_persons_sessions_and_tokens(victim):
    user, browsers = victim
    user.refresh_from_db()  # the token is made from the last sign-in too
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    form = client.get(f"/en/accounts/password/reset/{uid}/{default_token_generator.make_token(user)}/", follow=True)
    response = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert everything_ended(user, browsers)


def test_set_password_and_save_in_code_ends_the_sessions_and_tokens(victim):
    user, browsers = victim
    user.set_password(NEW)
    user.save()
    assert everything_ended(user, browsers)
    user.display_name = "Another name"
    user.save()  # saving without a new password ends nothing
    again = signed_in(user, password=NEW)
    user.display_name = "A third name"
    user.save()
    assert again.get("/accounts/settings/").status_code == 200


def test_the_settings_page_still_keeps_its_own_session(victim):
    user, browsers = victim
    here = browsers[0]
    response = here.post("/accounts/settings/password/", {"current_password": "correct horse battery",
                                                          "new_password": NEW, "new_password_again": NEW})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert here.get("/accounts/settings/").status_code == 200 and browsers[1].get("/accounts/settings/").status_code == 302
    assert list(UserSession.objects.filter(user=user).values_list("session_key", flat=True)) == [key_of(here)]
    assert AuditEntry.objects.get(action="account.password_changed").data == {"sessions_ended": 1}
