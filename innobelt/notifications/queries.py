"""Reads of a person's notifications."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from innobelt.kit import kept
from innobelt.kit.lookups import or_404
from innobelt.notifications.models import Notification


def inbox_of(user: AbstractBaseUser) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk)


def unread_count(user: AbstractBaseUser) -> int:
    """The header's badge on every signed-in page: kept until a notification changes (made, read, deleted; ADR 0024,
    ninth round), a query the page no longer runs each time."""
    return kept.value(f"unread-notifications:{user.pk}", ("notifications",),
                      lambda: Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count())


def notification_or_404(user: AbstractBaseUser, pk: int) -> Notification:
    """One of the person's own notifications; 404 for anyone else's (whether it exists is not told)."""
    return or_404(inbox_of(user).filter(pk=pk).first())
