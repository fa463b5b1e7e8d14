"""Two-step sign-in (TOTP and recovery codes, django-otp): turning it on, the code at every sign-in, and
operators who cannot reach any operator page or endpoint without it: every page and API operation of the
permission matrix is tried by a platform and a district operator whose session has not passed its code."""

import time

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from innobelt.accounts.middleware import ALLOWED
from innobelt.audit.models import AuditEntry
from innobelt.notifications.models import Notification
from tests.factories import UserFactory
from tests.test_permission_matrix import API, PAGES, client_for, world_for_test

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"  # UserFactory's


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the person's phone shows (`steps_ahead` 30-second steps later: a code not used yet)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
                 drift=device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def turn_on(client, user) -> list[str]:
    page = client.get("/en/accounts/two-factor/")
    assert page.status_code == 200 and b"<svg" in page.content and b"Key:" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/en/accounts/two-factor/", {"action": "confirm", "code": code_of(device), "password": PASSWORD})
    assert response.status_code == 200
    return response.context["recovery_codes"]


def test_turning_it_on_needs_a_right_code_and_gives_recovery_codes_once():
    user = UserFactory()
    client = signed_in(user)
    client.get("/en/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=user)
    wrong = client.post("/en/accounts/two-factor/", {"action": "confirm", "code": "000000" if code_of(device) != "000000" else "111111",
                                                         "password": PASSWORD})
    assert "This code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get("/en/accounts/two-factor/").context["secret_base32"]  # the same device: the QR stays
    assert TOTPDevice.objects.filter(user=user).count() == 1

    time.sleep(1.1)  # django-otp holds the device 1 s after a wrong code (doubling with each one)
    codes = turn_on(client, user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert AuditEntry.objects.filter(action="account.second_factor_enabled", actor=user).exists()
    assert Notification.objects.filter(recipient=user, kind="account.second_factor_changed").exists()
    again = client.get("/en/accounts/two-factor/")
    assert again.context["enrolled"] and not again.context["recovery_codes"]  # shown only once


def test_after_turning_it_on_every_sign_in_asks_for_the_code():
    user = UserFactory()
    codes = turn_on(signed_in(user), user)
    client = signed_in(user)  # a new sign-in
    page = client.get("/en/accounts/settings/")
    assert page.status_code == 302 and page["Location"].startswith("/en/accounts/two-factor/verify/?next=")
    api = client.get("/api/v1/me/notifications")
    assert api.status_code == 403 and api.json()["error"]["code"] == "second_factor_required"

    device = TOTPDevice.objects.get(user=user)
    wrong = client.post("/en/accounts/two-factor/verify/", {"code": "12345a", "next": "/en/accounts/settings/"})
    assert wrong.status_code == 200 and "not right" in wrong.content.decode()
    assert AuditEntry.objects.filter(action="account.second_factor_failed", actor=user).exists()
    time.sleep(1.1)  # django-otp holds the device 1 s after a wrong code
    right = client.post("/en/accounts/two-factor/verify/", {"code": code_of(device, 1), "next": "/en/accounts/settings/"})
    assert right.status_code == 302 and right["Location"] == "/en/accounts/settings/"
    assert client.get("/en/accounts/settings/").status_code == 200
    assert client.get("/api/v1/me/notifications").status_code == 200

    # a recovery code signs in once
    other = signed_in(user)
    assert other.post("/en/accounts/two-factor/verify/", {"code": codes[0].upper()}).status_code == 302
    third = signed_in(user)
    reused = third.post("/en/accounts/two-factor/verify/", {"code": codes[0]})
    assert reused.status_code == 200 and third.get("/en/accounts/settings/").status_code == 302


def test_the_verify_page_sends_only_to_this_site():
    user = UserFactory()
    codes = turn_on(signed_in(user), user)
    client = signed_in(user)
    response = client.post("/en/accounts/two-factor/verify/", {"code": codes[1], "next": "https://evil.example/"})
    assert response.status_code == 302 and not response["Location"].startswith("https://evil")


def test_wrong_codes_are_limited_per_person():
    user = UserFactory()
    turn_on(signed_in(user), user)
    client = signed_in(user)
    device = TOTPDevice.objects.get(user=user)
    for _ in range(10):
        client.post("/en/accounts/two-factor/verify/", {"code": "999999x"})
    refused = client.post("/en/accounts/two-factor/verify/", {"code": code_of(device, 1)})
    assert "Too many attempts" in refused.content.decode()
    assert client.get("/en/accounts/settings/").status_code == 302


def test_a_person_without_two_factors_is_not_asked(settings):
    settings.OPERATORS_NEED_SECOND_FACTOR = True
    client = signed_in(UserFactory())
    assert client.get("/en/accounts/settings/").status_code == 200
    assert client.get("/api/v1/me/notifications").status_code == 200


@pytest.mark.parametrize("role", ["platform", "operator_w"])
def test_an_operator_without_a_second_factor_reaches_no_page_and_no_endpoint(settings, role):
    settings.OPERATORS_NEED_SECOND_FACTOR = True
    world = world_for_test()
    client = client_for(world, role)
    reached = []
    for name, (method, url, data, expected) in sorted(PAGES.items()):
        if name in ALLOWED or expected[role] in ("login",):
            continue
        address = url(world)
        response = getattr(client, method)(address, data(world) if data else {})
        if not (response.status_code == 302 and "/accounts/two-factor/" in response["Location"]):
            reached.append(f"{method.upper()} {address}: {response.status_code}")
    for operation, (target, _expected) in sorted(API.items()):
        method, path = operation.split(" ", 1)
        address, _body = target(world) if target else (path, None)
        response = getattr(client, method.lower())(address)
        if response.status_code != 403 or response.json()["error"]["code"] != "second_factor_required":
            reached.append(f"{operation}: {response.status_code}")
    assert not reached, reached
    # the way out: turn it on, then the operator pages open
    first = client.get("/en/admin/")
    assert first.status_code == 302 and first["Location"].startswith("/en/accounts/two-factor/?next=")
    turn_on(client, world.users[role])
    assert client.get("/en/admin/").status_code == 200


def test_an_operator_cannot_turn_it_off(settings):
    settings.OPERATORS_NEED_SECOND_FACTOR = True
    operator = UserFactory(is_platform_operator=True)
    client = signed_in(operator)
    codes = turn_on(client, operator)
    response = client.post("/en/accounts/two-factor/", {"action": "off", "manage-code": codes[0]}, follow=True)
    assert "cannot be turned off" in response.content.decode()
    assert TOTPDevice.objects.filter(user=operator, confirmed=True).exists()


def test_a_member_may_turn_it_off_from_a_verified_session():
    user = UserFactory()
    client = signed_in(user)
    codes = turn_on(client, user)
    client.post("/en/accounts/two-factor/", {"action": "off", "manage-code": codes[0]})  # a code confirms it
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert signed_in(user).get("/en/accounts/settings/").status_code == 200


def test_nobody_reads_an_authenticator_secret_in_the_admin():
    from django.contrib import admin
    from django_otp.plugins.otp_static.models import StaticDevice

    assert not admin.site.is_registered(TOTPDevice) and not admin.site.is_registered(StaticDevice)
