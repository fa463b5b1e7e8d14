"""The challenge and proposal pages: a firm drafts, edits, publishes and closes a challenge; a solver accepts the
agreement, writes, attaches, submits and withdraws a proposal; the public Q&A; a late proposal is refused in the
page's language and nothing is stored."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from innobelt.challenges.models import AgreementAcceptance, Challenge, Proposal, Question
from innobelt.notifications.models import Notification
from tests.challenges.factories import ChallengeFactory, ProposalFactory, accept

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def in_a_month() -> str:
    return (timezone.localtime() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")


def test_a_firm_drafts_edits_publishes_and_closes_a_challenge_on_the_pages(scene):
    client = signed_in(scene.owner_admin)
    assert 'name="criteria"' in client.get("/en/challenges/new/").content.decode()
    data = {
        "owner": scene.owner_org.pk,
        "title_zh": "复合材料无损检测",
        "title_en": "",
        "text_language": "zh",
        "statement": "在机翼上检测复合材料壁板。",
        "proposal_deadline": in_a_month(),
        "industries": [scene.industry.pk],
        "criteria": "可行性 | 70\n成本 | 20",
        "phases": "方案 | 2099-06-30 17:00",
    }
    page = client.post("/en/challenges/new/", data).content.decode()
    assert "add up to 90; they must add up to 100" in page and Challenge.objects.count() == 0
    response = client.post("/en/challenges/new/", {**data, "criteria": "可行性 | 70\n成本 | 30"})
    challenge = Challenge.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/challenges/{challenge.pk}/"
    assert [(c.name_zh, c.weight) for c in challenge.criteria.all()] == [("可行性", 70), ("成本", 30)]
    assert challenge.status == Challenge.Status.DRAFT
    phase = challenge.phases.get()
    assert timezone.localtime(phase.ends_at).strftime("%Y-%m-%d %H:%M %z") == "2099-06-30 17:00 +0800"
    edit = client.get(f"/en/challenges/{challenge.pk}/edit/").content.decode()
    assert "可行性 | 70" in edit
    client.post(f"/en/challenges/{challenge.pk}/edit/", {**data, "title_en": "Composite inspection", "criteria": "可行性 | 50\n成本 | 50"})
    challenge.refresh_from_db()
    assert challenge.title_en == "Composite inspection" and [c.weight for c in challenge.criteria.all()] == [50, 50]
    client.post(f"/en/challenges/{challenge.pk}/publish/")
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.PUBLISHED
    assert "复合材料无损检测" in Client().get("/challenges/").content.decode()
    client.post(f"/en/challenges/{challenge.pk}/close/")
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.CLOSED


def test_a_solver_accepts_writes_attaches_submits_and_withdraws(scene):
    challenge = ChallengeFactory(owner=scene.owner_org)
    client = signed_in(scene.solver)
    page = client.get(f"/en/challenges/{challenge.pk}/").content.decode()
    assert 'id="agreement-form"' in page and 'id="challenge-details-hidden"' in page
    client.post(f"/en/challenges/{challenge.pk}/agreement/", {"organisation": scene.solver_org.pk})
    assert AgreementAcceptance.objects.filter(challenge=challenge, organisation=scene.solver_org).exists()
    page = client.get(f"/en/challenges/{challenge.pk}/").content.decode()
    assert 'id="challenge-details"' in page and 'id="start-proposal"' in page
    response = client.post(
        f"/en/challenges/{challenge.pk}/proposal/",
        {
            "organisation": scene.solver_org.pk,
            "text": "Phased-array ultrasound on a crawler.",
            "team": "Two engineers.",
            "trl": 5,
            "budget": "250000.50",
        },
    )
    proposal = Proposal.objects.get()
    assert response["Location"] == f"/en/proposals/{proposal.pk}/"
    assert (proposal.status, str(proposal.budget)) == (Proposal.Status.DRAFT, "250000.50")
    assert signed_in(scene.owner_admin).get(f"/en/proposals/{proposal.pk}/").status_code == 404  # a draft
    client.post(f"/en/proposals/{proposal.pk}/attachments/", {"file": SimpleUploadedFile("plan.pdf", PDF)})
    stored = proposal.attachments.get()
    client.post(f"/en/proposals/{proposal.pk}/submit/")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    owner = signed_in(scene.owner_member)
    assert "Phased-array ultrasound" in owner.get(f"/en/proposals/{proposal.pk}/").content.decode()
    assert owner.get(f"/en/proposals/{proposal.pk}/attachments/{stored.pk}/").status_code == 200
    assert "Coating Startup" in owner.get(f"/en/challenges/{challenge.pk}/").content.decode()
    client.post(f"/en/proposals/{proposal.pk}/withdraw/")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN


@pytest.mark.parametrize(("prefix", "expected"), [("/en", "The deadline for proposals passed on"), ("", "方案提交已于")])
def test_a_late_proposal_is_refused_in_the_page_language_and_nothing_is_stored(scene, prefix, expected):
    challenge = ChallengeFactory(owner=scene.owner_org)
    accept(challenge, scene.solver_org)
    Challenge.objects.filter(pk=challenge.pk).update(proposal_deadline=timezone.now() - timedelta(minutes=1))
    page = (
        signed_in(scene.solver)
        .post(f"{prefix}/challenges/{challenge.pk}/proposal/", {"organisation": scene.solver_org.pk, "text": "Too late.", "trl": 4})
        .content.decode()
    )
    assert expected in page
    assert Proposal.objects.count() == 0


def test_a_submitted_proposal_is_not_read_by_another_solver_or_an_operator(scene):
    challenge = ChallengeFactory(owner=scene.owner_org)
    proposal = ProposalFactory(challenge=challenge, organisation=scene.solver_org, text="SECRET-PLAN")
    for outsider in (scene.unverified_member,):
        assert signed_in(outsider).get(f"/en/proposals/{proposal.pk}/").status_code == 404


def test_the_public_q_and_a(scene):
    challenge = ChallengeFactory(owner=scene.owner_org)
    asker = signed_in(scene.solver)
    asker.post(f"/en/challenges/{challenge.pk}/questions/", {"text": "How large are the panels?"})
    question = Question.objects.get()
    assert Notification.objects.filter(recipient=scene.owner_admin, kind="challenges.question_asked").exists()
    assert "How large are the panels?" not in Client().get(f"/en/challenges/{challenge.pk}/").content.decode()
    assert "How large are the panels?" in asker.get(f"/en/challenges/{challenge.pk}/").content.decode()
    signed_in(scene.owner_member).post(f"/en/challenges/questions/{question.pk}/answer/", {"answer": "Two metres."})
    page = Client().get(f"/en/challenges/{challenge.pk}/").content.decode()
    assert "How large are the panels?" in page and "Two metres." in page
    assert Notification.objects.filter(recipient=scene.solver, kind="challenges.question_answered").exists()
