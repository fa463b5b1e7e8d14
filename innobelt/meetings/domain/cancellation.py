"""Cancelling meetings, for whatever reason, so that a meeting has one state everywhere.

A meeting is never deleted once placed: it becomes `cancelled` with a `cancel_reason`, so the
grid, both agendas, both calendar feeds (STATUS:CANCELLED under the same UID, which makes
calendar apps remove the entry) and the API say the same thing. The reasons: a participant or
the organiser cancelled it (a decision: the pair is not scheduled again), a registration for the
event was cancelled (events.hooks tells us; see MeetingsConfig.ready), or a scheduler re-run
dropped it. Both sides and the organisers are told, each in their own language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.events.domain.recipients import organisers_of
from innobelt.events.hooks import RegistrationLeft
from innobelt.kit.local_time import local
from innobelt.meetings.links import agenda_link
from innobelt.meetings.models import Meeting, Participant
from innobelt.notifications.domain import notify

if TYPE_CHECKING:
    from innobelt.accounts.models import User

Reason = Meeting.CancelReason


def mark_cancelled(meetings: Sequence[Meeting], *, reason: str, actor: User | None, now: datetime) -> None:
    """Write the cancellation of these (scheduled) meetings; the caller holds the transaction."""
    for meeting in meetings:
        meeting.status, meeting.cancel_reason, meeting.cancelled_at = Meeting.Status.CANCELLED, reason, now
        meeting.cancelled_by = actor
    Meeting.objects.bulk_update(list(meetings), ["status", "cancel_reason", "cancelled_at", "cancelled_by"])


def reason_text(meeting: Meeting) -> str:
    """Why the meeting was cancelled, in the active language (for messages)."""
    return str(Reason(meeting.cancel_reason).label) if meeting.cancel_reason else _("cancelled")


def tell_cancelled(meetings: Sequence[Meeting], *, actor: User | None, tell_organisers: bool = True) -> None:
    """Tell both sides of each cancelled meeting (but not the person who cancelled it) and,
    in one message per event, its organisers."""
    if not meetings:
        return
    programme = meetings[0].programme
    event = programme.event
    per_person: dict[int, list[Meeting]] = defaultdict(list)
    users: dict[int, User] = {}
    for meeting in meetings:
        for side in (meeting.a, meeting.b):
            user = side.registration.user
            if actor is None or user.pk != actor.pk:
                per_person[user.pk].append(meeting)
                users[user.pk] = user
    for user_pk, theirs in per_person.items():
        me = users[user_pk]

        def body(t: list[Meeting] = theirs, u: User = me) -> str:
            return "\n".join(
                _("Your meeting with %(partner)s at table %(table)d, %(when)s is cancelled (%(reason)s).")
                % {"partner": _partner_name(m, u), "table": m.table, "when": local(m.slot.starts_at), "reason": reason_text(m)}
                for m in t)

        notify([me], kind="meetings.cancelled",
               subject=lambda: _("A 1:1 meeting was cancelled: %(event)s") % {"event": event},
               body=body, link=agenda_link(programme))
    if tell_organisers:
        organisers = [u for u in organisers_of(event) if actor is None or u.pk != actor.pk]
        notify(organisers, kind="meetings.cancelled_for_organiser", email=False,
               subject=lambda: _("1:1 meetings cancelled: %(event)s") % {"event": event},
               body=lambda: "\n".join(
                   _("%(a)s and %(b)s, table %(table)d, %(when)s (%(reason)s).")
                   % {"a": m.a.name, "b": m.b.name, "table": m.table, "when": local(m.slot.starts_at), "reason": reason_text(m)}
                   for m in meetings),
               link=reverse("meetings:grid", kwargs={"event_id": programme.event_id}))


def _partner_name(meeting: Meeting, user: Any) -> str:
    return meeting.b.name if meeting.a.registration.user_id == user.pk else meeting.a.name


def cancel_meetings_of_registration(change: RegistrationLeft) -> list[Meeting]:
    """The events.hooks receiver: a registration was cancelled (by its person or the organiser)
    or declined, so the person's scheduled meetings are cancelled, with the reason. Runs in the
    transaction that cancels the registration. Side effects: Meeting rows, audit entry, both
    sides and the organisers told. Meetings with an outcome took place and stay as they are."""
    participant = Participant.objects.filter(registration_id=change.registration.pk).first()
    if participant is None:
        return []
    meetings = list(Meeting.objects.select_for_update(of=("self",))
                    .filter(Q(a=participant) | Q(b=participant), status=Meeting.Status.SCHEDULED, outcome="")
                    .select_related("slot", "programme__event", "a__registration__user", "a__registration__organisation",
                                    "b__registration__user", "b__registration__organisation")
                    .order_by("slot__starts_at", "table", "pk"))
    if not meetings:
        return []
    mark_cancelled(meetings, reason=Reason.REGISTRATION, actor=change.actor, now=change.now or timezone.now())
    record_action(actor=change.actor, action="meetings.cancelled_with_registration", target=participant,
                  data={"registration": change.registration.pk, "meetings": [m.pk for m in meetings]})
    tell_cancelled(meetings, actor=None)  # the person whose registration it was is told too: their agenda changed
    return meetings
