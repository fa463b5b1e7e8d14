"""Permission rows of the operations pages and endpoints (loaded by tests/test_permission_matrix.py): health
and readiness answer everyone, signed in or not, with no language prefix (a load balancer's probe); the
periodic tasks' page is for platform operators."""

from tests.ops.helpers import ensure_index_saved

L = "login"
ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


def _ready_url(world):
    ensure_index_saved()
    return "/readyz"


PAGES = {
    "healthz": ("get", lambda w: "/healthz", None, row(*[200] * 7)),
    "readyz": ("get", _ready_url, None, row(*[200] * 7)),
    # the test client is on loopback and not behind a proxy (tests/ops/test_metrics.py tries the refusals)
    "metrics": ("get", lambda w: "/metrics", None, row(*[200] * 7)),
    "ops:periodic_runs": ("get", lambda w: "/operations/periodic/", None, row(L, 403, 403, 403, 403, 403, 200)),
    "ops:second_factor_reset": ("get", lambda w: "/operations/second-factor/", None, row(L, 403, 403, 403, 403, 403, 200)),
}

NOT_EXPOSED = {
    "ops.periodicrun": "never addressed by id; listed whole on /operations/periodic/ for platform operators only",
}
