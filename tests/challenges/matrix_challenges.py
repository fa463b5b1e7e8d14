"""Rows of challenges: drafting, publishing, the agreement, the Q&A and invitations (merged by tests/challenges/matrix.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from innobelt.challenges.models import (
    Challenge,
    Proposal,
    Question,
)
from innobelt.files.domain import save_upload
from tests.challenges.factories import ChallengeFactory, ProposalFactory, accept
from tests.challenges.matrix_common import (
    OWNER_ADMIN_INVITES,
    PDF,
    L,
    _x,
    everyone,
    row,
    signed_in,
)
from tests.factories import MembershipFactory, OrganisationFactory


def extend_world_with_challenges(world):
    """Org A runs `ch_pub` (published; org B accepted its agreement and submitted `proposal_b` with a PDF),
    `ch_pub2` (published; org B's `proposal_draft`), `ch_closed` (closed; org B's submitted `proposal_c`)
    and `ch_draft` (a draft, complete enough to publish)."""
    admin_b = world.users["admin_b"]
    ch_pub = ChallengeFactory(owner=world.org_a, title_en="Published challenge of A")
    ch_pub2 = ChallengeFactory(owner=world.org_a, title_en="Second challenge of A")
    ch_closed = ChallengeFactory(owner=world.org_a, title_en="Closed challenge of A", status=Challenge.Status.CLOSED)
    ch_draft = ChallengeFactory(owner=world.org_a, title_en="Draft challenge of A", status=Challenge.Status.DRAFT, published_at=None)
    for challenge in (ch_pub, ch_pub2, ch_closed):
        accept(challenge, world.org_b, admin_b)
    proposal_b = ProposalFactory(challenge=ch_pub, organisation=world.org_b, created_by=admin_b)
    attachment = save_upload(actor=admin_b, organisation=world.org_b, kind="document", upload=SimpleUploadedFile("plan.pdf", PDF))
    proposal_b.attachments.add(attachment)
    proposal_draft = ProposalFactory(challenge=ch_pub2, organisation=world.org_b, created_by=admin_b, status=Proposal.Status.DRAFT, submitted_at=None)
    proposal_c = ProposalFactory(challenge=ch_closed, organisation=world.org_b, created_by=admin_b)
    question = Question.objects.create(challenge=ch_pub, asked_by=admin_b, text="May we use our own crawler?")
    world.extra.update(
        ch_pub=ch_pub,
        ch_pub2=ch_pub2,
        ch_closed=ch_closed,
        ch_draft=ch_draft,
        proposal_b=proposal_b,
        proposal_draft=proposal_draft,
        proposal_c=proposal_c,
        proposal_file=attachment,
        question=question,
    )


NEW_CHALLENGE = {
    "owner": "org-a",
    "title_en": "New challenge",
    "statement": "A statement.",
    "proposal_deadline": "2099-06-30T17:00:00+08:00",
    "criteria": [{"name_en": "Fit", "weight": 100}],
}

PAGES = {
    "challenges:challenge_list": ("get", lambda w: "/challenges/?q=challenge", None, everyone(200)),
    "challenges:challenge_detail": ("get", lambda w: f"/challenges/{_x(w, 'ch_draft')}/", None, row(404, 200, 200, 404, 200, 404, 200)),
    "challenges:draft_challenge": ("get", lambda w: "/challenges/new/", None, signed_in(200)),
    "challenges:edit_challenge": ("get", lambda w: f"/challenges/{_x(w, 'ch_draft')}/edit/", None, row(L, 403, 200, 404, 200, 404, 200)),
    "challenges:publish_challenge": ("post", lambda w: f"/challenges/{_x(w, 'ch_draft')}/publish/", None, row(L, 403, 302, 404, 302, 404, 302)),
    "challenges:close_challenge": ("post", lambda w: f"/challenges/{_x(w, 'ch_pub')}/close/", None, row(L, 403, 302, 403, 302, 403, 302)),
    "challenges:accept_agreement": (
        "post",
        lambda w: f"/challenges/{_x(w, 'ch_pub')}/agreement/",
        lambda w: {"organisation": w.org_b.pk},
        row(L, 403, 403, 403, 403, 403, 403),
    ),  # nobody is in a verified organisation
    "challenges:ask_question": (
        "post",
        lambda w: f"/challenges/{_x(w, 'ch_pub')}/questions/",
        lambda w: {"text": "How large are the panels?"},
        row(L, 403, 403, 302, 302, 302, 302),
    ),  # the owner's people do not ask
    "challenges:answer_question": (
        "post",
        lambda w: f"/challenges/questions/{_x(w, 'question')}/answer/",
        lambda w: {"answer": "Yes."},
        row(L, 302, 302, 403, 404, 404, 404),
    ),
    "challenges:invite_solver": (
        "post",
        lambda w: f"/challenges/{_x(w, 'ch_pub')}/invitations/",
        lambda w: {"organisation": "org-b"},
        OWNER_ADMIN_INVITES,
    ),
}

API = {
    "GET /api/v1/challenges": (lambda w: ("/api/v1/challenges?q=challenge", None), everyone(200)),
    "POST /api/v1/challenges": (lambda w: ("/api/v1/challenges", NEW_CHALLENGE), row(401, 403, 201, 403, 201, 403, 201)),
    "GET /api/v1/challenges/{challenge_id}": (
        lambda w: (f"/api/v1/challenges/{_x(w, 'ch_draft')}", None),
        row(404, 200, 200, 404, 200, 404, 200),
    ),
    "POST /api/v1/challenges/{challenge_id}/publish": (
        lambda w: (f"/api/v1/challenges/{_x(w, 'ch_draft')}/publish", None),
        row(401, 403, 200, 404, 200, 404, 200),
    ),
    "POST /api/v1/challenges/{challenge_id}/close": (
        lambda w: (f"/api/v1/challenges/{_x(w, 'ch_pub')}/close", None),
        row(401, 403, 200, 403, 200, 403, 200),
    ),
    "POST /api/v1/challenges/{challenge_id}/award": (
        lambda w: (f"/api/v1/challenges/{_x(w, 'ch_closed')}/award", {"proposal": _x(w, "proposal_c")}),
        row(401, 403, 200, 403, 400, 403, 400),
    ),  # operators may change a challenge but read no proposal
    "POST /api/v1/challenges/{challenge_id}/agreement": (
        lambda w: (f"/api/v1/challenges/{_x(w, 'ch_pub')}/agreement", {"organisation": "org-b"}),
        row(401, 403, 403, 403, 403, 403, 403),
    ),  # org B is not verified in this world
    "PATCH /api/v1/challenges/{challenge_id}": (
        lambda w: (f"/api/v1/challenges/{_x(w, 'ch_draft')}", {"title_en": "Changed"}),
        row(401, 403, 200, 404, 200, 404, 200),
    ),
    "GET /api/v1/challenges/{challenge_id}/questions": (lambda w: (f"/api/v1/challenges/{_x(w, 'ch_pub')}/questions", None), everyone(200)),
    "POST /api/v1/challenges/{challenge_id}/questions": (
        lambda w: (f"/api/v1/challenges/{_x(w, 'ch_pub')}/questions", {"text": "How large are the panels?"}),
        row(401, 403, 403, 201, 201, 201, 201),
    ),
    "POST /api/v1/challenge-questions/{question_id}/answer": (
        lambda w: (f"/api/v1/challenge-questions/{_x(w, 'question')}/answer", {"answer": "Yes."}),
        row(401, 200, 200, 403, 404, 404, 404),
    ),
    "GET /api/v1/challenges/{challenge_id}/suggested-solvers": (
        lambda w: (f"/api/v1/challenges/{_x(w, 'ch_pub')}/suggested-solvers", None),
        row(401, 403, 200, 403, 403, 403, 403),
    ),
    "POST /api/v1/challenges/{challenge_id}/invitations": (
        lambda w: (f"/api/v1/challenges/{_x(w, 'ch_pub')}/invitations", {"organisation": "org-b"}),
        row(401, 403, 201, 403, 403, 403, 403),
    ),
}


def secret_draft_challenge(world):
    challenge = ChallengeFactory(owner=world.org_a, title_en="SECRET-CHALLENGE-3391", status=Challenge.Status.DRAFT, published_at=None)
    c = challenge.pk
    return [
        ("get", f"/challenges/{c}/"),
        ("get", "/challenges/?q=SECRET"),
        ("get", f"/api/v1/challenges/{c}"),
        ("get", "/api/v1/challenges?status=draft"),
        ("get", "/api/v1/challenges?q=SECRET"),
        ("post", f"/api/v1/challenges/{c}/publish"),
        ("post", f"/api/v1/challenges/{c}/close"),
        ("post", f"/api/v1/challenges/{c}/agreement", {"organisation": "org-b"}),
        ("get", f"/api/v1/challenges/{c}/proposals"),
        ("get", f"/challenges/{c}/edit/"),
        ("post", f"/challenges/{c}/publish/"),
        ("get", f"/api/v1/challenges/{c}/questions"),
        ("patch", f"/api/v1/challenges/{c}", {"title_en": "x"}),
    ], "SECRET-CHALLENGE-3391"


def secret_question(world):
    """An unanswered question of another solver: only the owner's people and the asker read it."""
    asker = MembershipFactory(organisation=OrganisationFactory(city=world.city_w)).user
    challenge = ChallengeFactory(owner=world.org_a)
    question = Question.objects.create(challenge=challenge, asked_by=asker, text="SECRET-QUESTION-7712")
    q = question.pk
    return [
        ("get", f"/challenges/{challenge.pk}/"),
        ("get", f"/api/v1/challenges/{challenge.pk}/questions"),
        ("post", f"/challenges/questions/{q}/answer/", {"answer": "x"}),
        ("post", f"/api/v1/challenge-questions/{q}/answer", {"answer": "x"}),
    ], "SECRET-QUESTION-7712"


PRIVATE_PROBES = {
    "challenges.challenge": secret_draft_challenge,
    "challenges.question": secret_question,
}

NOT_EXPOSED = {
    "challenges.criterion": "not addressed by id: listed within its challenge, which decides who sees it",
    "challenges.phase": "not addressed by id: listed within its challenge, which decides who sees it",
    "challenges.agreementacceptance": "not addressed by id; it only opens the challenge's confidential details",
    "challenges.solverinvitation": "not addressed by id: created by the challenge's owner admins (by organisation slug), never read by id",
}
