"""Changing one's password, name and preferred language (issue 19, Accounts)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from innobelt.accounts import domain
from innobelt.accounts.models import ApiToken
from innobelt.audit.models import AuditEntry
from innobelt.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OLD = "correct horse battery"  # UserFactory's password
NEW = "tangerine-lantern-42"


def test_the_current_password_is_required():
    user = UserFactory()
    with pytest.raises(ValidationError) as exc:
        domain.change_password(user=user, current_password="wrong", new_password=NEW)
    assert set(exc.value.message_dict) == {"current_password"}
    user.refresh_from_db()
    assert user.check_password(OLD)
    assert not AuditEntry.objects.filter(action="account.password_changed").exists()


@pytest.mark.parametrize("weak", ["12345678901", "password123", "short"])
def test_djangos_password_validators_apply(weak):
    user = UserFactory(email="zhang.wei@example.com")
    with pytest.raises(ValidationError) as exc:
        domain.change_password(user=user, current_password=OLD, new_password=weak)
    assert set(exc.value.message_dict) == {"new_password"}
    user.refresh_from_db()
    assert user.check_password(OLD)


def test_a_password_like_the_persons_address_is_refused():
    user = UserFactory(email="tangerine.lantern@example.com")
    with pytest.raises(ValidationError) as exc:
        domain.change_password(user=user, current_password=OLD, new_password="tangerine.lantern")
    assert "new_password" in exc.value.message_dict


def test_a_change_is_audited_told_by_email_in_the_persons_language_and_revokes_tokens(django_capture_on_commit_callbacks):
    user = UserFactory(preferred_language="en")
    domain.create_api_token(user=user, name="script")
    with django_capture_on_commit_callbacks(execute=True):
        domain.change_password(user=user, current_password=OLD, new_password=NEW)
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert AuditEntry.objects.filter(action="account.password_changed", actor=user).count() == 1
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "password was changed" in mail.outbox[0].subject
    assert "/en/accounts/password/reset/" in mail.outbox[0].body  # if it was not them: reset, in their language
    assert Notification.objects.get(recipient=user).kind == "account.password_changed"
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_the_notice_follows_the_preferred_language_not_the_page(django_capture_on_commit_callbacks):
    from django.utils import translation

    user = UserFactory(preferred_language="zh-hans")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        domain.change_password(user=user, current_password=OLD, new_password=NEW)
    assert "密码" in mail.outbox[0].subject


def test_changing_the_password_keeps_this_session_and_ends_the_others(django_capture_on_commit_callbacks):
    user = UserFactory()
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = here.post("/accounts/settings/password/", {
            "current_password": OLD, "new_password": NEW, "new_password_again": NEW})
    assert response.status_code == 302
    assert here.get("/accounts/settings/").status_code == 200
    assert elsewhere.get("/accounts/settings/").status_code == 302  # sent to sign in
    user.refresh_from_db()
    assert user.check_password(NEW)


def test_the_password_page_shows_errors_and_changes_nothing():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    assert client.get("/accounts/settings/password/").status_code == 200
    mismatch = client.post("/accounts/settings/password/", {
        "current_password": OLD, "new_password": NEW, "new_password_again": NEW + "x"})
    wrong = client.post("/accounts/settings/password/", {
        "current_password": "nope", "new_password": NEW, "new_password_again": NEW})
    assert (mismatch.status_code, wrong.status_code) == (200, 200)
    assert "current_password" in wrong.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(OLD)


def test_the_name_is_changed_stripped_audited_and_never_blank():
    user = UserFactory(display_name="Old Name")
    domain.change_name(user=user, display_name="  李娜  ")
    user.refresh_from_db()
    assert user.display_name == "李娜"
    assert AuditEntry.objects.filter(action="account.name_changed", actor=user).count() == 1
    with pytest.raises(ValidationError) as exc:
        domain.change_name(user=user, display_name="   ")
    assert set(exc.value.message_dict) == {"display_name"}
    domain.change_name(user=user, display_name="李娜")  # unchanged: nothing to record
    assert AuditEntry.objects.filter(action="account.name_changed").count() == 1


def test_the_preferred_language_is_one_of_the_sites_and_notifications_follow_it():
    from innobelt.notifications.domain import notify

    user = UserFactory(preferred_language="zh-hans")
    with pytest.raises(ValidationError) as exc:
        domain.change_language(user=user, language="fr")
    assert set(exc.value.message_dict) == {"preferred_language"}
    domain.change_language(user=user, language="en")
    user.refresh_from_db()
    assert user.preferred_language == "en"
    entry = AuditEntry.objects.get(action="account.language_changed")
    assert entry.data == {"from": "zh-hans", "to": "en"}
    from django.utils.translation import gettext as _

    [note] = notify([user], kind="test", subject=lambda: _("Account settings"), body=lambda: "")
    assert note.subject == "Account settings"


def test_the_profile_page_changes_name_and_language():
    user = UserFactory(display_name="Old", preferred_language="zh-hans")
    client = Client()
    client.force_login(user)
    page = client.get("/en/accounts/settings/profile/")
    assert page.status_code == 200 and 'value="Old"' in page.content.decode()
    response = client.post("/en/accounts/settings/profile/", {"display_name": "New", "preferred_language": "en"})
    assert response.status_code == 302 and response["Location"] == "/en/accounts/settings/"
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == ("New", "en")
    refused = client.post("/en/accounts/settings/profile/", {"display_name": "", "preferred_language": "xx"})
    assert refused.status_code == 200
    assert set(refused.context["form"].errors) == {"display_name", "preferred_language"}


def test_the_settings_page_shows_name_language_and_links():
    user = UserFactory(display_name="Zhang", preferred_language="en")
    client = Client()
    client.force_login(user)
    html = client.get("/en/accounts/settings/").content.decode()
    assert "Zhang" in html and "English" in html
    assert 'href="/en/accounts/settings/password/"' in html and 'href="/en/accounts/settings/profile/"' in html


@pytest.mark.parametrize("hidden", ["\u202eCOMAC", "Li\u200bNa", "Li\u2066Na"])
def test_a_name_with_text_direction_or_invisible_characters_is_refused(hidden):
    user = UserFactory(display_name="Before")
    with pytest.raises(ValidationError) as exc:
        domain.change_name(user=user, display_name=hidden)
    assert set(exc.value.message_dict) == {"display_name"}
    user.refresh_from_db()
    assert user.display_name == "Before"
