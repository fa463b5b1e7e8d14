"""API authentication: personal tokens (Bearer), the browser session, or anonymous.

The kit imports no app: the token lookup is settings.API_TOKEN_FINDER (accounts' find_api_token),
as axes finds the client address through AXES_CLIENT_IP_CALLABLE."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer

from innobelt.kit.api_errors import Forbidden

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
WRITE_SCOPE = "write"  # ApiToken.Scope.WRITE


class TokenAuth(HttpBearer):
    """A personal token (not revoked, not expired). A read token is refused on unsafe methods
    with 403 token_read_only; request.api_token is the token, for operations a token may not do."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        api_token = import_string(settings.API_TOKEN_FINDER)(secret=token)
        if api_token is None:
            return None
        if api_token.scope != WRITE_SCOPE and request.method not in SAFE_METHODS:
            raise Forbidden("token_read_only", _("This API token is read-only: create a read and write token to make changes."))
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; unsafe methods need the CSRF token."""

    param_name = "sessionid"

    def __init__(self):
        super().__init__(csrf=True)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


class Anonymous:
    """Lets public endpoints through without credentials; request.auth is AnonymousUser."""

    def __call__(self, request):
        if request.headers.get("Authorization"):
            return None  # a wrong token is an error, not a silent anonymous request
        return AnonymousUser()


SIGNED_IN = [TokenAuth(), SessionAuth()]
PUBLIC = [TokenAuth(), SessionAuth(), Anonymous()]

# Keyword arguments for a public operation: anonymous allowed, and the schema says so
# (an empty security requirement makes authentication optional in OpenAPI).
PUBLIC_OPERATION: dict[str, Any] = {
    "auth": PUBLIC,
    "openapi_extra": {"security": [{}, {"TokenAuth": []}, {"SessionAuth": []}]},
}
