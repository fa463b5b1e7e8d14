"""The signed-in person's notifications for API clients.

Moved from accounts/api.py: the path, the operation id and the "me" tag stay those clients know. Reading the
list changes nothing; a notification is marked read only by a POST (one, or all of them)."""

from datetime import datetime

from ninja import Router, Schema

from innobelt.kit.api_auth import SIGNED_IN
from innobelt.kit.api_errors import errors
from innobelt.notifications.domain import mark_read
from innobelt.notifications.models import Notification
from innobelt.notifications.queries import notification_or_404

router = Router(tags=["me"])


class NotificationOut(Schema):
    id: int
    kind: str
    subject: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


class MarkedOut(Schema):
    marked: int


@router.get("/me/notifications", response={200: list[NotificationOut], **errors()}, auth=SIGNED_IN,
            operation_id="innobelt_accounts_api_list_notifications")
def list_notifications(request):
    return Notification.objects.filter(recipient=request.auth)[:100]


@router.post("/me/notifications/read", response={200: MarkedOut, **errors()}, auth=SIGNED_IN)
def mark_all_notifications_read(request):
    """Mark every unread notification of the caller read; answers how many were."""
    return {"marked": mark_read(user=request.auth)}


@router.post("/me/notifications/{notification_id}/read", response={200: NotificationOut, **errors(404)}, auth=SIGNED_IN)
def mark_notification_read(request, notification_id: int):
    """Mark one of the caller's notifications read (404 for anyone else's)."""
    notification = notification_or_404(request.auth, notification_id)
    mark_read(user=request.auth, notification_ids=[notification.pk])
    notification.refresh_from_db()
    return notification
