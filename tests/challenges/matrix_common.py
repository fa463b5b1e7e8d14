"""What the challenges app's permission-matrix modules share: the roles, rows of expected outcomes, the world's
names (tests/challenges/matrix.py merges matrix_needs, matrix_challenges, matrix_review and matrix_open_calls)."""

from datetime import timedelta

from django.utils import timezone

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


def _x(world, name):
    return world.extra[name].pk


PAGE_PROPOSAL_READERS = row(L, 200, 200, 200, 404, 404, 404)  # the owner's people and the solver; no operator
PROPOSAL_READERS = row(401, 200, 200, 200, 404, 404, 404)  # the owner's people and the solver; no operator
PAIR_READERS = row(L, 200, 200, 200, 404, 404, 404)  # the owner's people and the solver's; no operator
OWNER_ADMIN_MOVES = row(L, 403, 302, 403, 404, 404, 404)
OWNER_ADMIN_INVITES = row(L, 403, 302, 403, 403, 403, 403)  # a published challenge: everyone sees it, only its admins invite
