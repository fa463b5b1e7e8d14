"""Challenges and proposals: drafting with weighted criteria, the agreement, proposals before the deadline only,
and proposals read only by their solver and the owner's people."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from innobelt.audit.models import AuditEntry
from innobelt.challenges import domain, queries
from innobelt.challenges.models import Challenge, Proposal
from innobelt.notifications.models import Notification
from innobelt.organisations.models import Membership, Organisation
from innobelt.permissions import can
from tests.challenges.factories import ChallengeFactory, ProposalFactory, accept
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def draft(scene, **fields):
    values = {
        "title_zh": "复合材料无损检测",
        "statement": "不拆卸即可检测机身复合材料壁板。",
        "proposal_deadline": timezone.now() + timedelta(days=20),
        "agreement": "保密三年。",
        "confidential_details": "SECRET-PANEL-DRAWINGS",
    }
    values.update(fields)
    criteria = values.pop("criteria", [{"name_zh": "可行性", "weight": 70}, {"name_en": "Cost", "weight": 30}])
    phases = values.pop(
        "phases",
        [
            {"name_en": "Proposals", "ends_at": timezone.now() + timedelta(days=20)},
            {"name_en": "Pilot", "ends_at": timezone.now() + timedelta(days=120)},
        ],
    )
    return domain.draft_challenge(actor=scene.owner_admin, owner=scene.owner_org, criteria=criteria, phases=phases, **values)


def test_a_firm_drafts_and_publishes_a_challenge(scene):
    challenge = draft(scene)
    assert challenge.status == "draft" and [c.weight for c in challenge.criteria.all()] == [70, 30]
    assert [p.name for p in challenge.phases.all()] == ["Proposals", "Pilot"]
    assert not can(UserFactory(), "challenges.view_challenge", challenge)
    domain.publish_challenge(actor=scene.owner_admin, challenge=challenge)
    challenge.refresh_from_db()
    assert challenge.status == "published" and can(UserFactory(), "challenges.view_challenge", challenge)
    assert AuditEntry.objects.filter(action__in=["challenge.drafted", "challenge.published"]).count() == 2


def test_weights_must_sum_to_100_and_nothing_is_stored_otherwise(scene):
    with pytest.raises(ValidationError) as caught:
        draft(scene, criteria=[{"name_en": "Fit", "weight": 50}, {"name_en": "Cost", "weight": 30}])
    assert "criteria" in caught.value.message_dict
    assert Challenge.objects.count() == 0
    challenge = draft(scene, criteria=[])
    with pytest.raises(ValidationError):
        domain.publish_challenge(actor=scene.owner_admin, challenge=challenge)
    assert Challenge.objects.get().status == "draft"


def test_who_may_draft(scene):
    with pytest.raises(PermissionDenied):
        domain.draft_challenge(
            actor=scene.owner_member, owner=scene.owner_org, title_en="x", statement="y", proposal_deadline=timezone.now() + timedelta(days=3)
        )
    operator = UserFactory(operator_for=[scene.city])
    made = domain.draft_challenge(
        actor=operator, owner=scene.owner_org, title_en="For COMAC", statement="y", proposal_deadline=timezone.now() + timedelta(days=3)
    )
    assert made.owner == scene.owner_org


def test_the_agreement_opens_the_confidential_details(scene):
    challenge = ChallengeFactory(owner=scene.owner_org, confidential_details="SECRET-PANEL-DRAWINGS")
    assert not can(scene.solver, "challenges.read_challenge_details", challenge)
    body = signed_in(scene.solver).get(f"/api/v1/challenges/{challenge.pk}").json()
    assert body["confidential_details"] is None
    with pytest.raises(PermissionDenied):
        domain.accept_agreement(actor=scene.unverified_member, challenge=challenge, organisation=scene.unverified_org)
    domain.accept_agreement(actor=scene.solver, challenge=challenge, organisation=scene.solver_org)
    body = signed_in(scene.solver).get(f"/api/v1/challenges/{challenge.pk}").json()
    assert body["confidential_details"] == "SECRET-PANEL-DRAWINGS"


def test_a_proposal_needs_the_agreement_then_is_drafted_submitted_and_read_by_the_owner(scene):
    challenge = ChallengeFactory(owner=scene.owner_org)
    with pytest.raises(ValidationError):
        domain.save_proposal(actor=scene.solver, challenge=challenge, organisation=scene.solver_org, text="t", trl=4)
    domain.accept_agreement(actor=scene.solver, challenge=challenge, organisation=scene.solver_org)
    proposal = domain.save_proposal(
        actor=scene.solver,
        challenge=challenge,
        organisation=scene.solver_org,
        text="Phased-array ultrasound on a crawler.",
        team="Two engineers",
        trl=5,
        budget=Decimal("380000.00"),
    )
    assert proposal.status == "draft"
    assert not can(scene.owner_admin, "challenges.view_proposal", proposal)  # a draft stays with the solver
    domain.attach_to_proposal(actor=scene.solver, proposal=proposal, upload=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"))
    domain.save_proposal(actor=scene.solver_admin, challenge=challenge, organisation=scene.solver_org, trl=6)
    domain.submit_proposal(actor=scene.solver, proposal=proposal)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.trl, proposal.budget) == ("submitted", 6, Decimal("380000.00"))
    assert can(scene.owner_member, "challenges.view_proposal", proposal)
    assert Notification.objects.filter(kind="challenges.proposal_submitted", recipient=scene.owner_admin).exists()
    with pytest.raises(ValidationError):
        domain.save_proposal(actor=scene.solver, challenge=challenge, organisation=scene.solver_org, trl=7)
    stored = proposal.attachments.get()
    owner = signed_in(scene.owner_member).get(f"/api/v1/proposals/{proposal.pk}/attachments/{stored.pk}")
    assert owner.status_code == 200 and b"".join(owner.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_proposal_after_the_deadline_is_refused_in_the_persons_language_and_nothing_is_stored(scene, language):
    challenge = ChallengeFactory(owner=scene.owner_org, proposal_deadline=timezone.now() - timedelta(minutes=1))
    accept(challenge, scene.solver_org, scene.solver)
    with override(language), pytest.raises(ValidationError) as caught:
        domain.save_proposal(actor=scene.solver, challenge=challenge, organisation=scene.solver_org, text="Late", trl=3)
    expected = "截止" if language == "zh-hans" else "The deadline for proposals passed on"
    assert expected in caught.value.messages[0]
    assert Proposal.objects.count() == 0
    response = signed_in(scene.solver).post(
        f"/api/v1/challenges/{challenge.pk}/proposals",
        {"organisation": scene.solver_org.slug, "text": "Late", "trl": 3},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400 and expected in response.json()["error"]["message"]
    assert Proposal.objects.count() == 0


def test_a_draft_cannot_be_submitted_after_the_deadline(scene):
    challenge = ChallengeFactory(owner=scene.owner_org)
    proposal = ProposalFactory(challenge=challenge, organisation=scene.solver_org, status="draft", submitted_at=None)
    Challenge.objects.filter(pk=challenge.pk).update(proposal_deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError):
        domain.submit_proposal(actor=scene.solver, proposal=proposal)
    with pytest.raises(ValidationError):
        domain.withdraw_proposal(actor=scene.solver, proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).status == "draft"


def test_a_solver_cannot_read_another_solvers_proposal_anywhere(scene):
    challenge = ChallengeFactory(owner=scene.owner_org)
    rival_org = OrganisationFactory(verification=Organisation.Verification.VERIFIED)
    rival = MembershipFactory(organisation=rival_org, role=Membership.Role.ADMIN).user
    accept(challenge, rival_org, rival)
    accept(challenge, scene.solver_org, scene.solver)
    theirs = ProposalFactory(challenge=challenge, organisation=rival_org, text="RIVAL-SECRET-IDEA")
    mine = ProposalFactory(challenge=challenge, organisation=scene.solver_org)
    client = signed_in(scene.solver)
    assert [p["id"] for p in client.get(f"/api/v1/challenges/{challenge.pk}/proposals").json()] == [mine.pk]
    assert client.get(f"/api/v1/proposals/{theirs.pk}").status_code == 404
    assert "RIVAL-SECRET-IDEA" not in client.get(f"/api/v1/challenges/{challenge.pk}/proposals").content.decode()
    assert not can(scene.solver, "challenges.view_proposal", theirs)
    operator = UserFactory(operator_for=[scene.city], is_platform_operator=True)
    assert queries.proposals_for(operator, challenge).count() == 0
    listing = signed_in(scene.owner_member).get(f"/api/v1/challenges/{challenge.pk}/proposals").json()
    owner_sees = {p["id"] for p in listing}
    assert owner_sees == {mine.pk, theirs.pk}


def test_closing_and_awarding(scene):
    challenge = ChallengeFactory(owner=scene.owner_org)
    proposal = ProposalFactory(challenge=challenge, organisation=scene.solver_org)
    with pytest.raises(ValidationError):
        domain.award_challenge(actor=scene.owner_admin, challenge=challenge, proposal=proposal)
    domain.close_challenge(actor=scene.owner_admin, challenge=challenge)
    assert Notification.objects.filter(kind="challenges.challenge_closed", recipient=scene.solver_admin).exists()
    domain.award_challenge(actor=scene.owner_admin, challenge=challenge, proposal=proposal)
    challenge.refresh_from_db()
    assert (challenge.status, challenge.awarded_proposal) == ("awarded", proposal)
    assert Notification.objects.filter(kind="challenges.challenge_awarded", recipient=scene.solver_admin).exists()


def test_the_challenge_pages_in_both_languages(scene):
    challenge = ChallengeFactory(
        owner=scene.owner_org, title_zh="复合材料无损检测", title_en="Composite inspection", confidential_details="SECRET-PANEL-DRAWINGS"
    )
    ChallengeFactory(owner=scene.owner_org, title_en="Draft only", status="draft", published_at=None)
    english = Client().get("/en/challenges/?q=composites").content.decode()
    assert "Composite inspection" in english and "Draft only" not in english
    chinese = Client().get(f"/challenges/{challenge.pk}/").content.decode()
    assert "复合材料无损检测" in chinese and "评审标准" in chinese and "SECRET-PANEL-DRAWINGS" not in chinese
    accept(challenge, scene.solver_org, scene.solver)
    assert "SECRET-PANEL-DRAWINGS" in signed_in(scene.solver).get(f"/en/challenges/{challenge.pk}/").content.decode()


def test_withdrawing_a_submitted_proposal_tells_the_owners_admins_and_a_draft_tells_nobody(scene):
    challenge = ChallengeFactory(owner=scene.owner_org)
    submitted = ProposalFactory(challenge=challenge, organisation=scene.solver_org)
    domain.withdraw_proposal(actor=scene.solver, proposal=submitted)
    told = Notification.objects.get(kind="challenges.proposal_withdrawn")
    assert told.recipient == scene.owner_admin and told.link == f"/challenges/{challenge.pk}/"
    assert any(name and name in told.body for name in (scene.solver_org.name_zh, scene.solver_org.name_en))
    domain.withdraw_proposal(actor=scene.solver, proposal=submitted)  # again: nothing more happens
    rival_org = OrganisationFactory(verification=Organisation.Verification.VERIFIED)
    draft = ProposalFactory(challenge=challenge, organisation=rival_org, status=Proposal.Status.DRAFT, submitted_at=None)
    domain.withdraw_proposal(actor=MembershipFactory(organisation=rival_org).user, proposal=draft)
    assert Notification.objects.filter(kind="challenges.proposal_withdrawn").count() == 1
    assert Proposal.objects.get(pk=draft.pk).status == Proposal.Status.WITHDRAWN
