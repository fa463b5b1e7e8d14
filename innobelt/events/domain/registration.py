"""Registering, the waiting list, approval, cancelling and reminders.

Every change of who holds a place runs in one transaction that first locks the
event's row (SELECT … FOR UPDATE; SQLite's IMMEDIATE transactions serialise the
same way), so two people never take the last place and a freed place goes to
exactly one person: the first on the waiting list.
"""

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.bilingual import join_list
from innobelt.events.domain.recipients import organisers_of
from innobelt.events.hooks import RegistrationLeft, registration_left
from innobelt.events.models import Answer, Event, Question, Registration
from innobelt.kit.local_time import local, span
from innobelt.notifications.domain import notify
from innobelt.organisations.models import Membership
from innobelt.permissions import require

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.organisations.models import Organisation

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed at the door
CODE_LENGTH = 6
Status = Registration.Status


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:CODE_LENGTH]


def _new_code(event: Event) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not event.registrations.filter(code=code).exists():
            return code


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=Status.CONFIRMED).count()


def _has_place(event: Event) -> bool:
    return event.capacity is None or confirmed_count(event) < event.capacity


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first on the waiting list; None when not waiting."""
    if registration.status != Status.WAITLISTED:
        return None
    ahead = registration.event.registrations.filter(status=Status.WAITLISTED, waitlisted_at__lt=registration.waitlisted_at).count()
    same_time = registration.event.registrations.filter(status=Status.WAITLISTED, waitlisted_at=registration.waitlisted_at,
                                                        pk__lt=registration.pk).count()
    return ahead + same_time + 1


def _clean_answers(event: Event, answers: dict[int, Any]) -> list[Answer]:
    """Answer rows (unsaved) for the event's questions; ValidationError names each problem."""
    questions = {q.pk: q for q in event.questions.all()}
    unknown = [key for key in answers if key not in questions]
    if unknown:
        raise ValidationError({"answers": _("These questions do not belong to the event: %(ids)s") % {
            "ids": join_list(unknown)}})
    rows: list[Answer] = []
    problems: dict[str, str] = {}
    for pk, question in questions.items():
        given: Any = answers.get(pk)
        field = f"question_{pk}"
        if question.kind == Question.Kind.CHOICE:
            if given in (None, ""):
                if question.required:
                    problems[field] = _("Please answer this question.")
                continue
            try:
                index = int(given)
            except (TypeError, ValueError):
                index = -1
            if not 0 <= index < len(question.options):
                problems[field] = _("Choose one of the options.")
                continue
            rows.append(Answer(question=question, option=index, value=question.option_labels[index]))
        else:
            text = str(given or "").strip()
            if not text:
                if question.required:
                    problems[field] = _("Please answer this question.")
                continue
            if len(text) > 1000:
                problems[field] = _("At most 1,000 characters.")
                continue
            rows.append(Answer(question=question, value=text))
    if problems:
        raise ValidationError(problems)
    return rows


def _message(registration: Registration) -> tuple[Callable[[], str], Callable[[], str]]:
    """Subject and body callables (rendered in the recipient's language) for the registration's status."""
    event = registration.event
    time, code = span(event.starts_at, event.ends_at), registration.code

    def details() -> str:
        lines = [_("When: %(when)s") % {"when": time}]
        if event.venue_zh or event.venue_en:
            lines.append(_("Where: %(venue)s %(address)s") % {"venue": event.venue, "address": event.address})
        return "\n".join(lines)

    if registration.status == Status.CONFIRMED:
        return (lambda: _("You are registered for %(event)s") % {"event": event.title},
                lambda: "\n".join([details(), _("Your check-in code: %(code)s. Show the QR code on your registration page at the door.")
                                   % {"code": code}]))
    if registration.status == Status.WAITLISTED:
        return (lambda: _("You are on the waiting list for %(event)s") % {"event": event.title},
                lambda: "\n".join([details(), _("When a place becomes free, the first person waiting gets it and is told at once.")]))
    return (lambda: _("Your registration for %(event)s awaits approval") % {"event": event.title},
            lambda: "\n".join([details(), _("The organiser will confirm or decline it; you will get a message.")]))


def _promoted_body(event: Event, code: str) -> str:
    return "\n".join([_("When: %(when)s") % {"when": span(event.starts_at, event.ends_at)},
                      _("Your check-in code: %(code)s. Show the QR code on your registration page at the door.") % {"code": code}])


def _reminder_subject(event: Event) -> str:
    return _("Reminder: %(event)s starts %(when)s") % {"event": event.title, "when": span(event.starts_at, event.ends_at)}


