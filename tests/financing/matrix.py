"""Permission matrix rows of financing (loaded by tests/test_permission_matrix.py and tests/test_id_guessing.py).

The world: org A (an SME of city W, not verified) posted `fneed_a` and applied to `fund_w` (run by W's
operators) with `fapp_a`, which two outside reviewers scored. `inv` is a verified investor of city X with a
thesis; nobody in the world belongs to it, so no role is a verified investor. `fneed_a` has a pitch deck its
team keeps to itself (operators never download a deck). A funding need is never
shown anonymously (the page asks to sign in, the API answers 401); what the caller may not see is 404.
"""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from innobelt.files.domain import save_upload
from innobelt.financing.models import FundingNeed, Milestone
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.financing.factories import make_application, make_fund, make_need, make_thesis
from tests.permissions import Multipart

L = "login"
ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


def everyone(status):
    return row(*[status] * 7)


def signed_in(status, anonymous=L):
    return row(anonymous, *[status] * 6)


def extend_world(world):
    investor = OrganisationFactory(kind="investor", city=world.city_x, slug="inv", verification="verified")
    make_thesis(investor)
    need = make_need(world.org_a, title_en="Funding need of A")
    need.deck = _deck(world.org_a, b"deck of A")
    need.save(update_fields=["deck"])
    fund = make_fund(city=world.city_w, title_en="Fund of W")
    application = make_application(fund, world.org_a, reviewers=[UserFactory(), UserFactory()])
    awarded_fund = make_fund(city=world.city_w, title_en="Awarded fund of W")
    awarded = make_application(awarded_fund, world.org_a, status="awarded", awarded_amount=Decimal("600000"))
    milestone = Milestone.objects.create(application=awarded, number=1, title_en="Tape-out", amount=Decimal("600000"))
    world.extra.update(fneed_a=need, fund_w=fund, fapp_a=application, fapp_awarded=awarded, milestone_a=milestone)


def _pdf(marker: bytes = b"") -> bytes:
    return b"%PDF-1.4\n% " + marker + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _deck(organisation, marker: bytes):
    return save_upload(actor=None, organisation=organisation, kind="document", upload=SimpleUploadedFile("deck.pdf", _pdf(marker)))


def _x(world, name):
    return world.extra[name].pk


def _app(w, suffix=""):
    return f"/api/v1/funds/{_x(w, 'fund_w')}/applications/{_x(w, 'fapp_a')}{suffix}"


def _release(w, api=True):
    awarded, milestone = w.extra["fapp_awarded"], _x(w, "milestone_a")
    if api:
        return f"/api/v1/funds/{awarded.fund_id}/applications/{awarded.pk}/milestones/{milestone}/release"
    return f"/financing/applications/{awarded.pk}/milestones/{milestone}/release/"


TEAM = row(L, 200, 200, 404, 200, 404, 200)  # A's people and the operators of W and the platform
DECIDERS = row(L, 403, 403, 404, 302, 404, 302)

