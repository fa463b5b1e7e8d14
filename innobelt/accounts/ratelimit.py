"""Fixed-window rate limits on sensitive actions, in the "ratelimit" cache.

That cache is shared by every process of the installation: Redis when REDIS_URL is set (one
atomic INCR per attempt), otherwise files in var/ratelimit (the read-and-write of a counter
under an exclusive file lock, so concurrent processes do not lose attempts). Any other backend
(the local-memory cache, in a single process) counts with add + incr.
"""

import fcntl
import os
import time
from contextlib import contextmanager

from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from innobelt.kit.request import address_network, client_ip

CACHE_ALIAS = "ratelimit"

LIMITS = {
    # action: (max attempts, window seconds)
    "register": (10, 3600),
    "password_reset": (5, 3600),
    "token_create": (10, 3600),
    "password_change": (10, 3600),  # per person: a borrowed session cannot guess the current password
    "login": (60, 300),  # per address: offices share one address behind NAT
    "sms_send": (20, 3600),  # codes asked for, per address
    "sms_send_number": (5, 3600),  # codes asked for, per mobile number (registered or not)
    "registration_notice": (3, 3600),  # "someone tried to register with your address", per account: no e-mail bombing
    "sms_verify": (30, 3600),  # codes tried, per address
    "otp_verify": (10, 900),  # second-factor codes tried, per person (a 6-digit code: 10 guesses in 10^6)
    "check_in_code": (20, 900),  # instruments' check-in codes typed, per person (a no-show cannot be guessed away)
}


def _cache():
    return caches[CACHE_ALIAS]


@contextmanager
def _file_lock(cache: FileBasedCache):
    os.makedirs(cache._dir, exist_ok=True)
    with open(os.path.join(cache._dir, ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _increment(bucket: str, window: int) -> int:
    """Add one to the bucket's counter and return the new count, atomically where the backend allows."""
    cache = _cache()
    if isinstance(cache, RedisCache):
        key = cache.make_and_validate_key(bucket)
        client = cache._cache.get_client(key, write=True)
        pipe = client.pipeline()
        pipe.incr(key)
        pipe.expire(key, window + 60)
        count, _ok = pipe.execute()
        return int(count)
    if isinstance(cache, FileBasedCache):
        with _file_lock(cache):
            count = int(cache.get(bucket, 0)) + 1
            cache.set(bucket, count, timeout=window + 60)
            return count
    cache.add(bucket, 0, timeout=window + 60)
    try:
        return cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=window + 60)
        return 1


#: the clock the fixed windows are cut from (tests fix it so a run never straddles two windows)
clock = time.time


def address_key(address: str | None) -> str:
    """The key a client's address counts under in a per-address limit (`kit.request.address_network`: an IPv6
    client by its /64); "-" when there is none."""
    network = address_network(address)
    return str(network) if network is not None else (address or "-")


def client_key(request) -> str:
    """`address_key` of the request's client (behind TRUSTED_PROXIES, as the rest of the site sees it)."""
    return address_key(client_ip(request))


def _bucket(action: str, key: str, window: int) -> str:
    return f"ratelimit:{action}:{key}:{int(clock() // window)}"


def hit(action: str, key: str) -> None:
    """Count one attempt at `action` by `key` (an IP, a user id, an account key); refuse past the limit.

    Refused attempts count too, so hammering keeps the window full.
    """
    limit, window = LIMITS[action]
    if _increment(_bucket(action, key, window), window) > limit:
        raise ValidationError(_("Too many attempts. Please wait a while and try again."), code="rate_limited")


def count(action: str, key: str) -> int:
    """Attempts at `action` by `key` in the current window (for tests and diagnostics)."""
    _limit, window = LIMITS[action]
    return int(_cache().get(_bucket(action, key, window), 0))


def clear() -> None:
    _cache().clear()
