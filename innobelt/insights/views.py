"""Pages of the Belt's data: dashboards (whole Belt, a city or district, an organisation), the display wall
and its JSON, open data. They only translate: queries.py, wall.py and open_data.py read."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from innobelt.insights import open_data, queries
from innobelt.insights.registry import Scope
from innobelt.insights.wall import wall_data
from innobelt.kit.spreadsheets import csv_bytes, download


@login_required
def index(request):
    return render(request, "insights/index.html", {"dashboards": queries.dashboards_of(request.user)})


def _dashboard(request, scope: Scope, title: str):
    board = queries.dashboard(scope)
    return render(request, "insights/dashboard.html", {"title": title, "dashboard": board, "charts": queries.chart_specs(board)})


@login_required
def belt(request):
    return _dashboard(request, queries.belt_scope_or_403(request.user), _("The whole Belt"))


@login_required
def city(request, slug):
    scope = queries.city_scope_or_404(request.user, slug)
    return _dashboard(request, scope, scope.cities[0].name)


@login_required
def organisation(request, slug):
    scope = queries.organisation_scope_or_404(request.user, slug)
    return _dashboard(request, scope, scope.organisation.name)


def wall(request):
    return render(
        request,
        "insights/wall.html",
        {
            "data": wall_data(),
            "poll_seconds": settings.INSIGHTS_WALL_POLL_SECONDS,
            "rotate_seconds": settings.INSIGHTS_WALL_ROTATE_SECONDS,
        },
    )


@never_cache
def wall_json(request):
    return JsonResponse(wall_data())


def open_data_index(request):
    return render(request, "insights/open_data.html", {"datasets": open_data.DATASETS.values(), "licence": open_data.LICENCE})


def open_data_download(request, key, file_format):
    dataset = open_data.DATASETS.get(key)
    if dataset is None or file_format not in ("csv", "json"):
        raise Http404
    header, rows = open_data.table(dataset)
    if file_format == "json":
        return JsonResponse(
            {
                "dataset": key,
                "licence": str(open_data.LICENCE),
                "fields": header,
                "rows": [{n: open_data.plain(v) for n, v in zip(header, row, strict=True)} for row in rows],
            },
            json_dumps_params={"ensure_ascii": False},
        )
    return download(csv_bytes(header, rows), filename=f"innobelt-{key}.csv", file_format="csv")
