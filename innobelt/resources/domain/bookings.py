"""Booking equipment, cancelling, closures, reminders and calendar feed tokens.

No two confirmed bookings of one instrument ever overlap:
- every booking locks the resource row first (SELECT ... FOR UPDATE), so bookers of one
  instrument queue there and each sees the winner's committed row when it checks;
- on PostgreSQL the exclusion constraint `no_overlapping_bookings` rejects an overlap
  whatever happens (23P01); a deadlock victim (40P01) is retried, then reported the same way;
- on SQLite transactions are IMMEDIATE (settings.py): BEGIN takes the one write lock, so
  the check and the insert of two bookers never interleave.
A conflict raises BookingConflict naming the booking (or closure) in the way.
A pending booking (awaiting the owner's approval after repeated no-shows, domain/approvals.py) holds its
period exactly as a confirmed one: both count in the check and in the constraint (Booking.HOLDING).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.kit.local_time import aware, in_supported_range, local_iso, out_of_range_message, span
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import admins_of
from innobelt.permissions import can, require
from innobelt.resources import hooks
from innobelt.resources import opening_hours as opening
from innobelt.resources.domain.approvals import approval_reason, no_shows_requiring_approval
from innobelt.resources.domain.statements import credit_booking_line, issue_booking_line
from innobelt.resources.domain.training_gate import training_problem
from innobelt.resources.models import AccessRequest, Blackout, Booking, CalendarFeed, Resource
from innobelt.resources.models.booking import new_feed_token

if TYPE_CHECKING:
    from innobelt.accounts.models import User

MAX_DAYS_AHEAD = 180
MAX_REPEAT = 26
EXCLUSION_VIOLATION, DEADLOCK = "23P01", "40P01"


def describe_conflict(start: datetime, end: datetime, *, booking: Booking | None = None, closure: Blackout | None = None) -> dict[str, Any]:
    """A conflict as the API and the pages show it (times in the platform's time zone)."""
    item: dict[str, Any] = {"date": f"{timezone.localtime(start):%Y-%m-%d}", "requested": {"start": local_iso(start), "end": local_iso(end)},
            "booking": None, "closure": None}
    if booking is not None:
        item["booking"] = {"id": booking.pk, "start": local_iso(booking.start), "end": local_iso(booking.end)}
        item["message"] = _("%(requested)s overlaps booking #%(id)d (%(existing)s).") % {
            "requested": span(start, end), "id": booking.pk, "existing": span(booking.start, booking.end)}
    elif closure is not None:
        item["closure"] = {"id": closure.pk, "kind": closure.kind, "start": local_iso(closure.start), "end": local_iso(closure.end)}
        item["message"] = _("%(requested)s falls in a closure (%(kind)s, %(existing)s).") % {
            "requested": span(start, end), "kind": closure.get_kind_display(), "existing": span(closure.start, closure.end)}
    else:
        item["message"] = _("%(requested)s was just taken by another booking.") % {"requested": span(start, end)}
    return item


class BookingConflict(Exception):
    """The time asked for is taken: `conflicts` names each booking or closure in the way."""

    def __init__(self, conflicts: list[dict[str, Any]], message: str = ""):
        self.conflicts = conflicts
        self.message = message or (conflicts[0]["message"] if len(conflicts) == 1 else
                                   _("None of the %(n)d dates could be booked.") % {"n": len(conflicts)})
        super().__init__(self.message)

    def details(self) -> dict[str, Any]:
        first = next((c["booking"] for c in self.conflicts if c["booking"]), None)
        return {"conflicting_booking": first, "conflicts": self.conflicts}


@dataclass
class BookingResult:
    created: list[Booking]
    conflicts: list[dict[str, Any]] = field(default_factory=list)


def _sqlstate(exc: Exception) -> str | None:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)


def find_conflict(resource_id: int, start: datetime, end: datetime) -> dict[str, Any] | None:
    booking = (Booking.objects.filter(resource_id=resource_id, status__in=Booking.HOLDING, start__lt=end, end__gt=start)
               .order_by("start", "pk").first())
    if booking is not None:
        return describe_conflict(start, end, booking=booking)
    closure = Blackout.objects.filter(resource_id=resource_id, start__lt=end, end__gt=start).order_by("start", "pk").first()
    return describe_conflict(start, end, closure=closure) if closure is not None else None


