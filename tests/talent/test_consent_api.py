"""Consent to the uses of a talent profile through the API (PIPL): withdrawing has the page's effects (the
profile hidden from matching, lists and pages; employers no longer read it through applications), giving it
again is recorded, and bad input is a structured error that changes nothing."""

import json

import pytest
from django.test import Client

from innobelt.accounts.models import Consent
from innobelt.audit.models import AuditEntry
from innobelt.matching import domain as matching
from innobelt.matching import index_store
from innobelt.matching.queries import find_matches
from innobelt.organisations.models import Membership, Organisation
from innobelt.talent import domain, queries
from innobelt.talent.models import PURPOSE_APPLICATION, PURPOSE_PROFILE, TalentProfile
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.talent.factories import make_position

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(settings, tmp_path):
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    settings.MATCHING_AUTO_INDEX = True
    index_store.reset_for_tests()
    yield
    index_store.reset_for_tests()


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_withdrawing_the_profile_consent_hides_the_profile_everywhere(index, django_capture_on_commit_callbacks):
    person = UserFactory()
    profile = domain.save_profile(
        actor=person, consent=True, headline="Analog PLL designer", summary="Phase-locked loops at 28 nm.", skills="PLL, ADC", visibility="public"
    )
    matching.rebuild_index()
    employer_org = OrganisationFactory(verification=Organisation.Verification.VERIFIED)
    employer = MembershipFactory(organisation=employer_org, role=Membership.Role.ADMIN).user
    position = make_position(employer_org, title_en="PLL designer", skills="PLL, ADC")
    assert profile in [r.obj for r in queries.people_for_position(employer, position)]
    client = _signed_in(person)

    listed = client.get("/api/v1/talent/consents").json()
    assert [(c["purpose"], c["withdrawn_at"]) for c in listed] == [(PURPOSE_PROFILE, None)]
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, "/api/v1/talent/consents/withdraw", {"purpose": PURPOSE_PROFILE})
    assert response.status_code == 200
    assert response.json()[0]["withdrawn_at"] is not None
    profile.refresh_from_db()
    assert profile.visibility == TalentProfile.Visibility.HIDDEN
    assert AuditEntry.objects.filter(action="talent.consent_withdrawn", actor=person).count() == 1
    found = [m.obj for m in find_matches(user=employer, query="PLL ADC designer", kinds=["talent_profile"], k=10)]
    assert profile not in found
    assert profile not in [r.obj for r in queries.people_for_position(employer, position)]
    assert Client().get(f"/api/v1/talent/profiles/{profile.pk}").status_code == 404
    assert profile.pk not in [p["id"] for p in _signed_in(employer).get("/api/v1/talent/profiles").json()["items"]]

    # withdrawing again: a structured 400, nothing changed
    again = _post(client, "/api/v1/talent/consents/withdraw", {"purpose": PURPOSE_PROFILE})
    assert again.status_code == 400 and "purpose" in json.dumps(again.json())
    assert AuditEntry.objects.filter(action="talent.consent_withdrawn", actor=person).count() == 1

    # giving it again is recorded; the profile stays hidden until the person chooses to show it
    given = _post(client, "/api/v1/talent/consents", {"purpose": PURPOSE_PROFILE})
    assert given.status_code == 201 and given.json()["withdrawn_at"] is None
    assert Consent.objects.filter(user=person, purpose=PURPOSE_PROFILE, withdrawn_at__isnull=True).count() == 1
    profile.refresh_from_db()
    assert profile.visibility == TalentProfile.Visibility.HIDDEN
    shown = client.put(
        "/api/v1/talent/profile", data=json.dumps({"headline": "Analog PLL designer", "visibility": "public"}), content_type="application/json"
    )
    assert shown.status_code == 200  # no consent in the body: the one given again counts
    assert Client().get(f"/api/v1/talent/profiles/{profile.pk}").status_code == 200


def test_withdrawing_the_sharing_consent_stops_employers_reading_the_profile():
    person = UserFactory()
    domain.save_profile(actor=person, consent=False, headline="Quiet designer", visibility="hidden")
    org = OrganisationFactory()
    hr = MembershipFactory(organisation=org, role=Membership.Role.ADMIN).user
    application = domain.apply_to_position(actor=person, position=make_position(org), consent=True)
    client = _signed_in(person)
    assert _post(client, "/api/v1/talent/consents/withdraw", {"purpose": PURPOSE_APPLICATION}).status_code == 200
    assert queries.applicant_profile(queries.application_or_404(hr, application.pk)) is None
    assert "Quiet designer" not in _signed_in(hr).get(f"/en/talent/applications/{application.pk}/").content.decode()
    assert _post(client, "/api/v1/talent/consents", {"purpose": PURPOSE_APPLICATION}).status_code == 201
    assert queries.applicant_profile(queries.application_or_404(hr, application.pk)) is not None


def test_an_unknown_purpose_is_a_structured_422_and_anonymous_is_401():
    person = UserFactory()
    client = _signed_in(person)
    for url in ("/api/v1/talent/consents", "/api/v1/talent/consents/withdraw"):
        response = _post(client, url, {"purpose": "talent.everything"})
        assert response.status_code == 422 and "purpose" in json.dumps(response.json())  # the schema's answer
        assert _post(Client(), url, {"purpose": PURPOSE_PROFILE}).status_code == 401
    assert not Consent.objects.filter(user=person).exists()
