"""Check-in at the instrument, no-shows, the waitlist and slots released to it.

- A booking of equipment with a grace period (`Resource.check_in_grace_minutes`, blank: no check-in) is
  checked in from 15 minutes before it starts until the grace period after its start: on a phone, by
  scanning the QR poster at the instrument (a signed token naming the instrument and its code) or by
  typing the short code printed on it.
- `release_no_shows` (a periodic task) turns a confirmed booking still not checked in after the grace
  period into a no-show, under the resource row lock; the rest of its period, from the next slot
  boundary, becomes a ReleasedSlot offered to everyone waiting for an overlapping period.
- `accept_released_slot`: the first waiting person to accept books it through bookings._book_one (the
  resource row lock and the exclusion constraint as for every booking); the slot is claimed under that
  lock, so of fifty people accepting at once exactly one gets it and the others a SlotTaken (409).
"""

import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.accounts import ratelimit
from innobelt.audit.domain import record_action
from innobelt.kit.local_time import local_iso, span
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import admins_of
from innobelt.permissions import require
from innobelt.resources.domain.approvals import no_shows_requiring_approval
from innobelt.resources.domain.bookings import MAX_DAYS_AHEAD, BookingConflict, _book_one, _in_range, describe_conflict
from innobelt.resources.domain.training_gate import training_problem
from innobelt.resources.models import AccessRequest, Booking, ReleasedSlot, Resource, WaitlistEntry

if TYPE_CHECKING:
    from innobelt.accounts.models import User

SALT = "innobelt.resources.check-in"
OPENS_BEFORE = timedelta(minutes=15)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
LOOK_BACK = timedelta(days=2)  # older bookings are left alone by the release


class AlreadyCheckedIn(Exception):
    def __init__(self, booking: Booking):
        self.booking = booking
        self.message = _("This booking was already checked in at %(time)s.") % {
            "time": f"{timezone.localtime(booking.checked_in_at):%H:%M}" if booking.checked_in_at else "—"}
        super().__init__(self.message)


class SlotTaken(BookingConflict):
    """Someone else accepted the released slot first (the API answers 409)."""

    def __init__(self, slot: ReleasedSlot):
        booking = slot.taken_by
        conflict = describe_conflict(slot.start, slot.end, booking=booking) if booking else describe_conflict(slot.start, slot.end)
        super().__init__([conflict], _("Someone waiting for this slot accepted it first."))


# the poster at the instrument -------------------------------------------------------------

def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:8]


@transaction.atomic
def ensure_check_in_code(resource: Resource) -> str:
    """The instrument's short code (made on first use): printed on its poster, typed to check in."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if not resource.check_in_code:
        resource.check_in_code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        resource.save(update_fields=["check_in_code"])
    return resource.check_in_code


def check_in_token(resource: Resource) -> str:
    return signing.dumps([resource.pk, ensure_check_in_code(resource)], salt=SALT, compress=False)


def check_in_path(resource: Resource) -> str:
    return reverse("resources:check_in_token", kwargs={"token": check_in_token(resource)})


def resource_for_token(token: str) -> Resource | None:
    """The instrument a genuine token names, or None for a forged, altered or stale one."""
    try:
        pk, code = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(code, str) or not code:
        return None
    return Resource.objects.filter(pk=pk, check_in_code=code).first()


# checking in ------------------------------------------------------------------------------

def check_in_window(booking: Booking) -> tuple[datetime, datetime] | None:
    grace = booking.resource.check_in_grace_minutes
    if grace is None:
        return None
    return booking.start - OPENS_BEFORE, booking.start + timedelta(minutes=grace)


def current_booking(person: "User", resource: Resource, now: datetime | None = None) -> Booking | None:
    """The person's confirmed booking of the instrument that may be checked in now (their own first)."""
    now = now or timezone.now()
    from innobelt.organisations.queries import my_organisations

    grace = timedelta(minutes=resource.check_in_grace_minutes or 0)
    candidates = (Booking.objects.filter(resource=resource, status=Booking.Status.CONFIRMED, kind=Booking.Kind.USE,
                                         organisation__in=my_organisations(person).values("pk"),
                                         start__lte=now + OPENS_BEFORE, start__gt=now - grace)
                  .select_related("resource", "booked_by").order_by("start", "pk"))
    found = list(candidates)
    return next((b for b in found if b.booked_by_id == person.pk), found[0] if found else None)


