"""Permission rows of the operations endpoints (loaded by tests/test_permission_matrix.py): health and
readiness answer everyone, signed in or not, with no language prefix (a load balancer's probe)."""

from tests.ops.helpers import ensure_index_saved

ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


def everyone(status):
    return dict.fromkeys(ROLES, status)


def _ready_url(world):
    ensure_index_saved()
    return "/readyz"


PAGES = {
    "healthz": ("get", lambda w: "/healthz", None, everyone(200)),
    "readyz": ("get", _ready_url, None, everyone(200)),
}
