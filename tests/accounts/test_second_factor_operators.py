"""Operators and second factors (ADR 0017): a platform operator resets the two-step sign-in of someone who
lost phone and recovery codes (audited, told to the person, their sessions ended); an API token of a person
whose role requires a second factor is refused until they set one up."""

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from innobelt.accounts.domain import create_api_token
from innobelt.accounts.models import UserSession
from innobelt.audit.models import AuditEntry
from innobelt.notifications.models import Notification
from tests.accounts.test_two_factor import signed_in, turn_on
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PAGE = "/en/operations/second-factor/"


def test_a_platform_operator_resets_a_persons_second_factor(settings):
    person = UserFactory(email="lost-phone@example.cn")
    own = signed_in(person)
    turn_on(own, person)
    assert TOTPDevice.objects.filter(user=person).exists() and StaticDevice.objects.filter(user=person).exists()
    operator = UserFactory(is_platform_operator=True)
    client = signed_in(operator)
    assert client.get(PAGE).status_code == 200
    response = client.post(PAGE, {"person": "LOST-PHONE@example.cn", "confirm": "on"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists() and not StaticDevice.objects.filter(user=person).exists()
    entry = AuditEntry.objects.get(action="account.second_factor_reset")
    assert entry.actor == operator and entry.data["removed"] >= 2 and entry.data["sessions_ended"] >= 1
    told = Notification.objects.filter(recipient=person, kind="account.second_factor_changed").order_by("pk")
    assert told.count() == 2 and "平台运营方" in told.last().subject  # turned on, then reset (in their language)
    assert not UserSession.objects.filter(user=person).exists()  # the old verified session is over
    assert client.get(PAGE).status_code == 200  # the operator's own session stays


def test_unknown_person_and_missing_confirmation_change_nothing():
    client = signed_in(UserFactory(is_platform_operator=True))
    response = client.post(PAGE, {"person": "nobody@example.cn", "confirm": "on"})
    assert response.status_code == 200 and "Nobody active" in response.content.decode()
    person = UserFactory(email="someone@example.cn")
    TOTPDevice.objects.create(user=person, name="authenticator", confirmed=True)
    assert client.post(PAGE, {"person": "someone@example.cn"}).status_code == 200
    assert TOTPDevice.objects.filter(user=person).exists() and not AuditEntry.objects.filter(
        action="account.second_factor_reset").exists()


@pytest.mark.parametrize("who", ["member", "district"])
def test_only_platform_operators_may_reset(who):
    user = UserFactory()
    if who == "district":
        from tests.factories import CityFactory

        user.operator_cities.add(CityFactory())
    assert signed_in(user).get(PAGE).status_code == 403
    assert Client().get(PAGE).status_code == 302  # to sign in


def test_an_operators_api_token_is_refused_until_a_second_factor_is_set_up(settings):
    settings.OPERATORS_NEED_SECOND_FACTOR = True
    operator = UserFactory(is_platform_operator=True)
    _token, secret = create_api_token(user=operator, name="script")
    headers = {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}
    refused = Client().get("/api/v1/me/notifications", headers=headers)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "second_factor_required"
    TOTPDevice.objects.create(user=operator, name="authenticator", confirmed=True)
    assert Client().get("/api/v1/me/notifications", headers=headers).status_code == 200
    member = UserFactory()
    _token, member_secret = create_api_token(user=member, name="script")
    assert Client().get("/api/v1/me/notifications", headers={"Authorization": f"Bearer {member_secret}"}).status_code == 200


def test_a_reset_revokes_the_persons_api_tokens_too():
    """Who lost both phone and recovery codes may have lost them to someone else: the tokens made while the old
    second factor stood end with it, or they would work again once a new one is set up."""
    person = UserFactory(email="lost-tokens@example.cn")
    turn_on(signed_in(person), person)
    token, _secret = create_api_token(user=person, name="laptop")
    signed_in(UserFactory(is_platform_operator=True)).post(PAGE, {"person": "lost-tokens@example.cn", "confirm": "on"})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.get(action="account.tokens_revoked").data == {"reason": "second_factor_reset", "count": 1}
