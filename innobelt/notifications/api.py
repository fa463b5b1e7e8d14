"""The signed-in person's notifications for API clients.

Moved from accounts/api.py: the path, the operation id and the "me" tag stay those clients know."""

from datetime import datetime

from ninja import Router, Schema

from innobelt.kit.api_auth import SIGNED_IN
from innobelt.kit.api_errors import errors
from innobelt.notifications.models import Notification

router = Router(tags=["me"])


class NotificationOut(Schema):
    id: int
    kind: str
    subject: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


@router.get("/me/notifications", response={200: list[NotificationOut], **errors()}, auth=SIGNED_IN,
            operation_id="innobelt_accounts_api_list_notifications")
def list_notifications(request):
    return Notification.objects.filter(recipient=request.auth)[:100]
