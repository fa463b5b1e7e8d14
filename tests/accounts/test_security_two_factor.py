"""Two-step sign-in cannot be taken away or taken over by a borrowed session (ADR 0017): turning it on needs the
password (counted with the password page's limit); turning it off and making new recovery codes need a current
code (the authenticator's or a recovery code), each try counted with the sign-in codes' per-person limit
(LIMITS["otp_verify"], in the rate-limit cache); an operator whose role requires it cannot switch it off, neither
on the settings page nor by resetting their own on the operators' page."""

import time

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from innobelt.accounts import ratelimit
from innobelt.accounts.ratelimit import LIMITS
from innobelt.audit.models import AuditEntry
from innobelt.notifications.models import Notification
from tests.accounts.test_two_factor import PASSWORD, code_of, signed_in, turn_on
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PAGE = "/en/accounts/two-factor/"


def told(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user, kind="account.second_factor_changed")
                .order_by("pk").values_list("subject", flat=True))


def test_a_borrowed_session_cannot_turn_it_off_without_a_code():
    user = UserFactory()
    client = signed_in(user)
    turn_on(client, user)  # this session passed its second factor: what someone borrowing it has
    device = TOTPDevice.objects.get(user=user)
    for body in ({"action": "off"}, {"action": "off", "manage-code": ""}, {"action": "off", "manage-code": "000000x"}):
        response = client.post(PAGE, body)
        assert response.status_code == 200
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert "This code is not right" in response.content.decode()
    assert not AuditEntry.objects.filter(action="account.second_factor_disabled").exists()

    time.sleep(1.1)  # django-otp holds the device 1 s after a wrong code
    done = client.post(PAGE, {"action": "off", "manage-code": code_of(device, 1)})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists() and not StaticToken.objects.filter(device__user=user).exists()
    entry = AuditEntry.objects.get(action="account.second_factor_disabled")
    assert entry.actor == user and entry.data == {"confirmed_with": "authenticator"}
    assert "关闭两步验证登录" in told(user)[-1]  # in the person's language


def test_a_recovery_code_also_turns_it_off():
    user = UserFactory()
    client = signed_in(user)
    codes = turn_on(client, user)
    assert client.post(PAGE, {"action": "off", "manage-code": codes[3].upper()}).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEntry.objects.get(action="account.second_factor_disabled").data == {"confirmed_with": "recovery_code"}


def test_a_borrowed_session_cannot_make_new_recovery_codes_without_a_code():
    user = UserFactory()
    client = signed_in(user)
    codes = turn_on(client, user)
    refused = client.post(PAGE, {"action": "codes"})
    assert refused.status_code == 200 and not refused.context["recovery_codes"]
    assert sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == sorted(codes)
    assert not AuditEntry.objects.filter(action="account.recovery_codes_replaced").exists()

    new = client.post(PAGE, {"action": "codes", "manage-code": codes[0]})
    fresh = new.context["recovery_codes"]
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    assert sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == sorted(fresh)
    assert AuditEntry.objects.get(action="account.recovery_codes_replaced").data == {"confirmed_with": "recovery_code"}
    assert "已生成新的恢复码" in told(user)[-1]  # in the person's language