def _reminder_body(event: Event, code: str) -> str:
    return "\n".join(filter(None, [
        _("Where: %(venue)s %(address)s") % {"venue": event.venue, "address": event.address} if (event.venue_zh or event.venue_en) else "",
        _("Online: %(link)s") % {"link": event.online_url} if event.online_url else "",
        _("Your check-in code: %(code)s. Show the QR code on your registration page at the door.") % {"code": code},
    ]))


@transaction.atomic
def register_for_event(*, user: "User", event: Event, organisation: "Organisation | None" = None,
                       answers: dict[Any, Any] | None = None, now: datetime | None = None) -> Registration:
    """Register a person for a published event.

    Confirmed while places remain; on the waiting list when full; awaiting approval when the
    organiser approves registrations. Refused (ValidationError, nothing written) when already
    registered, after registration closed, or when a required answer is missing.
    Side effects: Registration and Answer rows, audit entry, confirmation message and e-mail;
    the organisers are told when an approval is needed.
    """
    event = _locked(event)
    require(user, "events.register_for_event", event)
    now = now or timezone.now()
    existing = event.registrations.filter(user=user, status__in=Registration.ACTIVE).first()
    if existing is not None:
        raise ValidationError(_("You are already registered for this event (%(status)s).") % {"status": existing.get_status_display()})
    if now >= event.starts_at:
        raise ValidationError(_("This event has already started; registration is closed."))
    if now >= event.registration_deadline:
        raise ValidationError(_("Registration for this event closed on %(deadline)s.") % {
            "deadline": local(event.registration_deadline)})
    if organisation is not None and not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError({"organisation": _("You can only register for an organisation you belong to.")})
    rows = _clean_answers(event, {int(k): v for k, v in (answers or {}).items()})
    if event.requires_approval:
        status = Status.PENDING
    else:
        status = Status.CONFIRMED if _has_place(event) else Status.WAITLISTED
    registration = Registration.objects.create(
        event=event, user=user, organisation=organisation, status=status, code=_new_code(event), created_at=now,
        confirmed_at=now if status == Status.CONFIRMED else None, waitlisted_at=now if status == Status.WAITLISTED else None,
    )
    for row in rows:
        row.registration = registration
    Answer.objects.bulk_create(rows)
    record_action(actor=user, action="event.registered", target=event, data={"registration": registration.pk, "status": status})
    subject, body = _message(registration)
    notify([user], kind=f"events.registration_{status}", subject=subject, body=body, link=registration.get_absolute_url())
    if status == Status.PENDING:
        notify(organisers_of(event), kind="events.registration_to_approve",
               subject=lambda: _("%(person)s asks to attend %(event)s") % {"person": user, "event": event.title},
               body=lambda: _("Approve or decline the registration on the event's registrations page."),
               link=reverse("events:registrations", kwargs={"pk": event.pk}))
    return registration


def fill_from_waitlist(*, event: Event, actor: "User | None" = None, now: datetime | None = None) -> list[Registration]:
    """Give free places to the waiting list, first come first served; tell each person promoted.

    Call inside a transaction that holds the event's row lock. Side effects: audit entries, messages.
    """
    now = now or timezone.now()
    promoted: list[Registration] = []
    if event.starts_at <= now:
        return promoted
    free = None if event.capacity is None else event.capacity - confirmed_count(event)
    waiting = event.registrations.filter(status=Status.WAITLISTED).select_related("user").order_by("waitlisted_at", "pk")
    for registration in (waiting if free is None else waiting[:max(free, 0)]):
        registration.status, registration.confirmed_at = Status.CONFIRMED, now
        registration.save(update_fields=["status", "confirmed_at"])
        record_action(actor=actor, action="event.registration_promoted", target=event, data={"registration": registration.pk})
        code = registration.code
        notify([registration.user], kind="events.registration_promoted",
               subject=lambda: _("A place became free: you are registered for %(event)s") % {"event": event.title},
               body=partial(_promoted_body, event, code),
               link=registration.get_absolute_url())
        promoted.append(registration)
    return promoted