PAGES = {
    "financing:home": ("get", lambda w: "/financing/", None, everyone(200)),
    "financing:post_need": ("get", lambda w: "/financing/needs/new/", None, signed_in(200)),
    "financing:need_detail": ("get", lambda w: f"/financing/needs/{_x(w, 'fneed_a')}/", None, TEAM),
    "financing:request_meeting": (
        "post",
        lambda w: f"/financing/needs/{_x(w, 'fneed_a')}/meet/",
        lambda w: {"message": "Meet?"},
        row(L, 403, 403, 404, 403, 404, 403),
    ),
    "financing:download_deck": ("get", lambda w: f"/financing/needs/{_x(w, 'fneed_a')}/deck/", None, row(L, 200, 200, 404, 404, 404, 404)),
    "financing:save_deck": (
        "post",
        lambda w: f"/financing/needs/{_x(w, 'fneed_a')}/deck/save/",
        lambda w: {"audience": "team"},
        row(L, 302, 302, 404, 403, 404, 403),
    ),
    "financing:remove_deck": ("post", lambda w: f"/financing/needs/{_x(w, 'fneed_a')}/deck/remove/", None, row(L, 302, 302, 404, 403, 404, 403)),
    "financing:demand_and_supply": ("get", lambda w: "/financing/operators/demand/", None, row(L, 403, 403, 403, 200, 200, 200)),
    "financing:investor_matches": ("get", lambda w: "/financing/investors/inv/", None, row(L, *[404] * 6)),
    # nobody in the world belongs to the verified investor `inv` (tests/financing/test_pages.py: its admin saves it)
    "financing:edit_thesis": ("get", lambda w: "/financing/investors/inv/thesis/", None, row(L, *[404] * 6)),
    "financing:open_fund": ("get", lambda w: "/financing/funds/new/", None, row(L, 403, 403, 403, 200, 200, 200)),  # any operator, in their cities
    "financing:edit_fund": ("get", lambda w: f"/financing/funds/{_x(w, 'fund_w')}/edit/", None, row(L, 403, 403, 403, 200, 403, 200)),
    "financing:fund_reviewers": ("get", lambda w: f"/financing/funds/{_x(w, 'fund_w')}/reviewers/", None, row(L, 403, 403, 403, 200, 403, 200)),
    "financing:fund_detail": ("get", lambda w: f"/financing/funds/{_x(w, 'fund_w')}/", None, everyone(200)),
    "financing:apply": (
        "get",
        lambda w: f"/financing/funds/{_x(w, 'fund_w')}/apply/",
        None,
        row(L, 403, 403, 200, 403, 403, 403),
    ),  # A applied already; B's admin may
    "financing:application_detail": ("get", lambda w: f"/financing/applications/{_x(w, 'fapp_a')}/", None, TEAM),
    "financing:score": (
        "post",
        lambda w: f"/financing/applications/{_x(w, 'fapp_a')}/score/",
        lambda w: {"score": 80, "no_conflict": "on"},
        row(L, 403, 403, 404, 403, 404, 403),
    ),
    "financing:award": ("post", lambda w: f"/financing/applications/{_x(w, 'fapp_a')}/award/", None, DECIDERS),
    # fapp_a is not awarded: the operators get the domain's message
    "financing:plan_milestones": (
        "post",
        lambda w: f"/financing/applications/{_x(w, 'fapp_a')}/milestones/",
        lambda w: {"lines": "600000 | Tape-out"},
        DECIDERS,
    ),
    "financing:release_milestone": ("post", lambda w: _release(w, api=False), None, DECIDERS),
    "financing:reject": ("post", lambda w: f"/financing/applications/{_x(w, 'fapp_a')}/reject/", lambda w: {"reason": "Out of scope."}, DECIDERS),
}

NEW_NEED = {"organisation": "org-a", "title_en": "Seed", "stage": "seed", "amount": "100000.00", "use_of_funds": "Prototype."}
NEW_THESIS = {"investor_type": "vc", "stages": ["a"], "ticket_max": "1000000"}
NEW_CALL = {"title_en": "W's IC call", "sector": "integrated-circuits", "city": "city-w", "budget": "2000000.00", "deadline": "2099-12-31"}
API_TEAM = row(401, 200, 200, 404, 200, 404, 200)

