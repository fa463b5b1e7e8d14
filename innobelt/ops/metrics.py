"""Prometheus metrics at `/metrics`: requests by route and status, their latency, the Celery queue's depth in
Redis and the periodic runs by task and outcome (ADR 0020).

- Requests are counted by `MetricsMiddleware` (first in the chain, so every answer counts, refusals too),
  labelled by the URL pattern (`api/v1/resources/{resource_id}`, never the address itself: bounded label
  values) and the status code.
- The queue depth and the periodic runs are read when scraped (Redis `LLEN`, one grouped query), so every
  process reports the same figures.
- Several gunicorn workers: with PROMETHEUS_MULTIPROC_DIR set (deploy/gunicorn.conf.py sets it up), every
  worker writes its counters there and a scrape of any worker adds them up; without it, each process
  reports its own.
- Who may read it: a request with `Authorization: Bearer <METRICS_TOKEN>` when that setting is set; without a
  token, only a request made on this machine and not through a proxy (peer on loopback and no
  X-Forwarded-For, which nginx always sets). Anyone else gets a 404, as if it were not there; deploy/nginx.conf
  does not pass /metrics on either.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

REQUESTS = Counter("innobelt_http_requests", "HTTP requests answered, by URL pattern, method and status",
                   ["route", "method", "status"])
LATENCY = Histogram("innobelt_http_request_duration_seconds", "Time to answer a request, by URL pattern",
                    ["route"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
#: the Celery queues whose depth is reported (the default queue; add one per queue a worker listens on)
QUEUES = ("celery",)


def route_of(request: Any) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return str(match.route or match.view_name or "unmatched")


class MetricsMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        started = time.perf_counter()
        response = self.get_response(request)
        route = route_of(request)
        REQUESTS.labels(route, request.method, str(response.status_code)).inc()
        LATENCY.labels(route).observe(time.perf_counter() - started)
        return response


class StateCollector(Collector):
    """Figures read at scrape time: Celery's queue depth in Redis, periodic runs by task and outcome."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django.db.models import Count

        from innobelt.ops.models import PeriodicRun

        depth = GaugeMetricFamily("innobelt_celery_queue_depth", "Tasks waiting in a Celery queue (Redis)",
                                  labels=["queue"])
        if settings.REDIS_URL:
            import redis

            client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
            for queue in QUEUES:
                depth.add_metric([queue], float(client.llen(queue)))
        yield depth
        runs = GaugeMetricFamily("innobelt_periodic_runs", "Recorded runs of periodic tasks, by task and outcome",
                                 labels=["task", "outcome"])
        for row in PeriodicRun.objects.values("task", "status").annotate(n=Count("id")).order_by("task", "status"):
            runs.add_metric([row["task"], row["status"]], float(row["n"]))
        yield runs


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # every worker's counters, added up
    else:
        for collector in (REQUESTS, LATENCY):
            registry.register(collector)
    registry.register(StateCollector())
    return registry


def _allowed(request: Any) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    header = request.headers.get("Authorization", "")
    if token:
        return hmac.compare_digest(header.encode(), f"Bearer {token}".encode())
    if "X-Forwarded-For" in request.headers or "X-Real-IP" in request.headers:
        return False  # came through a proxy: a public request
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


@never_cache
@require_safe
def metrics(request: Any) -> HttpResponse:
    if not _allowed(request):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
