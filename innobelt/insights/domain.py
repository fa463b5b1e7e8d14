"""Quarterly reports generated in the background: asked for by an operator, counted and written by a task
(the mechanism of background imports, ADR 0010), read back by whoever may see the area (ADR 1201).

Insights writes nothing but its own `ReportRun` records and their files.
"""

from __future__ import annotations

import logging
import secrets
import threading
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connections, transaction
from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innobelt.insights.models import ReportRun
from innobelt.insights.registry import BELT, Scope
from innobelt.insights.reports import Quarter, in_both, quarterly_report, report_pdf, report_sheets, report_size
from innobelt.insights.tasks import task_generate_report
from innobelt.kit.spreadsheets import download, xlsx_book
from innobelt.permissions import can

if TYPE_CHECKING:
    import uuid

    from innobelt.accounts.models import User
    from innobelt.belt.models import City

log = logging.getLogger(__name__)
REPORT_DIR = "insights-reports"
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the quarters a report may be asked for


def _may_see_area(user: User | None, city: City | None) -> bool:
    return can(user, "insights.view_belt_dashboard") if city is None else can(user, "insights.view_city_dashboard", city)


def area_titles(city: City | None) -> tuple[str, str]:
    """The report's title in Chinese and in English: the whole Belt, or the city's name."""
    if city is None:
        return in_both(gettext_lazy("The whole Belt"))
    return (city.name_zh or city.name_en, city.name_en or city.name_zh)


def request_report(*, actor: User, city: City | None, quarter: Quarter, file_format: str) -> tuple[ReportRun, bool]:
    """Queue a quarterly report of the whole Belt (`city` None) or of a city or district; return (run, created).

    The same person asking again for the same report while it is still being generated gets that run
    (created False), so a double click starts one task. Raises PermissionDenied (not the caller's area) or
    ValidationError (an unknown format, a quarter out of range).
    Side effects: a ReportRun; the task queued after commit (run at once when INSIGHTS_REPORTS_RUN_INLINE).
    """
    if not _may_see_area(actor, city):
        raise PermissionDenied
    if file_format not in ReportRun.Format.values:
        raise ValidationError({"format": _("Choose PDF or XLSX.")})
    if not (FIRST_YEAR <= quarter.year <= LAST_YEAR and 1 <= quarter.number <= 4):
        raise ValidationError({"quarter": _("Choose a quarter from 1 to 4 of a year from %(first)s to %(last)s.")
                               % {"first": FIRST_YEAR, "last": LAST_YEAR}})
    same = {"requested_by": actor, "city": city, "year": quarter.year, "quarter": quarter.number, "file_format": file_format}
    running = ReportRun.objects.filter(status__in=ReportRun.ACTIVE, **same).first()
    if running is not None:
        return running, False
    with transaction.atomic():
        run = ReportRun.objects.create(language=translation.get_language() or settings.LANGUAGE_CODE, **same)
        if not settings.INSIGHTS_REPORTS_RUN_INLINE:
            _enqueue(run.pk)
    if settings.INSIGHTS_REPORTS_RUN_INLINE:  # tests: the run happens now, after its row is written
        run = generate_report(run_id=run.pk)
    return run, True


def _enqueue(run_id: uuid.UUID | str) -> None:
    """After commit: a Celery worker in production; on the embedded default (eager Celery) a daemon thread
    of this process, as background imports do, so the request never waits for the report."""

    def go() -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            threading.Thread(target=_run_in_thread, args=(str(run_id),), name=f"report-{run_id}", daemon=True).start()
        else:
            task_generate_report.delay(str(run_id))

    transaction.on_commit(go)


def _run_in_thread(run_id: str) -> None:
    try:
        task_generate_report(run_id)
    finally:
        connections.close_all()  # this thread's connections; nobody else closes them


