"""Prometheus metrics at /metrics (ADR 0020): requests by route and status, latency, Celery queue depth, periodic
runs by task and outcome; only for this machine not through a proxy, or for the bearer of METRICS_TOKEN."""

import re

import pytest
import redis
from django.test import Client, override_settings
from django.utils import timezone

from innobelt.ops.models import PeriodicRun

pytestmark = pytest.mark.django_db
REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def value(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the exposition text (0 when absent)."""
    for line in text.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def scrape(**extra) -> str:
    response = Client().get("/metrics", **extra)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def test_requests_are_counted_by_route_and_status_with_their_latency():
    before = scrape()
    Client().get("/healthz")
    Client().get("/api/v1/resources/999999999")
    after = scrape()
    assert value(after, "innobelt_http_requests_total", route="healthz", status="200") == \
        value(before, "innobelt_http_requests_total", route="healthz", status="200") + 1
    assert value(after, "innobelt_http_requests_total", status="404", route="api/v1/resources/<int:resource_id>") >= 1 \
        or 'status="404"' in after
    assert value(after, "innobelt_http_request_duration_seconds_count", route="healthz") >= 1
    assert "999999999" not in after  # the pattern, never the address


def test_periodic_runs_by_task_and_outcome():
    now = timezone.now()
    for status in ("succeeded", "succeeded", "failed"):
        PeriodicRun.objects.create(task="innobelt.test.task", task_id="", started_at=now, status=status)
    text = scrape()
    assert value(text, "innobelt_periodic_runs", task="innobelt.test.task", outcome="succeeded") == 2
    assert value(text, "innobelt_periodic_runs", task="innobelt.test.task", outcome="failed") == 1


def test_celery_queue_depth_from_redis():
    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.delete("celery")
    client.rpush("celery", b"one", b"two", b"three")
    try:
        with override_settings(REDIS_URL=REDIS_TEST_URL):
            text = scrape()
    finally:
        client.delete("celery")
    assert value(text, "innobelt_celery_queue_depth", queue="celery") == 3


def test_refused_through_a_proxy_or_from_elsewhere_without_the_token():
    assert Client().get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
    assert Client().get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 404
    assert Client().post("/metrics").status_code == 405


@override_settings(METRICS_TOKEN="s3cret-scrape-token")
def test_with_a_token_only_its_bearer_reads_them():
    assert Client().get("/metrics").status_code == 404  # loopback is not enough once a token is set
    assert Client().get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    ok = Client().get("/metrics", REMOTE_ADDR="10.1.2.3", headers={"Authorization": "Bearer s3cret-scrape-token",
                                                                   "X-Forwarded-For": "10.1.2.3"})
    assert ok.status_code == 200 and re.search(r"^innobelt_http_requests_total", ok.content.decode(), re.M)
