"""Request ids in logs, the Content-Security-Policy and the remembered language."""

import logging

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers

from innobelt.audit.context import current_origin
from innobelt.kit.language_paths import UNPREFIXED

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


class RequestIdLogFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_origin.get().request_id or "-"
        return True


class ContentSecurityPolicyMiddleware:
    """No inline script or style anywhere: everything comes from static files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class RememberLanguageMiddleware:
    """Send a visitor who chose English back to /en/ when they open an unprefixed page.

    Unprefixed URLs are Chinese (the default language); the language cookie set by the switcher
    (innobelt.web.language) remembers the choice across visits, and the switcher rewrites it, so
    choosing 中文 on an English page lands on the Chinese page and stays there. Both answers an
    unprefixed URL can get (the page, or the redirect to /en/) depend on the cookie: they say so
    (Vary: Cookie), so that no cache hands a visitor who switched back to Chinese the redirect it
    kept from when they read English.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if translation.get_language_from_path(request.path_info) or request.path_info.startswith(UNPREFIXED):
            return self.get_response(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if (
            request.method in ("GET", "HEAD")
            and chosen
            and chosen != settings.LANGUAGE_CODE
            and chosen in dict(settings.LANGUAGES)
        ):
            response = HttpResponseRedirect(f"/{chosen}{request.get_full_path()}")
        else:
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        return response


class ApiLanguageMiddleware:
    """The API has no language prefix: its messages follow Accept-Language (or the cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
