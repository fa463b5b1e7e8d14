"""Owner approval after repeated no-shows (issue 22; docs/adr/0305-approval-after-no-shows.md).

An instrument may set `Resource.approval_after_no_shows` (N): an organisation with N or more no-shows of
it whose bookings started in the last 90 days has every new booking made `pending` instead of confirmed.
A pending booking holds its period exactly as a confirmed one (the same resource row lock, overlap check
and, on PostgreSQL, the exclusion constraint, which counts `confirmed` and `pending`), so approving it
never meets a conflict. The owner approves (its statement line is issued then, under the resource's row
lock, as when a booking is made) or declines it; one that nobody decided before it started lapses as
declined (`lapse_pending_bookings`, run with the no-show release). Every decision locks the booking's
row and re-reads its status: of two decisions at once, one wins and the other raises BookingNotPending.
"""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.kit.local_time import span
from innobelt.notifications.domain import notify
from innobelt.permissions import require
from innobelt.resources.domain.statements import issue_booking_line
from innobelt.resources.models import Booking, Resource
from innobelt.resources.models.booking import approval_reason

__all__ = ["BookingNotPending", "approval_reason", "approve_booking", "decline_booking", "lapse_pending_bookings", "no_shows_of",
           "no_shows_requiring_approval"]

if TYPE_CHECKING:
    from innobelt.accounts.models import User

NO_SHOW_WINDOW = timedelta(days=90)


class BookingNotPending(Exception):
    """The booking was decided already (or never awaited approval): the API answers 409 with its status."""

    def __init__(self, booking: Booking):
        self.booking = booking
        self.message = _("This booking does not await approval (it is %(status)s).") % {"status": booking.get_status_display()}
        super().__init__(self.message)


def no_shows_of(resource: Resource, organisation_id: int, *, now: datetime | None = None) -> int:
    """The organisation's no-shows of the instrument among bookings that started in the last 90 days."""
    now = now or timezone.now()
    return Booking.objects.filter(resource=resource, organisation_id=organisation_id, status=Booking.Status.NO_SHOW,
                                  start__gte=now - NO_SHOW_WINDOW).count()


def no_shows_requiring_approval(resource: Resource, organisation_id: int, *, now: datetime | None = None) -> int | None:
    """The no-shows that make the organisation's new bookings of the instrument wait for approval, or None."""
    threshold = resource.approval_after_no_shows
    if not threshold:
        return None
    count = no_shows_of(resource, organisation_id, now=now)
    return count if count >= threshold else None


def _locked(booking: Booking) -> Booking:
    """The resource row first (as every booking writer), then the booking's row, re-read."""
    Resource.objects.select_for_update().only("pk").get(pk=booking.resource_id)
    locked = Booking.objects.select_for_update().select_related("resource", "resource__owner", "booked_by", "organisation").get(pk=booking.pk)
    if locked.status != Booking.Status.PENDING:
        raise BookingNotPending(locked)
    return locked


def approve_booking(*, actor: "User", booking: Booking) -> Booking:
    """The owner confirms a pending booking: its statement line is issued now (the pledge and prices of now).
    Raises BookingNotPending (409) when decided already, ValidationError when it has started.
    Side effects: audit, a notice to the booker."""
    require(actor, "resources.manage_bookings", booking.resource)
    with transaction.atomic():
        booking = _locked(booking)
        now = timezone.now()
        if booking.start <= now:
            raise ValidationError(_("This booking has started; it can no longer be approved."))
        booking.status, booking.decided_by, booking.decided_at = Booking.Status.CONFIRMED, actor, now
        booking.save(update_fields=["status", "decided_by", "decided_at"])
        record_action(actor=actor, action="booking.approved", target=booking, data={"no_shows": booking.no_shows_counted})
        if booking.kind == Booking.Kind.USE:
            issue_booking_line(booking=booking)  # under the resource's row lock, as _book_one does
    resource = booking.resource
    notify([booking.booked_by], kind="resources.booking_confirmed", link=booking.get_absolute_url(),
           subject=lambda: _("%(resource)s booked for %(organisation)s") % {"resource": resource.title,
                                                                             "organisation": booking.organisation.name},
           body=lambda: _("The owner approved your booking: %(when)s") % {"when": span(booking.start, booking.end)})
    return booking


def _decline(booking: Booking, *, actor: "User | None", reason: str, now: datetime) -> None:
    booking.status, booking.decided_by, booking.decided_at = Booking.Status.DECLINED, actor, now
    booking.cancelled_by, booking.cancelled_at, booking.cancel_reason = actor, now, reason[:300]
    booking.save(update_fields=["status", "decided_by", "decided_at", "cancelled_by", "cancelled_at", "cancel_reason"])


def decline_booking(*, actor: "User", booking: Booking, reason: str = "") -> Booking:
    """The owner declines a pending booking: its period is free again. Raises BookingNotPending (409).
    Side effects: audit, a notice to the booker."""
    require(actor, "resources.manage_bookings", booking.resource)
    with transaction.atomic():
        booking = _locked(booking)
        _decline(booking, actor=actor, reason=(reason or "").strip(), now=timezone.now())
        record_action(actor=actor, action="booking.declined", target=booking, data={"reason": booking.cancel_reason})
    _tell_declined(booking)
    return booking


def _tell_declined(booking: Booking) -> None:
    resource = booking.resource
    notify([booking.booked_by], kind="resources.booking_declined", link=booking.get_absolute_url(),
           subject=lambda: _("Booking declined: %(resource)s, %(when)s") % {"resource": resource.title,
                                                                             "when": span(booking.start, booking.end)},
           body=lambda: booking.cancel_reason or _("The owner did not approve it before it started."))


def lapse_pending_bookings(*, now: datetime | None = None) -> int:
    """Pending bookings that reached their start undecided become declined (their period is gone anyway).
    Idempotent and safe with several workers: each is re-read under its locks."""
    now = now or timezone.now()
    lapsed = 0
    for booking in Booking.objects.filter(status=Booking.Status.PENDING, start__lte=now).order_by("start", "pk"):
        try:
            with transaction.atomic():
                locked = _locked(booking)
                _decline(locked, actor=None, reason="", now=now)
                record_action(actor=None, action="booking.lapsed", target=locked)
        except BookingNotPending:
            continue
        _tell_declined(locked)
        lapsed += 1
    return lapsed

