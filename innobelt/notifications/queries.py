"""Reads of a person's notifications."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from innobelt.kit.lookups import or_404
from innobelt.notifications.models import Notification


def inbox_of(user: AbstractBaseUser) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk)


def unread_count(user: AbstractBaseUser) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notification_or_404(user: AbstractBaseUser, pk: int) -> Notification:
    """One of the person's own notifications; 404 for anyone else's (whether it exists is not told)."""
    return or_404(inbox_of(user).filter(pk=pk).first())
