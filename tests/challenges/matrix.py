"""Permission matrix rows of needs (loaded by tests/test_permission_matrix.py and tests/test_id_guessing.py).

The world: org A (city W, not verified, like every organisation of the world) owns `need_pub` (a public
open need posted by A's admin) and `need_ver` (for members of verified organisations only). Org B
(admin_b) answered `need_pub` (`interest_b`, waiting). Nobody in the world belongs to a verified
organisation, so posting and answering are refused to every role here (tests/challenges test the
verified paths). What the caller may not see is 404, never 403.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innobelt.challenges.models import (
    Challenge,
    Milestone,
    MilestoneProgress,
    Need,
    OpenCall,
    OpenCallApplication,
    Pipeline,
    Proposal,
    Question,
    ReviewAssignment,
    Score,
)
from innobelt.files.domain import save_upload
from tests.challenges.factories import ChallengeFactory, NeedFactory, NeedInterestFactory, ProposalFactory, accept
from tests.factories import AccessRequestFactory, BookingFactory, MembershipFactory, OrganisationFactory, ResourceFactory, UserFactory
from tests.permissions import Multipart

L = "login"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


def everyone(status):
    return row(*[status] * 7)


def signed_in(status, anonymous=L):
    return row(anonymous, *[status] * 6)


def later(days=60) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def extend_world(world):
    need_pub = NeedFactory(owner=world.org_a, posted_by=world.users["admin_a"], title_en="Public need of A", details="Drawings of the part.")
    need_ver = NeedFactory(
        owner=world.org_a, posted_by=world.users["admin_a"], title_en="Verified-only need of A", confidentiality=Need.Confidentiality.VERIFIED
    )
    interest_b = NeedInterestFactory(need=need_pub, organisation=world.org_b, submitted_by=world.users["admin_b"])
    world.extra.update(need_pub=need_pub, need_ver=need_ver, interest_b=interest_b)
    extend_world_with_challenges(world)


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
    extend_world_with_reviews(world)


def extend_world_with_reviews(world):
    """Org A's `member` reviews `proposal_b` (`review_m`); `outsider` is a person A's admin may still assign."""
    review_m = ReviewAssignment.objects.create(proposal=world.extra["proposal_b"], reviewer=world.users["member"])
    outsider = UserFactory(email="reviewer-outside@example.com")
    world.extra.update(review_m=review_m, outsider=outsider)
    extend_world_with_pipelines(world)
    extend_world_with_open_calls(world)


def extend_world_with_open_calls(world):
    """City W's open call `call_w` (milestones 30 % and 70 %); org B applied, was selected and reported the first
    milestone (`progress_b`), which waits for the operator."""
    operator = world.users["operator_w"]
    call = OpenCall.objects.create(
        city=world.city_w,
        title_zh="揭榜挂帅：新材料",
        problem="高温合金。",
        funding=Decimal("1000000"),
        deadline=timezone.now() + timedelta(days=30),
        created_by=operator,
    )
    first = Milestone.objects.create(open_call=call, name_zh="样件", share=30, position=0)
    second = Milestone.objects.create(open_call=call, name_zh="中试", share=70, position=1)
    application = OpenCallApplication.objects.create(
        open_call=call, organisation=world.org_b, text="We can.", status=OpenCallApplication.Status.SELECTED
    )
    progress = MilestoneProgress.objects.create(application=application, milestone=first, report="Samples made.")
    world.extra.update(call_w=call, milestone_1=first, milestone_2=second, application_b=application, progress_b=progress)


def extend_world_with_pipelines(world):
    """Org B's proposals to four more challenges of A, each pair at a stage: `pl_short` (shortlisted), `pl_meet`
    (a meeting set), `pl_nda` (the platform's NDA waiting for B), `pl_ndafile` (a signed NDA uploaded), `pl_pilot`
    (its challenge offers A's instrument, which B booked: `pilot_booking`, not linked yet)."""
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


def _scores(w):
    return {f"value_{c.pk}": 7 for c in w.extra["ch_pub"].criteria.all()}


def _api_scores(w):
    return {"scores": [{"criterion": c.pk, "value": 7, "comment": "Sound."} for c in w.extra["ch_pub"].criteria.all()]}


def _x(world, name):
    return world.extra[name].pk


PAGES = {
    "challenges:challenge_list": ("get", lambda w: "/challenges/?q=challenge", None, everyone(200)),
    "challenges:challenge_detail": ("get", lambda w: f"/challenges/{_x(w, 'ch_draft')}/", None, row(404, 200, 200, 404, 200, 404, 200)),
    "challenges:need_list": ("get", lambda w: "/needs/?q=need", None, everyone(200)),
    "challenges:post_need": ("get", lambda w: "/needs/new/", None, signed_in(200)),
    "challenges:my_needs": ("get", lambda w: "/needs/mine/", None, signed_in(200)),
    "challenges:need_detail": ("get", lambda w: f"/needs/{_x(w, 'need_pub')}/", None, everyone(200)),
    "challenges:edit_need": ("get", lambda w: f"/needs/{_x(w, 'need_pub')}/edit/", None, row(L, 403, 200, 403, 403, 403, 403)),
    "challenges:renew_need": (
        "post",
        lambda w: f"/needs/{_x(w, 'need_pub')}/renew/",
        lambda w: {"deadline": later()},
        row(L, 403, 302, 403, 403, 403, 403),
    ),
    "challenges:close_need": ("post", lambda w: f"/needs/{_x(w, 'need_pub')}/close/", None, row(L, 403, 302, 403, 302, 403, 302)),
    "challenges:express_interest": (
        "post",
        lambda w: f"/needs/{_x(w, 'need_pub')}/interest/",
        lambda w: {"organisation": w.org_b.pk, "message": "We can help."},
        row(L, 403, 403, 403, 403, 403, 403),
    ),
    "challenges:accept_interest": ("post", lambda w: f"/needs/interests/{_x(w, 'interest_b')}/accept/", None, row(L, 403, 302, 403, 404, 404, 403)),
    "challenges:decline_interest": (
        "post",
        lambda w: f"/needs/interests/{_x(w, 'interest_b')}/decline/",
        lambda w: {"reason": "Too early for us."},
        row(L, 403, 302, 403, 404, 404, 403),
    ),
    "challenges:withdraw_interest": (
        "post",
        lambda w: f"/needs/interests/{_x(w, 'interest_b')}/withdraw/",
        None,
        row(L, 403, 403, 302, 404, 404, 403),
    ),
}


def _page_pdf(w):
    return {"file": SimpleUploadedFile("more.pdf", PDF, content_type="application/pdf")}


PAGE_PROPOSAL_READERS = row(L, 200, 200, 200, 404, 404, 404)  # the owner's people and the solver; no operator

PAGES.update(
    {
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
    }
)

PAGES.update(
    {
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
    }
)

OWNER_ADMIN_MOVES = row(L, 403, 302, 403, 404, 404, 404)
OWNER_ADMIN_INVITES = row(L, 403, 302, 403, 403, 403, 403)  # a published challenge: everyone sees it, only its admins invite
PAIR_READERS = row(L, 200, 200, 200, 404, 404, 404)  # the owner's people and the solver's; no operator
MEETING = {"starts_at": "2099-05-01T10:00", "ends_at": "2099-05-01T11:00", "place": "Pudong"}

PAGES.update(
    {
        "challenges:invite_solver": (
            "post",
            lambda w: f"/challenges/{_x(w, 'ch_pub')}/invitations/",
            lambda w: {"organisation": "org-b"},
            OWNER_ADMIN_INVITES,
        ),
        "challenges:shortlist": ("post", lambda w: f"/proposals/{_x(w, 'proposal_b')}/shortlist/", None, OWNER_ADMIN_MOVES),
        "challenges:decline_proposal": (
            "post",
            lambda w: f"/proposals/{_x(w, 'proposal_b')}/decline/",
            lambda w: {"reason": "budget", "note": "Next year."},
            OWNER_ADMIN_MOVES,
        ),
        "challenges:pipeline_stalls": ("get", lambda w: "/pipelines/stalls/", None, row(L, 403, 403, 403, 200, 200, 200)),
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
        "challenges:pipeline_conclude": (
            "post",
            lambda w: f"/pipelines/{_x(w, 'pl_pilot')}/conclude/",
            lambda w: {"outcome": "contract", "amount": "1200000.00"},
            OWNER_ADMIN_MOVES,
        ),
    }
)

NEW_NEED = {"owner": "org-a", "title_en": "New need", "problem": "A problem.", "deadline": later(30)}


PAGES.update(
    {
        "challenges:open_call_list": ("get", lambda w: "/open-calls/", None, everyone(200)),
        "challenges:open_call_detail": ("get", lambda w: f"/open-calls/{_x(w, 'call_w')}/", None, everyone(200)),
        "challenges:post_open_call": (
            "post",
            lambda w: "/open-calls/new/",
            lambda w: {
                "city": w.city_w.pk,
                "title_zh": "揭榜挂帅：固废利用",
                "text_language": "zh",
                "problem": "钢渣的高值化利用。",
                "funding": "500000.00",
                "deadline": (timezone.localtime() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
                "milestones": "中试 | 40\n示范线 | 60",
            },
            row(L, 403, 403, 403, 302, 200, 302),
        ),  # only district (of the call's city) and platform operators post; X's operator gets the form back (not their city)
        "challenges:apply_open_call": (
            "post",
            lambda w: f"/open-calls/{_x(w, 'call_w')}/apply/",
            lambda w: {"organisation": w.org_b.pk, "text": "We can."},
            signed_in(403),
        ),  # org B is not verified in this world
        "challenges:open_call_application": (
            "get",
            lambda w: f"/open-calls/applications/{_x(w, 'application_b')}/",
            None,
            row(L, 404, 404, 200, 200, 404, 200),
        ),
        "challenges:select_open_call_team": (
            "post",
            lambda w: f"/open-calls/applications/{_x(w, 'application_b')}/select/",
            None,
            row(L, 404, 404, 403, 302, 404, 302),
        ),
        "challenges:report_milestone": (
            "post",
            lambda w: f"/open-calls/applications/{_x(w, 'application_b')}/milestones/{_x(w, 'milestone_2')}/report/",
            lambda w: {"report": "Pilot line runs."},
            row(L, 404, 404, 302, 403, 404, 403),
        ),
        "challenges:accept_milestone": (
            "post",
            lambda w: f"/open-calls/applications/{_x(w, 'application_b')}/milestones/{_x(w, 'milestone_1')}/accept/",
            None,
            row(L, 404, 404, 403, 302, 404, 302),
        ),
        "challenges:send_back_milestone": (
            "post",
            lambda w: f"/open-calls/applications/{_x(w, 'application_b')}/milestones/{_x(w, 'milestone_1')}/send-back/",
            lambda w: {"note": "Add the test data."},
            row(L, 404, 404, 403, 302, 404, 302),
        ),
    }
)

API = {
    "GET /api/v1/needs": (lambda w: ("/api/v1/needs?q=need", None), everyone(200)),
    "POST /api/v1/needs": (lambda w: ("/api/v1/needs", NEW_NEED), row(401, 403, 403, 403, 403, 403, 403)),
    "GET /api/v1/needs/{need_id}": (lambda w: (f"/api/v1/needs/{_x(w, 'need_pub')}", None), everyone(200)),
    "PATCH /api/v1/needs/{need_id}": (
        lambda w: (f"/api/v1/needs/{_x(w, 'need_pub')}", {"title_en": "Changed"}),
        row(401, 403, 200, 403, 403, 403, 403),
    ),
    "POST /api/v1/needs/{need_id}/renew": (
        lambda w: (f"/api/v1/needs/{_x(w, 'need_pub')}/renew", {"deadline": later()}),
        row(401, 403, 200, 403, 403, 403, 403),
    ),
    "POST /api/v1/needs/{need_id}/close": (lambda w: (f"/api/v1/needs/{_x(w, 'need_pub')}/close", None), row(401, 403, 200, 403, 200, 403, 200)),
    "GET /api/v1/needs/{need_id}/interests": (lambda w: (f"/api/v1/needs/{_x(w, 'need_pub')}/interests", None), signed_in(200, 401)),
    "POST /api/v1/needs/{need_id}/interests": (
        lambda w: (f"/api/v1/needs/{_x(w, 'need_pub')}/interests", {"organisation": "org-b", "message": "We can help."}),
        row(401, 403, 403, 403, 403, 403, 403),
    ),
    "GET /api/v1/need-interests/{interest_id}": (
        lambda w: (f"/api/v1/need-interests/{_x(w, 'interest_b')}", None),
        row(401, 200, 200, 200, 404, 404, 200),
    ),
    "POST /api/v1/need-interests/{interest_id}/accept": (
        lambda w: (f"/api/v1/need-interests/{_x(w, 'interest_b')}/accept", None),
        row(401, 403, 200, 403, 404, 404, 403),
    ),
    "POST /api/v1/need-interests/{interest_id}/decline": (
        lambda w: (f"/api/v1/need-interests/{_x(w, 'interest_b')}/decline", {"reason": "Too early for us."}),
        row(401, 403, 200, 403, 404, 404, 403),
    ),
    "POST /api/v1/need-interests/{interest_id}/withdraw": (
        lambda w: (f"/api/v1/need-interests/{_x(w, 'interest_b')}/withdraw", None),
        row(401, 403, 403, 200, 404, 404, 403),
    ),
}


def _pdf():
    return Multipart(lambda: {"file": SimpleUploadedFile("more.pdf", PDF, content_type="application/pdf")})


def _proposal_file(w):
    return f"/api/v1/proposals/{_x(w, 'proposal_b')}/attachments/{w.extra['proposal_file'].pk}"


NEW_CHALLENGE = {
    "owner": "org-a",
    "title_en": "New challenge",
    "statement": "A statement.",
    "proposal_deadline": "2099-06-30T17:00:00+08:00",
    "criteria": [{"name_en": "Fit", "weight": 100}],
}
PROPOSAL_READERS = row(401, 200, 200, 200, 404, 404, 404)  # the owner's people and the solver; no operator

API.update(
    {
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
        "GET /api/v1/challenges/{challenge_id}/proposals": (lambda w: (f"/api/v1/challenges/{_x(w, 'ch_pub')}/proposals", None), signed_in(200, 401)),
        "POST /api/v1/challenges/{challenge_id}/proposals": (
            lambda w: (f"/api/v1/challenges/{_x(w, 'ch_pub2')}/proposals", {"organisation": "org-b", "text": "T", "trl": 4}),
            row(401, 403, 403, 403, 403, 403, 403),
        ),
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
        "GET /api/v1/challenges/{challenge_id}/suggested-solvers": (
            lambda w: (f"/api/v1/challenges/{_x(w, 'ch_pub')}/suggested-solvers", None),
            row(401, 403, 200, 403, 403, 403, 403),
        ),
        "POST /api/v1/challenges/{challenge_id}/invitations": (
            lambda w: (f"/api/v1/challenges/{_x(w, 'ch_pub')}/invitations", {"organisation": "org-b"}),
            row(401, 403, 201, 403, 403, 403, 403),
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
        "GET /api/v1/pipeline-stalls": (lambda w: ("/api/v1/pipeline-stalls", None), row(401, 403, 403, 403, 200, 200, 200)),
        "GET /api/v1/open-calls": (lambda w: ("/api/v1/open-calls", None), everyone(200)),
        "POST /api/v1/open-calls": (
            lambda w: (
                "/api/v1/open-calls",
                {
                    "city": w.city_w.slug,
                    "title_zh": "揭榜",
                    "problem": "问题。",
                    "funding": "500000",
                    "deadline": "2099-06-30T17:00:00+08:00",
                    "milestones": [{"name_zh": "全部", "share": 100}],
                },
            ),
            row(401, 403, 403, 403, 201, 403, 201),
        ),
        "GET /api/v1/open-calls/{call_id}": (lambda w: (f"/api/v1/open-calls/{_x(w, 'call_w')}", None), everyone(200)),
        "POST /api/v1/open-calls/{call_id}/applications": (
            lambda w: (f"/api/v1/open-calls/{_x(w, 'call_w')}/applications", {"organisation": "org-b", "text": "We can."}),
            row(401, 403, 403, 403, 403, 403, 403),
        ),  # org B is not verified in this world
        "GET /api/v1/open-calls/{call_id}/applications": (
            lambda w: (f"/api/v1/open-calls/{_x(w, 'call_w')}/applications", None),
            signed_in(200, 401),
        ),
        "GET /api/v1/open-calls/applications/{application_id}": (
            lambda w: (f"/api/v1/open-calls/applications/{_x(w, 'application_b')}", None),
            row(401, 404, 404, 200, 200, 404, 200),
        ),
        "POST /api/v1/open-calls/applications/{application_id}/select": (
            lambda w: (f"/api/v1/open-calls/applications/{_x(w, 'application_b')}/select", None),
            row(401, 404, 404, 403, 200, 404, 200),
        ),
        "POST /api/v1/open-calls/applications/{application_id}/milestones/{milestone_id}/report": (
            lambda w: (
                f"/api/v1/open-calls/applications/{_x(w, 'application_b')}/milestones/{_x(w, 'milestone_2')}/report",
                {"report": "Pilot line runs."},
            ),
            row(401, 404, 404, 200, 403, 404, 403),
        ),
        "POST /api/v1/open-calls/applications/{application_id}/milestones/{milestone_id}/accept": (
            lambda w: (f"/api/v1/open-calls/applications/{_x(w, 'application_b')}/milestones/{_x(w, 'milestone_1')}/accept", None),
            row(401, 404, 404, 403, 200, 404, 200),
        ),
        "POST /api/v1/open-calls/applications/{application_id}/milestones/{milestone_id}/send-back": (
            lambda w: (
                f"/api/v1/open-calls/applications/{_x(w, 'application_b')}/milestones/{_x(w, 'milestone_1')}/send-back",
                {"note": "Add the test data."},
            ),
            row(401, 404, 404, 403, 200, 404, 200),
        ),
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
)


def secret_need(world):
    """A need for members of verified organisations: org B is not verified, so its admin sees none of it."""
    need = NeedFactory(owner=world.org_a, title_en="SECRET-NEED-6610", confidentiality=Need.Confidentiality.VERIFIED)
    return [
        ("get", f"/needs/{need.pk}/"),
        ("get", f"/needs/{need.pk}/edit/"),
        ("get", "/needs/?q=SECRET"),
        ("get", "/needs/mine/"),
        ("post", f"/needs/{need.pk}/close/"),
        ("post", f"/needs/{need.pk}/renew/"),
        ("post", f"/needs/{need.pk}/interest/"),
        ("get", f"/api/v1/needs/{need.pk}"),
        ("get", "/api/v1/needs?q=SECRET"),
        ("get", f"/api/v1/needs/{need.pk}/interests"),
        ("patch", f"/api/v1/needs/{need.pk}", {"title_en": "x"}),
        ("post", f"/api/v1/needs/{need.pk}/close"),
        ("post", f"/api/v1/needs/{need.pk}/renew", {"deadline": later()}),
    ], "SECRET-NEED-6610"


def secret_interest(world):
    """Another organisation's answer to A's public need: only A's people and the answering organisation read it."""
    third = OrganisationFactory(city=world.city_w)
    MembershipFactory(organisation=third)
    need = NeedFactory(owner=world.org_a, title_en="An open need of A")
    interest = NeedInterestFactory(need=need, organisation=third, message="SECRET-ANSWER-4471")
    return [
        ("get", f"/needs/{need.pk}/"),
        ("get", "/needs/mine/"),
        ("post", f"/needs/interests/{interest.pk}/accept/"),
        ("post", f"/needs/interests/{interest.pk}/decline/"),
        ("post", f"/needs/interests/{interest.pk}/withdraw/"),
        ("get", f"/api/v1/needs/{need.pk}/interests"),
        ("get", f"/api/v1/need-interests/{interest.pk}"),
        ("post", f"/api/v1/need-interests/{interest.pk}/accept"),
        ("post", f"/api/v1/need-interests/{interest.pk}/decline", {"reason": "No."}),
        ("post", f"/api/v1/need-interests/{interest.pk}/withdraw"),
    ], "SECRET-ANSWER-4471"


PRIVATE_PROBES = {
    "challenges.need": secret_need,  # public needs are public; a need for verified members is private to others
    "challenges.needinterest": secret_interest,
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
        ("get", f"/challenges/{challenge.pk}/"),
        ("get", f"/challenges/{challenge.pk}/proposal/"),
    ], "SECRET-PROPOSAL-5150"


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


PRIVATE_PROBES.update(
    {
        "challenges.challenge": secret_draft_challenge,  # published ones are public; a draft is private
        "challenges.proposal": secret_proposal,
        "challenges.question": secret_question,  # answered questions are public, without the asker; open ones are not
    }
)


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


PRIVATE_PROBES["challenges.reviewassignment"] = secret_review


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
        ("post", f"/pipelines/{x}/bookings/", {"booking": world.extra["pilot_booking"].pk}),
        ("post", f"/api/v1/pipelines/{x}/bookings", {"booking": world.extra["pilot_booking"].pk}),
        ("get", f"/proposals/{proposal.pk}/"),
        ("get", "/pipelines/stalls/"),
        ("get", "/api/v1/pipeline-stalls"),
    ], "SECRET-PLACE-9931"


PRIVATE_PROBES["challenges.pipeline"] = secret_pipeline


def secret_application(world):
    """Another team's application to a call of city X and its milestone report: org B and operators of W read
    none of it."""
    team = OrganisationFactory(city=world.city_x)
    call = OpenCall.objects.create(
        city=world.city_x, title_zh="揭榜", problem="p", funding=Decimal("100"), deadline=timezone.now() + timedelta(days=3)
    )
    milestone = Milestone.objects.create(open_call=call, name_zh="全部", share=100)
    application = OpenCallApplication.objects.create(
        open_call=call, organisation=team, text="SECRET-APPLICATION-8123", status=OpenCallApplication.Status.SELECTED
    )
    MilestoneProgress.objects.create(application=application, milestone=milestone, report="SECRET-APPLICATION-8123")
    a, m = application.pk, milestone.pk
    return [
        ("get", f"/api/v1/open-calls/applications/{a}"),
        ("get", f"/api/v1/open-calls/{call.pk}/applications"),
        ("post", f"/api/v1/open-calls/applications/{a}/select"),
        ("post", f"/api/v1/open-calls/applications/{a}/milestones/{m}/accept"),
        ("post", f"/api/v1/open-calls/applications/{a}/milestones/{m}/report", {"report": "x"}),
        ("get", f"/open-calls/applications/{a}/"),
        ("get", f"/open-calls/{call.pk}/"),
        ("post", f"/open-calls/applications/{a}/select/"),
        ("post", f"/open-calls/applications/{a}/milestones/{m}/accept/"),
        ("post", f"/open-calls/applications/{a}/milestones/{m}/send-back/", {"note": "x"}),
        ("post", f"/open-calls/applications/{a}/milestones/{m}/report/", {"report": "x"}),
    ], "SECRET-APPLICATION-8123"


PRIVATE_PROBES["challenges.opencallapplication"] = secret_application

NOT_EXPOSED = {
    "challenges.opencall": "public: open calls are published for every team to read",
    "challenges.milestone": "public: listed within its open call",
    "challenges.milestoneprogress": "not addressed by id: read within its application (probed there)",
    "challenges.pipelinestep": "not addressed by id: read within its pipeline (probed there)",
    "challenges.pilotbooking": "not addressed by id: read within its pipeline (probed there); linked by the booking's id",
    "challenges.score": "not addressed by id: read within its review assignment (probed there)",
    "challenges.criterion": "not addressed by id: listed within its challenge, which decides who sees it",
    "challenges.phase": "not addressed by id: listed within its challenge, which decides who sees it",
    "challenges.agreementacceptance": "not addressed by id; it only opens the challenge's confidential details",
    "challenges.solverinvitation": "not addressed by id: created by the challenge's owner admins (by organisation slug), never read by id",
}