def check_in(*, actor: "User", booking: Booking, code: str = "", token_resource: Resource | None = None,
             now: datetime | None = None) -> Booking:
    """Check a booking in at the instrument: with the code printed there, or through its QR token.
    Raises AlreadyCheckedIn (409) and ValidationError. Side effects: audit."""
    require(actor, "resources.check_in", booking)
    now = now or timezone.now()
    if token_resource is None:  # counted in the rate-limit cache, outside the transaction a wrong code rolls back
        ratelimit.hit("check_in_code", str(actor.pk))
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("resource").get(pk=booking.pk)
        resource = booking.resource
        if booking.checked_in_at is not None:
            raise AlreadyCheckedIn(booking)
        if token_resource is not None:
            if token_resource.pk != resource.pk:
                raise ValidationError(_("This QR code belongs to another instrument."))
        elif not resource.check_in_code or normalise_code(code) != resource.check_in_code:
            raise ValidationError({"code": _("This is not the code shown at the instrument.")})
        if booking.status != Booking.Status.CONFIRMED:
            raise ValidationError(_("This booking is %(status)s: it cannot be checked in.") % {"status": booking.get_status_display()})
        window = check_in_window(booking)
        if window is None:
            raise ValidationError(_("This equipment does not use check-in."))
        if not window[0] <= now < window[1]:
            raise ValidationError(_("Check-in is open from %(opens)s until %(closes)s.") % {
                "opens": f"{timezone.localtime(window[0]):%Y-%m-%d %H:%M}", "closes": f"{timezone.localtime(window[1]):%H:%M}"})
        booking.checked_in_at, booking.checked_in_by = now, actor
        booking.save(update_fields=["checked_in_at", "checked_in_by"])
        record_action(actor=actor, action="booking.checked_in", target=booking, data={"by": "qr" if token_resource else "code"})
    return booking


# no-shows and released slots ----------------------------------------------------------------

def _next_boundary(booking: Booking, now: datetime, slot_minutes: int) -> datetime:
    if now <= booking.start:
        return booking.start
    step = timedelta(minutes=slot_minutes)
    passed = (now - booking.start) // step + (1 if (now - booking.start) % step else 0)
    return booking.start + passed * step


def release_no_shows(*, now: datetime | None = None) -> int:
    """Turn bookings not checked in within their grace period into no-shows and offer what is left of
    their periods to the waitlist. Idempotent: each booking is re-read under the resource row lock."""
    now = now or timezone.now()
    due = (Booking.objects.filter(status=Booking.Status.CONFIRMED, kind=Booking.Kind.USE, checked_in_at__isnull=True,
                                  resource__check_in_grace_minutes__isnull=False, start__lt=now, start__gt=now - LOOK_BACK)
           .select_related("resource").order_by("start", "pk"))
    released = 0
    for candidate in due:
        if candidate.start + timedelta(minutes=candidate.resource.check_in_grace_minutes or 0) > now:
            continue
        if _release_one(candidate.pk, now):
            released += 1
    return released


def _release_one(booking_id: int, now: datetime) -> bool:
    with transaction.atomic():
        booking = Booking.objects.select_related("resource").get(pk=booking_id)
        Resource.objects.select_for_update().only("pk").get(pk=booking.resource_id)
        booking = Booking.objects.select_for_update().select_related("resource", "booked_by", "organisation").get(pk=booking_id)
        if booking.status != Booking.Status.CONFIRMED or booking.checked_in_at is not None:
            return False
        resource = booking.resource
        booking.status, booking.no_show_at = Booking.Status.NO_SHOW, now
        booking.save(update_fields=["status", "no_show_at"])
        start = _next_boundary(booking, now, resource.slot_minutes or 60)
        slot = (ReleasedSlot.objects.create(resource=resource, no_show=booking, start=start, end=booking.end, created_at=now)
                if start < booking.end else None)
        record_action(actor=None, action="booking.no_show", target=booking,
                      data={"released": slot.pk if slot else None, "start": local_iso(start), "end": local_iso(booking.end)})
        waiting = list(WaitlistEntry.objects.filter(resource=resource, status=WaitlistEntry.Status.WAITING, start__lt=booking.end,
                                                    end__gt=start).select_related("person")) if slot else []
    notify([booking.booked_by, *admins_of(resource.owner)], kind="resources.no_show", link=booking.get_absolute_url(),
           subject=lambda: _("Not checked in: %(resource)s, %(when)s") % {"resource": resource.title, "when": span(booking.start, booking.end)},
           body=lambda: _("The booking was released as a no-show and offered to people waiting for it."))
    if slot is not None and waiting:
        notify([w.person for w in waiting], kind="resources.slot_offered", link=reverse("resources:waitlist"),
               subject=lambda: _("Free now: %(resource)s, %(when)s") % {"resource": resource.title, "when": span(slot.start, slot.end)},
               body=lambda: _("The first to accept gets it."))
    return True


# the waitlist -------------------------------------------------------------------------------

