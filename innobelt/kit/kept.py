"""What is shown the same to everyone, kept in Django's cache and left behind when the rows it shows change.

Each app's rows have a version in the cache (`versions`); a save or delete of any model of a watched app
(`watch`), or a change of a many-to-many link of one, writes a new one, at once and again after the commit, so a
key built from the versions (`versioned_key`) is never asked for again once those rows change. Nothing is deleted:
old copies expire. Read by the anonymous page
cache (`web/page_cache.py`, ADR 0023) and by the parts of signed-in pages that do not depend on the person
(`{% kept key %}`, `shared_key`; ADR 0024), such as the directory's cards, and a few small values of one person
named by their id (`value`: the header's count of their unread notifications).

`PAGE_CACHE_SECONDS` (0 turns all of it off, as the test settings do) bounds what signals cannot see:
`QuerySet.update()`, bulk writes, raw SQL, time passing.

A request reads the versions once (`VersionsOncePerRequest`: one `get_many` of every watched app, however many kept
things it asks for; its own saves write into what it read), and the values kept (`value`: a filter's choices) are
also held in the process (`MEMO_SIZE` of them, no longer than the cache holds them) under their versioned key, which
another machine's save changes like this one's: a search page asked Redis six times, now once (ADR 0024, eighth
round).
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import partial
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

T = TypeVar("T")
#: app labels whose saves and deletes write a new version (`watch` adds to it)
WATCHED: set[str] = set()
#: what must never be in a part of a page served to several people: a form's CSRF token is the person's own
#: (another who read it could forge that person's requests), and a message is for whoever it was given to
PERSONAL_MARKS = ("csrfmiddlewaretoken", 'class="message')
#: the only parameter a shared part may be asked with: searches and filters are computed each time
SHARED_PARAMETERS = {"page"}


def cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def watch(labels: Iterable[str]) -> None:
    """Saves, deletes and many-to-many changes of these apps' models write a new version of them."""
    WATCHED.update(labels)


def _version_key(label: str) -> str:
    return f"innobelt:pages:version:{label}"


#: the versions this request has read ({label: version}), or None outside a request (a task, the shell: read each time)
_read_in_request: ContextVar[dict[str, str] | None] = ContextVar("innobelt_kept_versions", default=None)


class VersionsOncePerRequest:
    """Middleware: each request reads the apps' versions once, with one `get_many`, the first time it needs one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read_in_request.set({})
        try:
            return self.get_response(request)
        finally:
            _read_in_request.reset(token)


def bump(label: str) -> None:
    """A new version for `label`: every copy built from the old one is left behind."""
    version = uuid.uuid4().hex
    cache().set(_version_key(label), version, timeout=None)
    read = _read_in_request.get()
    if read is not None:
        read[label] = version  # what this request shows after its own save is built anew


def versions(labels: Iterable[str]) -> list[str]:
    """The current version of each app: read with one `get_many`, in a request once for every watched app."""
    labels = list(labels)
    read = _read_in_request.get()
    if read is None:
        return _read_versions(labels)
    missing = [label for label in labels if label not in read]
    if missing:
        read.update(zip(asked := sorted(WATCHED.union(missing) - read.keys()), _read_versions(asked), strict=True))
    return [read[label] for label in labels]


def _read_versions(labels: list[str]) -> list[str]:
    store = cache()
    keys = [_version_key(label) for label in labels]
    found = store.get_many(keys)
    for key in keys:
        if key not in found:  # first use, or evicted: a new version (another process may race: either wins)
            store.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = store.get(key) or "-"
    return [found[key] for key in keys]


def _on_change(sender, **kwargs) -> None:
    if not seconds():
        return  # nothing is kept: no copy to leave behind
    action = kwargs.get("action")  # m2m_changed only
    if kwargs.get("raw") or action is not None and not action.startswith("post_"):
        return  # a fixture being loaded; a link's change before it is made
    # a save or delete of a row: its app; a many-to-many link added, removed or cleared (no post_save is sent): the
    # app of the model holding the field (its through model) and the app of the rows linked
    labels = {sender._meta.app_label}
    if kwargs.get("model") is not None:
        labels |= {kwargs["model"]._meta.app_label, type(kwargs["instance"])._meta.app_label}
    for label in labels & WATCHED:
        rows_changed(label)


def rows_changed(label: str) -> None:
    """Rows of `label`'s app changed where no signal tells (`QuerySet.update()`, a bulk write): a new version at once
    (this process's next request, the same request, already sees it) and again after the commit (no copy of the old
    rows outlives it)."""
    if not seconds():
        return
    bump(label)
    transaction.on_commit(partial(bump, label))


def connect_signals() -> None:
    post_save.connect(_on_change, dispatch_uid="innobelt.kit.kept.save")
    post_delete.connect(_on_change, dispatch_uid="innobelt.kit.kept.delete")
    m2m_changed.connect(_on_change, dispatch_uid="innobelt.kit.kept.links")


def shared_page(request) -> str | None:
    """The page number of a request that asks for nothing but a page of a list ("" for the first), or None when it
    narrows the list (a search, a filter) or asks strangely: such answers are computed each time."""
    if set(request.GET) - SHARED_PARAMETERS or len(request.GET.getlist("page")) > 1:
        return None
    page = request.GET.get("page", "")
    if len(page) > 4 or page and not page.isdigit():  # bounds the copies a visitor makes by counting pages
        return None
    return page


def shared_key(request, name: str, labels: tuple[str, ...]) -> str:
    """The key of a part of a page that is the same for everyone who asks this path in this language (the cards of
    a list, not its forms), built from the versions of the apps whose rows it shows; "" (render it every time) when
    nothing is kept or the request narrows the list. The apps must be watched from start-up in every process (their
    `AppConfig.ready`): a worker that saved a row without bumping would leave a stale copy everywhere."""
    _check_watched(labels)
    page = shared_page(request)
    if not seconds() or page is None:
        return ""
    return versioned_key("innobelt:parts:", name, labels, request.path, page)


def versioned_key(prefix: str, name: str, labels: Iterable[str], *parts: str) -> str:
    """`prefix` and a digest of `name`, the active language, `parts` and the current versions of `labels`' apps."""
    named = [name, translation.get_language() or "", *parts, *versions(labels)]
    return prefix + hashlib.sha256("\n".join(named).encode()).hexdigest()


