"""Profiles with consent and visibility, GOI priority with its reason, applications' steps, recognitions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innobelt.accounts.models import Consent
from innobelt.organisations.models import Membership, Organisation
from innobelt.talent import domain, queries
from innobelt.talent.models import DistrictProgramme, PositionApplication, TalentProfile
from tests.factories import CityFactory, IndustryFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.talent.factories import make_position, make_profile

pytestmark = pytest.mark.django_db


def test_a_visible_profile_needs_consent_which_is_recorded():
    person = UserFactory()
    with pytest.raises(ValidationError):
        domain.save_profile(actor=person, consent=False, headline="Chip designer", visibility="public")
    hidden = domain.save_profile(actor=person, consent=False, headline="Chip designer", visibility="hidden")
    assert hidden.visibility == "hidden"
    assert not Consent.objects.filter(user=person).exists()
    domain.save_profile(actor=person, consent=True, headline="Chip designer", visibility="public")
    assert Consent.objects.filter(user=person, purpose="talent.profile").count() == 1


@pytest.mark.parametrize(
    "visibility,anonymous,unverified,verified", [("public", True, True, True), ("verified", False, False, True), ("hidden", False, False, False)]
)
def test_who_finds_a_profile(visibility, anonymous, unverified, verified):
    profile = make_profile(visibility=visibility, headline="FIND-ME")
    unverified_member = MembershipFactory(organisation=OrganisationFactory()).user
    verified_member = MembershipFactory(organisation=OrganisationFactory(verification=Organisation.Verification.VERIFIED)).user
    operator = UserFactory(is_platform_operator=True)
    for user, expected in ((None, anonymous), (unverified_member, unverified), (verified_member, verified)):
        assert queries.visible_profiles(user).filter(pk=profile.pk).exists() is expected
        assert queries.profile_list(user, query="FIND-ME").filter(pk=profile.pk).exists() is expected
    assert queries.visible_profiles(profile.user).filter(pk=profile.pk).exists()  # its owner
    if visibility == "hidden":
        assert not queries.visible_profiles(operator).filter(pk=profile.pk).exists()  # not even an operator


def test_goi_positions_are_first_with_the_reason_where_the_programme_says_so():
    pudong, wuxi = CityFactory(slug="pudong", name_en="Pudong"), CityFactory(slug="wuxi")
    ic = IndustryFactory(code="integrated-circuits")
    goi = OrganisationFactory(city=pudong, is_goi_member=True)
    plain = OrganisationFactory(city=wuxi)
    better_fit = make_position(plain, field=ic, skills="Cadence, PLL, ADC")
    goi_post = make_position(goi, title_en="GOI post", skills="Python")
    profile = make_profile(field=ic, cities=[wuxi])
    ranked = queries.positions_for_person(profile.user)
    assert [r.obj for r in ranked] == [better_fit, goi_post]  # no programme yet
    DistrictProgramme.objects.create(city=pudong, prioritise_goi=True)
    ranked = queries.positions_for_person(profile.user)
    assert [r.obj for r in ranked] == [goi_post, better_fit]
    assert any("GOI" in reason for reason in ranked[0].reasons)
    assert [p.pk for p in queries.ordered_positions()][0] == goi_post.pk


def test_an_application_moves_step_by_step_or_is_declined_with_a_reason():
    employer = OrganisationFactory()
    hr = MembershipFactory(organisation=employer, role=Membership.Role.ADMIN).user
    position = make_position(employer)
    person = make_profile().user
    with pytest.raises(ValidationError):
        domain.apply_to_position(actor=person, position=position, consent=False)
    application = domain.apply_to_position(actor=person, position=position, consent=True)
    assert Consent.objects.filter(user=person, purpose="talent.application").exists()
    with pytest.raises(ValidationError):
        domain.move_application(actor=hr, application=application, status="offer")
    with pytest.raises(PermissionDenied):
        domain.move_application(actor=person, application=application, status="shortlisted")
    for step in ("shortlisted", "interview", "offer", "hired"):
        domain.move_application(actor=hr, application=application, status=step)
    assert PositionApplication.objects.get(pk=application.pk).status == "hired"
    other = domain.apply_to_position(actor=make_profile().user, position=position, consent=True)
    with pytest.raises(ValidationError):
        domain.move_application(actor=hr, application=other, status="declined")
    domain.move_application(actor=hr, application=other, status="declined", reason="Needs more RF experience.")
    assert PositionApplication.objects.get(pk=other.pk).decline_reason == "Needs more RF experience."


def test_the_employer_reads_a_hidden_applicants_profile_only_through_the_application():
    employer = OrganisationFactory()
    hr = MembershipFactory(organisation=employer).user
    profile = make_profile(visibility=TalentProfile.Visibility.HIDDEN)
    application = domain.apply_to_position(actor=profile.user, position=make_position(employer), consent=True)
    assert not queries.visible_profiles(hr).filter(pk=profile.pk).exists()
    assert queries.applicant_profile(queries.application_or_404(hr, application.pk)) == profile


def test_a_district_operator_grants_a_recognition_after_review():
    pudong = CityFactory(slug="pudong")
    profile = make_profile()
    with pytest.raises(PermissionDenied):
        domain.grant_recognition(
            actor=UserFactory(operator_for=[CityFactory()]), profile=profile, programme="outstanding_engineer", city=pudong, review_note="Reviewed."
        )
    operator = UserFactory(operator_for=[pudong])
    with pytest.raises(ValidationError):
        domain.grant_recognition(actor=operator, profile=profile, programme="outstanding_engineer", city=pudong, review_note="")
    domain.grant_recognition(actor=operator, profile=profile, programme="outstanding_engineer", city=pudong, review_note="Led the 28 nm tape-out.")
    assert [r.programme for r in queries.recognitions_of(profile)] == ["outstanding_engineer"]
