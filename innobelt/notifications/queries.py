"""Reads of a person's notifications."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from innobelt.notifications.models import Notification


def inbox_of(user: AbstractBaseUser) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk)


def unread_count(user: AbstractBaseUser) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
