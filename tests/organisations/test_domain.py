import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from innobelt.audit.models import AuditEntry
from innobelt.notifications.models import Notification
from innobelt.organisations import domain
from innobelt.organisations.models import Claim, Membership, Organisation
from tests.factories import CityFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return CityFactory()


@pytest.fixture
def operator(city):
    return UserFactory(operator_for=[city])


def test_claim_goes_to_district_operator_and_approval_makes_admin_and_verifies(city, operator):
    org = OrganisationFactory(city=city)
    person = UserFactory()
    claim = domain.claim_organisation(user=person, organisation=org, position="CTO", evidence="see website")
    org.refresh_from_db()
    assert org.verification == Organisation.Verification.PENDING
    assert Notification.objects.filter(recipient=operator, kind="organisation.claim").count() == 1

    domain.approve_claim(actor=operator, claim=claim)
    org.refresh_from_db()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    assert org.verification == Organisation.Verification.VERIFIED
    assert Membership.objects.get(user=person, organisation=org).role == Membership.Role.ADMIN
    actions = list(AuditEntry.objects.filter(target_id=str(org.pk)).values_list("action", flat=True))
    assert set(actions) >= {"organisation.claim_requested", "organisation.claim_approved", "organisation.verified"}


def test_operator_of_another_city_cannot_approve(city):
    org = OrganisationFactory(city=city)
    claim = domain.claim_organisation(user=UserFactory(), organisation=org)
    stranger = UserFactory(operator_for=[CityFactory()])
    with pytest.raises(PermissionDenied):
        domain.approve_claim(actor=stranger, claim=claim)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING
    assert not Membership.objects.exists()


def test_unconfirmed_user_cannot_claim(city):
    person = UserFactory(email_confirmed_at=None)
    with pytest.raises(PermissionDenied):
        domain.claim_organisation(user=person, organisation=OrganisationFactory(city=city))
    assert not Claim.objects.exists()


def test_second_pending_claim_is_refused(city):
    org, person = OrganisationFactory(city=city), UserFactory()
    domain.claim_organisation(user=person, organisation=org)
    with pytest.raises(ValidationError):
        domain.claim_organisation(user=person, organisation=org)
    assert Claim.objects.count() == 1


def test_join_request_goes_to_org_admin(city):
    admin = MembershipFactory(role=Membership.Role.ADMIN, organisation=OrganisationFactory(city=city)).user
    org = admin.memberships.get().organisation
    person = UserFactory()
    claim = domain.claim_organisation(user=person, organisation=org, kind=Claim.Kind.JOIN)
    assert Notification.objects.filter(recipient=admin).count() == 1
    domain.approve_claim(actor=admin, claim=claim)
    assert Membership.objects.get(user=person, organisation=org).role == Membership.Role.MEMBER


def test_reject_claim_resets_pending_verification(city, operator):
    org = OrganisationFactory(city=city)
    claim = domain.claim_organisation(user=UserFactory(), organisation=org)
    domain.reject_claim(actor=operator, claim=claim, reason="not found in the register")
    org.refresh_from_db()
    assert org.verification == Organisation.Verification.UNVERIFIED
    with pytest.raises(ValidationError):
        domain.approve_claim(actor=operator, claim=claim)


def test_org_admin_edits_profile_but_cannot_grant_goi(city):
    membership = MembershipFactory(role=Membership.Role.ADMIN, organisation=OrganisationFactory(city=city))
    org = membership.organisation
    domain.update_organisation_profile(actor=membership.user, organisation=org,
                                       changes={"name_en": "Renamed Ltd", "is_goi_member": True})
    org.refresh_from_db()
    assert (org.name_en, org.is_goi_member) == ("Renamed Ltd", False)
    assert "renamed" in org.search_document


def test_member_cannot_edit_profile(city):
    membership = MembershipFactory(role=Membership.Role.MEMBER, organisation=OrganisationFactory(city=city))
    with pytest.raises(PermissionDenied):
        domain.update_organisation_profile(actor=membership.user, organisation=membership.organisation,
                                           changes={"name_en": "Hijacked"})


def test_bad_credit_code_changes_nothing(city):
    membership = MembershipFactory(role=Membership.Role.ADMIN, organisation=OrganisationFactory(city=city))
    org = membership.organisation
    with pytest.raises(ValidationError):
        domain.update_organisation_profile(actor=membership.user, organisation=org,
                                           changes={"name_en": "New name", "credit_code": "91350100M000100Y44"})
    org.refresh_from_db()
    assert org.name_en.startswith("Test Company")


def test_invitation_flow(city, django_capture_on_commit_callbacks):
    admin = MembershipFactory(role=Membership.Role.ADMIN, organisation=OrganisationFactory(city=city))
    with django_capture_on_commit_callbacks(execute=True):
        invitation = domain.invite_member(actor=admin.user, organisation=admin.organisation, email="Colleague@Example.com")
    assert mail.outbox[-1].to == ["colleague@example.com"]
    colleague = UserFactory(email="colleague@example.com")
    membership = domain.accept_invitation(user=colleague, token=invitation.token)
    assert membership.role == Membership.Role.MEMBER
    with pytest.raises(ValidationError):
        domain.accept_invitation(user=colleague, token=invitation.token)
