"""The escalation on a real Celery worker with Redis and PostgreSQL (production's path): the periodic task
sent through the broker runs on the worker against this test's database, marks the overdue request and
tells the Putuo operator. PostgreSQL only, as tests/ops/test_celery_worker.py (the in-process run is in
test_escalation.py)."""

import os
import subprocess
import sys
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from celery import Celery
from django.db import connection

from innobelt.notifications.models import Notification
from innobelt.ops import periodic
from innobelt.services.domain import request_service
from innobelt.services.models import ServiceRequest

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/14"
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_the_escalation_runs_on_a_celery_worker(scene, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database it can open: PostgreSQL")
    overdue = request_service(actor=scene.founder, firm=scene.firm, category="market_entry", need="An office.",
                              firm_city=scene.wuxi, target_city=scene.putuo,
                              now=datetime(2025, 9, 30, 15, tzinfo=ZoneInfo("Asia/Shanghai")))
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
        task = periodic.entries()["escalate-service-requests"]["task"]
        result = broker.send_task(task, queue=queue)
        assert result.get(timeout=90) == 1
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode()
    assert "succeeded" in output, output[-3000:]
    assert ServiceRequest.objects.get(pk=overdue.pk).overdue_since is not None
    assert Notification.objects.filter(recipient=scene.putuo_operator, kind="services.request_overdue").count() == 1
