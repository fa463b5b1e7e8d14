"""What every domain module of the events app needs."""

from django.utils import timezone

from innobelt.organisations.queries import admins_of, operators_of


def aware(value):
    """A datetime without an offset is read in the platform's time zone (China time)."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def organisers_of(event) -> list:
    """Who hears about an event's registrations: the organiser's admins, else the city's operators."""
    return admins_of(event.organiser) or operators_of(event.city_id)


def when(event) -> str:
    """The event's time in the platform's time zone, for messages."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if start.date() == end.date():
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M}"
