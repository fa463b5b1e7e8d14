"""Pages of the Belt's data: dashboards (whole Belt, a city or district, an organisation), the display wall
and its JSON, open data. They only translate: queries.py, wall.py and open_data.py read."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from innobelt.insights import open_data, queries
from innobelt.insights.registry import Scope
from innobelt.insights.reports import Quarter, in_both, quarterly_report, report_pdf, report_rows
from innobelt.insights.wall import wall_data
from innobelt.kit.spreadsheets import csv_bytes, download, xlsx_bytes


@login_required
def index(request):
    return render(request, "insights/index.html", {"dashboards": queries.dashboards_of(request.user)})


def _dashboard(request, scope: Scope, title: str):
    board = queries.dashboard(scope)
    context = {"title": title, "dashboard": board, "charts": queries.chart_specs(board), "quarter": Quarter.of(timezone.localdate()).previous}
    return render(request, "insights/dashboard.html", context)


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


def _quarter_or_404(year: int, number: int) -> Quarter:
    if not (2000 <= year <= 2100 and 1 <= number <= 4):
        raise Http404
    return Quarter(year, number)


def _quarterly(request, scope: Scope, titles: tuple[str, str], quarter: Quarter, city_slug: str = ""):
    """The page in the reader's language; `?format=xlsx` and `?format=pdf` (both languages) download it."""
    report = quarterly_report(scope, quarter)
    name = f"innobelt-{city_slug or 'belt'}-{quarter.year}-q{quarter.number}"
    if request.GET.get("format") == "xlsx":
        header, rows = report_rows(report)
        return download(xlsx_bytes(header, rows, sheet=quarter.label), filename=f"{name}.xlsx", file_format="xlsx")
    if request.GET.get("format") == "pdf":
        response = HttpResponse(report_pdf(report, *titles), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    title = titles[0] if translation.get_language() == "zh-hans" else titles[1]
    return render(request, "insights/quarterly.html", {"title": title, "report": report, "city_slug": city_slug})


@login_required
def quarterly_belt(request, year, quarter):
    scope = queries.belt_scope_or_403(request.user)
    return _quarterly(request, scope, in_both(gettext_lazy("The whole Belt")), _quarter_or_404(year, quarter))


@login_required
def quarterly_city(request, year, quarter, slug):
    scope = queries.city_scope_or_404(request.user, slug)
    city = scope.cities[0]
    titles = (city.name_zh or city.name_en, city.name_en or city.name_zh)
    return _quarterly(request, scope, titles, _quarter_or_404(year, quarter), slug)


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
