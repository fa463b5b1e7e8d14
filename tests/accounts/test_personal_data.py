"""PIPL (ADR 0021): a person downloads everything the platform holds about them (account, consents, sessions,
tokens, memberships, messages they wrote, files they uploaded) and erases their account: personal fields
cleared, sign-in impossible, records others need kept under a pseudonym, both audited."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.accounts.domain import create_api_token
from innobelt.accounts.models import Consent, User
from innobelt.audit.models import AuditEntry
from innobelt.conversations import domain as conversations
from innobelt.conversations.models import Message
from innobelt.files import domain as files
from innobelt.files.models import StoredFile
from innobelt.organisations.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.files.helpers import png_bytes

pytestmark = pytest.mark.django_db
PASSWORD = "A-long-test-passphrase-42"


@pytest.fixture
def person():
    user = UserFactory(email="li.lei@example.cn", mobile="13800138000", display_name="李雷")
    user.set_password(PASSWORD)
    user.save()
    firm = MembershipFactory(user=user, role=Membership.Role.ADMIN).organisation
    lab = OrganisationFactory(name_en="Partner lab")
    MembershipFactory(organisation=lab, role=Membership.Role.ADMIN)
    Consent.objects.create(user=user, purpose="registration", policy_version="2026-01", ip_address="192.0.2.7")
    thread, _created = conversations.start_thread(actor=user, from_org=firm, to_org=lab, body="我们想预约电镜。")
    files.store_upload(actor=user, organisation=firm, kind="photo", upload=SimpleUploadedFile("lab.png", png_bytes()))
    return user


def signed_in(user) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def test_the_download_holds_everything_about_the_person(person):
    client = signed_in(person)
    assert client.get("/en/accounts/settings/data/").status_code == 200
    response = client.post("/en/accounts/settings/data/download/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "li.lei@example.cn" and data["account"]["mobile"] == "13800138000"
    assert data["consents"][0]["policy_version"] == "2026-01"
    assert len(data["sessions"]) == 1 and data["memberships"][0]["role"] == "admin"
    assert [m["body"] for m in data["messages"]] == ["我们想预约电镜。"]
    assert [f["name"] for f in data["files_uploaded"]] == ["lab.png"]
    assert AuditEntry.objects.filter(action="account.data_exported", actor=person).exists()
    assert client.get("/en/accounts/settings/data/download/").status_code == 405  # never by a prefetching GET


def test_the_api_gives_the_same_document(person):
    _token, secret = create_api_token(user=person, name="export")
    response = Client().get("/api/v1/me/personal-data", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    body = response.json()
    assert body["account"]["email"] == "li.lei@example.cn" and body["api_tokens"][0]["name"] == "export"
    assert {"consents", "sessions", "memberships", "messages", "files_uploaded"} <= set(body)


def test_erasure_anonymises_the_account_and_keeps_what_others_need(person):
    client = signed_in(person)
    message, upload = Message.objects.get(author=person), StoredFile.objects.get(uploaded_by=person)
    response = client.post("/en/accounts/settings/data/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    person = User.objects.get(pk=person.pk)
    assert person.email == f"erased-{person.pk}@erased.invalid" and person.mobile is None and not person.display_name
    assert not person.is_active and not person.has_usable_password()
    assert not Membership.objects.filter(user=person).exists() and not person.sessions.exists()
    assert not person.api_tokens.exists() and Consent.objects.get(user=person).withdrawn_at is not None
    assert Consent.objects.get(user=person).ip_address is None
    assert Message.objects.get(pk=message.pk).author == person and StoredFile.objects.filter(pk=upload.pk).exists()
    actions = list(AuditEntry.objects.filter(target_id=str(person.pk), action__startswith="account.eras")
                   .values_list("action", "data"))
    assert [a for a, _d in actions] == ["account.erasure_requested", "account.erased"] or \
        sorted(a for a, _d in actions) == ["account.erased", "account.erasure_requested"]
    assert all(d["pseudonym"] == f"erased-{person.pk}" for _a, d in actions)
    assert client.get("/en/accounts/settings/").status_code == 302  # signed out
    assert not AuditEntry.objects.filter(target_repr__contains="李雷").exists()  # a pseudonym in the trail
    names = set(AuditEntry.objects.filter(target_id=str(person.pk), target_type="accounts.user")
                .values_list("target_repr", flat=True))
    assert names and all(n.startswith(f"erased-{person.pk}") for n in names)


def test_a_wrong_password_or_an_operator_changes_nothing(person):
    client = signed_in(person)
    response = client.post("/en/accounts/settings/data/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200 and User.objects.get(pk=person.pk).email == "li.lei@example.cn"
    operator = UserFactory(is_platform_operator=True)
    operator.set_password(PASSWORD)
    operator.save()
    response = signed_in(operator).post("/en/accounts/settings/data/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 200 and User.objects.get(pk=operator.pk).is_active
    assert not AuditEntry.objects.filter(action="account.erased").exists()


def test_erasure_through_the_api_needs_a_session_and_the_password(person):
    _token, secret = create_api_token(user=person, name="script")
    by_token = Client().post("/api/v1/me/erasure", {"password": PASSWORD}, content_type="application/json",
                             headers={"Authorization": f"Bearer {secret}"})
    assert by_token.status_code == 403 and by_token.json()["error"]["code"] == "token_cannot_erase"
    client = signed_in(person)
    wrong = client.post("/api/v1/me/erasure", {"password": "wrong"}, content_type="application/json")
    assert wrong.status_code == 400
    done = client.post("/api/v1/me/erasure", {"password": PASSWORD}, content_type="application/json")
    assert done.status_code == 200 and done.json() == {"pseudonym": f"erased-{person.pk}"}
    assert not User.objects.get(pk=person.pk).is_active


def test_every_record_that_names_the_person_is_in_the_download(person):
    """Records of apps without a section of their own (a booking, an event registration) are in the export,
    found from the models' relations: an app added later cannot leave a person's records out of it."""
    from innobelt.accounts.personal_data import relations_to_people
    from tests.factories import BookingFactory, RegistrationFactory

    booking = BookingFactory(booked_by=person)
    registration = RegistrationFactory(user=person)
    others = BookingFactory()  # someone else's
    data = json.loads(signed_in(person).post("/en/accounts/settings/data/download/").content)
    named = {(row["record"], row["id"], row["as"]) for row in data["records_naming_you"]}
    assert ("resources.booking", str(booking.pk), "booked_by") in named
    assert ("events.registration", str(registration.pk), "user") in named
    assert ("conversations.message", str(Message.objects.get(author=person).pk), "author") in named
    assert not any(row["record"] == "resources.booking" and row["id"] == str(others.pk) for row in data["records_naming_you"])
    relations = {(model._meta.label_lower, field) for model, field in relations_to_people()}
    assert {("resources.booking", "booked_by"), ("talent.talentprofile", "user"), ("financing.fund", "reviewers")} <= relations
    assert ("accounts.consent", "user") not in relations  # given in full in its own section
