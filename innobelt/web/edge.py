"""Input limits at the edge: one place that refuses what no view should ever see.

Two middlewares, early in MIDDLEWARE (docs/adr/0009-input-limits-at-the-edge.md):

- `InputLimitsMiddleware`, before anything reads the body:
    * NUL characters (PostgreSQL cannot store or compare them in text) in the path, the query
      string, form and multipart fields, file names and JSON bodies → 400;
    * a body larger than the limit for its path (settings.REQUEST_SIZE_LIMITS) → 413, from the
      Content-Length header without reading a byte, or, for a chunked body without one, once
      more than the limit has been read;
    * an uploaded file larger than the limit for its path (settings.UPLOAD_FILE_LIMITS) → 413,
      as soon as that many bytes came in (`CappedUploadHandler`), not after writing it all to disk.
  It parses the body itself (bounded), so every error of parsing is answered here.
- `ApiErrorsAsJsonMiddleware`: whatever answers an error under /api/ (Django's 404, 405, CSRF
  failures, 500 pages, the middleware above) answers in the API's JSON error shape
  (innobelt/kit/api_errors.py).

Pages get a translated error page with the request id; the API gets JSON in the language of
the request.
"""

import io
import json
import re
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler
from django.core.handlers.wsgi import LimitedStream
from django.http import JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

from innobelt.kit.language_paths import language_neutral

MB = 1024 * 1024
API_PREFIX = "/api/"
NUL = "\x00"
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


class RequestTooLarge(Exception):
    """A body (or one uploaded file) over its limit."""

    def __init__(self, limit: int, file_name: str | None = None):
        super().__init__(limit, file_name)
        self.limit = limit
        self.file_name = file_name


# Limits by path ------------------------------------------------------------------------------


def _language_of_path(path: str) -> str:
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


@lru_cache(maxsize=4096)
def _url_name(path: str) -> str | None:
    try:
        with translation.override(_language_of_path(path)):
            return resolve(path).view_name
    except Resolver404:
        return None


@lru_cache(maxsize=64)
def _compiled(pattern: str):
    return re.compile(pattern)


def limit_for(path: str, table: dict) -> int:
    """The limit in `table` for a path: by URL name ("resources:import"), else by a pattern on the
    path without its language prefix ("^/api/v1/files$"), else table["default"]."""
    if "\x00" not in path:
        name = _url_name(path)
        if name in table:
            return table[name]
    bare = language_neutral(path)  # /en/organisations/ → /organisations/
    for key, limit in table.items():
        if key.startswith("^") and _compiled(key).search(bare):
            return limit
    return table["default"]


# Uploads ---------------------------------------------------------------------------------


class CappedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: stops an upload as soon as one file is over the limit for the
    path (request.upload_file_limit, set by InputLimitsMiddleware), before the next handlers keep
    (in memory or on disk) more than that."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = getattr(request, "upload_file_limit", None) or settings.UPLOAD_FILE_LIMITS["default"]
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise RequestTooLarge(self.limit, self.file_name)
        return raw_data

    def file_complete(self, file_size):
        return None


# Answers ----------------------------------------------------------------------------------


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _language(request) -> str:
    """As LocaleMiddleware and ApiLanguageMiddleware will choose: a page's from its path (unprefixed
    is the default language), the API's from Accept-Language or the cookie."""
    if is_api(request):
        return translation.get_language_from_request(request, check_path=False)
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


ERROR_CODES = {400: "invalid", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 413: "too_large", 429: "rate_limited"}


def default_message(status: int) -> str:
    return {
        400: _("The request could not be understood."),
        401: _("Sign in or send a valid API token."),
        403: _("You are not allowed to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The request is too large."),
        429: _("Too many requests: please wait a moment and try again."),
    }.get(status, _("Something went wrong on our side. Nothing was changed; please try again in a moment.")
          if status >= 500 else _("The request was refused."))


def api_error(request, status: int, code: str | None = None, message: str | None = None, fields=None) -> JsonResponse:
    """The API's error shape ({"error": {...}}) for a request under /api/, in its language."""
    from innobelt.kit.api_errors import error_body

    with translation.override(_language(request)):
        code = code or ERROR_CODES.get(status, "server_error" if status >= 500 else "error")
        details = {"request_id": request.request_id} if status >= 500 and getattr(request, "request_id", "") else None
        body = error_body(code, message or default_message(status), fields, details)
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def refuse(request, status: int, message, code: str, fields=None):
    """400 or 413: JSON under /api/, else the translated error page with the request id."""
    if is_api(request):
        return api_error(request, status, code, str(message), fields)
    with translation.override(_language(request)):
        return render(request, "web/errors/refused.html", {
            "status": status, "message": str(message), "request_id": getattr(request, "request_id", "")}, status=status)


def _too_large(request, exc: RequestTooLarge):
    mb = f"{exc.limit / MB:.3g}"
    with translation.override(_language(request)):
        if exc.file_name:
            message = _("The file %(name)s is too large: at most %(mb)s MB.") % {"name": exc.file_name, "mb": mb}
        else:
            message = _("The request is too large: at most %(mb)s MB.") % {"mb": mb}
    return refuse(request, 413, message, "too_large")


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


def _nul_fields(querydict) -> list[str]:
    return [key for key, values in querydict.lists() if NUL in key or _has_nul(values)]


