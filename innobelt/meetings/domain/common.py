"""What every domain module of the meetings app needs."""

from django.urls import reverse
from django.utils import timezone


def aware(value):
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def agenda_link(programme) -> str:
    return reverse("meetings:agenda", kwargs={"event_id": programme.event_id})


def local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
