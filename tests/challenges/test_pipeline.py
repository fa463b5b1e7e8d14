"""After a match: one pipeline per pair through meeting, NDA and pilot to a contract; or declined with a reason
the solver always reads; every step told; operators see counts of where pairs stall."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from innobelt.challenges.models import Pipeline
from innobelt.notifications.models import Notification
from tests.challenges.factories import ChallengeFactory, ProposalFactory
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_pair_moves_from_shortlist_to_contract_and_the_solver_sees_each_step(scene):
    challenge = ChallengeFactory(owner=scene.owner_org, industries=[scene.industry])
    proposal = ProposalFactory(challenge=challenge, organisation=scene.solver_org)
    owner, solver = signed_in(scene.owner_admin), signed_in(scene.solver_admin)
    owner.post(f"/en/proposals/{proposal.pk}/shortlist/")
    pipeline = Pipeline.objects.get()
    owner.post(f"/en/pipelines/{pipeline.pk}/meeting/", {"starts_at": "2099-05-01T10:00", "ends_at": "2099-05-01T11:00", "place": "COMAC, Pudong"})
    ics = solver.get(f"/en/pipelines/{pipeline.pk}/meeting.ics")
    event = next(iter(Calendar.from_ical(ics.content).walk("VEVENT")))
    assert str(event["location"]) == "COMAC, Pudong"
    assert timezone.localtime(event["dtstart"].dt).strftime("%Y-%m-%d %H:%M") == "2099-05-01 10:00"
    owner.post(f"/en/pipelines/{pipeline.pk}/nda/")  # the platform's agreement
    pilot_refused = owner.post(f"/en/pipelines/{pipeline.pk}/pilot/", {"plan": "x"}, follow=True).content.decode()
    assert "not signed yet" in pilot_refused or Pipeline.objects.get().stage == "nda"
    solver.post(f"/en/pipelines/{pipeline.pk}/nda/accept/")
    owner.post(f"/en/pipelines/{pipeline.pk}/pilot/", {"plan": "Hangar 2, six weeks."})
    owner.post(f"/en/pipelines/{pipeline.pk}/conclude/", {"outcome": "contract", "amount": "1200000.50"})
    pipeline.refresh_from_db()
    assert (pipeline.stage, str(pipeline.amount)) == ("contract", "1200000.50")
    assert [s.stage for s in pipeline.steps.all()] == ["shortlisted", "meeting", "nda", "nda", "pilot", "contract"]
    page = solver.get(f"/en/proposals/{proposal.pk}/").content.decode()
    assert "Hangar 2, six weeks." in page and 'id="pipeline-steps"' in page
    assert Notification.objects.filter(recipient=scene.solver_admin, kind="challenges.pipeline_step").count() == 5
    assert Notification.objects.filter(recipient=scene.owner_admin, kind="challenges.pipeline_step").count() == 1


def test_a_declined_proposal_shows_its_reason_to_the_solver(scene):
    proposal = ProposalFactory(challenge=ChallengeFactory(owner=scene.owner_org), organisation=scene.solver_org)
    signed_in(scene.owner_admin).post(f"/en/proposals/{proposal.pk}/decline/", {"reason": "too_early", "note": "Come back at TRL 6."})
    page = signed_in(scene.solver).get(f"/en/proposals/{proposal.pk}/").content.decode()
    assert "too early" in page and "Come back at TRL 6." in page
    page = signed_in(scene.solver).get(f"/proposals/{proposal.pk}/").content.decode()
    assert "为时尚早" in page
    api = signed_in(scene.owner_admin).post(f"/api/v1/proposals/{proposal.pk}/decline", {"reason": "budget"}, content_type="application/json")
    assert api.status_code == 400  # already ended


def test_an_uploaded_nda_through_the_api(scene):
    proposal = ProposalFactory(challenge=ChallengeFactory(owner=scene.owner_org), organisation=scene.solver_org)
    owner = signed_in(scene.owner_admin)
    created = owner.post(f"/api/v1/proposals/{proposal.pk}/shortlist")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    meeting = owner.post(
        f"/api/v1/pipelines/{pk}/meeting",
        {"starts_at": "2099-05-01T10:00:00+08:00", "ends_at": "2099-05-01T09:00:00+08:00"},
        content_type="application/json",
    )
    assert meeting.status_code == 400
    owner.post(
        f"/api/v1/pipelines/{pk}/meeting",
        {"starts_at": "2099-05-01T10:00:00+08:00", "ends_at": "2099-05-01T11:00:00+08:00"},
        content_type="application/json",
    )
    nda = owner.post(f"/api/v1/pipelines/{pk}/nda", {"file": SimpleUploadedFile("nda.pdf", PDF)})
    assert nda.status_code == 200 and nda.json()["nda_signed"] is True
    assert signed_in(scene.solver).get(f"/en/pipelines/{pk}/nda/file/").status_code == 200
    assert signed_in(UserFactory()).get(f"/en/pipelines/{pk}/nda/file/").status_code == 404


def test_operators_see_where_pairs_stall_by_city_and_industry(scene):
    challenge = ChallengeFactory(owner=scene.owner_org, industries=[scene.industry])
    old = ProposalFactory(challenge=challenge, organisation=scene.solver_org)
    Pipeline.objects.create(proposal=old, stage="meeting", moved_at=timezone.now() - timedelta(days=30))
    fresh = ProposalFactory(challenge=challenge, organisation=scene.unverified_org)
    Pipeline.objects.create(proposal=fresh, stage="meeting")
    rows = signed_in(UserFactory(is_platform_operator=True)).get("/api/v1/pipeline-stalls").json()
    assert rows == [{"city": scene.city.name_zh, "industry": scene.industry.name_zh, "stage": "meeting", "pairs": 2, "stalled": 1}]
    assert signed_in(UserFactory(operator_for=[scene.city])).get("/en/pipelines/stalls/").status_code == 200
    assert signed_in(scene.owner_admin).get("/en/pipelines/stalls/").status_code == 403


def test_the_nda_and_decline_notes_are_shown_in_each_readers_language(scene):
    """A Chinese-reading solver accepts the NDA; the English-reading owner reads the step in English, and the
    other way round for a decline (the notes are codes, not text in the writer's language)."""
    from django.utils import translation

    from innobelt.challenges import domain

    proposal = ProposalFactory(challenge=ChallengeFactory(owner=scene.owner_org), organisation=scene.solver_org)
    pipeline = Pipeline.objects.create(proposal=proposal, stage=Pipeline.Stage.NDA)
    with translation.override("zh-hans"):
        domain.accept_nda(actor=scene.solver_admin, pipeline=pipeline)
    owner = signed_in(scene.owner_admin)
    assert "accepted on the platform" in owner.get(f"/en/proposals/{proposal.pk}/").content.decode()
    assert "已在平台上接受" in owner.get(f"/proposals/{proposal.pk}/").content.decode()
    english = owner.get(f"/api/v1/pipelines/{pipeline.pk}", HTTP_ACCEPT_LANGUAGE="en").json()["steps"]
    chinese = owner.get(f"/api/v1/pipelines/{pipeline.pk}", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["steps"]
    assert [(s["code"], s["note"]) for s in english] == [("nda_accepted", "accepted on the platform")]
    assert [s["note"] for s in chinese] == ["已在平台上接受"]
    with translation.override("en"):
        domain.decline_proposal(actor=scene.owner_admin, proposal=proposal, reason="ip_terms")
    steps = signed_in(scene.solver).get(f"/proposals/{proposal.pk}/").content.decode().split('id="pipeline-steps"')[1].split("</ol>")[0]
    assert "知识产权条款" in steps and "intellectual property" not in steps


def test_notes_stored_in_a_language_before_become_codes(db):
    """The migration turns the notes written so far in English or Chinese into their codes."""
    import importlib

    from django.apps import apps

    from innobelt.challenges.models import PipelineStep

    migration = importlib.import_module("innobelt.challenges.migrations.0009_pipeline_step_note_code")
    pipeline = Pipeline.objects.create(proposal=ProposalFactory(), stage=Pipeline.Stage.DECLINED, decline_reason="budget")
    nda = PipelineStep.objects.create(pipeline=pipeline, stage="nda", note="已在平台上接受")
    declined = PipelineStep.objects.create(pipeline=pipeline, stage="declined", note="budget")
    typed = PipelineStep.objects.create(pipeline=pipeline, stage="pilot", note="accepted on the platform")
    migration.to_codes(apps, None)
    assert [(s.code, s.note) for s in PipelineStep.objects.filter(pk__in=[nda.pk, declined.pk, typed.pk]).order_by("pk")] == [
        ("nda_accepted", ""),
        ("budget", ""),
        ("", "accepted on the platform"),
    ]


def test_a_proposal_the_owner_shortlisted_or_declined_cannot_be_withdrawn(scene):
    """Before the deadline a solver may withdraw, but not once the owner decided on the proposal: its pipeline
    follows it to the end (refused in the person's language; nothing changes)."""
    from innobelt.challenges import domain
    from innobelt.challenges.models import Proposal

    challenge = ChallengeFactory(owner=scene.owner_org)
    shortlisted = ProposalFactory(challenge=challenge, organisation=scene.solver_org)
    domain.shortlist_proposal(actor=scene.owner_admin, proposal=shortlisted)
    solver = signed_in(scene.solver)
    english = solver.post(f"/api/v1/proposals/{shortlisted.pk}/withdraw", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert english.json()["error"]["message"] == "The firm has already shortlisted or declined this proposal: it can no longer be withdrawn."
    chinese = solver.post(f"/api/v1/proposals/{shortlisted.pk}/withdraw", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "不能再撤回" in chinese.json()["error"]["message"]
    page = solver.post(f"/proposals/{shortlisted.pk}/withdraw/", follow=True).content.decode()
    assert "不能再撤回" in page
    assert Proposal.objects.get(pk=shortlisted.pk).status == Proposal.Status.SUBMITTED
    assert Pipeline.objects.get(proposal=shortlisted).stage == Pipeline.Stage.SHORTLISTED
    assert not Notification.objects.filter(kind="challenges.proposal_withdrawn").exists()
