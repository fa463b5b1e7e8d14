"""Anonymous list pages and API lists kept whole in Django's cache, per language (ADR 0023).

A page named in CACHED_VIEWS, asked with GET by a visitor who carries no session cookie, no API token and
no htmx header, and with no query string other than `page`, is answered from `caches["default"]` (Redis
in production, the process's memory on the embedded default) when a copy is there. The key holds the
view's name, the active language, the path, the page number and the version of every app whose models
the view shows; a save or delete of any model of those apps replaces that app's version (at once and again
after the commit), so the next request builds the page afresh. `PAGE_CACHE_SECONDS` (60 s) bounds what
signals cannot see (QuerySet.update, bulk writes, time passing for "upcoming" events).

Copies are taken only of answers 200 that set no cookie other than the CSRF one: a page that wrote to
the session, set the language or logged someone in is never kept. The CSRF token of the page's forms
(the language switch) is kept as a placeholder and filled, on every answer, with a token of the
visitor's own CSRF cookie (set on the way out as Django always does). The middleware sits last, so every
other middleware (security headers, CSP, request id, the language's Vary) runs on a cached answer too.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token

from innobelt.kit import kept

#: view name → labels of the apps whose rows the page or list shows
CACHED_VIEWS: dict[str, tuple[str, ...]] = {
    "web:home": ("belt", "organisations"),
    "organisations:directory": ("belt", "organisations", "files"),
    "resources:register": ("belt", "organisations", "resources", "files"),
    "events:list": ("belt", "organisations", "events", "files"),
    "api:list_organisations": ("belt", "organisations"),
    "api:list_resources": ("belt", "organisations", "resources"),
}
WATCHED = frozenset(label for labels in CACHED_VIEWS.values() for label in labels)  # web's AppConfig.ready
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"\x00csrf\x00"  # a NUL byte never appears in a rendered page
#: headers of the request that make the answer someone's own
PERSONAL_HEADERS = ("HTTP_AUTHORIZATION", "HTTP_HX_REQUEST")


def cache_key(request) -> str | None:
    """The key of this request's copy, or None when the request must be answered afresh."""
    seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
    match = getattr(request, "resolver_match", None)
    if not seconds or request.method != "GET" or match is None or match.view_name not in CACHED_VIEWS:
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return None  # signed in (or once was): never a shared copy
    if any(request.META.get(header) for header in PERSONAL_HEADERS):
        return None
    page = kept.shared_page(request)
    if page is None:
        return None  # searches and filters are computed each time
    return kept.versioned_key("innobelt:pages:", match.view_name, CACHED_VIEWS[match.view_name], request.path, page)


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.has_header("Cache-Control"):
        return False
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class PageCacheMiddleware:
    """Last in MIDDLEWARE: answers a cached page in process_view, keeps a copy on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and _storable(request, response):
            content = CSRF_FIELD.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
            headers = [(name, value) for name, value in response.items()
                       if name.lower() not in ("set-cookie", "content-length", "x-request-id")]
            kept.cache().set(key, (response.status_code, headers, content), timeout=settings.PAGE_CACHE_SECONDS)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        key = cache_key(request)
        if key is None:
            return None
        copy = kept.cache().get(key)
        if copy is None:
            request._page_cache_key = key
            return None
        status, headers, content = copy
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
