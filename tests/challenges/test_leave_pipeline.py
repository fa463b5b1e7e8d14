"""A shortlisted solver steps out of the pipeline (domain.leave_pipeline): its admins, at any stage that has not
ended, with a reason from the fixed list the owner reads in their own language; the pair moves no further, the
step is audited and the owner's admins are told. On the page and in the API; refused (nothing changed) for the
solver's plain members, the owner's people, an ended pipeline and a bad reason. Also: the owner's admins hear when
a reviewer's scores are in."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone, translation

from innobelt.audit.models import AuditEntry
from innobelt.challenges import domain
from innobelt.challenges.models import Challenge, Pipeline
from innobelt.notifications.models import Notification
from tests.challenges.factories import ChallengeFactory, ProposalFactory
from tests.factories import AccessRequestFactory, BookingFactory, ResourceFactory, UserFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pipeline(scene):
    proposal = ProposalFactory(challenge=ChallengeFactory(owner=scene.owner_org), organisation=scene.solver_org)
    return domain.shortlist_proposal(actor=scene.owner_admin, proposal=proposal)


def test_the_solvers_admin_steps_out_on_the_page_and_the_owner_reads_why_in_their_language(scene, pipeline):
    scene.owner_admin.preferred_language = "en"
    scene.owner_admin.save(update_fields=["preferred_language"])
    solver = signed_in(scene.solver_admin)
    before = solver.get(f"/en/proposals/{pipeline.proposal_id}/").content.decode()
    assert 'id="leave-form"' in before
    with translation.override("zh-hans"):
        page = solver.post(f"/pipelines/{pipeline.pk}/leave/", {"reason": "budget", "note": "预算下一年度才有。"}, follow=True).content.decode()
    assert "您已退出" in page and 'id="leave-form"' not in page
    pipeline.refresh_from_db()
    assert (pipeline.stage, pipeline.decline_reason, pipeline.decline_note) == ("withdrawn", "budget", "预算下一年度才有。")
    assert pipeline.proposal.status == "submitted"  # the proposal stays as the owner read it
    told = Notification.objects.get(recipient=scene.owner_admin, kind="challenges.pipeline_step", subject__contains="stepped out")
    assert "The reason: budget." in told.body and told.link == f"/proposals/{pipeline.proposal_id}/"
    assert AuditEntry.objects.filter(action="pipeline.withdrawn", actor=scene.solver_admin).count() == 1
    owner_page = signed_in(scene.owner_admin).get(f"/en/proposals/{pipeline.proposal_id}/").content.decode()
    assert "withdrawn by the solver" in owner_page and "The solver stepped out. Reason:" in owner_page
    assert 'id="decline-form"' not in owner_page and 'id="meeting-form"' not in owner_page


def test_the_api_steps_out_once_and_the_pair_moves_no_further(scene, pipeline):
    solver = signed_in(scene.solver_admin)
    left = solver.post(f"/api/v1/pipelines/{pipeline.pk}/leave", {"reason": "competing_solution"}, content_type="application/json")
    assert left.status_code == 200 and left.json()["stage"] == "withdrawn" and left.json()["decline_reason"] == "competing_solution"
    assert [s["code"] for s in left.json()["steps"]] == ["", "competing_solution"]
    again = solver.post(f"/api/v1/pipelines/{pipeline.pk}/leave", {"reason": "other"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400 and again.json()["error"]["message"] == "This pair's pipeline has ended at the stage “withdrawn by the solver”."
    owner = signed_in(scene.owner_admin)
    meeting = owner.post(
        f"/api/v1/pipelines/{pipeline.pk}/meeting",
        {"starts_at": "2099-05-01T10:00:00+08:00", "ends_at": "2099-05-01T11:00:00+08:00"},
        content_type="application/json",
    )
    decline = owner.post(f"/api/v1/proposals/{pipeline.proposal_id}/decline", {"reason": "timing"}, content_type="application/json")
    assert (meeting.status_code, decline.status_code) == (400, 400)
    assert Pipeline.objects.get().stage == "withdrawn"


def test_the_owner_cannot_award_a_proposal_whose_solver_stepped_out(scene, pipeline):
    domain.leave_pipeline(actor=scene.solver_admin, pipeline=pipeline, reason="timing")
    challenge = pipeline.proposal.challenge
    challenge.status = "closed"
    challenge.save(update_fields=["status"])
    with translation.override("en"), pytest.raises(ValidationError, match="ended without a result"):
        domain.award_challenge(actor=scene.owner_admin, challenge=challenge, proposal=pipeline.proposal)


def test_who_may_step_out_and_with_what(scene, pipeline):
    with pytest.raises(PermissionDenied):  # a plain member of the solver organisation
        domain.leave_pipeline(actor=scene.solver, pipeline=pipeline, reason="budget")
    with pytest.raises(PermissionDenied):  # the owner's admin declines instead
        domain.leave_pipeline(actor=scene.owner_admin, pipeline=pipeline, reason="budget")
    with translation.override("en"), pytest.raises(ValidationError, match="Choose a reason from the list"):
        domain.leave_pipeline(actor=scene.solver_admin, pipeline=pipeline, reason="bored")
    bad = signed_in(scene.solver_admin).post(f"/api/v1/pipelines/{pipeline.pk}/leave", {"reason": "bored"}, content_type="application/json")
    assert bad.status_code == 422
    assert signed_in(scene.solver).post(f"/en/pipelines/{pipeline.pk}/leave/", {"reason": "budget"}).status_code == 403
    assert signed_in(UserFactory()).post(f"/en/pipelines/{pipeline.pk}/leave/", {"reason": "budget"}).status_code == 404
    assert Pipeline.objects.get().stage == "shortlisted" and not AuditEntry.objects.filter(action="pipeline.withdrawn").exists()


def test_stepping_out_at_the_pilot_keeps_its_bookings_on_record(scene, pipeline):
    lab = ResourceFactory(owner=scene.owner_org)
    pipeline.proposal.challenge.offered_resources.add(lab)
    Pipeline.objects.filter(pk=pipeline.pk).update(stage=Pipeline.Stage.PILOT, nda_accepted_at=timezone.now())
    booking = BookingFactory(access_request=AccessRequestFactory(resource=lab, organisation=scene.solver_org, requested_by=scene.solver))
    link = domain.link_pilot_booking(actor=scene.solver, pipeline=Pipeline.objects.get(), booking=booking)
    domain.leave_pipeline(actor=scene.solver_admin, pipeline=Pipeline.objects.get(), reason="ip_terms")
    with pytest.raises(domain.PilotOver):
        domain.unlink_pilot_booking(actor=scene.solver, link=link)
    assert Pipeline.objects.get().pilot_bookings.get() == link


def test_the_owners_admins_hear_when_a_reviewers_scores_are_in(scene):
    scene.owner_admin.preferred_language = "en"
    scene.owner_admin.save(update_fields=["preferred_language"])
    proposal = ProposalFactory(challenge=ChallengeFactory(owner=scene.owner_org), organisation=scene.solver_org)
    first, second = UserFactory(), UserFactory()
    reviews = [domain.assign_reviewer(actor=scene.owner_admin, proposal=proposal, reviewer=r) for r in (first, second)]
    scores = [{"criterion": c.pk, "value": 7} for c in proposal.challenge.criteria.all()]
    domain.score_proposal(actor=first, assignment=reviews[0], scores=scores)
    told = Notification.objects.get(kind="challenges.review_scored")
    assert told.recipient == scene.owner_admin and told.link == f"/challenges/{proposal.challenge_id}/scores/"
    assert told.subject.startswith("A reviewer scored a proposal for")
    assert told.body == "1 of 2 reviewers have scored the proposal of Coating Startup."
    domain.score_proposal(actor=second, assignment=reviews[1], scores=scores)
    domain.score_proposal(actor=second, assignment=reviews[1], scores=scores)  # scores changed
    last = Notification.objects.filter(kind="challenges.review_scored").order_by("-pk").first()
    assert last.subject.startswith("A reviewer changed their scores") and last.body.startswith("2 of 2 reviewers")
    assert not Notification.objects.filter(kind="challenges.review_scored").exclude(recipient=scene.owner_admin).exists()  # not the plain member
    scene.owner_admin.preferred_language = "zh-hans"
    scene.owner_admin.save(update_fields=["preferred_language"])
    domain.score_proposal(actor=first, assignment=reviews[0], scores=scores)
    chinese = Notification.objects.filter(kind="challenges.review_scored").order_by("-pk").first()
    assert "评审" in chinese.subject and "2" in chinese.body


def test_the_owner_awards_a_closed_challenge_on_the_proposals_page(scene):
    challenge = ChallengeFactory(owner=scene.owner_org)
    won = ProposalFactory(challenge=challenge, organisation=scene.solver_org)
    owner = signed_in(scene.owner_admin)
    assert 'id="award-proposal"' not in owner.get(f"/en/proposals/{won.pk}/").content.decode()  # still open
    refused = owner.post(f"/proposals/{won.pk}/award/", follow=True).content.decode()
    assert "请先关闭挑战" in refused and Challenge.objects.get().status == "published"
    domain.close_challenge(actor=scene.owner_admin, challenge=challenge)
    assert 'id="award-proposal"' in owner.get(f"/en/proposals/{won.pk}/").content.decode()
    assert signed_in(scene.owner_member).post(f"/en/proposals/{won.pk}/award/").status_code == 403
    assert signed_in(scene.solver_admin).post(f"/en/proposals/{won.pk}/award/").status_code == 403
    owner.post(f"/en/proposals/{won.pk}/award/")
    challenge.refresh_from_db()
    assert (challenge.status, challenge.awarded_proposal_id) == ("awarded", won.pk)
    assert 'id="proposal-awarded"' in signed_in(scene.solver).get(f"/en/proposals/{won.pk}/").content.decode()
    assert Notification.objects.filter(recipient=scene.solver_admin, kind="challenges.challenge_awarded").exists()
