"""The language switch: the same page in the other language, the choice remembered in a cookie.

Chinese (the default language) pages have no prefix, English pages live under /en/
(docs/adr/0002-urls-and-languages.md). Django's own `set_language` translates `next` by resolving
it in the language active during the switch request, which is Chinese (the switch URL has no
prefix): `/en/...` never resolves, so it answered with the same English page. This view rewrites
the prefix instead, which works for every page, query string included.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, get_language_from_path
from django.views.decorators.http import require_POST

# Paths outside i18n_patterns: never given a language prefix (the API follows Accept-Language).
UNPREFIXED = ("/api/", "/static/", "/media/", "/i18n/")


def path_in_language(path: str, language: str) -> str:
    """`path` (with any query string) as it reads in `language`: /en/x?q=1 → /x?q=1 in Chinese."""
    parts = urlsplit(path)
    page = parts.path or "/"
    if page.startswith(UNPREFIXED):
        return urlunsplit(("", "", page, parts.query, parts.fragment))
    current = get_language_from_path(page)
    if current:  # /en/x → /x, /en → /
        page = page[len(current) + 1:]
    page = "/" + page.lstrip("/\\")  # never //host: a path on this site stays one
    if language != settings.LANGUAGE_CODE:
        page = f"/{language}{page}"
    return urlunsplit(("", "", page, parts.query, parts.fragment))


def _safe(request, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return None


@require_POST
def set_language(request):
    """POST language (zh-hans|en) and next (this site's page): that page in that language."""
    language = request.POST.get("language", "")
    next_url = _safe(request, request.POST.get("next")) or _safe(request, request.META.get("HTTP_REFERER")) or "/"
    if language not in dict(settings.LANGUAGES) or not check_for_language(language):
        return HttpResponseRedirect(next_url)
    response = HttpResponseRedirect(path_in_language(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language,
        max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
