"""Suggested solvers and invitations (issue 21): the owner's admin sees matching organisations that have not
proposed nor been invited (never their own), invites one (its admins are told), cannot invite it twice; a
solver's member cannot invite."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from innobelt.audit.models import AuditEntry
from innobelt.challenges import domain
from innobelt.challenges.models import SolverInvitation
from innobelt.matching import domain as matching
from innobelt.matching import index_store
from innobelt.notifications.models import Notification
from tests.challenges.factories import ChallengeFactory, ProposalFactory
from tests.factories import IndustryFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

TEXT = "We build ultrasonic phased-array inspection robots with AI defect recognition for composite aircraft parts."


@pytest.fixture
def world(settings, tmp_path):
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    index_store.reset_for_tests()
    aerospace = IndustryFactory(code="aerospace", name_zh="航空航天", name_en="Aerospace")
    owner = OrganisationFactory(kind="large_firm", name_en="Aircraft Maker", verification="verified", description=TEXT, description_language="en",
                                industries=[aerospace])
    challenge = ChallengeFactory(owner=owner, title_en="Ultrasonic inspection of composite aircraft parts", title_zh="",
                                 statement="Phased-array ultrasonic inspection with AI defect recognition for composite aircraft parts.",
                                 industries=[aerospace])
    sonic = OrganisationFactory(kind="startup", name_en="SonicScan Robotics", name_zh="", verification="verified", description=TEXT,
                                description_language="en", industries=[aerospace])
    proposer = OrganisationFactory(kind="startup", name_en="Phased Array Labs", name_zh="", verification="verified",
                                   description="Ultrasonic phased-array inspection of composite aircraft parts with AI defect recognition.",
                                   description_language="en", industries=[aerospace])
    ProposalFactory(challenge=challenge, organisation=proposer, created_by=MembershipFactory(organisation=proposer, role="admin").user)
    OrganisationFactory(name_en="Harbour Logistics", name_zh="", description="Container shipping and warehousing.", description_language="en")
    matching.rebuild_index()
    admin = MembershipFactory(organisation=owner, role="admin").user
    yield challenge, admin, sonic, proposer
    index_store.reset_for_tests()


def test_the_owner_sees_a_matching_organisation_but_not_its_own_nor_one_that_proposed(world):
    challenge, admin, sonic, proposer = world
    with translation.override("en"):
        suggestions = domain.suggested_solvers(challenge, admin)
    found = {s.organisation.pk: s for s in suggestions}
    assert sonic.pk in found
    assert found[sonic.pk].reasons
    assert challenge.owner_id not in found
    assert proposer.pk not in found
    assert len(suggestions) <= 10


def test_inviting_tells_the_organisations_admins_and_it_leaves_the_suggestions(world):
    challenge, admin, sonic, _ = world
    sonic_admin = MembershipFactory(organisation=sonic, role="admin").user
    sonic_member = MembershipFactory(organisation=sonic).user
    domain.invite_solver(actor=admin, challenge=challenge, organisation=sonic)
    told = Notification.objects.filter(kind="challenges.solver_invited")
    assert {n.recipient_id for n in told} == {sonic_admin.pk}
    assert told.get().link == challenge.get_absolute_url()
    assert not Notification.objects.filter(recipient=sonic_member).exists()
    assert AuditEntry.objects.filter(action="challenge.invite_solver").count() == 1
    assert sonic.pk not in {s.organisation.pk for s in domain.suggested_solvers(challenge, admin)}


def test_a_second_invitation_is_refused_and_nothing_is_stored(world, client):
    challenge, admin, sonic, _ = world
    MembershipFactory(organisation=sonic, role="admin")
    domain.invite_solver(actor=admin, challenge=challenge, organisation=sonic)
    with pytest.raises(ValidationError):
        domain.invite_solver(actor=admin, challenge=challenge, organisation=sonic)
    client.force_login(admin)
    response = client.post(f"/api/v1/challenges/{challenge.pk}/invitations", {"organisation": sonic.slug}, content_type="application/json")
    assert response.status_code == 409
    assert SolverInvitation.objects.count() == 1
    assert Notification.objects.filter(kind="challenges.solver_invited").count() == 1


def test_a_solvers_member_cannot_invite(world, client):
    challenge, _, sonic, proposer = world
    solver = MembershipFactory(organisation=proposer).user
    with pytest.raises(PermissionDenied):
        domain.invite_solver(actor=solver, challenge=challenge, organisation=sonic)
    client.force_login(solver)
    response = client.post(f"/api/v1/challenges/{challenge.pk}/invitations", {"organisation": sonic.slug}, content_type="application/json")
    assert response.status_code == 403
    assert client.get(f"/api/v1/challenges/{challenge.pk}/suggested-solvers").status_code == 403
    assert not SolverInvitation.objects.exists()


def test_the_owners_page_lists_suggestions_and_its_invite_button_invites(world, client):
    challenge, admin, sonic, _ = world
    client.force_login(admin)
    page = client.get(f"/en/challenges/{challenge.pk}/").content.decode()
    assert 'id="suggested-solvers"' in page and "SonicScan Robotics" in page
    response = client.post(f"/en/challenges/{challenge.pk}/invitations/", {"organisation": sonic.slug})
    assert response.status_code == 302
    assert SolverInvitation.objects.filter(challenge=challenge, organisation=sonic, invited_by=admin).exists()
