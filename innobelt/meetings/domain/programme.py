"""The organiser's side: the programme's settings, its slots and their tables, and meetings fixed by hand."""

from collections import Counter
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from innobelt.audit.domain import record_action
from innobelt.events.models import Event, Registration
from innobelt.kit.local_time import aware, local
from innobelt.meetings.links import agenda_link
from innobelt.meetings.models import Meeting, Participant, Programme, Slot
from innobelt.notifications.domain import notify
from innobelt.permissions import require

if TYPE_CHECKING:
    from innobelt.accounts.models import User

SETTINGS = {"meeting_minutes", "default_tables", "max_meetings", "fairness", "time_limit", "requests_open",
            "requests_need_acceptance"}
MAX_SLOTS_AT_ONCE = 48


def _fixed_subject(event: Event) -> str:
    return _("A 1:1 meeting was added to your agenda: %(event)s") % {"event": event}


def _fixed_body(partner: Participant, slot: Slot, table: int) -> str:
    return _("You meet %(partner)s at table %(table)d, %(when)s.") % {"partner": partner.name, "table": table, "when": local(slot.starts_at)}


def _moved_subject(event: Event) -> str:
    return _("Your 1:1 meeting moved to another table: %(event)s") % {"event": event}


def _moved_body(meeting: Meeting, slot: Slot) -> str:
    return _("Your meeting at %(when)s is now at table %(table)d.") % {"when": local(slot.starts_at), "table": meeting.table}


@transaction.atomic
def configure_programme(*, actor: "User", event: Event, **changes: Any) -> Programme:
    """Create the event's 1:1 programme or change its settings (meeting length, tables per
    slot, the per-person limit, fairness, the scheduler's time limit, requests open).

    Side effects: Programme row, audit entry.
    """
    require(actor, "meetings.configure_programme", event)
    unknown = set(changes) - SETTINGS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in sorted(unknown)})
    existing = Programme.objects.select_for_update().filter(event=event).first()
    created = existing is None
    programme = Programme(event=event) if existing is None else existing
    if not created and "meeting_minutes" in changes and changes["meeting_minutes"] != programme.meeting_minutes:
        _check_spacing(list(programme.slots.values_list("starts_at", flat=True)), changes["meeting_minutes"])
    for name, value in changes.items():
        setattr(programme, name, value)
    if not 1 <= programme.time_limit <= 600:
        raise ValidationError({"time_limit": _("Give the scheduler between 1 and 600 seconds.")})
    programme.full_clean()
    programme.save()
    record_action(actor=actor, action="meetings.programme_created" if created else "meetings.programme_changed",
                  target=programme, data={"fields": sorted(changes)})
    return programme


def _check_spacing(starts: list[datetime], minutes: int) -> None:
    starts = sorted(starts)
    for earlier, later in zip(starts, starts[1:], strict=False):
        if later - earlier < timedelta(minutes=minutes):
            raise ValidationError(_("Slots overlap: two start times are less than one meeting length apart (%(when)s).")
                                  % {"when": local(later)})


@transaction.atomic
def add_slots(*, actor: "User", programme: Programme, first_start: datetime, count: int = 1, tables: int | None = None,
              every_minutes: int | None = None) -> list[Slot]:
    """Add `count` slots from `first_start`, one meeting length apart (or `every_minutes`).

    Every slot lies within the event; slots never overlap. Side effects: Slot rows, audit entry.
    """
    require(actor, "meetings.manage_programme", programme)
    programme = Programme.objects.select_for_update().select_related("event").get(pk=programme.pk)
    event = programme.event
    first_start = aware(first_start)
    step = timedelta(minutes=max(every_minutes or programme.meeting_minutes, programme.meeting_minutes))
    tables = programme.default_tables if tables is None else tables
    if not 1 <= count <= MAX_SLOTS_AT_ONCE:
        raise ValidationError({"count": _("Add between 1 and %(n)d slots at once.") % {"n": MAX_SLOTS_AT_ONCE}})
    if not 1 <= tables <= 1000:
        raise ValidationError({"tables": _("Give between 1 and 1000 tables.")})
    length = timedelta(minutes=programme.meeting_minutes)
    outside = not event.starts_at <= first_start <= event.ends_at  # checked first: no date arithmetic far outside the event
    starts = [] if outside else [first_start + i * step for i in range(count)]
    if outside or starts[-1] + length > event.ends_at:
        raise ValidationError({"first_start": _("Every meeting must lie within the event (%(start)s – %(end)s).")
                               % {"start": local(event.starts_at), "end": local(event.ends_at)}})
    existing = list(programme.slots.values_list("starts_at", flat=True))
    _check_spacing(existing + starts, programme.meeting_minutes)
    slots = [Slot.objects.create(programme=programme, starts_at=start, tables=tables) for start in starts]
    record_action(actor=actor, action="meetings.slots_added", target=programme,
                  data={"count": count, "tables": tables, "first": first_start.isoformat()})
    return slots


@transaction.atomic
def remove_slot(*, actor: "User", slot: Slot) -> None:
    """Remove a slot that holds no scheduled meeting. Side effects: audit entry."""
    programme = slot.programme
    require(actor, "meetings.manage_programme", programme)
    if slot.meetings.filter(status=Meeting.Status.SCHEDULED).exists():
        raise ValidationError(_("Meetings are scheduled in this slot: cancel them or run the scheduler without it first."))
    record_action(actor=actor, action="meetings.slot_removed", target=programme, data={"starts_at": slot.starts_at.isoformat()})
    slot.delete()


