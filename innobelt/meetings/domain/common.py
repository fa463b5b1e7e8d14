"""What every domain module of the meetings app needs."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.events.rules import can


def require(user, perm: str, obj=None) -> None:
    if not can(user, perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def aware(value):
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def agenda_link(programme) -> str:
    return reverse("meetings:agenda", kwargs={"event_id": programme.event_id})


def local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
