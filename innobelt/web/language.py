"""The language switch: the same page in the other language, the choice remembered in a cookie.

Chinese (the default language) pages have no prefix, English pages live under /en/
(docs/adr/0002-urls-and-languages.md). Django's own `set_language` translates `next` by resolving
it in the language active during the switch request, which is Chinese (the switch URL has no
prefix): `/en/...` never resolves, so it answered with the same English page. This view rewrites
the prefix instead (`kit.language_paths.path_in_language`), which works for every page, query string included.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST

from innobelt.kit.language_paths import path_in_language


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