def _book_one(*, actor: "User", access_request: AccessRequest, start: datetime, end: datetime, series: uuid.UUID | None,
              note: str, kind: str = Booking.Kind.USE, booked_by: "User | None" = None, no_shows: int | None = None,
              under_lock: Callable[[], None] | None = None, after_insert: Callable[[Booking], None] | None = None) -> Booking:
    """Every kind of booking is made here: the resource row lock, the overlap check and, on
    PostgreSQL, the exclusion constraint hold for use, training sessions and released slots alike.
    `under_lock` runs right after the resource row lock (it may raise to refuse), `after_insert` in the
    same transaction after the booking exists: a released slot is claimed by one taker at a time.
    With `no_shows` the booking is made pending (it awaits the owner's approval, holding its period) and
    its statement line waits for the approval."""
    resource_id = access_request.resource_id
    for attempt in range(3):
        try:
            with transaction.atomic():
                Resource.objects.select_for_update().only("pk").get(pk=resource_id)  # bookers of one instrument queue here
                if under_lock is not None:
                    under_lock()
                conflict = find_conflict(resource_id, start, end)
                if conflict is not None:
                    raise BookingConflict([conflict])
                booking = Booking.objects.create(resource_id=resource_id, access_request=access_request,
                                                 organisation_id=access_request.organisation_id, booked_by=booked_by or actor,
                                                 start=start, end=end, series=series, note=note, kind=kind,
                                                 status=Booking.Status.CONFIRMED if no_shows is None else Booking.Status.PENDING,
                                                 no_shows_counted=no_shows)
                record_action(actor=actor, action="booking.created", target=booking,
                              data={"resource": resource_id, "start": local_iso(start), "end": local_iso(end), "kind": kind,
                                    "status": booking.status})
                if kind == Booking.Kind.USE and no_shows is None:
                    issue_booking_line(booking=booking)  # under the resource's lock: the pledge is drawn by one booker at a time
                if after_insert is not None:
                    after_insert(booking)
            return booking
        except (IntegrityError, OperationalError) as exc:
            state = _sqlstate(exc)
            if state == DEADLOCK and attempt < 2:
                continue  # the other transaction has gone on; the retry queues behind it and sees its row
            if state not in (EXCLUSION_VIOLATION, DEADLOCK):
                raise
            raise BookingConflict([find_conflict(resource_id, start, end) or describe_conflict(start, end)]) from None
    raise AssertionError("unreachable")


def _occurrences(start: datetime, end: datetime, repeat: int) -> list[tuple[datetime, datetime]]:
    """The same local wall-clock times, week after week."""
    s, e = timezone.localtime(start).replace(tzinfo=None), timezone.localtime(end).replace(tzinfo=None)
    return [(timezone.make_aware(s + timedelta(weeks=k)), timezone.make_aware(e + timedelta(weeks=k))) for k in range(repeat)]


def _in_range(**moments: datetime) -> list[datetime]:
    """The moments made aware, refused (ValidationError on the field) outside 2000-2100: such dates
    are typing mistakes, and near datetime's limits the conversion to UTC or local time overflows."""
    for name, moment in moments.items():
        if not in_supported_range(moment.date()):
            raise ValidationError({name: out_of_range_message()})
    return [aware(moment) for moment in moments.values()]


def validate_booking(resource: Resource, access_request: AccessRequest, occurrences: list[tuple[datetime, datetime]], *,
                     now: datetime, booker: "User | None" = None) -> None:
    if access_request.status == AccessRequest.Status.APPROVED:
        raise ValidationError(_("Accept the terms of the approved request before booking."))
    if access_request.status != AccessRequest.Status.ACTIVE:
        raise ValidationError(_("Only an approved request whose terms were accepted lets you book."))
    if not resource.is_bookable:
        raise ValidationError(_("Only equipment can be booked."))
    if not resource.is_published:
        raise ValidationError(_("This equipment is not in the register now; it cannot be booked."))
    for start, end in occurrences:
        if end <= start:
            raise ValidationError({"end": _("The end must be after the start.")})
        if start <= now:
            raise ValidationError({"start": _("%(when)s has passed; choose a time in the future.") % {"when": span(start, end)}})
        if start > now + timedelta(days=MAX_DAYS_AHEAD):
            raise ValidationError({"start": _("Bookings open at most %(days)d days ahead.") % {"days": MAX_DAYS_AHEAD}})
        if not opening.fits_opening_hours(resource.opening_hours, resource.slot_minutes or 60, start, end):
            raise ValidationError({"start": _("%(when)s is not a whole number of %(minutes)d-minute slots within the opening hours (%(hours)s).")
                                   % {"when": span(start, end), "minutes": resource.slot_minutes or 60,
                                      "hours": opening.format_opening_hours(resource.opening_hours)}})
    if booker is not None:
        problem = training_problem(resource, booker, timezone.localtime(occurrences[-1][0]).date())
        if problem:
            raise ValidationError({"training": problem})


