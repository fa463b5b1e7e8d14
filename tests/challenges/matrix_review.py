"""Rows of proposals, their review and the pipeline after a match (merged by tests/challenges/matrix.py)."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innobelt.challenges.models import (
    PilotBooking,
    Pipeline,
    ReviewAssignment,
    Score,
)
from innobelt.files.domain import save_upload
from tests.challenges.factories import ChallengeFactory, ProposalFactory, accept
from tests.challenges.matrix_common import (
    OWNER_ADMIN_MOVES,
    PAGE_PROPOSAL_READERS,
    PAIR_READERS,
    PDF,
    PROPOSAL_READERS,
    L,
    _x,
    row,
    signed_in,
)
from tests.factories import AccessRequestFactory, BookingFactory, MembershipFactory, OrganisationFactory, ResourceFactory, UserFactory
from tests.permissions import Multipart


def _scores(w):
    return {f"value_{c.pk}": 7 for c in w.extra["ch_pub"].criteria.all()}


def _api_scores(w):
    return {"scores": [{"criterion": c.pk, "value": 7, "comment": "Sound."} for c in w.extra["ch_pub"].criteria.all()]}


def _page_pdf(w):
    return {"file": SimpleUploadedFile("more.pdf", PDF, content_type="application/pdf")}


def _pdf():
    return Multipart(lambda: {"file": SimpleUploadedFile("more.pdf", PDF, content_type="application/pdf")})


def _proposal_file(w):
    return f"/api/v1/proposals/{_x(w, 'proposal_b')}/attachments/{w.extra['proposal_file'].pk}"


MEETING = {"starts_at": "2099-05-01T10:00", "ends_at": "2099-05-01T11:00", "place": "Pudong"}


def extend_world_with_reviews(world):
    """Org A's `member` reviews `proposal_b` (`review_m`); `outsider` is a person A's admin may still assign."""
    review_m = ReviewAssignment.objects.create(proposal=world.extra["proposal_b"], reviewer=world.users["member"])
    outsider = UserFactory(email="reviewer-outside@example.com")
    world.extra.update(review_m=review_m, outsider=outsider)


def extend_world_with_pipelines(world):
    """Org B's proposals to four more challenges of A, each pair at a stage: `pl_short` (shortlisted), `pl_meet`
    (a meeting set), `pl_nda` (the platform's NDA waiting for B), `pl_ndafile` (a signed NDA uploaded), `pl_pilot`
    (its challenge offers A's instrument, which B booked: `pilot_booking`, not linked yet, and `pilot_link`, a second
    booking linked)."""
    admin_a, admin_b = world.users["admin_a"], world.users["admin_b"]
    start = timezone.now() + timedelta(days=3)
    stages = {
        "pl_short": {"stage": Pipeline.Stage.SHORTLISTED},
        "pl_meet": {
            "stage": Pipeline.Stage.MEETING,
            "meeting_starts_at": start,
            "meeting_ends_at": start + timedelta(hours=1),
            "meeting_place": "COMAC Pudong",
        },
        "pl_nda": {"stage": Pipeline.Stage.NDA},
        "pl_ndafile": {
            "stage": Pipeline.Stage.NDA,
            "nda_file": save_upload(actor=admin_a, organisation=world.org_a, kind="document", upload=SimpleUploadedFile("nda.pdf", PDF)),
        },
        "pl_pilot": {"stage": Pipeline.Stage.PILOT, "nda_accepted_at": timezone.now()},
    }
    for name, fields in stages.items():
        challenge = ChallengeFactory(owner=world.org_a, title_en=f"Challenge of A ({name})")
        proposal = ProposalFactory(challenge=challenge, organisation=world.org_b, created_by=admin_b)
        world.extra[name] = Pipeline.objects.create(proposal=proposal, **fields)
    instrument = ResourceFactory(owner=world.org_a, title_en="Instrument of A for pilots")
    world.extra["pl_pilot"].proposal.challenge.offered_resources.add(instrument)
    access = AccessRequestFactory(resource=instrument, organisation=world.org_b, requested_by=admin_b)
    world.extra["pilot_booking"] = BookingFactory(access_request=access)
    world.extra["pilot_link"] = PilotBooking.objects.create(pipeline=world.extra["pl_pilot"], booking=BookingFactory(access_request=access))


PAGES = {
    "challenges:write_proposal": (
        "get",
        lambda w: f"/challenges/{_x(w, 'ch_pub2')}/proposal/",
        None,
        row(L, 302, 302, 200, 302, 302, 302),
    ),  # without the agreement: back to it
    "challenges:my_proposals": ("get", lambda w: "/proposals/mine/", None, signed_in(200)),
    "challenges:proposal_detail": ("get", lambda w: f"/proposals/{_x(w, 'proposal_b')}/", None, PAGE_PROPOSAL_READERS),
    "challenges:edit_proposal": (
        "post",
        lambda w: f"/proposals/{_x(w, 'proposal_draft')}/edit/",
        lambda w: {"text": "T", "trl": 4},
        row(L, 404, 404, 403, 404, 404, 404),
    ),
    "challenges:submit_proposal": ("post", lambda w: f"/proposals/{_x(w, 'proposal_draft')}/submit/", None, row(L, 404, 404, 302, 404, 404, 404)),
    "challenges:withdraw_proposal": ("post", lambda w: f"/proposals/{_x(w, 'proposal_b')}/withdraw/", None, row(L, 403, 403, 302, 404, 404, 404)),
    "challenges:award_proposal": (
        "post",
        lambda w: f"/proposals/{_x(w, 'proposal_b')}/award/",
        None,
        row(L, 403, 302, 403, 404, 404, 404),
    ),  # the owner's admins (operators, who may close the call, read no proposal)
    "challenges:attach_file": (
        "post",
        lambda w: f"/proposals/{_x(w, 'proposal_draft')}/attachments/",
        _page_pdf,
        row(L, 404, 404, 302, 404, 404, 404),
    ),
    "challenges:download_attachment": (
        "get",
        lambda w: f"/proposals/{_x(w, 'proposal_b')}/attachments/{w.extra['proposal_file'].pk}/",
        None,
        PAGE_PROPOSAL_READERS,
    ),
    "challenges:assign_reviewer": (
        "post",
        lambda w: f"/proposals/{_x(w, 'proposal_b')}/reviewers/",
        lambda w: {"email": "reviewer-outside@example.com"},
        row(L, 403, 302, 403, 404, 404, 404),
    ),
    "challenges:my_reviews": ("get", lambda w: "/reviews/mine/", None, signed_in(200)),
    "challenges:review_detail": ("get", lambda w: f"/reviews/{_x(w, 'review_m')}/", None, row(L, 200, 200, 404, 404, 404, 404)),
    "challenges:declare_conflict": ("post", lambda w: f"/reviews/{_x(w, 'review_m')}/conflict/", None, row(L, 302, 403, 404, 404, 404, 404)),
    "challenges:score_review": ("post", lambda w: f"/reviews/{_x(w, 'review_m')}/scores/", _scores, row(L, 302, 403, 404, 404, 404, 404)),
    "challenges:challenge_scores": (
        "get",
        lambda w: f"/challenges/{_x(w, 'ch_pub')}/scores/",
        None,
        row(L, 200, 200, 403, 403, 403, 403),
    ),  # operators read no scores
    "challenges:hide_identities": (
        "post",
        lambda w: f"/challenges/{_x(w, 'ch_pub')}/identities/",
        lambda w: {"hidden": "1"},
        row(L, 403, 302, 403, 302, 403, 302),
    ),
    "challenges:shortlist": ("post", lambda w: f"/proposals/{_x(w, 'proposal_b')}/shortlist/", None, OWNER_ADMIN_MOVES),
    "challenges:decline_proposal": (
        "post",
        lambda w: f"/proposals/{_x(w, 'proposal_b')}/decline/",
        lambda w: {"reason": "budget", "note": "Next year."},
        OWNER_ADMIN_MOVES,
    ),
    "challenges:pipeline_stalls": ("get", lambda w: "/pipelines/stalls/", None, row(L, 403, 403, 403, 200, 200, 200)),
    # the pairs of the person's organisations' challenges (none for others: another's slug narrows to nothing)
    "challenges:owned_pipelines": ("get", lambda w: "/pipelines/mine/?stage=declined&reached=pilot", None, signed_in(200)),
    "challenges:pipeline_meeting": ("post", lambda w: f"/pipelines/{_x(w, 'pl_short')}/meeting/", lambda w: MEETING, OWNER_ADMIN_MOVES),
    "challenges:pipeline_meeting_ics": ("get", lambda w: f"/pipelines/{_x(w, 'pl_meet')}/meeting.ics", None, PAIR_READERS),
    "challenges:pipeline_nda": ("post", lambda w: f"/pipelines/{_x(w, 'pl_meet')}/nda/", None, OWNER_ADMIN_MOVES),
    "challenges:pipeline_accept_nda": ("post", lambda w: f"/pipelines/{_x(w, 'pl_nda')}/nda/accept/", None, row(L, 403, 403, 302, 404, 404, 404)),
    "challenges:pipeline_nda_file": ("get", lambda w: f"/pipelines/{_x(w, 'pl_ndafile')}/nda/file/", None, PAIR_READERS),
    "challenges:pipeline_pilot": (
        "post",
        lambda w: f"/pipelines/{_x(w, 'pl_ndafile')}/pilot/",
        lambda w: {"plan": "Line 3, two months."},
        OWNER_ADMIN_MOVES,
    ),
    "challenges:pipeline_link_booking": (
        "post",
        lambda w: f"/pipelines/{_x(w, 'pl_pilot')}/bookings/",
        lambda w: {"booking": _x(w, "pilot_booking")},
        row(L, 403, 403, 302, 404, 404, 404),
    ),  # the solver's people link their booking; the owner's people read it
    "challenges:pipeline_unlink_booking": (
        "post",
        lambda w: f"/pipelines/{_x(w, 'pl_pilot')}/bookings/{_x(w, 'pilot_link')}/unlink/",
        None,
        row(L, 403, 403, 302, 404, 404, 404),
    ),  # the solver's people take it off; the owner's people may not
    "challenges:pipeline_leave": (
        "post",
        lambda w: f"/pipelines/{_x(w, 'pl_short')}/leave/",
        lambda w: {"reason": "budget", "note": "Next year."},
        row(L, 403, 403, 302, 404, 404, 404),
    ),  # the solver's admins step out; the owner's people decline instead
    "challenges:pipeline_conclude": (
        "post",
        lambda w: f"/pipelines/{_x(w, 'pl_pilot')}/conclude/",
        lambda w: {"outcome": "contract", "amount": "1200000.00"},
        OWNER_ADMIN_MOVES,
    ),
}

API = {
    "GET /api/v1/challenges/{challenge_id}/proposals": (lambda w: (f"/api/v1/challenges/{_x(w, 'ch_pub')}/proposals", None), signed_in(200, 401)),
    "POST /api/v1/challenges/{challenge_id}/proposals": (
        lambda w: (f"/api/v1/challenges/{_x(w, 'ch_pub2')}/proposals", {"organisation": "org-b", "text": "T", "trl": 4}),
        row(401, 403, 403, 403, 403, 403, 403),
    ),
    "POST /api/v1/proposals/{proposal_id}/reviewers": (
        lambda w: (f"/api/v1/proposals/{_x(w, 'proposal_b')}/reviewers", {"email": "reviewer-outside@example.com"}),
        row(401, 403, 201, 403, 404, 404, 404),
    ),
    "GET /api/v1/reviews/{review_id}": (lambda w: (f"/api/v1/reviews/{_x(w, 'review_m')}", None), row(401, 200, 200, 404, 404, 404, 404)),
    "POST /api/v1/reviews/{review_id}/conflict": (
        lambda w: (f"/api/v1/reviews/{_x(w, 'review_m')}/conflict", {"note": "I advised them."}),
        row(401, 200, 403, 404, 404, 404, 404),
    ),
    "PUT /api/v1/reviews/{review_id}/scores": (
        lambda w: (f"/api/v1/reviews/{_x(w, 'review_m')}/scores", _api_scores(w)),
        row(401, 200, 403, 404, 404, 404, 404),
    ),
    "GET /api/v1/challenges/{challenge_id}/scores": (
        lambda w: (f"/api/v1/challenges/{_x(w, 'ch_pub')}/scores", None),
        row(401, 200, 200, 403, 403, 403, 403),
    ),
    "POST /api/v1/challenges/{challenge_id}/identities": (
        lambda w: (f"/api/v1/challenges/{_x(w, 'ch_pub')}/identities", {"hidden": True}),
        row(401, 403, 200, 403, 200, 403, 200),
    ),
    "GET /api/v1/pipelines/{pipeline_id}": (lambda w: (f"/api/v1/pipelines/{_x(w, 'pl_meet')}", None), row(401, 200, 200, 200, 404, 404, 404)),
    "POST /api/v1/proposals/{proposal_id}/shortlist": (
        lambda w: (f"/api/v1/proposals/{_x(w, 'proposal_b')}/shortlist", None),
        row(401, 403, 201, 403, 404, 404, 404),
    ),
    "POST /api/v1/proposals/{proposal_id}/decline": (
        lambda w: (f"/api/v1/proposals/{_x(w, 'proposal_b')}/decline", {"reason": "timing"}),
        row(401, 403, 200, 403, 404, 404, 404),
    ),
    "POST /api/v1/pipelines/{pipeline_id}/meeting": (
        lambda w: (
            f"/api/v1/pipelines/{_x(w, 'pl_short')}/meeting",
            {"starts_at": "2099-05-01T10:00:00+08:00", "ends_at": "2099-05-01T11:00:00+08:00"},
        ),
        row(401, 403, 200, 403, 404, 404, 404),
    ),
    "POST /api/v1/pipelines/{pipeline_id}/nda": (
        lambda w: (f"/api/v1/pipelines/{_x(w, 'pl_meet')}/nda", Multipart(dict)),
        row(401, 403, 200, 403, 404, 404, 404),
    ),
    "POST /api/v1/pipelines/{pipeline_id}/nda/accept": (
        lambda w: (f"/api/v1/pipelines/{_x(w, 'pl_nda')}/nda/accept", None),
        row(401, 403, 403, 200, 404, 404, 404),
    ),
    "POST /api/v1/pipelines/{pipeline_id}/leave": (
        lambda w: (f"/api/v1/pipelines/{_x(w, 'pl_short')}/leave", {"reason": "timing"}),
        row(401, 403, 403, 200, 404, 404, 404),
    ),
    "POST /api/v1/pipelines/{pipeline_id}/pilot": (
        lambda w: (f"/api/v1/pipelines/{_x(w, 'pl_ndafile')}/pilot", {"plan": "Line 3."}),
        row(401, 403, 200, 403, 404, 404, 404),
    ),
    "POST /api/v1/pipelines/{pipeline_id}/conclude": (
        lambda w: (f"/api/v1/pipelines/{_x(w, 'pl_pilot')}/conclude", {"outcome": "investment", "amount": "5000000"}),
        row(401, 403, 200, 403, 404, 404, 404),
    ),
    "POST /api/v1/pipelines/{pipeline_id}/bookings": (
        lambda w: (f"/api/v1/pipelines/{_x(w, 'pl_pilot')}/bookings", {"booking": _x(w, "pilot_booking")}),
        row(401, 403, 403, 201, 404, 404, 404),
    ),
    "DELETE /api/v1/pipelines/{pipeline_id}/bookings/{booking_id}": (
        lambda w: (f"/api/v1/pipelines/{_x(w, 'pl_pilot')}/bookings/{_x(w, 'pilot_link')}", None),
        row(401, 403, 403, 204, 404, 404, 404),
    ),
    "GET /api/v1/pipelines/{pipeline_id}/pilot-resources": (
        lambda w: (f"/api/v1/pipelines/{_x(w, 'pl_pilot')}/pilot-resources", None),
        row(401, 200, 200, 200, 404, 404, 404),
    ),  # the pair's readers (the list is the solver's: the owner's people read it empty); outsiders 404
    "GET /api/v1/pipeline-stalls": (lambda w: ("/api/v1/pipeline-stalls", None), row(401, 403, 403, 403, 200, 200, 200)),
    "GET /api/v1/proposals/{proposal_id}": (lambda w: (f"/api/v1/proposals/{_x(w, 'proposal_b')}", None), PROPOSAL_READERS),
    "PATCH /api/v1/proposals/{proposal_id}": (
        lambda w: (f"/api/v1/proposals/{_x(w, 'proposal_draft')}", {"team": "Two"}),
        row(401, 404, 404, 403, 404, 404, 404),
    ),  # a draft: the solver's own
    "POST /api/v1/proposals/{proposal_id}/submit": (
        lambda w: (f"/api/v1/proposals/{_x(w, 'proposal_draft')}/submit", None),
        row(401, 404, 404, 200, 404, 404, 404),
    ),
    "POST /api/v1/proposals/{proposal_id}/withdraw": (
        lambda w: (f"/api/v1/proposals/{_x(w, 'proposal_b')}/withdraw", None),
        row(401, 403, 403, 200, 404, 404, 404),
    ),
    "POST /api/v1/proposals/{proposal_id}/attachments": (
        lambda w: (f"/api/v1/proposals/{_x(w, 'proposal_draft')}/attachments", _pdf()),
        row(401, 404, 404, 201, 404, 404, 404),
    ),
    "GET /api/v1/proposals/{proposal_id}/attachments/{file_id}": (lambda w: (_proposal_file(w), None), PROPOSAL_READERS),
}


def secret_proposal(world):
    """Another solver's proposal (and its file) to A's challenge: org B, a solver too, reads none of it."""
    solver = OrganisationFactory(city=world.city_w)
    author = MembershipFactory(organisation=solver).user
    challenge = ChallengeFactory(owner=world.org_a)
    accept(challenge, world.org_b)
    proposal = ProposalFactory(challenge=challenge, organisation=solver, created_by=author, text="SECRET-PROPOSAL-5150")
    stored = save_upload(actor=author, organisation=solver, kind="document", upload=SimpleUploadedFile("p.pdf", PDF))
    proposal.attachments.add(stored)
    p = proposal.pk
    return [
        ("get", f"/api/v1/proposals/{p}"),
        ("get", f"/api/v1/challenges/{challenge.pk}/proposals"),
        ("patch", f"/api/v1/proposals/{p}", {"text": "mine"}),
        ("post", f"/api/v1/proposals/{p}/submit"),
        ("post", f"/api/v1/proposals/{p}/withdraw"),
        ("get", f"/api/v1/proposals/{p}/attachments/{stored.pk}"),
        ("post", f"/api/v1/challenges/{challenge.pk}/award", {"proposal": p}),
        ("get", f"/proposals/{p}/"),
        ("get", f"/proposals/{p}/attachments/{stored.pk}/"),
        ("get", "/proposals/mine/"),
        ("post", f"/proposals/{p}/edit/", {"text": "mine", "trl": 3}),
        ("post", f"/proposals/{p}/submit/"),
        ("post", f"/proposals/{p}/withdraw/"),
        ("post", f"/proposals/{p}/award/"),
        ("get", f"/challenges/{challenge.pk}/"),
        ("get", f"/challenges/{challenge.pk}/proposal/"),
    ], "SECRET-PROPOSAL-5150"


def secret_review(world):
    """An outside reviewer's scores of another solver's proposal: org B (a solver too) reads none of it."""
    solver = OrganisationFactory(city=world.city_w)
    challenge = ChallengeFactory(owner=world.org_a)
    proposal = ProposalFactory(challenge=challenge, organisation=solver, text="Another plan.")
    review = ReviewAssignment.objects.create(proposal=proposal, reviewer=UserFactory(), conflict_note="")
    for criterion in challenge.criteria.all():
        Score.objects.create(assignment=review, criterion=criterion, value=3, comment="SECRET-SCORE-2284")
    r = review.pk
    return [
        ("get", f"/reviews/{r}/"),
        ("get", "/reviews/mine/"),
        ("get", f"/api/v1/reviews/{r}"),
        ("get", f"/challenges/{challenge.pk}/scores/"),
        ("get", f"/api/v1/challenges/{challenge.pk}/scores"),
        ("post", f"/reviews/{r}/conflict/"),
        ("post", f"/api/v1/reviews/{r}/conflict", {"note": ""}),
        ("get", f"/proposals/{proposal.pk}/"),
    ], "SECRET-SCORE-2284"


def secret_pipeline(world):
    """Another solver's declined pair with A: org B (a solver too) and operators read none of it."""
    solver = OrganisationFactory(city=world.city_w)
    challenge = ChallengeFactory(owner=world.org_a)
    proposal = ProposalFactory(challenge=challenge, organisation=solver)
    pipeline = Pipeline.objects.create(
        proposal=proposal,
        stage=Pipeline.Stage.MEETING,
        meeting_place="SECRET-PLACE-9931",
        meeting_starts_at=timezone.now(),
        meeting_ends_at=timezone.now() + timedelta(hours=1),
    )
    x = pipeline.pk
    return [
        ("get", f"/api/v1/pipelines/{x}"),
        ("get", f"/pipelines/{x}/meeting.ics"),
        ("post", f"/pipelines/{x}/nda/"),
        ("post", f"/api/v1/pipelines/{x}/pilot", {"plan": "x"}),
        ("post", f"/pipelines/{x}/leave/", {"reason": "budget"}),
        ("post", f"/api/v1/pipelines/{x}/leave", {"reason": "budget"}),
        ("get", f"/api/v1/pipelines/{x}/pilot-resources"),
        ("post", f"/pipelines/{x}/bookings/", {"booking": world.extra["pilot_booking"].pk}),
        ("post", f"/api/v1/pipelines/{x}/bookings", {"booking": world.extra["pilot_booking"].pk}),
        ("get", f"/proposals/{proposal.pk}/"),
        ("get", "/pipelines/stalls/"),
        ("get", "/api/v1/pipeline-stalls"),
    ], "SECRET-PLACE-9931"


def secret_pilot_booking(world):
    """Another solver's pilot with A and a booking linked to it: nobody else reads it or takes it off, also not
    through a pipeline they read (org B's `pl_pilot`)."""
    solver = OrganisationFactory(city=world.city_w)
    challenge = ChallengeFactory(owner=world.org_a)
    instrument = ResourceFactory(owner=world.org_a, title_en="SECRET-PILOT-RESOURCE-7731")
    challenge.offered_resources.add(instrument)
    proposal = ProposalFactory(challenge=challenge, organisation=solver)
    pipeline = Pipeline.objects.create(proposal=proposal, stage=Pipeline.Stage.PILOT, nda_accepted_at=timezone.now())
    requester = MembershipFactory(organisation=solver).user
    access = AccessRequestFactory(resource=instrument, organisation=solver, requested_by=requester)
    link = PilotBooking.objects.create(pipeline=pipeline, booking=BookingFactory(access_request=access))
    x, theirs = pipeline.pk, world.extra["pl_pilot"].pk
    return [
        ("get", f"/api/v1/pipelines/{x}/pilot-resources"),
        ("post", f"/pipelines/{x}/bookings/{link.pk}/unlink/"),
        ("post", f"/pipelines/{theirs}/bookings/{link.pk}/unlink/"),
        ("delete", f"/api/v1/pipelines/{x}/bookings/{link.pk}"),
        ("delete", f"/api/v1/pipelines/{theirs}/bookings/{link.pk}"),
    ], "SECRET-PILOT-RESOURCE-7731"


PRIVATE_PROBES = {
    "challenges.proposal": secret_proposal,
    "challenges.reviewassignment": secret_review,
    "challenges.pipeline": secret_pipeline,
    "challenges.pilotbooking": secret_pilot_booking,
}

NOT_EXPOSED = {
    "challenges.pipelinestep": "not addressed by id: read within its pipeline (probed there)",
    "challenges.score": "not addressed by id: read within its review assignment (probed there)",
}