def generate_report(*, run_id: uuid.UUID | str) -> ReportRun:
    """Count every figure of the run's area over its quarter (progress on the run), write the PDF or the XLSX
    into the storage and mark the run done; or mark it failed with what went wrong, in the language it
    was asked in. A run already claimed (by another worker) is left alone.
    Side effects: progress updates on the run, a file under insights-reports/.
    """
    claimed = ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.QUEUED).update(
        status=ReportRun.Status.COUNTING, started_at=timezone.now())
    run = ReportRun.objects.select_related("requested_by", "city").get(pk=run_id)
    if not claimed:
        return run
    with translation.override(run.language):
        try:
            if not _may_see_area(run.requested_by, run.city):  # rights may have changed since it was asked for
                raise PermissionDenied
            data = _render(run)
            name = f"{REPORT_DIR}/{secrets.token_hex(20)}.{run.file_format}"
            name = storages["default"].save(name, ContentFile(data))
            ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.DONE, storage_name=name, size=len(data),
                                                      finished_at=timezone.now())
        except PermissionDenied:
            _fail(run, _("You may no longer see this area's figures, so the report was not generated."))
        except Exception:  # a run must never stay active
            log.exception("quarterly report %s failed", run_id)
            _fail(run, _("The report could not be generated because of an unexpected error. Please try again; "
                         "if it fails again, tell the platform's operators."))
    run.refresh_from_db()
    return run


def _render(run: ReportRun) -> bytes:
    scope = BELT if run.city is None else Scope(cities=(run.city,))
    quarter = Quarter(run.year, run.quarter)
    ReportRun.objects.filter(pk=run.pk).update(total_figures=report_size(scope))
    report = quarterly_report(scope, quarter, progress=lambda n, total: _progress(run, n, total))
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RENDERING)
    if run.file_format == ReportRun.Format.XLSX:
        return xlsx_book(report_sheets(report))
    return report_pdf(report, *area_titles(run.city))


def _progress(run: ReportRun, counted: int, total: int) -> None:
    if counted == total or counted % 5 == 0:  # a one-row UPDATE every few figures
        ReportRun.objects.filter(pk=run.pk).update(counted_figures=counted, total_figures=total)


def _fail(run: ReportRun, message: str) -> None:
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.FAILED, error=message, finished_at=timezone.now())


def expire_old_reports(*, now: datetime | None = None) -> int:
    """Delete the files of reports done more than `INSIGHTS_REPORT_KEEP_DAYS` ago and mark their runs expired
    (their page offers to generate them again); return how many. Runs still being generated, failed ones and
    recent ones are not touched. Each run is marked first (a conditional UPDATE: a second clean-up at the same
    time finds nothing to do), then its file deleted, so no page links to a file that is gone.
    Side effects: files deleted from the default storage.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.INSIGHTS_REPORT_KEEP_DAYS)
    old = ReportRun.objects.filter(status=ReportRun.Status.DONE, finished_at__lt=cutoff).values_list("pk", "storage_name")
    storage = storages["default"]
    expired = 0
    for run_id, name in list(old):
        if not ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.DONE).update(status=ReportRun.Status.EXPIRED, storage_name=""):
            continue
        expired += 1
        if name:
            try:
                storage.delete(name)
            except OSError:  # the run is expired either way; the file is only lost space
                log.exception("the file %s of quarterly report %s could not be deleted", name, run_id)
    return expired


def read_report(run: ReportRun) -> bytes:
    """The generated file's bytes (the caller checked who may read it)."""
    with storages["default"].open(run.storage_name, "rb") as handle:
        data: bytes = handle.read()
    return data


def report_response(run: ReportRun) -> HttpResponse:
    """The generated file as an attachment kept by no cache (an operator's area only), for the page and the
    API; Http404 while there is none (still running, failed). The caller checked who may read it."""
    if run.status != ReportRun.Status.DONE or not run.storage_name:
        raise Http404
    if run.file_format == ReportRun.Format.XLSX:
        return download(read_report(run), filename=run.filename, file_format="xlsx")
    response = HttpResponse(read_report(run), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{run.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
