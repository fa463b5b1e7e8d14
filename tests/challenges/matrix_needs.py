"""Permission-matrix and id-guessing rows of needs and their answers (merged by tests/challenges/matrix.py)."""

from innobelt.challenges.models import (
    Need,
)
from tests.challenges.factories import NeedFactory, NeedInterestFactory
from tests.challenges.matrix_common import (
    L,
    _x,
    everyone,
    later,
    row,
    signed_in,
)
from tests.factories import MembershipFactory, OrganisationFactory


def extend_world_with_needs(world):
    need_pub = NeedFactory(owner=world.org_a, posted_by=world.users["admin_a"], title_en="Public need of A", details="Drawings of the part.")
    need_ver = NeedFactory(
        owner=world.org_a, posted_by=world.users["admin_a"], title_en="Verified-only need of A", confidentiality=Need.Confidentiality.VERIFIED
    )
    interest_b = NeedInterestFactory(need=need_pub, organisation=world.org_b, submitted_by=world.users["admin_b"])
    world.extra.update(need_pub=need_pub, need_ver=need_ver, interest_b=interest_b)


NEW_NEED = {"owner": "org-a", "title_en": "New need", "problem": "A problem.", "deadline": later(30)}

PAGES = {
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
    "challenges.need": secret_need,
    "challenges.needinterest": secret_interest,
}
