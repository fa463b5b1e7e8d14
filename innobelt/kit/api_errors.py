"""One structured error shape for every API failure.

    {"error": {"code": "not_found", "message": "...", "fields": [{"field": "name", "message": "..."}]}}

Messages are in the language of the request (Accept-Language).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import model_validator


class FieldError(Schema):
    field: str
    message: str


class ErrorBody(Schema):
    code: str
    message: str
    fields: list[FieldError] = []
    details: dict = {}


class ErrorOut(Schema):
    error: ErrorBody


class ConflictError(Exception):
    """A state conflict (e.g. an overlapping booking): answered with 409."""

    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or {}


class Forbidden(PermissionDenied):
    """A refusal with its own code and message (e.g. token_read_only): answered with 403."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def errors(*codes: int) -> dict:
    """Responses to declare on an operation: errors(400, 403, 404) → {400: ErrorOut, ...}."""
    return {code: ErrorOut for code in (*codes, 401, 403, 422)}


def error_body(code: str, message: str, fields=None, details=None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or [], "details": details or {}}}


def install_error_handlers(api) -> None:
    @api.exception_handler(NinjaValidationError)
    def invalid_input(request, exc):
        fields = []
        for err in exc.errors:
            loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload", "data")]
            fields.append({"field": ".".join(loc) or "body", "message": str(err.get("msg", ""))})
        return api.create_response(request, error_body("invalid", _("The data sent is not valid."), fields), status=422)

    @api.exception_handler(DjangoValidationError)
    def domain_rejected(request, exc):
        fields = []
        if hasattr(exc, "error_dict"):
            for name, errs in exc.message_dict.items():
                fields += [{"field": name, "message": m} for m in errs]
            message = fields[0]["message"] if fields else _("The request was refused.")
        else:
            message = exc.messages[0] if exc.messages else _("The request was refused.")
        return api.create_response(request, error_body("rejected", message, fields), status=400)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, error_body("forbidden", _("You are not allowed to do this.")), status=403)

    @api.exception_handler(Forbidden)
    def forbidden_with_reason(request, exc):
        return api.create_response(request, error_body(exc.code, exc.message), status=403)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, error_body("not_found", _("Not found.")), status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(request, error_body("unauthenticated", _("Sign in or send a valid API token.")), status=401)

    @api.exception_handler(ConflictError)
    def conflict(request, exc):
        return api.create_response(request, error_body("conflict", exc.message, details=exc.details), status=409)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if exc.status_code == 400:  # ninja raises this for a body it cannot parse
            return api.create_response(request, error_body("invalid", _("The request body is not valid JSON.")), status=400)
        return api.create_response(request, error_body("error", str(exc)), status=exc.status_code)


class InputSchema(Schema):
    """Base of every request body: a JSON object with known fields only. (NUL characters never reach
    it: innobelt.web.edge.InputLimitsMiddleware refuses them in every request.)"""

    model_config = {"extra": "forbid"}

    @model_validator(mode="before")
    @classmethod
    def must_be_an_object(cls, data):
        if hasattr(data, "_obj"):  # ninja's DjangoGetter wrapper
            inner = data._obj
            if not isinstance(inner, dict):
                raise ValueError("the body must be a JSON object")
        elif not isinstance(data, dict):
            raise ValueError("the body must be a JSON object")
        return data