def book_equipment(*, actor: "User", access_request: AccessRequest, start: datetime, end: datetime, repeat_weekly: int = 1,
                   note: str = "") -> BookingResult:
    """Book [start, end) of the request's equipment, and the same time in the next weeks when
    repeat_weekly > 1. Each date is booked in its own transaction: taken dates are reported,
    the rest booked. Raises ValidationError (nothing written) for a bad request, and
    BookingConflict when no date could be booked. When the organisation reached the instrument's
    `approval_after_no_shows`, the bookings are made pending (domain/approvals.py) and the notice says why.

    Side effects: Booking rows, audit entries, one notice to the booker and the owner's admins.
    """
    require(actor, "resources.act_for_seeker", access_request)
    access_request = AccessRequest.objects.select_related("resource", "resource__owner", "organisation").get(pk=access_request.pk)
    resource = access_request.resource
    if not 1 <= repeat_weekly <= MAX_REPEAT:
        raise ValidationError({"repeat_weekly": _("Repeat between 1 and %(n)d times.") % {"n": MAX_REPEAT}})
    start, end = _in_range(start=start, end=end)
    occurrences = _occurrences(start, end, repeat_weekly)
    validate_booking(resource, access_request, occurrences, now=timezone.now(), booker=actor)
    series = uuid.uuid4() if repeat_weekly > 1 else None
    no_shows = no_shows_requiring_approval(resource, access_request.organisation_id)
    result = BookingResult(created=[])
    for s, e in occurrences:
        try:
            result.created.append(_book_one(actor=actor, access_request=access_request, start=s, end=e, series=series, note=note[:300],
                                            no_shows=no_shows))
        except BookingConflict as exc:
            result.conflicts.extend(exc.conflicts)
    if not result.created:
        raise BookingConflict(result.conflicts)
    created, conflicts = result.created, result.conflicts

    def body() -> str:
        if no_shows is not None:
            lines = [approval_reason(no_shows)]
            lines += [_("Awaiting approval: %(when)s") % {"when": span(b.start, b.end)} for b in created]
        else:
            lines = [_("Booked: %(when)s") % {"when": span(b.start, b.end)} for b in created]
        lines += [_("Not booked: %(reason)s") % {"reason": c["message"]} for c in conflicts]
        return "\n".join(lines)

    def subject() -> str:
        if no_shows is not None:
            return _("%(resource)s: booking for %(organisation)s awaits the owner's approval") % {
                "resource": resource.title, "organisation": access_request.organisation.name}
        return _("%(resource)s booked for %(organisation)s") % {"resource": resource.title, "organisation": access_request.organisation.name}

    people = [actor, *admins_of(resource.owner)]
    if no_shows is None:
        notify(people, kind="resources.booking_confirmed", subject=subject, body=body, link=created[0].get_absolute_url())
    else:
        notify(people, kind="resources.booking_pending", subject=subject, body=body, link=created[0].get_absolute_url())
    return result


@transaction.atomic
def cancel_booking(*, actor: "User", booking: Booking, reason: str = "") -> Booking:
    """Cancel a booking: its people up to the resource's notice (24 h by default) before it
    starts, the owner's admins at any time before it starts. Side effects: audit, notices."""
    require(actor, "resources.cancel_booking", booking)
    booking = Booking.objects.select_for_update().select_related("resource", "resource__owner", "booked_by").get(pk=booking.pk)
    if booking.status not in Booking.HOLDING:  # a pending booking may be withdrawn by its people, too
        raise ValidationError(_("This booking is already cancelled."))
    now = timezone.now()
    if booking.start <= now:
        raise ValidationError(_("A booking that has started cannot be cancelled."))
    resource = booking.resource
    by_owner = can(actor, "resources.manage_bookings", resource)
    if not by_owner and booking.start - now < timedelta(hours=resource.cancellation_hours):
        raise ValidationError(_("Bookings can be cancelled up to %(hours)d hours before they start; ask the owner to cancel this one.")
                              % {"hours": resource.cancellation_hours})
    booking.status, booking.cancelled_by, booking.cancelled_at = Booking.Status.CANCELLED, actor, now
    booking.cancel_reason = (reason or "").strip()[:300]
    booking.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason"])
    record_action(actor=actor, action="booking.cancelled", target=booking, data={"by_owner": by_owner, "reason": booking.cancel_reason})
    credit_booking_line(actor=actor, booking=booking)
    hooks.booking_cancelled(booking=booking, actor=actor)  # vouchers releases its reservation here
    recipients = [u for u in [booking.booked_by, *admins_of(resource.owner)] if u.pk != actor.pk]
    notify(recipients, kind="resources.booking_cancelled",
           subject=lambda: _("Booking cancelled: %(resource)s, %(when)s") % {"resource": resource.title, "when": span(booking.start, booking.end)},
           body=lambda: booking.cancel_reason or _("No reason was given."), link=booking.get_absolute_url())
    return booking


