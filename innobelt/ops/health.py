"""`/healthz` (the process answers) and `/readyz` (what a request needs is reachable: the database, Redis
when configured, the file store or the object store, the matching index). For a load balancer and for
monitoring: no sign-in, no language prefix, no cookies; the answer names each check and whether it passed,
never an error's text (that goes to the log with the request id)."""

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _redis() -> None:
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()


def _object_store() -> None:
    """The bucket answers and these credentials may use it (a HEAD of the bucket; nothing is written)."""
    from django.core.files.storage import storages

    storage: Any = storages["default"]
    storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)


def _file_store() -> None:
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)  # a new installation has stored nothing yet
    if not root.is_dir() or not os.access(root, os.W_OK | os.X_OK):
        raise OSError(f"{root} is not a writable directory")


def _matching_index() -> None:
    from innobelt.matching.index_store import index_dir, sync_from_shared

    sync_from_shared(force=True)  # several machines: a machine started afresh fetches the published index
    current = index_dir() / "CURRENT"
    if not current.is_file():
        raise OSError(f"no matching index at {index_dir()} (run `innobelt matching rebuild`)")
    generation = json.loads(current.read_text())
    for part in ("main", "delta"):
        if not any(index_dir().glob(f"{generation[part]}*")):
            raise OSError(f"the index's {part} segment {generation[part]!r} named in CURRENT is missing")
    from innobelt.matching.index_store import get_index

    get_index()  # readable by this release: an index of an older format raises IndexFormatError (rebuild it)


def checks() -> dict[str, bool]:
    steps: dict[str, Callable[[], None]] = {"database": _database, "matching_index": _matching_index}
    if settings.S3_BUCKET:
        steps["object_store"] = _object_store
    else:
        steps["file_store"] = _file_store
    if settings.REDIS_URL:
        steps["redis"] = _redis
    outcome: dict[str, bool] = {}
    for name, step in steps.items():
        try:
            step()
            outcome[name] = True
        except Exception:
            logger.exception("readiness check %s failed", name)
            outcome[name] = False
    return outcome


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    outcome = checks()
    ready = all(outcome.values())
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": outcome}, status=200 if ready else 503)