def join_waitlist(*, actor: "User", access_request: AccessRequest, start: datetime, end: datetime,
                  now: datetime | None = None) -> WaitlistEntry:
    """Wait for a period of the instrument: when a booking in it is released, you are offered the slot.
    (`now` as for accept_released_slot: the demo replays last week's waitlist.)"""
    require(actor, "resources.act_for_seeker", access_request)
    if access_request.status != AccessRequest.Status.ACTIVE:
        raise ValidationError(_("Only an approved request whose terms were accepted lets you book."))
    start, end = _in_range(start=start, end=end)
    now = now or timezone.now()
    if end <= start:
        raise ValidationError({"end": _("The end must be after the start.")})
    if end <= now or start > now + timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError({"start": _("Choose a period within the next %(days)d days.") % {"days": MAX_DAYS_AHEAD}})
    resource = access_request.resource
    problem = training_problem(resource, actor, timezone.localtime(start).date())
    if problem:
        raise ValidationError({"training": problem})
    if WaitlistEntry.objects.filter(resource=resource, person=actor, status=WaitlistEntry.Status.WAITING, start__lt=end,
                                    end__gt=start).exists():
        raise ValidationError(_("You are already waiting for this period."))
    entry = WaitlistEntry.objects.create(resource=resource, access_request=access_request, organisation_id=access_request.organisation_id,
                                         person=actor, start=start, end=end, created_at=now)
    record_action(actor=actor, action="resource.waitlist_joined", target=entry, data={"start": local_iso(start), "end": local_iso(end)})
    return entry


@transaction.atomic
def leave_waitlist(*, actor: "User", entry: WaitlistEntry) -> WaitlistEntry:
    if entry.person_id != actor.pk:
        raise PermissionDenied
    entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status == WaitlistEntry.Status.WAITING:
        entry.status = WaitlistEntry.Status.WITHDRAWN
        entry.save(update_fields=["status"])
        record_action(actor=actor, action="resource.waitlist_left", target=entry)
    return entry


def accept_released_slot(*, actor: "User", slot: ReleasedSlot, now: datetime | None = None) -> Booking:
    """Take a released slot: only someone waiting for an overlapping period, the first to accept.
    Raises SlotTaken (409) when another accepted first, PermissionDenied when not waiting for it."""
    now = now or timezone.now()
    if slot.status != ReleasedSlot.Status.OPEN:
        raise SlotTaken(slot)  # (checked again under the resource row lock below)
    entry = (WaitlistEntry.objects.filter(resource_id=slot.resource_id, person=actor, status=WaitlistEntry.Status.WAITING,
                                          start__lt=slot.end, end__gt=slot.start)
             .select_related("access_request", "access_request__resource").order_by("created_at", "pk").first())
    if entry is None:
        raise PermissionDenied(_("Only people waiting for this period may take the slot."))
    require(actor, "resources.act_for_seeker", entry.access_request)
    if entry.access_request.status != AccessRequest.Status.ACTIVE:
        raise ValidationError(_("Only an approved request whose terms were accepted lets you book."))
    if slot.end <= now:
        raise ValidationError(_("This slot has passed."))
    problem = training_problem(slot.resource, actor, timezone.localtime(slot.start).date())
    if problem:
        raise ValidationError({"training": problem})
    if no_shows_requiring_approval(slot.resource, entry.access_request.organisation_id, now=now) is not None:
        raise ValidationError(_("Your organisation's bookings of this equipment need the owner's approval after repeated no-shows; "
                                "a released slot starts too soon to wait for it. Book a later time instead."))

    def claim() -> None:  # under the resource row lock: one taker at a time
        current = ReleasedSlot.objects.select_related("taken_by").get(pk=slot.pk)
        if current.status != ReleasedSlot.Status.OPEN:
            raise SlotTaken(current)

    def taken(booking: Booking) -> None:
        ReleasedSlot.objects.filter(pk=slot.pk).update(status=ReleasedSlot.Status.TAKEN, taken_by=booking)
        WaitlistEntry.objects.filter(pk=entry.pk).update(status=WaitlistEntry.Status.SERVED)

    booking = _book_one(actor=actor, access_request=entry.access_request, start=slot.start, end=slot.end, series=None,
                        note=_("Released slot"), under_lock=claim, after_insert=taken)
    resource = slot.resource
    notify([actor, *admins_of(resource.owner)], kind="resources.booking_confirmed", link=booking.get_absolute_url(),
           subject=lambda: _("%(resource)s booked for %(organisation)s") % {"resource": resource.title,
                                                                             "organisation": entry.access_request.organisation.name},
           body=lambda: _("Booked: %(when)s") % {"when": span(booking.start, booking.end)})
    return booking
