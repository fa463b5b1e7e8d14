"""The API of the Belt's data: open data, read-only under /api/v1/open-data (the list of datasets with their
data dictionaries, and each dataset's rows: aggregates and public records only, as the downloads); quarterly
reports under /api/v1/quarterly-reports (ask for one, poll its progress, download its file), for whoever
may open the area's dashboard, as the pages.

Endpoints only translate: open_data.py and queries.py read, domain.py asks for reports; an unknown dataset
or report, or a report of an area the caller may not open, is 404 in the kit's error shape.
"""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from innobelt.belt.models import City
from innobelt.insights import domain, open_data, queries
from innobelt.insights.models import ReportRun
from innobelt.insights.reports import Quarter
from innobelt.kit.api_auth import PUBLIC_OPERATION, SIGNED_IN
from innobelt.kit.api_errors import InputSchema, errors

router = Router(tags=["insights"])


class InsightsFieldOut(Schema):
    name: str
    description: str


class InsightsDatasetOut(Schema):
    key: str
    title: str
    description: str
    licence: str
    csv_url: str
    json_url: str
    fields: list[InsightsFieldOut]


class InsightsDatasetRowsOut(Schema):
    key: str
    licence: str
    fields: list[str]
    rows: list[dict[str, Any]]


def _describe(dataset: open_data.Dataset) -> dict:
    return {
        "key": dataset.key,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "licence": str(open_data.LICENCE),
        "csv_url": open_data.download_url(dataset, "csv"),
        "json_url": open_data.download_url(dataset, "json"),
        "fields": [{"name": name, "description": str(text)} for name, text in dataset.fields],
    }


@router.get("/open-data", response={200: list[InsightsDatasetOut], **errors()}, **PUBLIC_OPERATION)
def list_datasets(request):
    return [_describe(d) for d in open_data.DATASETS.values()]


@router.get("/open-data/{key}", response={200: InsightsDatasetRowsOut, **errors(404)}, **PUBLIC_OPERATION)
def get_dataset(request, key: str):
    dataset = open_data.DATASETS.get(key)
    if dataset is None:
        raise Http404
    # the answer the refresh rendered with the downloads (InsightsDatasetRowsOut's fields, in its order): one cache
    # read, not 30,000 rows validated and rendered at every call of a public operation
    kept = open_data.download_file(dataset, "api")
    response = HttpResponse(kept.content, content_type="application/json; charset=utf-8")
    response["ETag"] = kept.etag
    return response


# Quarterly reports generated in the background


class QuarterlyReportIn(InputSchema):
    city: str | None = Field(None, description="a city's or district's slug; none: the whole Belt")
    year: int
    quarter: int = Field(..., description="1 to 4")
    format: str = Field(..., description="pdf (Chinese and English) or xlsx")


class QuarterlyReportOut(Schema):
    id: UUID
    city: str | None  # the city's or district's slug; none: the whole Belt
    year: int
    quarter: int
    format: str  # pdf, xlsx
    status: str  # queued, counting, rendering (active), done, failed, expired (done, its file since deleted)
    status_label: str  # the status in the caller's language
    counted_figures: int
    total_figures: int  # 0 until counting starts
    percent: int
    error: str  # why it failed, in the language it was asked in
    filename: str
    size: int  # bytes, once done
    created_at: datetime
    finished_at: datetime | None
    url: str  # this status, to poll
    page: str  # the status page for people
    download: str | None  # the file, once done


def report_out(request, run: ReportRun) -> dict:
    done = run.status == ReportRun.Status.DONE and bool(run.storage_name)
    return {
        "id": run.pk, "city": run.city.slug if run.city is not None else None, "year": run.year, "quarter": run.quarter,
        "format": run.file_format, "status": run.status, "status_label": str(run.get_status_display()),
        "counted_figures": run.counted_figures, "total_figures": run.total_figures, "percent": run.percent, "error": run.error,
        "filename": run.filename, "size": run.size, "created_at": run.created_at, "finished_at": run.finished_at,
        "url": request.build_absolute_uri(reverse("api:get_quarterly_report", kwargs={"run_id": run.pk})),
        "page": request.build_absolute_uri(run.get_absolute_url()),
        "download": request.build_absolute_uri(reverse("api:download_quarterly_report", kwargs={"run_id": run.pk})) if done else None,
    }


@router.post("/quarterly-reports", response={200: QuarterlyReportOut, 201: QuarterlyReportOut, **errors(400)}, auth=SIGNED_IN)
def request_quarterly_report(request, payload: QuarterlyReportIn):
    """Ask for the quarterly report of the whole Belt (no `city`) or of a city or district, as PDF or XLSX: it
    is generated in the background (201; poll `url`). Asking again while your same report is still being
    generated answers that one (200). Only those who may open the area's dashboard may ask (403)."""
    city = None
    if payload.city is not None:
        city = City.objects.filter(slug=payload.city).first()
        if city is None:
            raise ValidationError({"city": _("There is no such city or district.")})
    run, created = domain.request_report(actor=request.auth, city=city, quarter=Quarter(payload.year, payload.quarter),
                                         file_format=payload.format)
    return Status(201 if created else 200, report_out(request, run))


@router.get("/quarterly-reports/{run_id}", response={200: QuarterlyReportOut, **errors(404)}, auth=SIGNED_IN,
            url_name="get_quarterly_report")
def get_quarterly_report(request, run_id: UUID):
    """A quarterly report's progress (`counted_figures` of `total_figures`), then its `download` link or its
    `error`: poll `url` until `status` is done or failed. A report of an area you may not open is 404, as an
    unknown id."""
    return report_out(request, queries.visible_run_or_404(request.auth, run_id))


@router.get("/quarterly-reports/{run_id}/file", response={200: None, **errors(404)}, auth=SIGNED_IN,
            url_name="download_quarterly_report")
def download_quarterly_report(request, run_id: UUID):
    """The generated file (PDF or XLSX) once the report is done; 404 before, and for anyone who may not open
    the area's dashboard."""
    return domain.report_response(queries.visible_run_or_404(request.auth, run_id))
