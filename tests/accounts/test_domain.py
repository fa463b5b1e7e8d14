import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from innobelt.accounts import domain, sms
from innobelt.accounts.models import ApiToken, Consent, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_register_records_consent_and_sends_confirmation(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = domain.register_user(email="Li.Na@Example.com", password="s3cret-pass-99", display_name="李娜",
                                    mobile="+86 138-0013-8000", consent_given=True)
    assert (user.email, user.mobile, user.email_confirmed) == ("li.na@example.com", "13800138000", False)
    assert Consent.objects.get(user=user).purpose == "registration"
    link = re.search(r"/accounts/confirm/([^/\s]+)/", mail.outbox[-1].body).group(1)
    assert domain.confirm_email(token=link).email_confirmed


def test_register_without_consent_creates_nothing():
    with pytest.raises(ValidationError) as exc:
        domain.register_user(email="a@example.com", password="s3cret-pass-99", consent_given=False)
    assert "consent" in exc.value.message_dict
    assert not User.objects.exists()


def test_bad_mobile_is_refused_and_a_taken_email_is_not_revealed():
    UserFactory(email="taken@example.com")
    with pytest.raises(ValidationError) as exc:
        domain.register_user(email="TAKEN@example.com", password="s3cret-pass-99", mobile="12345", consent_given=True)
    assert set(exc.value.message_dict) == {"mobile"}  # a format error; whether the address is taken is not said
    assert domain.register_user(email="TAKEN@example.com", password="s3cret-pass-99", consent_given=True) is None
    assert User.objects.count() == 1


def test_tampered_confirmation_token_is_refused():
    user = UserFactory(email_confirmed_at=None)
    with pytest.raises(ValidationError):
        domain.confirm_email(token=domain.confirmation_token(user) + "x")


def test_sms_sign_in_code_roundtrip_and_limits():
    user = UserFactory(mobile="13912345678")
    domain.send_sign_in_code(mobile="139 1234 5678")
    mobile, text = sms.outbox[-1]
    code = re.search(r"\d{6}", text).group(0)
    with pytest.raises(ValidationError):
        domain.sign_in_with_code(mobile=mobile, code="000000" if code != "000000" else "111111")
    assert domain.sign_in_with_code(mobile=mobile, code=code) == user
    with pytest.raises(ValidationError):  # used once only
        domain.sign_in_with_code(mobile=mobile, code=code)


def test_sms_to_unknown_number_sends_nothing_but_says_nothing():
    domain.send_sign_in_code(mobile="13700000000")
    assert sms.outbox == []


def test_sms_rate_limit():
    UserFactory(mobile="13612345678")
    for _ in range(domain.CODES_PER_HOUR):
        domain.send_sign_in_code(mobile="13612345678")
    with pytest.raises(ValidationError):
        domain.send_sign_in_code(mobile="13612345678")


def test_api_tokens_are_hashed_and_revocable():
    user = UserFactory()
    token, secret = domain.create_api_token(user=user, name="ERP sync")
    assert secret not in token.token_hash and token.token_hash == ApiToken.hash_secret(secret)
    assert domain.user_for_api_token(secret) == user
    domain.revoke_api_token(user=user, token_id=token.pk)
    assert domain.user_for_api_token(secret) is None
