"""Training that gates booking: records of who is trained, requests for training and their sessions.

A training session is a booking of its own (kind `training`) made through bookings._book_one, so the
resource row lock and the exclusion constraint keep it from overlapping any other booking.
"""

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.kit.local_time import local_iso, span
from innobelt.notifications.domain import notify
from innobelt.organisations.models import Membership
from innobelt.organisations.queries import admins_of
from innobelt.permissions import require
from innobelt.resources.domain.bookings import MAX_DAYS_AHEAD, _book_one, _in_range
from innobelt.resources.domain.training_gate import valid_training
from innobelt.resources.models import AccessRequest, Booking, Resource, TrainingRecord, TrainingRequest

if TYPE_CHECKING:
    from innobelt.accounts.models import User

MAX_NOTE = 300


def trainable_people(resource: Resource) -> "QuerySet[User]":
    """Whom the owner may record as trained: members of organisations with an approved or active request."""
    from innobelt.accounts.models import User

    orgs = AccessRequest.objects.filter(resource=resource, status__in=[AccessRequest.Status.APPROVED, AccessRequest.Status.ACTIVE]).values(
        "organisation"
    )
    users = Membership.objects.filter(organisation__in=orgs).values("user")
    return User.objects.filter(pk__in=users, is_active=True).order_by("pk")


@transaction.atomic
def record_training(
    *, actor: "User", resource: Resource, person: "User", trained_on: date | None = None, expires_on: date | None = None, note: str = ""
) -> TrainingRecord:
    """Record (or renew) that `person` is trained on the equipment. Closes their open training request.
    Side effects: audit, a notice to the person."""
    require(actor, "resources.manage_training", resource)
    if not resource.is_bookable:
        raise ValidationError(_("Only equipment has training records."))
    trained_on = trained_on or timezone.localdate()
    if trained_on > timezone.localdate():
        raise ValidationError({"trained_on": _("The training date cannot be in the future.")})
    if expires_on is not None and expires_on < trained_on:
        raise ValidationError({"expires_on": _("The training must be valid at least until the day it was given.")})
    if not trainable_people(resource).filter(pk=person.pk).exists():
        raise ValidationError({"person": _("Only members of organisations whose request for this equipment was approved can be recorded.")})
    record, created = TrainingRecord.objects.update_or_create(
        resource=resource,
        person=person,
        defaults={
            "trained_by": actor,
            "trained_on": trained_on,
            "expires_on": expires_on,
            "note": (note or "").strip()[:MAX_NOTE],
            "recorded_at": timezone.now(),
        },
    )
    now = timezone.now()
    TrainingRequest.objects.filter(resource=resource, person=person, status__in=TrainingRequest.OPEN).update(
        status=TrainingRequest.Status.TRAINED, decided_at=now
    )
    record_action(
        actor=actor,
        action="resource.training_recorded",
        target=resource,
        data={"person": person.pk, "trained_on": f"{trained_on}", "expires_on": f"{expires_on or ''}", "renewed": not created},
    )
    notify(
        [person],
        kind="resources.training",
        link=record.resource.get_absolute_url(),
        subject=lambda: _("You are trained on %(resource)s") % {"resource": resource.title},
        body=lambda: _("You may now book it.") if expires_on is None else _("You may book it until %(until)s.") % {"until": f"{expires_on:%Y-%m-%d}"},
    )
    return record


@transaction.atomic
def remove_training(*, actor: "User", record: TrainingRecord) -> None:
    require(actor, "resources.manage_training", record.resource)
    record_action(actor=actor, action="resource.training_removed", target=record.resource, data={"person": record.person_id})
    record.delete()


def request_training(*, actor: "User", access_request: AccessRequest, message: str = "") -> TrainingRequest:
    """The seeker asks the owner to be trained. Side effects: audit, a notice to the owner's admins."""
    require(actor, "resources.act_for_seeker", access_request)
    resource = access_request.resource
    if not resource.training_required:
        raise ValidationError(_("This equipment needs no training: book it directly."))
    if access_request.status not in (AccessRequest.Status.APPROVED, AccessRequest.Status.ACTIVE):
        raise ValidationError(_("Training can be requested once your request to use the equipment is approved."))
    if valid_training(resource, actor, timezone.localdate()) is not None:
        raise ValidationError(_("You are already trained on this equipment."))
    try:
        with transaction.atomic():
            training = TrainingRequest.objects.create(
                resource=resource,
                access_request=access_request,
                organisation_id=access_request.organisation_id,
                person=actor,
                message=(message or "").strip()[:500],
            )
            record_action(actor=actor, action="resource.training_requested", target=training, data={"resource": resource.pk})
    except IntegrityError:
        raise ValidationError(_("You have already asked for training on this equipment.")) from None
    notify(
        admins_of(resource.owner),
        kind="resources.training",
        link=training.get_absolute_url(),
        subject=lambda: _("%(person)s asks for training on %(resource)s") % {"person": str(actor), "resource": resource.title},
        body=lambda: training.message or _("No message."),
    )
    return training