API = {
    "GET /api/v1/funding-needs": (None, signed_in(200, 401)),
    "POST /api/v1/funding-needs": (lambda w: ("/api/v1/funding-needs", NEW_NEED), row(401, 201, 201, 403, 403, 403, 403)),
    "GET /api/v1/funding-needs/{need_id}": (lambda w: (f"/api/v1/funding-needs/{_x(w, 'fneed_a')}", None), API_TEAM),
    "POST /api/v1/funding-needs/{need_id}/close": (
        lambda w: (f"/api/v1/funding-needs/{_x(w, 'fneed_a')}/close", None),
        row(401, 403, 200, 404, 403, 404, 403),
    ),
    "GET /api/v1/funding-needs/{need_id}/investors": (lambda w: (f"/api/v1/funding-needs/{_x(w, 'fneed_a')}/investors", None), API_TEAM),
    "POST /api/v1/funding-needs/{need_id}/meeting-requests": (
        lambda w: (f"/api/v1/funding-needs/{_x(w, 'fneed_a')}/meeting-requests", {"investor": "inv", "message": "Hi"}),
        row(401, 403, 403, 404, 403, 404, 403),
    ),
    "GET /api/v1/funding-needs/{need_id}/deck": (
        lambda w: (f"/api/v1/funding-needs/{_x(w, 'fneed_a')}/deck", None),
        row(401, 200, 200, 404, 404, 404, 404),
    ),  # the team only: operators and outsiders get the answer of an unknown id
    "POST /api/v1/funding-needs/{need_id}/deck": (
        lambda w: (f"/api/v1/funding-needs/{_x(w, 'fneed_a')}/deck", Multipart(lambda: {"file": SimpleUploadedFile("new.pdf", _pdf())})),
        row(401, 201, 201, 404, 403, 404, 403),
    ),
    "DELETE /api/v1/funding-needs/{need_id}/deck": (
        lambda w: (f"/api/v1/funding-needs/{_x(w, 'fneed_a')}/deck", None),
        row(401, 204, 204, 404, 403, 404, 403),
    ),
    "PUT /api/v1/funding-needs/{need_id}/deck/sharing": (
        lambda w: (f"/api/v1/funding-needs/{_x(w, 'fneed_a')}/deck/sharing", {"audience": "chosen", "investors": ["inv"]}),
        row(401, 200, 200, 404, 403, 404, 403),
    ),
    "GET /api/v1/funding-matches/{slug}": (lambda w: ("/api/v1/funding-matches/inv", None), row(401, *[404] * 6)),
    "GET /api/v1/funding-theses/{slug}": (lambda w: ("/api/v1/funding-theses/inv", None), row(401, 404, 404, 404, 404, 404, 200)),
    "PUT /api/v1/funding-theses/{slug}": (lambda w: ("/api/v1/funding-theses/inv", NEW_THESIS), row(401, *[403] * 6)),
    "GET /api/v1/funds": (None, everyone(200)),
    "GET /api/v1/funds/{fund_id}": (lambda w: (f"/api/v1/funds/{_x(w, 'fund_w')}", None), everyone(200)),
    # as the pages: any operator opens a call in their own cities (X's operator is refused city W: 400)
    "POST /api/v1/funds": (lambda w: ("/api/v1/funds", NEW_CALL), row(401, 403, 403, 403, 201, 400, 201)),
    # W's fund: run by W's operators and the platform's
    "PATCH /api/v1/funds/{fund_id}": (
        lambda w: (f"/api/v1/funds/{_x(w, 'fund_w')}", {"budget": "1500000.50"}),
        row(401, 403, 403, 403, 200, 403, 200),
    ),
    "GET /api/v1/funds/{fund_id}/applications": (lambda w: (f"/api/v1/funds/{_x(w, 'fund_w')}/applications", None), signed_in(200, 401)),
    "POST /api/v1/funds/{fund_id}/applications": (
        lambda w: (f"/api/v1/funds/{_x(w, 'fund_w')}/applications", {"organisation": "org-b", "amount": "100000", "plan": "A plan."}),
        row(401, 403, 403, 201, 403, 403, 403),
    ),
    "GET /api/v1/funds/{fund_id}/applications/{application_id}": (lambda w: (_app(w), None), API_TEAM),
    "POST /api/v1/funds/{fund_id}/applications/{application_id}/reviews": (
        lambda w: (_app(w, "/reviews"), {"score": 80, "no_conflict": True}),
        row(401, 403, 403, 404, 403, 404, 403),
    ),
    "POST /api/v1/funds/{fund_id}/applications/{application_id}/award": (lambda w: (_app(w, "/award"), {}), row(401, 403, 403, 404, 200, 404, 200)),
    "GET /api/v1/funds/{fund_id}/applications/{application_id}/milestones": (lambda w: (_app(w, "/milestones"), None), API_TEAM),
    "PUT /api/v1/funds/{fund_id}/applications/{application_id}/milestones": (
        lambda w: (_app(w, "/milestones"), {"milestones": [{"title_en": "Tape-out", "amount": "600000"}]}),
        row(401, 403, 403, 404, 400, 404, 400),
    ),  # not awarded
    "POST /api/v1/funds/{fund_id}/applications/{application_id}/milestones/{milestone_id}/release": (
        lambda w: (_release(w), None),
        row(401, 403, 403, 404, 200, 404, 200),
    ),
    "POST /api/v1/funds/{fund_id}/applications/{application_id}/reject": (
        lambda w: (_app(w, "/reject"), {"reason": "Out of scope."}),
        row(401, 403, 403, 404, 200, 404, 200),
    ),
}