def _check_watched(labels: Iterable[str]) -> None:
    if not WATCHED.issuperset(labels):
        raise ImproperlyConfigured(f"kept parts show apps nobody watches: {sorted(set(labels) - WATCHED)}")


MEMO_SIZE = 256  # values held in each process, the least recently used dropped first
_memo: OrderedDict[str, tuple[float, Any]] = OrderedDict()
_memo_lock = threading.Lock()  # a gunicorn worker's threads share the memo


def value(name: str, labels: tuple[str, ...], compute: Callable[[], T]) -> T:
    """What `compute` gives (a filter's choices, in the active language), kept until a row of one of `labels`' apps
    changes (the apps must be watched from start-up, as for `shared_key`); computed every time when nothing is kept.
    Held in this process too, under the same versioned key: never mutate what it returns."""
    _check_watched(labels)
    if not seconds():
        return compute()
    # "held:", not the "values:" of the plain values kept before: a machine not yet restarted on a rolling deploy must
    # never unpack the other's copies under the same versions
    key = versioned_key("innobelt:held:", name, labels)
    now = time.time()
    with _memo_lock:
        held = _memo.get(key)
        if held is not None and held[0] > now:
            _memo.move_to_end(key)
            return held[1]
    # kept with the moment it was computed for until, so that the process holds it no longer than the cache does:
    # `PAGE_CACHE_SECONDS` still bounds what signals cannot see, however the copies are passed on
    until, found = _kept_or_computed(key, lambda: (now + seconds(), compute()), seconds(), lambda _found: True)
    with _memo_lock:
        _memo[key] = (until, found)
        _memo.move_to_end(key)
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return found


def forget_memo() -> None:
    """Drop the values held in this process (tests that empty the cache)."""
    with _memo_lock:
        _memo.clear()


def kept(key: str, render: Callable[[], str], timeout: int | None = None) -> str:
    """The part kept under `key`, rendered and kept (`timeout` seconds, `PAGE_CACHE_SECONDS` by default) when
    missing; an empty key renders. A part holding something personal (`PERSONAL_MARKS`: someone put a form or
    the messages inside it) is never kept."""
    if not key:
        return render()
    return _kept_or_computed(key, render, seconds() if timeout is None else timeout,
                             lambda found: not any(mark in found for mark in PERSONAL_MARKS))


def _kept_or_computed(key: str, compute: Callable[[], T], timeout: int, keep: Callable[[T], bool]) -> T:
    """The value kept under `key`, or `compute`'s, kept for `timeout` seconds when `keep` allows it."""
    store = cache()
    found = store.get(key)
    if found is None:
        found = compute()
        if keep(found):
            store.set(key, found, timeout)
    return found