@transaction.atomic
def cancel_registration(*, actor: "User", registration: Registration, now: datetime | None = None) -> Registration:
    """Cancel a registration (the person, or a manager of the event).

    A confirmed place that is freed goes to the first person on the waiting list, in the
    same transaction; the receivers of events.hooks (the person's 1:1 meetings) run in it too.
    Side effects: audit entries, messages to the people concerned.
    """
    event = _locked(registration.event)
    registration = Registration.objects.select_related("user", "event").get(pk=registration.pk)
    require(actor, "events.cancel_registration", registration)
    now = now or timezone.now()
    if not registration.is_active:
        raise ValidationError(_("This registration is already %(status)s.") % {"status": registration.get_status_display()})
    if now >= event.starts_at:
        raise ValidationError(_("This event has already started; the registration can no longer be cancelled."))
    held_a_place = registration.status == Status.CONFIRMED
    registration.status, registration.cancelled_at = Status.CANCELLED, now
    registration.save(update_fields=["status", "cancelled_at"])
    record_action(actor=actor, action="event.registration_cancelled", target=event, data={"registration": registration.pk})
    registration_left(RegistrationLeft(registration=registration, actor=actor, by_organiser=actor.pk != registration.user_id, now=now))
    if actor.pk != registration.user_id:
        notify([registration.user], kind="events.registration_cancelled",
               subject=lambda: _("Your registration for %(event)s was cancelled by the organiser") % {"event": event.title},
               body=lambda: _("Contact the organiser if you think this is a mistake."), link=event.get_absolute_url())
    if held_a_place:
        fill_from_waitlist(event=event, actor=actor, now=now)
    return registration


@transaction.atomic
def approve_registration(*, actor: "User", registration: Registration, now: datetime | None = None) -> Registration:
    """Approve a registration awaiting approval: a place if one is free, else the waiting list."""
    event = _locked(registration.event)
    registration = Registration.objects.select_related("user", "event").get(pk=registration.pk)
    require(actor, "events.decide_registration", registration)
    if registration.status != Status.PENDING:
        raise ValidationError(_("This registration is not awaiting approval (%(status)s).") % {"status": registration.get_status_display()})
    now = now or timezone.now()
    if _has_place(event):
        registration.status, registration.confirmed_at = Status.CONFIRMED, now
    else:
        registration.status, registration.waitlisted_at = Status.WAITLISTED, now
    registration.decided_by, registration.decided_at = actor, now
    registration.save(update_fields=["status", "confirmed_at", "waitlisted_at", "decided_by", "decided_at"])
    record_action(actor=actor, action="event.registration_approved", target=event,
                  data={"registration": registration.pk, "status": registration.status})
    subject, body = _message(registration)
    notify([registration.user], kind=f"events.registration_{registration.status}", subject=subject, body=body,
           link=registration.get_absolute_url())
    return registration


@transaction.atomic
def reject_registration(*, actor: "User", registration: Registration, reason: str = "",
                        now: datetime | None = None) -> Registration:
    """Decline a registration awaiting approval or waiting for a place."""
    event = _locked(registration.event)
    registration = Registration.objects.select_related("user", "event").get(pk=registration.pk)
    require(actor, "events.decide_registration", registration)
    if registration.status not in (Status.PENDING, Status.WAITLISTED):
        raise ValidationError(_("Only a registration awaiting approval or on the waiting list can be declined."))
    now = now or timezone.now()
    registration.status, registration.decided_by, registration.decided_at = Status.REJECTED, actor, now
    registration.save(update_fields=["status", "decided_by", "decided_at"])
    record_action(actor=actor, action="event.registration_rejected", target=event, data={"registration": registration.pk, "reason": reason})
    registration_left(RegistrationLeft(registration=registration, actor=actor, by_organiser=True, now=now))
    notify([registration.user], kind="events.registration_rejected",
           subject=lambda: _("Your registration for %(event)s was not accepted") % {"event": event.title},
           body=lambda: reason or _("No reason was given."), link=event.get_absolute_url())
    return registration


def send_event_reminders(*, event_id: int | None = None, now: datetime | None = None, ahead: timedelta = timedelta(hours=24)) -> int:
    """Remind everyone registered for a published event that starts within `ahead` (once each); all events or one.

    Idempotent: a person reminded is not reminded again. Returns how many were reminded.
    Side effects: messages and e-mails; `reminded_at` set.
    """
    now = now or timezone.now()
    due = (Registration.objects.filter(status=Status.CONFIRMED, reminded_at__isnull=True, event__status=Event.Status.PUBLISHED,
                                       event__starts_at__gt=now, event__starts_at__lte=now + ahead)
           .select_related("event", "user"))
    if event_id is not None:
        due = due.filter(event_id=event_id)
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(reminded_at=now)
            if not claimed:
                continue  # another worker sent it
            event, code = registration.event, registration.code
            notify([registration.user], kind="events.reminder",
                   subject=partial(_reminder_subject, event), body=partial(_reminder_body, event, code),
                   link=registration.get_absolute_url())
            sent += 1
    return sent
