"""The periodic schedule (settings.CELERY_BEAT_SCHEDULE): every run recorded, due entries run in-process.

- `record_runs()` connects to Celery's task signals: a run of a scheduled task without arguments (how
  beat and `run_due` start them) gets a `PeriodicRun` row, running → succeeded or failed, on whichever
  process runs it (a worker in production, this process when embedded). A scheduled task called with
  arguments (events' reminders for one event) is ordinary work, not recorded.
- `run_due(now)` runs, in this process, every entry that is due since its last recorded run (or since
  `started` for one never run), as beat would: `innobelt periodic` loops on it on the embedded default.
- `schedule_status()` says, per entry, its task, its schedule, the last run and its outcome.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from typing import Any

from celery import current_app
from celery.schedules import schedule as Schedule
from celery.signals import task_failure, task_postrun, task_prerun
from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.ops.models import PeriodicRun

logger = logging.getLogger(__name__)

#: what each entry does, for the operators' page (Celery refuses unknown keys in a schedule entry)
LABELS = {
    "booking-reminders": _("Reminders of bookings starting soon"),
    "outcome-report-reminders": _("Reminders to report the outcome of finished access"),
    "event-reminders": _("Reminders of events starting within a day"),
    "daily-digests": _("Daily digests of unread notifications"),
    "expire-needs": _("Technology needs past their deadline expire"),
    "expire-vouchers": _("Innovation vouchers past their last day expire"),
    "redeem-completed-vouchers": _("Voucher shares of finished bookings with an outcome report are redeemed"),
    "escalate-service-requests": _("Overdue service requests are escalated to their provider and district operators"),
    "release-no-shows": _("Bookings not checked in are released to the waitlist"),
    "close-pledge-quarters": _("Sharing pledges: the quarter that ended is recorded, the new one starts"),
    "refresh-insights": _("Figures of the Belt computed ahead of the dashboards and the display wall"),
    "expire-insights-reports": _("Files of quarterly reports older than INSIGHTS_REPORT_KEEP_DAYS are deleted"),
}


def entries() -> dict[str, dict[str, Any]]:
    return dict(settings.CELERY_BEAT_SCHEDULE)


def scheduled_task_names() -> set[str]:
    return {entry["task"] for entry in entries().values()}


def _started(sender=None, task_id=None, task=None, args=None, kwargs=None, **_ignored) -> None:
    if task is None or task.name not in scheduled_task_names() or args or kwargs:
        return
    PeriodicRun.objects.create(task=task.name, task_id=task_id or "", started_at=timezone.now())


def _finished(sender=None, task_id=None, task=None, args=None, kwargs=None, retval=None, state=None, **_ignored) -> None:
    if task is None or task.name not in scheduled_task_names() or args or kwargs:
        return
    failed = state == "FAILURE" or isinstance(retval, BaseException)
    PeriodicRun.objects.filter(task=task.name, task_id=task_id or "", status=PeriodicRun.Status.RUNNING).update(
        finished_at=timezone.now(),
        status=PeriodicRun.Status.FAILED if failed else PeriodicRun.Status.SUCCEEDED,
        result=(type(retval).__name__ if failed else repr(retval))[:500],
    )


def _failed(sender=None, task_id=None, exception=None, args=None, kwargs=None, **_ignored) -> None:
    name = getattr(sender, "name", "")
    if name not in scheduled_task_names() or args or kwargs:
        return
    PeriodicRun.objects.filter(task=name, task_id=task_id or "", status=PeriodicRun.Status.RUNNING).update(
        finished_at=timezone.now(), status=PeriodicRun.Status.FAILED, result=type(exception).__name__[:500])


def record_runs() -> None:
    task_prerun.connect(_started, dispatch_uid="ops-periodic-started", weak=False)
    task_postrun.connect(_finished, dispatch_uid="ops-periodic-finished", weak=False)
    task_failure.connect(_failed, dispatch_uid="ops-periodic-failed", weak=False)


def _last_started() -> dict[str, datetime.datetime]:
    latest = PeriodicRun.objects.filter(task=OuterRef("task")).order_by("-started_at").values("started_at")[:1]
    rows = PeriodicRun.objects.filter(task__in=scheduled_task_names()).values("task").distinct()
    return {row["task"]: row["last"] for row in rows.annotate(last=Subquery(latest))}


def _schedule(entry: dict[str, Any]) -> Schedule:
    value = entry["schedule"]
    if isinstance(value, datetime.timedelta | int | float):
        value = Schedule(value)
    value.nowfun = timezone.now
    return value


def due(*, started: datetime.datetime, now: datetime.datetime | None = None) -> list[str]:
    """Names of the entries due at `now`, since their last run (or `started` for one never run)."""
    last = _last_started()
    out = []
    for name, entry in entries().items():
        schedule = _schedule(entry)
        if now is not None:
            schedule.nowfun = lambda: now
        if schedule.is_due(last.get(entry["task"], started)).is_due:
            out.append(name)
    return out


def run_entry(name: str) -> PeriodicRun:
    """Run one entry now, in this process (recorded through the signals); its run's row."""
    task = current_app.tasks[entries()[name]["task"]]
    result = task.apply(throw=False)  # a failure is recorded and logged; the other entries still run
    run = PeriodicRun.objects.filter(task=task.name, task_id=result.id).first()
    if run is None:  # the signals were not connected (a process that never loaded the ops app)
        raise RuntimeError("periodic runs are not being recorded")
    if result.failed():
        logger.error("periodic task %s failed: %r", name, result.result)
    return run


def run_due(*, started: datetime.datetime, now: datetime.datetime | None = None) -> list[PeriodicRun]:
    return [run_entry(name) for name in due(started=started, now=now)]


@dataclasses.dataclass(frozen=True)
class EntryStatus:
    name: str
    label: str
    task: str
    schedule: str
    last_run: PeriodicRun | None
    runs_failed_recently: int


def schedule_status() -> list[EntryStatus]:
    since = timezone.now() - datetime.timedelta(days=7)
    out = []
    for name, entry in entries().items():
        runs = PeriodicRun.objects.filter(task=entry["task"])
        out.append(EntryStatus(
            name=name, label=str(LABELS.get(name, name)), task=entry["task"], schedule=_describe(entry["schedule"]), last_run=runs.first(),
            runs_failed_recently=runs.filter(status=PeriodicRun.Status.FAILED, started_at__gte=since).count(),
        ))
    return out


def _describe(value: Any) -> str:
    if hasattr(value, "_orig_minute"):  # a crontab: minute hour day-of-month month day-of-week, as cron writes it
        return " ".join(str(getattr(value, f"_orig_{part}")) for part in
                        ("minute", "hour", "day_of_month", "month_of_year", "day_of_week"))
    return str(value)
