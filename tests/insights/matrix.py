"""Permission matrix rows of the Belt's data (loaded by tests/test_permission_matrix.py).

Platform operators open the whole Belt; district operators their cities (operator_w: city W); an
organisation's people and the operators of its city open its own dashboard (org A, city W). The wall and open
data are public. Insights' only records are quarterly reports generated in the background: one of city W
asked for by operator_w is seen (and downloaded) by whoever may open W's dashboard, on the pages and through
the API; anyone else gets 404.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import storages

from innobelt.insights.models import ReportRun

L = "login"
ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


def everyone(status):
    return row(*[status] * 7)


def _run(world, error="SECRET-REPORT-ERROR-6067"):
    return ReportRun.objects.create(requested_by=world.users["operator_w"], city=world.city_w, year=2026, quarter=3,
                                    file_format="xlsx", status=ReportRun.Status.FAILED, error=error)


def _done_run(world):
    name = storages["default"].save("insights-reports/matrix.xlsx", ContentFile(b"SECRET-REPORT-FILE-6068"))
    return ReportRun.objects.create(requested_by=world.users["operator_w"], city=world.city_w, year=2026, quarter=3,
                                    file_format="xlsx", status=ReportRun.Status.DONE, storage_name=name, size=23)


def extend_world(world):
    world.extra["report_run"] = _run(world, error="failed")
    world.extra["report_done"] = _done_run(world)


PAGES = {
    "insights:index": ("get", lambda w: "/insights/", None, row(L, 200, 200, 200, 200, 200, 200)),
    "insights:belt": ("get", lambda w: "/insights/belt/", None, row(L, 403, 403, 403, 403, 403, 200)),
    "insights:city": ("get", lambda w: "/insights/cities/city-w/", None, row(L, 403, 403, 403, 200, 403, 200)),
    "insights:organisation": ("get", lambda w: "/insights/organisations/org-a/", None, row(L, 200, 200, 403, 200, 403, 200)),
    "insights:quarterly_belt": ("get", lambda w: "/insights/reports/2026/q3/", None, row(L, 403, 403, 403, 403, 403, 200)),
    "insights:quarterly_city": ("get", lambda w: "/insights/reports/2026/q3/city-w/", None, row(L, 403, 403, 403, 200, 403, 200)),
    "insights:report_start_belt": ("post", lambda w: "/insights/reports/runs/2026/q3/", lambda w: {"format": "xlsx"},
                                   row(L, 403, 403, 403, 403, 403, 302)),
    "insights:report_start_city": ("post", lambda w: "/insights/reports/runs/2026/q3/city-w/", lambda w: {"format": "xlsx"},
                                   row(L, 403, 403, 403, 302, 403, 302)),
    "insights:report_run": ("get", lambda w: f"/insights/reports/runs/{w.extra['report_run'].pk}/", None, row(L, 404, 404, 404, 200, 404, 200)),
    "insights:report_download": ("get", lambda w: f"/insights/reports/runs/{w.extra['report_done'].pk}/download/", None,
                                 row(L, 404, 404, 404, 200, 404, 200)),
    "insights:wall": ("get", lambda w: "/insights/wall/", None, everyone(200)),
    "insights:wall_data": ("get", lambda w: "/insights/wall/data/", None, everyone(200)),
    "insights:open_data": ("get", lambda w: "/insights/open-data/", None, everyone(200)),
    "insights:open_data_download": ("get", lambda w: "/insights/open-data/resources.csv", None, everyone(200)),
}

API = {
    "GET /api/v1/open-data": (lambda w: ("/api/v1/open-data", None), everyone(200)),
    "GET /api/v1/open-data/{key}": (lambda w: ("/api/v1/open-data/events", None), everyone(200)),
    "POST /api/v1/quarterly-reports": (lambda w: ("/api/v1/quarterly-reports", {"city": "city-w", "year": 2026, "quarter": 3, "format": "xlsx"}),
                                       row(401, 403, 403, 403, 201, 403, 201)),
    "GET /api/v1/quarterly-reports/{run_id}": (lambda w: (f"/api/v1/quarterly-reports/{w.extra['report_run'].pk}", None),
                                               row(401, 404, 404, 404, 200, 404, 200)),
    "GET /api/v1/quarterly-reports/{run_id}/file": (lambda w: (f"/api/v1/quarterly-reports/{w.extra['report_done'].pk}/file", None),
                                                    row(401, 404, 404, 404, 200, 404, 200)),
}


def secret_report(world):
    failed, done = _run(world), _done_run(world)
    urls = [("get", f"/insights/reports/runs/{failed.pk}/"), ("get", f"/insights/reports/runs/{failed.pk}/download/"),
            ("get", f"/insights/reports/runs/{done.pk}/download/"), ("get", "/insights/reports/2026/q3/city-w/"),
            ("get", f"/api/v1/quarterly-reports/{failed.pk}"), ("get", f"/api/v1/quarterly-reports/{done.pk}"),
            ("get", f"/api/v1/quarterly-reports/{done.pk}/file")]
    return urls, "SECRET-REPORT"


PRIVATE_PROBES = {"insights.reportrun": secret_report}
