"""Fixed-window rate limits on sensitive actions, kept in Django's cache.

The embedded default uses the local-memory cache (per process); production sets
REDIS_URL and the cache is shared by every worker.
"""

import time

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LIMITS = {
    # action: (max attempts, window seconds)
    "register": (10, 3600),
    "password_reset": (5, 3600),
    "token_create": (10, 3600),
    "login": (60, 300),  # per address: offices share one address behind NAT
}


def hit(action: str, key: str) -> None:
    """Count one attempt at `action` by `key` (an IP or a user id); refuse past the limit."""
    limit, window = LIMITS[action]
    bucket = f"ratelimit:{action}:{key}:{int(time.time() // window)}"
    count = cache.get_or_set(bucket, 0, timeout=window)
    if count >= limit:
        raise ValidationError(_("Too many attempts. Please wait a while and try again."), code="rate_limited")
    try:
        cache.incr(bucket)
    except ValueError:  # expired between get_or_set and incr
        cache.set(bucket, 1, timeout=window)
