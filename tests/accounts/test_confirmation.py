"""Issue 17, item 1: a confirmation link confirms an address once, and never signs anyone in."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.test import Client

from innobelt.accounts import domain
from innobelt.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Keys published in the repository, now or in its history: the embedded default of innobelt/settings.py
# until issue 17, and the production-like key of tests/test_settings.py.
PUBLISHED_KEYS = [
    "innobelt-embedded-insecure-key-do-not-use-in-production",
    "x7" * 32 + "-production-like-secret-key",
    "", "secret", "django-insecure",
]
KEY_LITERAL = re.compile(r"""SECRET_KEY["']?\s*[:=]\s*[rbf]?["']([^"'\n]{4,})["']""")


def keys_in_repository() -> set[str]:
    """Every string literal assigned to SECRET_KEY in the repository's own files, plus the known ones."""
    found = set(PUBLISHED_KEYS)
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if not path.is_file() or parts[0] in {".venv", "var", ".git", "node_modules"} or path.suffix not in {
                ".py", ".md", ".txt", ".toml", ".cfg", ".ini", ".sh", ".yml", ".yaml", ".env", ""}:
            continue
        try:
            found.update(KEY_LITERAL.findall(path.read_text(errors="ignore")))
        except OSError:
            continue
    return found


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_forged_confirmation_token_signed_with_any_repository_key_signs_nobody_in():
    operator = UserFactory(email="operator@innobelt.local", is_superuser=True, is_staff=True, is_platform_operator=True)
    keys = keys_in_repository() | {settings.SECRET_KEY}
    assert "innobelt-embedded-insecure-key-do-not-use-in-production" in keys
    for key in keys:
        for salt in ("innobelt.accounts.confirm-email", domain.CONFIRM_SALT):
            for payload in ({"u": operator.pk, "e": operator.email}, {"u": operator.pk, "s": "0" * 32}):
                token = signing.dumps(payload, key=key, salt=salt)
                client = Client()
                response = client.get(f"/en/accounts/confirm/{token}/")
                assert response.status_code == 400, (key, salt, payload)
                assert not signed_in(client)
                assert client.get("/en/accounts/settings/").status_code == 302  # to the sign-in page
    assert settings.SECRET_KEY not in PUBLISHED_KEYS


def test_confirming_never_creates_a_session_and_a_used_link_is_refused(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = domain.register_user(email="new@example.com", password="s3cret-pass-99", consent_given=True)
    link = re.search(r"https?://[^/\s]+(/accounts/confirm/[^/\s]+/)", mail.outbox[-1].body).group(1)
    client = Client()
    response = client.get("/en" + link)
    assert response.status_code == 302 and response["Location"] == "/en/accounts/login/"
    assert not signed_in(client)
    assert User.objects.get(pk=user.pk).email_confirmed
    page = client.get(response["Location"])
    assert "Your e-mail address is confirmed. Please sign in." in page.content.decode()

    again = Client().get("/en" + link)
    assert again.status_code == 400
    assert "This confirmation link is invalid, has expired or was already used." in again.content.decode()
    assert not signed_in(client)


def test_confirming_while_signed_in_keeps_the_same_session_and_never_switches_account():
    owner = UserFactory(email_confirmed_at=None)
    someone_else = UserFactory()
    client = Client()
    client.force_login(someone_else)
    assert client.get(f"/en/accounts/confirm/{domain.confirmation_token(owner)}/").status_code == 302
    assert client.session["_auth_user_id"] == str(someone_else.pk)


def test_a_link_dies_when_the_password_or_address_changes():
    user = UserFactory(email_confirmed_at=None)
    token = domain.confirmation_token(user)
    user.set_password("another-pass-2027")
    user.save()
    with pytest.raises(ValidationError):
        domain.confirm_email(token=token)

    token = domain.confirmation_token(user)
    user.email = "changed@example.com"
    user.save()
    with pytest.raises(ValidationError):
        domain.confirm_email(token=token)
    assert domain.confirm_email(token=domain.confirmation_token(user)).email_confirmed


def test_a_confirmed_accounts_link_no_longer_validates():
    user = UserFactory(email_confirmed_at=None)
    token = domain.confirmation_token(user)
    domain.confirm_email(token=token)
    with pytest.raises(ValidationError):
        domain.confirm_email(token=token)
    with pytest.raises(ValidationError):  # nor does a new one: there is nothing left to confirm
        domain.confirm_email(token=domain.confirmation_token(User.objects.get(pk=user.pk)))