def schedule_training(*, actor: "User", training: TrainingRequest, start: datetime, end: datetime, note: str = "") -> TrainingRequest:
    """The owner books a training session for the request: a booking of its own (kind training, free),
    which nothing else may overlap. Rescheduling cancels the previous session. Raises BookingConflict."""
    resource = training.resource
    require(actor, "resources.manage_training", resource)
    if not training.is_open:
        raise ValidationError(_("This training request is closed."))
    start, end = _in_range(start=start, end=end)
    now = timezone.now()
    if end <= start:
        raise ValidationError({"end": _("The end must be after the start.")})
    if start <= now:
        raise ValidationError({"start": _("%(when)s has passed; choose a time in the future.") % {"when": span(start, end)}})
    if start > now + timedelta(days=MAX_DAYS_AHEAD) or end - start > timedelta(hours=12):
        raise ValidationError({"start": _("A training session lasts at most 12 hours and starts within %(days)d days.") % {"days": MAX_DAYS_AHEAD}})
    session = _book_one(
        actor=actor,
        access_request=training.access_request,
        start=start,
        end=end,
        series=None,
        note=(note or "").strip()[:300] or _("Training session"),
        kind=Booking.Kind.TRAINING,
        booked_by=training.person,
    )
    with transaction.atomic():
        training = TrainingRequest.objects.select_for_update().get(pk=training.pk)
        previous = training.session if training.session_id else None
        if previous is not None and previous.is_confirmed:
            previous.status, previous.cancelled_by, previous.cancelled_at = Booking.Status.CANCELLED, actor, now
            previous.cancel_reason = _("The training session was moved.")
            previous.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason"])
        training.session, training.status, training.decided_at = session, TrainingRequest.Status.SCHEDULED, now
        training.save(update_fields=["session", "status", "decided_at"])
        record_action(
            actor=actor,
            action="resource.training_scheduled",
            target=training,
            data={"booking": session.pk, "start": local_iso(start), "end": local_iso(end)},
        )
    notify(
        [training.person],
        kind="resources.training",
        link=session.get_absolute_url(),
        subject=lambda: _("Training on %(resource)s: %(when)s") % {"resource": resource.title, "when": span(start, end)},
        body=lambda: _("Location: %(location)s") % {"location": resource.location or "—"},
    )
    return training


@transaction.atomic
def decline_training(*, actor: "User", training: TrainingRequest, answer: str = "") -> TrainingRequest:
    require(actor, "resources.manage_training", training.resource)
    training = TrainingRequest.objects.select_for_update().get(pk=training.pk)
    if not training.is_open:
        raise ValidationError(_("This training request is closed."))
    _close(training, TrainingRequest.Status.DECLINED, actor, answer)
    resource = training.resource
    notify(
        [training.person],
        kind="resources.training",
        link=training.get_absolute_url(),
        subject=lambda: _("No training on %(resource)s for now") % {"resource": resource.title},
        body=lambda: training.answer or _("No reason was given."),
    )
    return training


@transaction.atomic
def withdraw_training_request(*, actor: "User", training: TrainingRequest) -> TrainingRequest:
    if training.person_id != actor.pk:
        require(actor, "resources.manage_training", training.resource)
    training = TrainingRequest.objects.select_for_update().get(pk=training.pk)
    if not training.is_open:
        raise ValidationError(_("This training request is closed."))
    return _close(training, TrainingRequest.Status.WITHDRAWN, actor, "")


def _close(training: TrainingRequest, status: str, actor: "User", answer: str) -> TrainingRequest:
    now = timezone.now()
    session = training.session
    if session is not None and session.is_confirmed and session.start > now:
        session.status, session.cancelled_by, session.cancelled_at = Booking.Status.CANCELLED, actor, now
        session.save(update_fields=["status", "cancelled_by", "cancelled_at"])
    training.status, training.answer, training.decided_at = status, (answer or "").strip()[:500], now
    training.save(update_fields=["status", "answer", "decided_at"])
    record_action(actor=actor, action=f"resource.training_{status}", target=training, data={"resource": training.resource_id})
    return training
