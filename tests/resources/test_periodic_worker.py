"""The no-show release and the pledge quarter close on a real Celery worker with Redis (production's path),
and in-process through the schedule (`run_due`, the embedded default). The worker needs a database it can
open: PostgreSQL only for that part (see tests/ops/test_celery_worker.py)."""

import os
import subprocess
import sys
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from celery import Celery, current_app
from django.db import connection
from django.utils import timezone

from innobelt.ops import periodic
from innobelt.ops.models import PeriodicRun
from innobelt.resources import domain, tasks
from innobelt.resources.models import Booking, PledgeQuarter, ReleasedSlot
from innobelt.resources.statement_queries import quarter_start
from tests.resources.conftest import at

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/14"


def _due_no_show(scene) -> Booking:
    scene.equipment.check_in_grace_minutes = 15
    scene.equipment.save(update_fields=["check_in_grace_minutes"])
    (booking,) = domain.book_equipment(actor=scene.seeker, access_request=scene.access, start=at(2, 10), end=at(2, 12)).created
    now = timezone.now()  # make it have started 30 minutes ago, ending in 90
    Booking.objects.filter(pk=booking.pk).update(start=now - timedelta(minutes=30), end=now + timedelta(minutes=90))
    last_quarter = timezone.make_aware(datetime.combine(quarter_start(now) - timedelta(days=40), datetime.min.time()))
    domain.set_pledge(actor=scene.owner_admin, resource=scene.equipment, hours_per_quarter=10, now=last_quarter)  # in force as it ended
    return booking


@pytest.mark.django_db
def test_both_tasks_are_scheduled_and_run_in_process(scene):
    booking = _due_no_show(scene)
    assert tasks.task_release_no_shows.name == "innobelt.resources.tasks.task_release_no_shows"  # (the import registers them)
    schedule = periodic.entries()
    assert {"release-no-shows", "close-pledge-quarters"} <= set(schedule) and {"release-no-shows", "close-pledge-quarters"} <= set(
        periodic.LABELS)
    for name in ("release-no-shows", "close-pledge-quarters"):
        task = schedule[name]["task"]
        current_app.tasks[task].delay()  # eager without REDIS_URL: in this process, recorded like beat's runs
        assert PeriodicRun.objects.filter(task=task, status=PeriodicRun.Status.SUCCEEDED).exists()
    assert Booking.objects.get(pk=booking.pk).status == "no_show" and ReleasedSlot.objects.count() == 1
    assert PledgeQuarter.objects.get().hours_pledged == 10


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_both_tasks_run_on_a_celery_worker_with_redis(scene, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database it can open: PostgreSQL")
    booking = _due_no_show(scene)
    db = connection.settings_dict
    queue = f"innobelt-test-{uuid.uuid4().hex[:8]}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "innobelt.settings", "INNOBELT_EMBEDDED": "true", "INNOBELT_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": REDIS, "PYTHONPATH": str(ROOT),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "innobelt", "worker", "-Q", queue, "--pool", "solo",
         "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        broker = Celery(broker=REDIS, backend=REDIS)
        released = broker.send_task(periodic.entries()["release-no-shows"]["task"], queue=queue)
        assert released.get(timeout=90) == 1
        closed = broker.send_task(periodic.entries()["close-pledge-quarters"]["task"], queue=queue)
        assert closed.get(timeout=90) == 1
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode()
    assert "succeeded" in output, output[-3000:]
    assert Booking.objects.get(pk=booking.pk).status == "no_show"
    assert ReleasedSlot.objects.get().no_show_id == booking.pk
    assert PledgeQuarter.objects.get().resource_id == scene.equipment.pk
