from datetime import datetime

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.responses import Status

from innobelt.accounts import domain, ratelimit
from innobelt.accounts.models import ApiToken
from innobelt.api.auth import SIGNED_IN
from innobelt.api.errors import InputSchema, errors
from innobelt.notifications.models import Notification

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
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewTokenOut(TokenOut):
    secret: str


class TokenIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=100)


class NotificationOut(Schema):
    id: int
    kind: str
    subject: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


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
    ratelimit.hit("token_create", str(request.auth.pk))
    token, secret = domain.create_api_token(user=request.auth, name=payload.name)
    token.secret = secret
    return Status(201, token)


@router.delete("/me/tokens/{token_id}", response={200: TokenOut, **errors(404)}, auth=SIGNED_IN)
def revoke_token(request, token_id: int):
    try:
        return domain.revoke_api_token(user=request.auth, token_id=token_id)
    except ApiToken.DoesNotExist:
        raise Http404 from None


@router.get("/me/notifications", response={200: list[NotificationOut], **errors()}, auth=SIGNED_IN)
def list_notifications(request):
    return Notification.objects.filter(recipient=request.auth)[:100]