@transaction.atomic
def add_closure(*, actor: "User", resource: Resource, start: datetime, end: datetime, kind: str = Blackout.Kind.BLACKOUT, note: str = "",
                cancel_overlapping: bool = False) -> tuple[Blackout, list[Booking]]:
    """Close equipment for a period (holiday, maintenance). Bookings in the period make it a
    BookingConflict unless `cancel_overlapping`, which cancels them and tells their bookers."""
    require(actor, "resources.manage_bookings", resource)
    start, end = _in_range(start=start, end=end)
    if kind not in Blackout.Kind.values:
        raise ValidationError({"kind": _("Choose closed or maintenance.")})
    if end <= start:
        raise ValidationError({"end": _("The end must be after the start.")})
    if end <= timezone.now():
        raise ValidationError({"end": _("This period has passed.")})
    Resource.objects.select_for_update().only("pk").get(pk=resource.pk)
    in_the_way = list(Booking.objects.filter(resource=resource, status__in=Booking.HOLDING, start__lt=end, end__gt=start)
                      .select_related("booked_by").order_by("start"))
    if in_the_way and not cancel_overlapping:
        raise BookingConflict([describe_conflict(start, end, booking=b) for b in in_the_way],
                              _("%(n)d bookings fall in this period: cancel them too, or choose another period.") % {"n": len(in_the_way)})
    closure = Blackout.objects.create(resource=resource, kind=kind, start=start, end=end, note=(note or "")[:200], created_by=actor)
    now = timezone.now()
    for booking in in_the_way:
        booking.status, booking.cancelled_by, booking.cancelled_at = Booking.Status.CANCELLED, actor, now
        booking.cancel_reason = note or str(closure.get_kind_display())
        booking.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason"])
        credit_booking_line(actor=actor, booking=booking)
        hooks.booking_cancelled(booking=booking, actor=actor)  # vouchers releases its reservation here
        notify([booking.booked_by], kind="resources.booking_cancelled",
               subject=partial(_cancelled_subject, booking, resource), body=partial(_closed_body, note or str(closure.get_kind_display())),
               link=booking.get_absolute_url())
    record_action(actor=actor, action="resource.closure_added", target=resource,
                  data={"closure": closure.pk, "kind": kind, "cancelled": [b.pk for b in in_the_way]})
    return closure, in_the_way


def _cancelled_subject(booking: Booking, resource: Resource) -> str:
    return _("Booking cancelled: %(resource)s, %(when)s") % {"resource": resource.title, "when": span(booking.start, booking.end)}


def _closed_body(reason: str) -> str:
    return _("The owner closed the equipment: %(reason)s") % {"reason": reason}


def _reminder_subject(booking: Booking, resource: Resource) -> str:
    return _("Reminder: %(resource)s, %(when)s") % {"resource": resource.title, "when": span(booking.start, booking.end)}


def _location_body(resource: Resource) -> str:
    return _("Location: %(location)s") % {"location": resource.location or "—"}


@transaction.atomic
def remove_closure(*, actor: "User", closure: Blackout) -> None:
    require(actor, "resources.manage_bookings", closure.resource)
    record_action(actor=actor, action="resource.closure_removed", target=closure.resource,
                  data={"closure": closure.pk, "start": local_iso(closure.start), "end": local_iso(closure.end)})
    closure.delete()


def send_booking_reminders(*, now: datetime | None = None, hours_ahead: int = 24) -> int:
    """Remind bookers of confirmed bookings starting within `hours_ahead`. Once per booking,
    also with several workers (the reminder is claimed by an UPDATE first)."""
    now = now or timezone.now()
    due = (Booking.objects.filter(status=Booking.Status.CONFIRMED, reminder_sent_at__isnull=True, start__gt=now,
                                  start__lte=now + timedelta(hours=hours_ahead)).select_related("resource", "booked_by"))
    sent = 0
    for booking in due:
        if not Booking.objects.filter(pk=booking.pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now):
            continue
        resource = booking.resource
        notify([booking.booked_by], kind="resources.booking_reminder",
               subject=partial(_reminder_subject, booking, resource), body=partial(_location_body, resource),
               link=booking.get_absolute_url())
        sent += 1
    return sent


@transaction.atomic
def calendar_feed_for(*, user: "User", rotate: bool = False) -> CalendarFeed:
    """The person's calendar feed (made on first use). Rotating gives a new secret URL and
    stops the old one. Side effects: audit entry when rotated."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if rotate and not created:
        feed.token, feed.created_at = new_feed_token(), timezone.now()
        feed.save(update_fields=["token", "created_at"])
        record_action(actor=user, action="resources.calendar_feed_rotated", target=user)
    return feed
