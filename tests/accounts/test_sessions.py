"""A person's sessions: listed with browser, address and times, this one marked; ending one or all others
deletes them from the store (ADR 0015)."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.test import Client

from innobelt.accounts import domain, sessions
from innobelt.accounts.models import UserSession
from innobelt.audit.models import AuditEntry
from innobelt.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")


def signed_in(user, *, agent="", address="127.0.0.1", password=PASSWORD) -> Client:
    """A browser that signed in through the sign-in page."""
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"username": user.email, "password": password})
    assert response.status_code == 302, response.content[:500]
    return client


def key_of(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_the_engine_is_the_database_one_that_knows_whose_session_it_is():
    assert settings.SESSION_ENGINE == "innobelt.accounts.sessions"


def test_signing_in_records_the_browser_address_and_times():
    user = UserFactory()
    client = signed_in(user, agent=FIREFOX, address="203.0.113.9")
    row = UserSession.objects.get(user=user)
    assert row.session_key == key_of(client)
    assert row.key_hash == sessions.key_hash(row.session_key) and row.key_hash != row.session_key
    assert (row.user_agent, row.ip_address) == (FIREFOX, "203.0.113.9")
    assert row.created_at is not None and row.last_seen == row.created_at


def test_last_seen_is_written_at_most_once_a_minute(monkeypatch):
    user = UserFactory()
    now = [1_900_000_000]
    monkeypatch.setattr(sessions.time, "time", lambda: now[0])
    client = signed_in(user)
    first = UserSession.objects.get(user=user).last_seen
    now[0] += 59
    client.get("/accounts/settings/")
    assert UserSession.objects.get(user=user).last_seen == first
    now[0] += 1
    client.get("/accounts/settings/", REMOTE_ADDR="198.51.100.7")
    row = UserSession.objects.get(user=user)
    assert (row.last_seen - first).total_seconds() == 60
    assert row.ip_address == "198.51.100.7" and row.created_at == first


def test_anonymous_visits_are_not_tracked():
    Client().get("/")
    assert not UserSession.objects.filter(user__isnull=False).exists()


def test_the_page_lists_only_ones_own_sessions_and_marks_this_one():
    user, other = UserFactory(), UserFactory()
    here = signed_in(user, agent=FIREFOX)
    signed_in(user, agent=IPHONE)
    signed_in(other, agent="SOMEONE-ELSES-BROWSER")
    html = here.get("/en/accounts/settings/sessions/").content.decode()
    assert "Firefox on Windows" in html and "Safari on iPhone" in html
    assert "SOMEONE-ELSES-BROWSER" not in html
    assert html.count("this session") == 1
    assert key_of(here) not in html  # the key is never shown, only its hash
    mine = UserSession.objects.get(session_key=key_of(here))
    assert f"/sessions/{mine.key_hash}/end/" not in html  # no button to end the session in use
    phone = UserSession.objects.get(user=user, user_agent=IPHONE)
    assert f"/sessions/{phone.key_hash}/end/" in html


def test_ending_a_session_signs_that_browser_out_at_once():
    user = UserFactory()
    here, phone = signed_in(user, agent=FIREFOX), signed_in(user, agent=IPHONE)
    ref = UserSession.objects.get(session_key=key_of(phone)).key_hash
    response = here.post(f"/accounts/settings/sessions/{ref}/end/")
    assert response.status_code == 302
    assert not UserSession.objects.filter(key_hash=ref).exists()  # gone from the store
    assert phone.get("/accounts/settings/").status_code == 302  # sent to sign in
    assert here.get("/accounts/settings/").status_code == 200
    assert AuditEntry.objects.filter(action="account.session_ended", actor=user).count() == 1
    assert Notification.objects.filter(recipient=user, kind="account.sessions_ended").count() == 1


def test_the_session_in_use_is_not_ended_from_the_list():
    user = UserFactory()
    here = signed_in(user)
    with pytest.raises(ValidationError):
        domain.end_session(user=user, ref=sessions.key_hash(key_of(here)), current_session_key=key_of(here))
    assert here.post(f"/accounts/settings/sessions/{sessions.key_hash(key_of(here))}/end/").status_code == 302
    assert here.get("/accounts/settings/").status_code == 200


def test_ending_every_other_session_keeps_this_one():
    user, other = UserFactory(), UserFactory()
    here, a, b = signed_in(user), signed_in(user), signed_in(user)
    bystander = signed_in(other)
    assert here.post("/accounts/settings/sessions/end-others/").status_code == 302
    assert list(UserSession.objects.filter(user=user).values_list("session_key", flat=True)) == [key_of(here)]
    assert [c.get("/accounts/settings/").status_code for c in (here, a, b, bystander)] == [200, 302, 302, 200]
    assert AuditEntry.objects.get(action="account.sessions_ended").data == {"count": 2}


def test_nobody_ends_another_persons_session_by_guessing_its_reference():
    victim, intruder = UserFactory(), UserFactory()
    victims = signed_in(victim)
    ref = UserSession.objects.get(user=victim).key_hash
    guesser = signed_in(intruder)
    assert guesser.post(f"/accounts/settings/sessions/{ref}/end/").status_code == 404
    assert guesser.post(f"/accounts/settings/sessions/{'0' * 64}/end/").status_code == 404
    guesser.post("/accounts/settings/sessions/end-others/")
    assert UserSession.objects.filter(key_hash=ref).exists()
    assert victims.get("/accounts/settings/").status_code == 200
    with pytest.raises(UserSession.DoesNotExist):
        domain.end_session(user=intruder, ref=ref, current_session_key=None)


def test_changing_the_password_deletes_the_other_sessions_from_the_store():
    user = UserFactory()
    here, elsewhere = signed_in(user), signed_in(user)
    gone = key_of(elsewhere)
    here.post("/accounts/settings/password/", {
        "current_password": PASSWORD, "new_password": "tangerine-lantern-42", "new_password_again": "tangerine-lantern-42"})
    assert not UserSession.objects.filter(session_key=gone).exists()
    [kept] = UserSession.objects.filter(user=user)
    assert kept.session_key == key_of(here)  # a new key (update_session_auth_hash), the device kept
    assert kept.created_at is not None and here.get("/accounts/settings/").status_code == 200


def test_sessions_under_an_earlier_password_are_not_listed():
    user = UserFactory()
    phone = signed_in(user, agent=IPHONE)
    user.set_password("tangerine-lantern-42")  # a change elsewhere: User.save ends every session (after_password_change)
    user.save()
    here = signed_in(user, agent=FIREFOX, password="tangerine-lantern-42")
    assert not UserSession.objects.filter(session_key=key_of(phone)).exists()
    html = here.get("/en/accounts/settings/sessions/").content.decode()
    assert "iPhone" not in html and "Firefox on Windows" in html


def test_a_session_under_a_hash_changed_without_save_is_not_listed_either():
    """A hash written past User.save (a queryset update) ends no session, but the list still leaves it out."""
    user = UserFactory()
    phone = signed_in(user, agent=IPHONE)
    type(user).objects.filter(pk=user.pk).update(password=make_password("tangerine-lantern-42"))
    here = signed_in(user, agent=FIREFOX, password="tangerine-lantern-42")
    assert UserSession.objects.filter(session_key=key_of(phone)).exists()
    html = here.get("/en/accounts/settings/sessions/").content.decode()
    assert "iPhone" not in html and "Firefox on Windows" in html


def test_deleting_a_person_deletes_their_sessions():
    user = UserFactory()
    signed_in(user)
    user.delete()
    assert not UserSession.objects.exists()


@pytest.mark.parametrize(("agent", "name"), [
    (FIREFOX, "Firefox on Windows"), (IPHONE, "Safari on iPhone"),
    ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 "
     "MicroMessenger/8.0.49", "WeChat on Android"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 "
     "Edg/126.0", "Edge on macOS"),
    ("curl/8.5", "Unknown browser"), ("", "Unknown browser"),
])
def test_a_browser_gets_a_short_name(agent, name):
    from django.utils import translation

    with translation.override("en"):
        assert sessions.describe_user_agent(agent) == name