def _read_at_most(stream, size: int) -> bytes:
    """Up to `size` bytes of a stream, in chunks (a read may return less than asked before the end)."""
    chunks, left = [], size
    while left > 0:
        chunk = stream.read(min(left, 64 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# The middlewares --------------------------------------------------------------------------


class InputLimitsMiddleware:
    """Refuses NUL characters and oversize bodies and files before any view (or CSRF check) reads
    the request; see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with translation.override(_language(request)):  # LocaleMiddleware comes later
            refused = self.check(request)
        return refused if refused is not None else self.get_response(request)

    def check(self, request):
        # The path and the query string: nothing to read yet.
        if NUL in request.path or NUL in request.path_info:
            return self._nul(request, ["path"])
        try:
            fields = _nul_fields(request.GET)
        except TooManyFieldsSent:
            return refuse(request, 400, _("Too many fields were sent."), "invalid")
        if fields:
            return self._nul(request, fields)
        for name in [n for n, v in request.COOKIES.items() if NUL in n or NUL in v]:
            del request.COOKIES[name]  # ignored, as if never sent: a stale cookie must not lock anyone out

        # The size, from the header before a byte is read.
        header = request.META.get("CONTENT_LENGTH")
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if header in (None, "", "0") and not chunked:
            return None  # no body
        limit = limit_for(request.path_info, settings.REQUEST_SIZE_LIMITS)
        request.upload_file_limit = limit_for(request.path_info, settings.UPLOAD_FILE_LIMITS)
        if header not in (None, ""):
            try:
                length = int(header)
            except ValueError:
                length = -1
            if length < 0:
                return refuse(request, 400, _("The request could not be understood."), "invalid")
            if length > limit:
                return _too_large(request, RequestTooLarge(limit))
        else:
            if not request.META.get("wsgi.input_terminated"):
                return refuse(request, 411, _("Send the length of the request (Content-Length)."), "length_required")
            # A chunked body that the server ends: read at most one byte past the limit.
            data = _read_at_most(request.META["wsgi.input"], limit + 1)
            if len(data) > limit:
                return _too_large(request, RequestTooLarge(limit))
            request.META["CONTENT_LENGTH"] = str(len(data))
            request._stream = LimitedStream(io.BytesIO(data), len(data))

        # The body, parsed here (bounded) so that every failure is answered here.
        try:
            fields = self._nul_in_body(request)
        except RequestTooLarge as exc:
            request._mark_post_parse_error()
            return _too_large(request, exc)
        except RequestDataTooBig:
            request._mark_post_parse_error()
            return _too_large(request, RequestTooLarge(min(limit, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)))
        except (TooManyFieldsSent, TooManyFilesSent):
            request._mark_post_parse_error()
            return refuse(request, 400, _("Too many fields or files were sent."), "invalid")
        except (MultiPartParserError, UnreadablePostError, RecursionError):  # RecursionError: JSON nested too deep
            request._mark_post_parse_error()
            return refuse(request, 400, _("The request body could not be read."), "invalid")
        if fields:
            return self._nul(request, fields)
        return None

    @staticmethod
    def _nul_in_body(request) -> list[str]:
        content_type = request.content_type or ""
        if request.method == "POST" and content_type in FORM_TYPES:
            fields = _nul_fields(request.POST)
            fields += [key for key, files in request.FILES.lists()
                       if NUL in key or any(NUL in (f.name or "") for f in files)]
            return fields
        if content_type == "multipart/form-data":
            return []  # PUT/PATCH multipart: parsed later by ninja, from the stream; no such operation takes text
        body = request.body
        if content_type == "application/x-www-form-urlencoded":
            from django.http import QueryDict

            return _nul_fields(QueryDict(body, encoding=request.encoding))
        if b"\x00" in body and (not content_type or content_type.startswith("text/") or "json" in content_type):
            return ["body"]
        try:
            data = json.loads(body)
        except ValueError:
            return []  # not JSON: the view answers that
        if isinstance(data, dict):
            return [str(key) for key, value in data.items() if NUL in str(key) or _has_nul(value)]
        return ["body"] if _has_nul(data) else []

    @staticmethod
    def _nul(request, fields: list[str]):
        message = _("NUL characters (code 0) are not allowed in requests.")
        return refuse(request, 400, message, "invalid", [{"field": f.replace(NUL, "\\0"), "message": message} for f in fields])


class ApiErrorsAsJsonMiddleware:
    """Under /api/, an error answered by anything other than the API itself (Django's 404 for an unknown
    path, ninja's 405, a CSRF failure, a 500 page) becomes the API's JSON error shape, same status and headers."""

    KEEP = ("Allow", "Retry-After", "WWW-Authenticate", "X-Request-ID", "Vary")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and is_api(request)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            shaped = api_error(request, response.status_code)
            for header in self.KEEP:
                if header in response:
                    shaped[header] = response[header]
            shaped.cookies = response.cookies
            # The replaced answer is an error page with nothing to release. Its close() would send
            # request_finished a second time, in the middle of the request, and Django's handler of that
            # signal closes the database connection the rest of the request (the session save) still uses.
            return shaped
        return response


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: JSON under /api/, else Django's page."""
    if is_api(request):
        return api_error(request, 403, "csrf_failed",
                         _("The request was refused (CSRF check failed): reload the page and try again."))
    from django.views.csrf import csrf_failure as django_csrf_failure

    return django_csrf_failure(request, reason=reason)
