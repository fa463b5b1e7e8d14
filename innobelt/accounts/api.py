from datetime import datetime, timedelta
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from innobelt.accounts import domain, personal_data, ratelimit
from innobelt.accounts.models import ApiToken
from innobelt.kit.api_auth import SIGNED_IN
from innobelt.kit.api_errors import Forbidden, InputSchema, errors

router = Router(tags=["me"])


class MembershipOut(Schema):
    organisation: str
    role: str


class MeOut(Schema):
    email: str
    display_name: str
    mobile: str | None
    email_confirmed: bool
    is_platform_operator: bool
    operator_cities: list[str]
    memberships: list[MembershipOut]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scope: Literal["read", "write"] = Field(..., description="read: GET, HEAD and OPTIONS only; write: everything")
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewTokenOut(TokenOut):
    secret: str


class TokenIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=100)
    scope: Literal["read", "write"] = Field("read", description="read: GET, HEAD and OPTIONS only; write: everything")
    expires_in_days: int = Field(domain.TOKEN_DEFAULT_LIFETIME.days, ge=1, le=domain.TOKEN_MAX_LIFETIME.days,
                                 description="the token stops working after this many days")
    # required (the schema says so), but checked by the domain, so that a missing one is the same 400 keyed
    # "password" in the caller's language as a wrong one, not a 422 in pydantic's English
    password: str = Field("", max_length=128, description=(
        "your current password (required): a token outlives the session that makes it, so a borrowed session "
        "cannot make one; a wrong or missing one is 400 with the field password, and the guesses count with the "
        "password page's per-person limit"), json_schema_extra={"format": "password"})

    model_config = {"json_schema_extra": lambda schema: _password_required(schema)}


def _password_required(schema: dict) -> None:
    schema.setdefault("required", []).append("password")
    schema["properties"]["password"].pop("default", None)


@router.get("/me", response={200: MeOut, **errors()}, auth=SIGNED_IN)
def me(request):
    user = request.auth
    return {
        "email": user.email, "display_name": user.display_name, "mobile": user.mobile,
        "email_confirmed": user.email_confirmed, "is_platform_operator": user.is_platform_operator,
        "operator_cities": [c.slug for c in user.operator_cities.all()],
        "memberships": [{"organisation": m.organisation.slug, "role": m.role}
                        for m in user.memberships.select_related("organisation")],
    }


@router.get("/me/tokens", response={200: list[TokenOut], **errors()}, auth=SIGNED_IN)
def list_tokens(request):
    return ApiToken.objects.filter(user=request.auth)


@router.post("/me/tokens", response={201: NewTokenOut, **errors(400)}, auth=SIGNED_IN)
def create_token(request, payload: TokenIn):
    """Create a token, confirmed by your current password (400 with the field password when wrong or missing).
    Only a signed-in session may: a token cannot make more tokens (403 token_cannot_create_tokens)."""
    if getattr(request, "api_token", None) is not None:
        raise Forbidden("token_cannot_create_tokens", _("An API token cannot create tokens: sign in to the site to create one."))
    ratelimit.hit("token_create", str(request.auth.pk))
    token, secret = domain.create_api_token_confirmed(user=request.auth, password=payload.password, name=payload.name,
                                                      scope=payload.scope, expires_in=timedelta(days=payload.expires_in_days))
    token.secret = secret
    return Status(201, token)


@router.delete("/me/tokens/{token_id}", response={200: TokenOut, **errors(404)}, auth=SIGNED_IN)
def revoke_token(request, token_id: int):
    try:
        return domain.revoke_api_token(user=request.auth, token_id=token_id)
    except ApiToken.DoesNotExist:
        raise Http404 from None


class AccountsErasureIn(InputSchema):
    password: str = Field(..., min_length=1, max_length=128)


class AccountsErasureOut(Schema):
    pseudonym: str = Field(..., description="What the audit trail and the records others need now show for you.")


@router.get("/me/personal-data", response={200: dict, **errors()}, auth=SIGNED_IN)
def export_personal_data(request):
    """Everything the platform holds about you (PIPL): account, consents, sessions, API tokens, memberships,
    messages you wrote, files you uploaded. The export is recorded in the audit log."""
    return personal_data.export_personal_data(user=request.auth)


@router.post("/me/erasure", response={200: AccountsErasureOut, **errors(400, 403)}, auth=SIGNED_IN)
def erase_account(request, payload: AccountsErasureIn):
    """Erase your account for good (PIPL), confirmed by your password; only from a signed-in session, never with
    an API token (403 token_cannot_erase). Refused for operators (403)."""
    if getattr(request, "api_token", None) is not None:
        raise Forbidden("token_cannot_erase", _("An API token cannot erase an account: sign in to the site."))
    return {"pseudonym": personal_data.erase_account(user=request.auth, password=payload.password)}
