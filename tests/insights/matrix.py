"""Permission matrix rows of the Belt's data (loaded by tests/test_permission_matrix.py).

Platform operators open the whole Belt; district operators their cities (operator_w: city W); an
organisation's people and the operators of its city open its own dashboard (org A, city W). The wall and open
data are public. Insights holds no records of its own: nothing to guess (no PRIVATE_PROBES).
"""

L = "login"
ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


def everyone(status):
    return row(*[status] * 7)


PAGES = {
    "insights:index": ("get", lambda w: "/insights/", None, row(L, 200, 200, 200, 200, 200, 200)),
    "insights:belt": ("get", lambda w: "/insights/belt/", None, row(L, 403, 403, 403, 403, 403, 200)),
    "insights:city": ("get", lambda w: "/insights/cities/city-w/", None, row(L, 403, 403, 403, 200, 403, 200)),
    "insights:organisation": ("get", lambda w: "/insights/organisations/org-a/", None, row(L, 200, 200, 403, 200, 403, 200)),
    "insights:quarterly_belt": ("get", lambda w: "/insights/reports/2026/q3/", None, row(L, 403, 403, 403, 403, 403, 200)),
    "insights:quarterly_city": ("get", lambda w: "/insights/reports/2026/q3/city-w/", None, row(L, 403, 403, 403, 200, 403, 200)),
    "insights:wall": ("get", lambda w: "/insights/wall/", None, everyone(200)),
    "insights:wall_data": ("get", lambda w: "/insights/wall/data/", None, everyone(200)),
    "insights:open_data": ("get", lambda w: "/insights/open-data/", None, everyone(200)),
    "insights:open_data_download": ("get", lambda w: "/insights/open-data/resources.csv", None, everyone(200)),
}

API = {
    "GET /api/v1/open-data": (lambda w: ("/api/v1/open-data", None), everyone(200)),
    "GET /api/v1/open-data/{key}": (lambda w: ("/api/v1/open-data/events", None), everyone(200)),
}
