"""Issue 17, item 2: SMS sign-in codes cannot be guessed without limit, and say nothing about
which numbers have accounts."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from innobelt.accounts import domain, ratelimit, sms
from innobelt.accounts.models import SignInCode
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def last_code() -> str:
    return re.search(r"\d{6}", sms.outbox[-1][1]).group(0)


def test_twelve_wrong_codes_burn_the_code_and_every_attempt_is_recorded():
    UserFactory(mobile="13912345001")
    domain.send_sign_in_code(mobile="13912345001")
    code = last_code()
    for n in range(12):
        with pytest.raises(ValidationError):
            domain.sign_in_with_code(mobile="13912345001", code=wrong(code))
        if n < domain.CODE_MAX_ATTEMPTS:  # each failure is committed, not rolled back with the error
            assert SignInCode.objects.get().attempts == n + 1
    with pytest.raises(ValidationError):
        domain.sign_in_with_code(mobile="13912345001", code=code)
    entry = SignInCode.objects.get()
    assert entry.attempts == domain.CODE_MAX_ATTEMPTS and entry.used_at is None


def test_wrong_codes_add_up_across_codes_for_a_number():
    UserFactory(mobile="13912345002")
    for _ in range(domain.FAILURES_PER_HOUR // domain.CODE_MAX_ATTEMPTS):
        domain.send_sign_in_code(mobile="13912345002")
        for _ in range(domain.CODE_MAX_ATTEMPTS):
            with pytest.raises(ValidationError):
                domain.sign_in_with_code(mobile="13912345002", code=wrong(last_code()))
    domain.send_sign_in_code(mobile="13912345002")
    with pytest.raises(ValidationError):  # a fresh, right code: the number has used up its guesses this hour
        domain.sign_in_with_code(mobile="13912345002", code=last_code())


def test_sms_code_guesses_are_limited_per_address_across_numbers():
    limit, _window = ratelimit.LIMITS["sms_verify"]
    UserFactory(mobile="13912345003")
    client = Client()
    client.post("/en/accounts/login/sms/", {"step": "send", "mobile": "13912345003"})
    code = last_code()
    for n in range(limit):  # a few guesses at many numbers: no number reaches its own limit
        client.post("/en/accounts/login/sms/", {"step": "verify", "mobile": f"1391234{n:04d}", "code": "000000"})
    refused = client.post("/en/accounts/login/sms/", {"step": "verify", "mobile": "13912345003", "code": code})
    assert "Too many attempts" in refused.content.decode() and "_auth_user_id" not in client.session
    elsewhere = Client(REMOTE_ADDR="10.9.8.7")
    assert elsewhere.post("/en/accounts/login/sms/", {"step": "verify", "mobile": "13912345003", "code": code}).status_code == 302


def test_asking_for_codes_answers_the_same_for_registered_and_unknown_numbers():
    UserFactory(mobile="13912345004")
    answers = {}
    for mobile in ("13912345004", "13912345999"):
        client = Client(REMOTE_ADDR=f"10.0.0.{len(answers) + 1}")
        pages = [client.post("/en/accounts/login/sms/", {"step": "send", "mobile": mobile}).content.decode()
                 for _ in range(domain.CODES_PER_HOUR + 1)]
        answers[mobile] = ["Too many codes were requested for this number" in page for page in pages]
    assert answers["13912345004"] == answers["13912345999"] == [False] * domain.CODES_PER_HOUR + [True]
    assert len(sms.outbox) == domain.CODES_PER_HOUR  # the registered number only
