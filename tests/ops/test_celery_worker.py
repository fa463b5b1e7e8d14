"""The schedule on a real Celery worker with Redis (production's path): a periodic task sent through the
broker runs on the worker, against this test's database, and its run is recorded with its outcome.
PostgreSQL only: the worker is another process and needs a database it can open (SQLite's test database
is in this process's memory)."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from innobelt.ops import periodic
from innobelt.ops.models import PeriodicRun

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/14"
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_a_periodic_task_runs_on_a_celery_worker_and_is_recorded(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database it can open: PostgreSQL")
    db = connection.settings_dict
    queue = f"innobelt-test-{uuid.uuid4().hex[:8]}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "innobelt.settings",
        "INNOBELT_EMBEDDED": "true",
        "INNOBELT_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": REDIS,
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "innobelt", "worker", "-Q", queue, "--pool", "solo",
         "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        broker = Celery(broker=REDIS, backend=REDIS)
        task = periodic.entries()["daily-digests"]["task"]
        result = broker.send_task(task, queue=queue)
        assert result.get(timeout=90) == 0  # nobody had a digest waiting
        deadline = time.monotonic() + 10
        while not PeriodicRun.objects.filter(task_id=result.id, status=PeriodicRun.Status.SUCCEEDED).exists():
            assert time.monotonic() < deadline, list(PeriodicRun.objects.values())
            time.sleep(0.2)
        run = PeriodicRun.objects.get(task_id=result.id)
        assert run.task == task and run.result == "0" and run.finished_at
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode()
    assert "succeeded" in output, output[-3000:]