def secret_funding_need(world):
    """Org A's need: org B's admin (no investor) reads none of it, by page, list or API."""
    need = make_need(world.org_a, title_en="SECRET-FUNDING-8120", visibility=FundingNeed.Visibility.INVESTORS)
    need.deck = _deck(world.org_a, b"SECRET-FUNDING-8120")
    need.save(update_fields=["deck"])
    n = need.pk
    return [
        ("get", f"/financing/needs/{n}/deck/"),
        ("post", f"/financing/needs/{n}/deck/save/", {"audience": "investors"}),
        ("post", f"/financing/needs/{n}/deck/remove/"),
        ("delete", f"/api/v1/funding-needs/{n}/deck"),
        ("get", f"/api/v1/funding-needs/{n}/deck"),
        ("put", f"/api/v1/funding-needs/{n}/deck/sharing", {"audience": "investors"}),
        ("get", f"/financing/needs/{n}/"),
        ("post", f"/financing/needs/{n}/meet/", {"message": "x"}),
        ("get", "/financing/"),
        ("get", f"/api/v1/funding-needs/{n}"),
        ("get", "/api/v1/funding-needs"),
        ("get", f"/api/v1/funding-needs/{n}/investors"),
        ("post", f"/api/v1/funding-needs/{n}/close"),
        ("post", f"/api/v1/funding-needs/{n}/meeting-requests", {"investor": "inv", "message": "x"}),
    ], "SECRET-FUNDING-8120"


def secret_application(world):
    """Org A's application: org B's admin reads none of it."""
    fund = make_fund(city=world.city_w, title_en="A fund")
    application = make_application(fund, world.org_a)
    application.plan = "SECRET-PLAN-3302"
    application.save()
    a, f = application.pk, fund.pk
    return [
        ("get", f"/financing/applications/{a}/"),
        ("get", f"/financing/funds/{f}/"),
        ("post", f"/financing/applications/{a}/score/", {"score": 1, "no_conflict": "on"}),
        ("post", f"/financing/applications/{a}/award/"),
        ("post", f"/financing/applications/{a}/reject/"),
        ("get", f"/api/v1/funds/{f}/applications"),
        ("get", f"/api/v1/funds/{f}/applications/{a}"),
        ("post", f"/api/v1/funds/{f}/applications/{a}/award", {}),
        ("post", f"/api/v1/funds/{f}/applications/{a}/reviews", {"score": 1, "no_conflict": True}),
        ("patch", f"/api/v1/funds/{f}", {"title_en": "Mine now", "budget": "1"}),  # the call is public; its operators alone change it
    ], "SECRET-PLAN-3302"


def secret_meeting(world):
    """An investor's meeting request about A's need: org B's admin reads none of it."""
    from innobelt.financing.models import MeetingRequest

    investor = OrganisationFactory(kind="investor", verification="verified", city=world.city_w)
    MembershipFactory(organisation=investor)
    need = make_need(world.org_a)
    MeetingRequest.objects.create(need=need, investor=investor, message="SECRET-MEETING-7710")
    return [("get", f"/financing/needs/{need.pk}/"), ("get", f"/api/v1/funding-needs/{need.pk}")], "SECRET-MEETING-7710"


def secret_thesis(world):
    """A verified investor's thesis: members of verified organisations read it; B (not verified) does not."""
    investor = OrganisationFactory(kind="investor", verification="verified", city=world.city_w, slug="inv-secret")
    make_thesis(investor, summary="SECRET-THESIS-5501")
    return [
        ("get", "/api/v1/funding-theses/inv-secret"),
        ("get", "/financing/investors/inv-secret/"),
        ("get", "/api/v1/funding-matches/inv-secret"),
    ], "SECRET-THESIS-5501"


def secret_milestone(world):
    """A milestone of org A's award: org B's admin reads none of it and releases nothing."""
    fund = make_fund(city=world.city_w, title_en="A fund")
    awarded = make_application(fund, world.org_a, status="awarded", awarded_amount=Decimal("100"))
    milestone = Milestone.objects.create(application=awarded, number=1, title_en="SECRET-MILESTONE-6604", amount=Decimal("100"))
    a, f, m = awarded.pk, fund.pk, milestone.pk
    return [
        ("get", f"/financing/applications/{a}/"),
        ("post", f"/financing/applications/{a}/milestones/{m}/release/"),
        ("post", f"/financing/applications/{a}/milestones/", {"lines": "100 | SECRET"}),
        ("get", f"/api/v1/funds/{f}/applications/{a}/milestones"),
        ("post", f"/api/v1/funds/{f}/applications/{a}/milestones/{m}/release"),
    ], "SECRET-MILESTONE-6604"


PRIVATE_PROBES = {
    "financing.milestone": secret_milestone,
    "financing.fundingneed": secret_funding_need,
    "financing.fundapplication": secret_application,
    "financing.meetingrequest": secret_meeting,
    "financing.thesis": secret_thesis,
}

NOT_EXPOSED = {
    "financing.fund": "public: dedicated funds are open calls",
    "financing.fundreview": "not addressed by id: shown within its application, which decides who sees it",
}
