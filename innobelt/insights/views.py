"""Pages of the Belt's data: dashboards (whole Belt, a city or district, an organisation), quarterly reports
(the page; their files generated in the background), the display wall and its JSON, open data. They only
translate: queries.py, wall.py and open_data.py read, domain.py asks for and generates reports."""

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from innobelt.insights import open_data, queries
from innobelt.insights.domain import FIRST_YEAR, LAST_YEAR, area_titles, report_response, request_report
from innobelt.insights.models import ReportRun
from innobelt.insights.registry import Scope
from innobelt.insights.reports import Quarter, page_splits, quarterly_report, report_notes
from innobelt.insights.wall import COUNTERS_PER_PAGE, pages, wall_data
from innobelt.kit.spreadsheets import download


@login_required
def index(request):
    return render(request, "insights/index.html", {"dashboards": queries.dashboards_of(request.user)})


def _dashboard(request, scope: Scope, title: str):
    """The figures are read (and their links built) only when their rendered fragment is not kept."""
    board = SimpleLazyObject(lambda: queries.dashboard(scope))
    charts = SimpleLazyObject(lambda: queries.chart_specs(cast(queries.Dashboard, board)))
    context = {"title": title, "scope": scope, "dashboard": board, "charts": charts, "fragment": queries.fragment_key(request.user, scope),
               "fragment_seconds": queries.fragment_seconds(),
               "quarter": Quarter.of(timezone.localdate()).previous}
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
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= number <= 4):
        raise Http404
    return Quarter(year, number)


def _quarterly(request, scope: Scope, quarter: Quarter, city=None):
    """The page in the reader's language; the PDF (both languages) and the XLSX are generated in the
    background (`report_start_*`), and the runs of this report are listed with their state."""
    report = quarterly_report(scope, quarter)
    titles = area_titles(city)
    title = titles[0] if translation.get_language() == "zh-hans" else titles[1]
    context = {"title": title, "report": report, "city_slug": city.slug if city else "", "runs": queries.report_runs(city, quarter),
               "formats": ReportRun.Format.choices, "splits": page_splits(report), "notes": report_notes()}
    return render(request, "insights/quarterly.html", context)


@login_required
def quarterly_belt(request, year, quarter):
    scope = queries.belt_scope_or_403(request.user)
    return _quarterly(request, scope, _quarter_or_404(year, quarter))


@login_required
def quarterly_city(request, year, quarter, slug):
    scope = queries.city_scope_or_404(request.user, slug)
    return _quarterly(request, scope, _quarter_or_404(year, quarter), scope.cities[0])


def _start(request, quarter: Quarter, city=None):
    try:
        run, _created = request_report(actor=request.user, city=city, quarter=quarter, file_format=request.POST.get("format", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        if city is None:
            return redirect("insights:quarterly_belt", quarter.year, quarter.number)
        return redirect("insights:quarterly_city", quarter.year, quarter.number, city.slug)
    return redirect(run)


@login_required
@require_POST
def report_start_belt(request, year, quarter):
    queries.belt_scope_or_403(request.user)
    return _start(request, _quarter_or_404(year, quarter))


@login_required
@require_POST
def report_start_city(request, year, quarter, slug):
    scope = queries.city_scope_or_404(request.user, slug)
    return _start(request, _quarter_or_404(year, quarter), scope.cities[0])


@login_required
def report_run(request, run_id):
    """A quarterly report's progress, then its download link or its error; htmx polls the fragment every
    second while it is being generated."""
    run = queries.visible_run_or_404(request.user, run_id)
    context = {"run": run, "title": area_titles(run.city)[0 if translation.get_language() == "zh-hans" else 1],
               "quarter": Quarter(run.year, run.quarter), "keep_days": settings.INSIGHTS_REPORT_KEEP_DAYS}
    if request.htmx:
        return render(request, "insights/_report_status.html", context)
    return render(request, "insights/report_run.html", context)


@login_required
def report_download(request, run_id):
    return report_response(queries.visible_run_or_404(request.user, run_id))


def wall(request):
    data = wall_data()
    return render(
        request,
        "insights/wall.html",
        {
            "data": data,
            "counter_pages": pages(data["counters"], COUNTERS_PER_PAGE),
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
    kept = open_data.download_file(dataset, file_format)  # the bytes the refresh rendered: one cache read
    if file_format == "json":
        response = HttpResponse(kept.content, content_type="application/json")
    else:
        response = download(kept.content, filename=f"innobelt-{key}.csv", file_format="csv")
    response["Content-Length"] = str(len(kept.content))
    response["ETag"] = kept.etag
    response["Last-Modified"] = http_date(kept.modified)
    return get_conditional_response(request, etag=kept.etag, last_modified=kept.modified, response=response) or response