def test_guesses_share_one_limit_with_the_sign_in_codes():
    user = UserFactory()
    client = signed_in(user)
    turn_on(client, user)  # one code tried (and right): a session that passed its second factor
    device = TOTPDevice.objects.get(user=user)
    limit, _window = LIMITS["otp_verify"]
    other = signed_in(user)  # another sign-in, owing its code, guesses there
    for _n in range(limit // 2):
        other.post("/en/accounts/two-factor/verify/", {"code": "999999x"})
    for _n in range(limit - limit // 2 - 1):
        client.post(PAGE, {"action": "off", "manage-code": "999999x"})
    assert ratelimit.count("otp_verify", str(user.pk)) == limit
    # the limit is reached: even the right code is refused (before django-otp's own throttling is asked)
    refused = client.post(PAGE, {"action": "off", "manage-code": code_of(device, 1)})
    assert "Too many attempts" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_the_refusal_is_in_the_persons_language():
    user = UserFactory(preferred_language="zh-hans")
    client = signed_in(user)
    turn_on(client, user)
    response = client.post("/accounts/two-factor/"  # Chinese: the default language, no prefix
                           , {"action": "off", "manage-code": "12345x"})
    page = response.content.decode()
    assert "动态码不正确" in page and "如需生成新的恢复码或关闭两步验证登录" in page
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_an_operator_cannot_turn_it_off_even_with_a_right_code_and_no_code_is_spent(settings):
    settings.OPERATORS_NEED_SECOND_FACTOR = True
    operator = UserFactory(is_platform_operator=True)
    client = signed_in(operator)
    codes = turn_on(client, operator)
    tried = ratelimit.count("otp_verify", str(operator.pk))
    page = client.get(PAGE).content.decode()
    assert 'value="off"' not in page and 'value="codes"' in page
    response = client.post(PAGE, {"action": "off", "manage-code": codes[0]}, follow=True)
    assert "cannot be turned off" in response.content.decode()
    assert TOTPDevice.objects.filter(user=operator, confirmed=True).exists()
    assert StaticToken.objects.filter(device__user=operator, token=codes[0]).exists()  # not used up
    assert ratelimit.count("otp_verify", str(operator.pk)) == tried


def test_a_platform_operator_cannot_reset_their_own_second_factor(settings):
    """Resetting one's own would end the second factor and then let the session set up a new authenticator:
    a borrowed operator's session would keep the role's second factor for itself."""
    settings.OPERATORS_NEED_SECOND_FACTOR = True
    operator = UserFactory(is_platform_operator=True, email="op@example.cn")
    client = signed_in(operator)
    turn_on(client, operator)
    response = client.post("/en/operations/second-factor/", {"person": "op@example.cn", "confirm": "on"})
    assert response.status_code == 200
    assert "Another platform operator removes your own two-step sign-in." in response.content.decode()
    assert TOTPDevice.objects.filter(user=operator, confirmed=True).exists()
    assert not AuditEntry.objects.filter(action="account.second_factor_reset").exists()
    assert client.get("/en/operations/second-factor/").status_code == 200  # still verified

    other = UserFactory(is_platform_operator=True)
    other_client = signed_in(other)
    turn_on(other_client, other)
    assert other_client.post("/en/operations/second-factor/", {"person": "op@example.cn", "confirm": "on"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=operator).exists()


def test_a_borrowed_session_cannot_set_up_an_authenticator_of_its_own():
    """Someone with the session of a person without two-step sign-in would scan the key into their own phone: the
    person could then no longer sign in without them. The password is asked, its guesses counted."""
    user = UserFactory()
    client = signed_in(user)
    client.get(PAGE)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    missing = client.post(PAGE, {"action": "confirm", "code": code_of(device)})
    assert missing.status_code == 200 and not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    limit, _window = LIMITS["password_change"]
    for n in range(limit):  # the missing one above was not a guess
        wrong = client.post(PAGE, {"action": "confirm", "code": code_of(device), "password": f"guess-{n}"})
        assert "This is not your password." in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert not AuditEntry.objects.filter(action="account.second_factor_enabled").exists()
    assert ratelimit.count("password_change", str(user.pk)) == limit
    refused = client.post(PAGE, {"action": "confirm", "code": code_of(device), "password": PASSWORD})
    assert "Too many attempts" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_turning_it_on_with_the_password_in_chinese():
    user = UserFactory()
    client = signed_in(user)
    page = client.get("/accounts/two-factor/").content.decode()
    assert "输入密码以确认是您本人启用。" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post("/accounts/two-factor/", {"action": "confirm", "code": code_of(device), "password": "x"})
    assert "密码不正确。" in wrong.content.decode()
    done = client.post("/accounts/two-factor/", {"action": "confirm", "code": code_of(device), "password": PASSWORD})
    assert len(done.context["recovery_codes"]) == 10 and TOTPDevice.objects.get(user=user).confirmed
