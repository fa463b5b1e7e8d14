"""Checking people in at the door (QR token or the short code)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.events.domain.registration import normalise_code
from innobelt.events.models import Event, Registration
from innobelt.permissions import require

if TYPE_CHECKING:
    from innobelt.accounts.models import User


class AlreadyCheckedIn(Exception):
    """The person was checked in before; nothing changed. The API answers 409."""

    def __init__(self, registration: Registration):
        self.registration = registration
        at = timezone.localtime(registration.checked_in_at)
        self.message = _("%(person)s was already checked in at %(time)s.") % {"person": registration.user, "time": f"{at:%H:%M}"}
        super().__init__(self.message)


def registration_for_code(event: Event, code: str) -> Registration | None:
    code = normalise_code(code)
    if not code:
        return None
    return event.registrations.select_related("user", "organisation", "event").filter(code=code).first()


@transaction.atomic
def check_in_attendee(*, actor: User, registration: Registration, now: datetime | None = None) -> Registration:
    """Mark a registered person as attended.

    Raises AlreadyCheckedIn when done before (nothing changes) and ValidationError when the
    registration holds no place. Side effects: checked_in_at/by, audit entry.
    """
    registration = Registration.objects.select_for_update(of=("self",)).select_related("user", "organisation", "event") \
        .get(pk=registration.pk)
    require(actor, "events.check_in", registration.event)
    if registration.checked_in_at is not None:
        raise AlreadyCheckedIn(registration)
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("%(person)s holds no place: the registration is %(status)s.") % {
            "person": registration.user, "status": registration.get_status_display()})
    registration.checked_in_at, registration.checked_in_by = now or timezone.now(), actor
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    record_action(actor=actor, action="event.checked_in", target=registration.event, data={"registration": registration.pk})
    return registration
