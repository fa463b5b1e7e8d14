"""API authentication: personal tokens (Bearer), the browser session, or anonymous."""

from django.contrib.auth.models import AnonymousUser
from ninja.security import APIKeyCookie, HttpBearer

from innobelt.accounts.domain import user_for_api_token


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        user = user_for_api_token(token)
        if user is not None:
            request.user = user
        return user


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
PUBLIC_OPERATION = {
    "auth": PUBLIC,
    "openapi_extra": {"security": [{}, {"TokenAuth": []}, {"SessionAuth": []}]},
}
