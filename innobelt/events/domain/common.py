"""What every domain module of the events app needs."""

from django.utils import timezone

from innobelt.accounts.models import User
from innobelt.organisations.models import Membership


def aware(value):
    """A datetime without an offset is read in the platform's time zone (China time)."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def admins_of(organisation) -> list:
    if organisation is None:
        return []
    return [m.user for m in organisation.memberships.filter(role=Membership.Role.ADMIN, user__is_active=True).select_related("user")]


def organisers_of(event) -> list:
    """Who hears about an event's registrations: the organiser's admins, else the city's operators."""
    people = admins_of(event.organiser)
    if people:
        return people
    district = list(User.objects.filter(operator_cities=event.city_id, is_active=True))
    return district or list(User.objects.filter(is_platform_operator=True, is_active=True))


def when(event) -> str:
    """The event's time in the platform's time zone, for messages."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if start.date() == end.date():
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M}"
