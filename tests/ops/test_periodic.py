"""The one periodic schedule: every periodic task of every app is in it, each run is recorded with its
outcome (in-process here; on a real Celery worker in test_celery_worker.py), and platform operators see it."""

import ast
import datetime
import importlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import current_app, shared_task
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from innobelt.ops import periodic
from innobelt.ops.models import PeriodicRun
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@shared_task(name="tests.ops.failing_task")
def failing_task():
    raise RuntimeError("the mail server is down")


def _no_argument_tasks() -> set[str]:
    """Every `task_*` of every app that can run without arguments: periodic work, which must be scheduled."""
    found = set()
    for path in sorted((ROOT / "innobelt").glob("*/tasks.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("task_"):
                required = len(node.args.args) - len(node.args.defaults)
                if required == 0:
                    found.add(f"{module}.{node.name}")
    return found


def test_every_periodic_task_of_every_app_is_in_the_one_schedule():
    assert _no_argument_tasks() == periodic.scheduled_task_names()
    for entry in periodic.entries().values():
        importlib.import_module(entry["task"].rpartition(".")[0])
        assert entry["task"] in current_app.tasks
    assert set(periodic.LABELS) == set(periodic.entries())


def test_a_run_is_recorded_with_its_outcome():
    run = periodic.run_entry("daily-digests")
    assert run.status == PeriodicRun.Status.SUCCEEDED and run.finished_at >= run.started_at
    assert run.result == "0"  # no digest was waiting


def test_a_failing_run_is_recorded_as_failed_and_the_others_still_run(settings):
    settings.CELERY_BEAT_SCHEDULE = {**settings.CELERY_BEAT_SCHEDULE, "failing": {"task": "tests.ops.failing_task", "schedule": 60}}
    started = timezone.now() - datetime.timedelta(days=2)
    runs = periodic.run_due(started=started)
    by_task = {r.task: r for r in runs}
    assert by_task["tests.ops.failing_task"].status == PeriodicRun.Status.FAILED
    assert by_task["tests.ops.failing_task"].result == "RuntimeError"
    assert len(runs) == len(settings.CELERY_BEAT_SCHEDULE)
    assert all(r.status == PeriodicRun.Status.SUCCEEDED for r in runs if r.task != "tests.ops.failing_task")


def test_an_entry_is_due_when_its_schedule_says_since_its_last_run():
    at_17 = timezone.make_aware(datetime.datetime(2026, 12, 3, 17, 0))
    at_1801 = at_17 + datetime.timedelta(hours=1, minutes=1)
    assert "daily-digests" not in periodic.due(started=at_17, now=at_17 + datetime.timedelta(minutes=30))
    assert "daily-digests" in periodic.due(started=at_17, now=at_1801)  # 18:00 passed since the start
    PeriodicRun.objects.create(task=periodic.entries()["daily-digests"]["task"], started_at=at_1801, status=PeriodicRun.Status.SUCCEEDED)
    assert "daily-digests" not in periodic.due(started=at_17, now=at_1801 + datetime.timedelta(hours=2))
    assert "daily-digests" in periodic.due(started=at_17, now=at_1801 + datetime.timedelta(days=1))


def test_a_scheduled_task_called_with_arguments_is_not_a_periodic_run():
    from innobelt.events.tasks import task_send_event_reminders

    task_send_event_reminders.apply(kwargs={"event_id": 1})
    assert not PeriodicRun.objects.exists()


def test_the_operators_page_shows_each_entry_and_its_last_run():
    periodic.run_entry("booking-reminders")
    client = Client()
    client.force_login(UserFactory(is_platform_operator=True))
    page = client.get("/en/operations/periodic/").content.decode()
    for label in periodic.LABELS.values():
        assert str(label) in page
    assert "succeeded" in page and "not run yet" in page
    zh = client.get("/operations/periodic/").content.decode()
    assert "定时任务" in zh and "成功" in zh


def test_the_command_lists_runs_one_and_refuses_an_unknown_name(capsys):
    call_command("periodic", run="event-reminders")
    assert "succeeded" in capsys.readouterr().out
    call_command("periodic", list=True)
    listing = capsys.readouterr().out
    assert "event-reminders" in listing and "daily-digests" in listing and "not run yet" in listing
    with pytest.raises(CommandError, match="no entry"):
        call_command("periodic", run="no-such-entry")


@pytest.mark.slow
@pytest.mark.sqlite_only
@pytest.mark.parametrize("when", ["while it runs", "before it finished starting"])
def test_the_schedule_started_by_make_run_stops_when_its_parent_is_killed(tmp_path, when):
    """`make run` starts `periodic --parent $$` from a shell; when that shell dies by any signal (SIGKILL
    included, which runs no trap), the schedule stops instead of running on behind a dead server, also
    when the shell died before the schedule finished starting."""
    root = Path(__file__).resolve().parents[2]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "INNOBELT_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "innobelt.settings",
        "INNOBELT_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=root, env=env, check=True)
    pid_file, log = tmp_path / "periodic.pid", tmp_path / "periodic.log"
    command = f"{sys.executable} manage.py periodic --parent $$ --every 1 > {log} 2>&1 & echo $! > {pid_file}; sleep 600"
    shell = subprocess.Popen(["bash", "-c", command], cwd=root, env=env)
    periodic_pid = 0
    try:
        deadline = time.monotonic() + 180  # Django's start-up, on a busy machine
        while not (pid_file.exists() and pid_file.read_text().strip()):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        periodic_pid = int(pid_file.read_text())
        if when == "while it runs":
            while "running the periodic schedule" not in _text(log):
                assert time.monotonic() < deadline and _alive(periodic_pid), _text(log)
                time.sleep(0.1)
        shell.send_signal(signal.SIGKILL)
        shell.wait()
        deadline = time.monotonic() + 60
        while _alive(periodic_pid):
            assert time.monotonic() < deadline, "the schedule kept running after its parent was killed"
            time.sleep(0.2)
        assert "that started the schedule has ended: stopping" in _text(log)
    finally:
        shell.kill()
        if periodic_pid and _alive(periodic_pid):
            os.kill(periodic_pid, signal.SIGKILL)


def _text(log: Path) -> str:
    """The log so far: the shell writes the child's pid before the child has necessarily opened its log."""
    return log.read_text() if log.exists() else ""


def _alive(pid: int) -> bool:
    """True while the process runs (a zombie waiting for its reaper counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"
