"""Issue 17, item 11: registration does not reveal which addresses and numbers have accounts, and
every link in an e-mail is absolute on SITE_URL."""

import re

import pytest
from django.core import mail
from django.test import Client, override_settings

from innobelt.accounts.models import User
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://innobelt.example.cn"
SITE_URL_DEFAULT = "http://127.0.0.1:8000"  # the embedded default


def register(client, email, mobile=""):
    return client.post("/en/accounts/register/", {"display_name": "Zhou", "email": email, "mobile": mobile,
                                                  "password": "a-long-pass-2026", "consent": "on"})


def answer(response) -> tuple:
    page = Client().get(response["Location"]) if response.status_code == 302 else None
    return response.status_code, response.get("Location"), page.status_code if page else None


def test_registering_a_taken_address_answers_as_a_success_and_tells_the_owner(django_capture_on_commit_callbacks):
    owner = UserFactory(email="owner@example.com", preferred_language="en")
    fresh, taken = Client(), Client()
    with django_capture_on_commit_callbacks(execute=True):
        new = register(fresh, "newcomer@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        again = register(taken, "OWNER@example.com")
    assert answer(new) == answer(again) == (302, "/en/accounts/login/", 200)
    assert "_auth_user_id" not in fresh.session and "_auth_user_id" not in taken.session
    assert set(fresh.cookies) == set(taken.cookies)
    assert User.objects.filter(email__iexact="owner@example.com").count() == 1
    to_owner = [m for m in mail.outbox if m.to == [owner.email]]
    assert len(to_owner) == 1 and "Someone tried to register on innobelt with your e-mail address" in to_owner[0].subject
    assert f"{SITE_URL_DEFAULT}/en/accounts/login/" in to_owner[0].body


def test_registering_a_taken_mobile_creates_the_account_without_it_and_tells_the_owner(django_capture_on_commit_callbacks):
    owner = UserFactory(mobile="13800138009", preferred_language="zh-hans")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, "someone@example.com", mobile="+86 138 0013 8009")
    with django_capture_on_commit_callbacks(execute=True):
        baseline = register(Client(), "other@example.com", mobile="13800138010")
    assert answer(response) == answer(baseline)
    assert User.objects.get(email="someone@example.com").mobile is None
    assert User.objects.get(pk=owner.pk).mobile == "13800138009"
    assert any(m.to == [owner.email] and "手机号码" in m.subject for m in mail.outbox)
    newcomer = [m for m in mail.outbox if m.to == ["someone@example.com"]][0]
    assert "could not be added" in newcomer.body


@override_settings(SITE_URL=SITE)
def test_every_link_in_an_e_mail_is_absolute_on_site_url(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(Client(HTTP_HOST="localhost"), "links@example.com")
    assert re.search(rf"{re.escape(SITE)}/en/accounts/confirm/[^\s/]+/", mail.outbox[-1].body)

    UserFactory(email="reset@example.com")
    Client(HTTP_HOST="localhost").post("/en/accounts/password/reset/", {"email": "reset@example.com"})
    assert re.search(rf"{re.escape(SITE)}/en/accounts/password/reset/[^\s/]+/[^\s/]+/", mail.outbox[-1].body)
    assert "localhost" not in mail.outbox[-1].body

    from innobelt.organisations.domain import invite_member
    from innobelt.organisations.models import Membership

    admin = UserFactory()
    organisation = OrganisationFactory()
    Membership.objects.create(user=admin, organisation=organisation, role=Membership.Role.ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        invite_member(actor=admin, organisation=organisation, email="colleague@example.com")
    assert re.search(rf"{re.escape(SITE)}/[^\s]*organisations/invitations/[^\s/]+/", mail.outbox[-1].body), mail.outbox[-1].body
    # notifications' links: tests/notifications/test_domain.py


def test_registering_someone_s_address_or_number_from_many_addresses_sends_them_few_e_mails(django_capture_on_commit_callbacks):
    """E-mail bombing: the owner's notice is sent at most a few times an hour, however many addresses ask (the
    per-address limit of registration does not protect the owner); the answer stays that of a success."""
    owner = UserFactory(email="bombed@example.com", mobile="13800138011", preferred_language="en")
    for n in range(12):
        client = Client(REMOTE_ADDR=f"203.0.113.{n + 1}")
        with django_capture_on_commit_callbacks(execute=True):
            taken_email = register(client, "bombed@example.com")
        with django_capture_on_commit_callbacks(execute=True):
            taken_mobile = register(client, f"newcomer{n}@example.com", mobile="13800138011")
        assert answer(taken_email) == answer(taken_mobile) == (302, "/en/accounts/login/", 200)
    to_owner = [m for m in mail.outbox if m.to == [owner.email]]
    assert 1 <= len(to_owner) <= 3
