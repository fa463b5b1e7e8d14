"""Withdrawing a consent to one use of a talent profile (PIPL): from that moment the profile is neither
matched nor shown for that use, the withdrawal is recorded; and the profile, applications and funding
needs a person wrote are in their export (and the profile goes with their erasure)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from innobelt.accounts.models import Consent
from innobelt.accounts.personal_data import erase_account, export_personal_data
from innobelt.audit.models import AuditEntry
from innobelt.financing import domain as financing
from innobelt.matching import domain as matching
from innobelt.matching import index_store
from innobelt.matching.queries import find_matches
from innobelt.organisations.models import Membership, Organisation
from innobelt.talent import domain, queries
from innobelt.talent.models import PURPOSE_APPLICATION, PURPOSE_PROFILE, PositionApplication, TalentProfile
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


def _profile(person):
    return domain.save_profile(
        actor=person,
        consent=True,
        headline="Analog PLL designer",
        summary="Phase-locked loops and ADC design at 28 nm.",
        skills="PLL, ADC, Cadence",
        visibility="public",
    )


def _found(user, query="PLL ADC designer"):
    return [m.obj for m in find_matches(user=user, query=query, kinds=["talent_profile"], k=10)]


def test_withdrawing_the_profile_consent_stops_matching_and_showing_at_once(index, django_capture_on_commit_callbacks):
    person = UserFactory()
    profile = _profile(person)
    matching.rebuild_index()
    employer_org = OrganisationFactory(verification=Organisation.Verification.VERIFIED)
    employer = MembershipFactory(organisation=employer_org, role=Membership.Role.ADMIN).user
    position = make_position(employer_org, title_en="PLL designer", skills="PLL, ADC")
    assert profile in _found(None) and profile in [r.obj for r in queries.people_for_position(employer, position)]
    assert Client().get(f"/en/talent/people/{profile.pk}/").status_code == 200

    client = Client()
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/talent/profile/consents/withdraw/", {"purpose": PURPOSE_PROFILE})
    assert response.status_code == 302

    consent = Consent.objects.get(user=person, purpose=PURPOSE_PROFILE)
    assert consent.withdrawn_at is not None
    assert AuditEntry.objects.filter(action="talent.consent_withdrawn", actor=person).count() == 1
    assert profile not in _found(None) and profile not in _found(employer)  # the index forgot it
    assert profile not in [r.obj for r in queries.people_for_position(employer, position)]
    for user in (None, employer):
        assert not queries.visible_profiles(user).filter(pk=profile.pk).exists()
    assert Client().get(f"/en/talent/people/{profile.pk}/").status_code == 404
    assert Client().get(f"/api/v1/talent/profiles/{profile.pk}").status_code == 404
    assert queries.visible_profiles(person).filter(pk=profile.pk).exists()  # its owner still has it
    # showing it again needs a new consent; withdrawing twice is refused with a message
    with pytest.raises(ValidationError):
        domain.save_profile(actor=person, consent=False, headline="Analog PLL designer", visibility="public")
    with pytest.raises(ValidationError):
        domain.withdraw_consent(actor=person, purpose=PURPOSE_PROFILE)
    assert "withdrawn" in client.get("/en/talent/profile/").content.decode()


def test_withdrawing_the_sharing_consent_hides_the_profile_from_employers():
    person = UserFactory()
    profile = domain.save_profile(actor=person, consent=False, headline="Hidden designer", visibility="hidden")
    org = OrganisationFactory()
    hr = MembershipFactory(organisation=org, role=Membership.Role.ADMIN).user
    application = domain.apply_to_position(actor=person, position=make_position(org), consent=True)
    seen = queries.application_or_404(hr, application.pk)
    assert queries.applicant_profile(seen) == profile
    domain.withdraw_consent(actor=person, purpose=PURPOSE_APPLICATION)
    assert queries.applicant_profile(seen) is None
    client = Client()
    client.force_login(hr)
    page = client.get(f"/en/talent/applications/{application.pk}/").content.decode()
    assert "Hidden designer" not in page
    assert PositionApplication.objects.filter(pk=application.pk).exists()  # the application stays
    assert Consent.objects.get(user=person, purpose=PURPOSE_APPLICATION).withdrawn_at is not None
    with pytest.raises(ValidationError):
        domain.withdraw_consent(actor=person, purpose="talent.everything")


def test_profile_applications_and_funding_needs_in_the_export_and_erasure():
    person = UserFactory()
    _profile(person)
    org = OrganisationFactory(kind="startup")
    MembershipFactory(organisation=org, user=person, role=Membership.Role.ADMIN)
    application = domain.apply_to_position(actor=person, position=make_position(OrganisationFactory()), message="I design PLLs.", consent=True)
    financing.post_funding_need(actor=person, organisation=org, title_en="Seed for a PLL IP", stage="seed", amount="500000", use_of_funds="Tape-out.")
    data = export_personal_data(user=person)
    assert data["talent_profile"][0]["headline"] == "Analog PLL designer"
    assert data["talent_applications"][0]["message"] == "I design PLLs."
    assert data["funding_needs"][0]["title"] == "Seed for a PLL IP" and data["funding_needs"][0]["amount"] == "500000.00"
    erase_account(user=person, password="correct horse battery")
    assert not TalentProfile.objects.filter(user=person).exists()
    application.refresh_from_db()
    assert application.message == ""