@transaction.atomic
def fix_meeting(*, actor: "User", programme: Programme, a: Participant, b: Participant, slot: Slot) -> Meeting:
    """Fix a meeting by hand: the scheduler keeps it as given in every run (even a full one).

    Side effects: Meeting row, audit entry, both participants told.
    """
    require(actor, "meetings.manage_programme", programme)
    Programme.objects.select_for_update().get(pk=programme.pk)
    if a.pk == b.pk:
        raise ValidationError(_("Choose two different participants."))
    confirmed = Registration.Status.CONFIRMED
    for p in (a, b):
        if p.programme_id != programme.pk or p.registration.status != confirmed:
            raise ValidationError(_("Both must be registered participants of this event."))
    if slot.programme_id != programme.pk:
        raise ValidationError({"slot": _("Choose a slot of this event.")})
    scheduled = Meeting.objects.filter(programme=programme, status=Meeting.Status.SCHEDULED)
    if scheduled.filter(Q(a=a, b=b) | Q(a=b, b=a)).exists():
        raise ValidationError(_("These two already have a meeting."))
    busy = scheduled.filter(slot=slot).filter(Q(a__in=[a, b]) | Q(b__in=[a, b])).exists()
    if busy:
        raise ValidationError(_("One of them already has a meeting in this slot."))
    if slot.unavailable_participants.filter(pk__in=[a.pk, b.pk]).exists():
        raise ValidationError(_("One of them is not available in this slot."))
    for p in (a, b):
        limit = p.max_meetings if p.max_meetings is not None else programme.max_meetings
        if limit is not None and scheduled.filter(Q(a=p) | Q(b=p)).count() >= limit:
            raise ValidationError(_("%(name)s already has as many meetings as allowed.") % {"name": p.name})
    taken = set(scheduled.filter(slot=slot).values_list("table", flat=True))
    table = next((t for t in range(1, slot.tables + 1) if t not in taken), None)
    if table is None:
        raise ValidationError(_("Every table of this slot is taken."))
    meeting = Meeting.objects.create(programme=programme, a=a, b=b, slot=slot, table=table, fixed=True)
    record_action(actor=actor, action="meetings.meeting_fixed", target=meeting, data={"slot": slot.pk, "table": table})
    event = programme.event
    for me, partner in ((a, b), (b, a)):
        notify([me.registration.user], kind="meetings.fixed",
               subject=partial(_fixed_subject, event), body=partial(_fixed_body, partner, slot, table),
               link=agenda_link(programme))
    return meeting


@transaction.atomic
def set_slot_tables(*, actor: "User", programme: Programme, tables: dict[int, int]) -> list[Slot]:
    """Change the number of tables of some slots of the programme (`tables`: slot id → tables).

    Refused as a whole (nothing changes) when a slot is not the programme's, a number is outside
    1–1000, or a slot would get fewer tables than the meetings scheduled in it. A meeting at a
    table beyond the new number moves to a free table. Returns the slots that changed.
    Side effects: Slot rows, moved meetings' tables, audit entry, the moved meetings' participants told.
    """
    require(actor, "meetings.manage_programme", programme)
    programme = Programme.objects.select_for_update().select_related("event").get(pk=programme.pk)
    slots = {s.pk: s for s in Slot.objects.filter(programme=programme, pk__in=list(tables)).order_by("starts_at")}
    if len(slots) != len(tables):
        raise ValidationError(_("Choose slots of this event."))
    if any(not 1 <= value <= 1000 for value in tables.values()):
        raise ValidationError({"tables": _("Give between 1 and 1000 tables.")})
    scheduled = list(Meeting.objects.filter(slot__in=list(slots), status=Meeting.Status.SCHEDULED)
                     .select_related("a__registration__user", "b__registration__user").order_by("table", "pk"))
    per_slot = Counter(m.slot_id for m in scheduled)
    errors = [ngettext("%(when)s: %(count)d meeting is scheduled in this slot, so it needs at least %(count)d table.",
                       "%(when)s: %(count)d meetings are scheduled in this slot, so it needs at least %(count)d tables.",
                       per_slot[pk]) % {"when": local(slot.starts_at), "count": per_slot[pk]}
              for pk, slot in slots.items() if tables[pk] < per_slot[pk]]
    if errors:
        raise ValidationError(errors)
    changed = [slot for pk, slot in slots.items() if slot.tables != tables[pk]]
    moved = []
    for slot in changed:
        slot.tables = tables[slot.pk]
        slot.save(update_fields=["tables"])
        here = [m for m in scheduled if m.slot_id == slot.pk]
        free = iter(sorted(set(range(1, slot.tables + 1)) - {m.table for m in here}))
        for meeting in [m for m in here if m.table > slot.tables]:
            meeting.table = next(free)
            meeting.save(update_fields=["table"])
            moved.append((meeting, slot))
    if changed:
        record_action(actor=actor, action="meetings.tables_changed", target=programme,
                      data={"slots": {str(s.pk): s.tables for s in changed}, "moved": [m.pk for m, _slot in moved]})
    event = programme.event
    for meeting, slot in moved:
        notify([meeting.a.registration.user, meeting.b.registration.user], kind="meetings.table_changed",
               subject=partial(_moved_subject, event), body=partial(_moved_body, meeting, slot),
               link=agenda_link(programme))
    return changed
