"""Posting, changing, renewing, closing and expiring needs; expressing interest and deciding on it.

Every function checks the rule, writes, records the audit trail and tells the people concerned.
Deadlines are local dates in China time (settings.TIME_ZONE): a need is open to answers until the end
of its deadline day and expires on the next day.
"""

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.challenges.models import Need, NeedInterest
from innobelt.challenges.search import need_search_document
from innobelt.kit.local_time import EARLIEST, LATEST
from innobelt.notifications.domain import notify
from innobelt.organisations.models import Membership
from innobelt.organisations.queries import admins_of
from innobelt.permissions import can, require

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.belt.models import Industry
    from innobelt.organisations.models import Organisation

EDITABLE_FIELDS = {
    "title_zh",
    "title_en",
    "problem",
    "desired_outcome",
    "details",
    "text_language",
    "budget_min",
    "budget_max",
    "deadline",
    "confidentiality",
}
#: a need is answered within a year; a longer deadline is a typing mistake
LONGEST_DEADLINE_DAYS = 366


def today() -> date:
    """Today in China time, the day deadlines are counted in."""
    return timezone.localdate()


def _refresh_search_document(need: Need) -> None:
    need.search_document = need_search_document(need)
    Need.objects.filter(pk=need.pk).update(search_document=need.search_document)


def _check_deadline(deadline: Any, errors: dict[str, list[str]]) -> None:
    if not isinstance(deadline, date):
        errors.setdefault("deadline", []).append(_("Give the deadline as a date."))
        return
    first, last = today(), min(today() + timedelta(days=LONGEST_DEADLINE_DAYS), LATEST)
    if not EARLIEST <= deadline <= LATEST or not first <= deadline <= last:
        errors.setdefault("deadline", []).append(_("Give a deadline between today and %(last)s.") % {"last": last.isoformat()})


def validate_need(need: Need, *, deadline_changed: bool = True) -> None:
    """The model's checks, a deadline within a year (when it is set or changed) and a budget range
    in order. Raises one ValidationError naming every field."""
    errors: dict[str, list[str]] = {}
    try:
        need.full_clean(exclude=["owner", "posted_by"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if not need.problem.strip() and "problem" not in errors:
        errors["problem"] = [_("Describe the problem.")]
    if deadline_changed and "deadline" not in errors:
        _check_deadline(need.deadline, errors)
    for name in ("budget_min", "budget_max"):
        value = getattr(need, name)
        if isinstance(value, Decimal) and value < 0 and name not in errors:
            errors[name] = [_("A budget cannot be negative.")]
    low, high = need.budget_min, need.budget_max
    if low is not None and high is not None and high < low and "budget_max" not in errors:
        errors["budget_max"] = [_("The budget's upper end is below its lower end.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def post_need(*, actor: "User", owner: "Organisation", industries: "Iterable[Industry]" = (), **fields: Any) -> Need:
    """Post an open need for the owner organisation (the actor is one of its members and it is verified).

    Raises ValidationError with nothing stored. Side effects: audit entry.
    """
    require(actor, "challenges.post_need", owner)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    need = Need(owner=owner, posted_by=actor, **fields)
    validate_need(need)
    need.save()
    need.industries.set(industries)
    _refresh_search_document(need)
    record_action(
        actor=actor,
        action="need.posted",
        target=need,
        data={"owner": owner.pk, "confidentiality": need.confidentiality, "deadline": need.deadline.isoformat()},
    )
    return need


@transaction.atomic
def update_need(*, actor: "User", need: Need, changes: dict[str, Any], industries: "Iterable[Industry] | None" = None) -> Need:
    """Change a need's text, budget, confidentiality or deadline. Raises ValidationError (nothing saved).

    Side effects: audit entry listing the changed fields.
    """
    require(actor, "challenges.change_need", need)
    need = Need.objects.select_for_update().select_related("owner").get(pk=need.pk)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in sorted(unknown)})
    changed = sorted(name for name, value in changes.items() if getattr(need, name) != value)
    for name, value in changes.items():
        setattr(need, name, value)
    validate_need(need, deadline_changed="deadline" in changed)
    if "deadline" in changed and need.status == Need.Status.EXPIRED:
        need.status = Need.Status.OPEN  # a later deadline renews an expired need
    need.save()
    if industries is not None:
        need.industries.set(industries)
        changed.append("industries")
    _refresh_search_document(need)
    record_action(actor=actor, action="need.updated", target=need, data={"fields": changed})
    return need


@transaction.atomic
def renew_need(*, actor: "User", need: Need, deadline: date) -> Need:
    """Give a need a later deadline and open it again (also an expired or closed one).

    Raises ValidationError unless the new deadline is later than the old one and within a year.
    Side effects: audit entry; the organisations waiting for an answer are told.
    """
    require(actor, "challenges.change_need", need)
    need = Need.objects.select_for_update().select_related("owner").get(pk=need.pk)
    errors: dict[str, list[str]] = {}
    _check_deadline(deadline, errors)
    if not errors and deadline <= need.deadline:
        errors["deadline"] = [_("Give a deadline later than the current one (%(current)s).") % {"current": need.deadline.isoformat()}]
    if errors:
        raise ValidationError(errors)
    old = need.deadline
    need.deadline, need.status, need.closed_at = deadline, Need.Status.OPEN, None
    need.save(update_fields=["deadline", "status", "closed_at", "updated_at"])
    record_action(actor=actor, action="need.renewed", target=need, data={"from": old.isoformat(), "to": deadline.isoformat()})
    waiting = need.interests.filter(status=NeedInterest.Status.PENDING).select_related("organisation")
    notify(
        _people_of([i.organisation for i in waiting]),
        kind="challenges.need_renewed",
        subject=lambda: _("The need “%(need)s” is open until %(deadline)s") % {"need": need.title, "deadline": deadline.isoformat()},
        body=lambda: _("Its owner gave it a later deadline."),
        link=need.get_absolute_url(),
    )
    return need


@transaction.atomic
def close_need(*, actor: "User", need: Need) -> Need:
    """Stop taking answers before the deadline (its owner, or an operator of its city). Side effects: audit entry."""
    require(actor, "challenges.close_need", need)
    need = Need.objects.select_for_update().get(pk=need.pk)
    if need.status == Need.Status.OPEN:
        need.status, need.closed_at = Need.Status.CLOSED, timezone.now()
        need.save(update_fields=["status", "closed_at", "updated_at"])
        record_action(actor=actor, action="need.closed", target=need)
    return need


def expire_needs(*, on: date | None = None) -> int:
    """Expire every open need whose deadline is before `on` (today in China time). Returns how many.

    Each is expired in its own short transaction under a row lock, so a renewal at the same moment
    either wins (the need stays open) or comes after (and opens it again).
    Side effects: audit entries; the owner's admins are told.
    """
    on = on or today()
    expired = 0
    for pk in list(Need.objects.filter(status=Need.Status.OPEN, deadline__lt=on).values_list("pk", flat=True)):
        with transaction.atomic():
            need = Need.objects.select_for_update().select_related("owner").get(pk=pk)
            if need.status != Need.Status.OPEN or need.deadline >= on:
                continue
            need.status, need.closed_at = Need.Status.EXPIRED, timezone.now()
            need.save(update_fields=["status", "closed_at", "updated_at"])
            record_action(actor=None, action="need.expired", target=need, data={"deadline": need.deadline.isoformat()})
            notify(
                admins_of(need.owner),
                kind="challenges.need_expired",
                subject=_expired_subject(need),
                body=lambda: _("Renew it with a later deadline to take answers again."),
                link=need.get_absolute_url(),
            )
            expired += 1
    return expired


def _expired_subject(need: Need) -> Callable[[], str]:
    return lambda: _("Your need “%(need)s” expired") % {"need": need.title}


def _people_of(organisations: "Iterable[Organisation]") -> list["User"]:
    """The active members of these organisations."""
    ids = [o.pk for o in organisations]
    members = Membership.objects.filter(organisation__in=ids, user__is_active=True).select_related("user")
    return list({m.user_id: m.user for m in members}.values())


@transaction.atomic
def express_interest(*, actor: "User", need: Need, organisation: "Organisation", message: str) -> NeedInterest:
    """Answer a need for one's verified organisation with a short message.

    Refused (ValidationError, nothing stored) for one's own need, a need not open or past its
    deadline, or a second answer of the same organisation. Side effects: audit entry; the owner's
    admins are told.
    """
    require(actor, "challenges.answer_need", organisation)
    need = Need.objects.select_for_update().select_related("owner").get(pk=need.pk)
    if not can(actor, "challenges.view_need", need):
        raise PermissionDenied(_("You are not allowed to do this."))
    message = (message or "").strip()
    if need.owner_id == organisation.pk:
        raise ValidationError({"organisation": [_("Your organisation posted this need.")]})
    if need.deadline < today():  # the deadline day counts in China time, whatever the answerer's time zone
        raise ValidationError(_("This need took answers until the end of %(deadline)s (China time).") % {"deadline": need.deadline.isoformat()})
    if need.status != Need.Status.OPEN:
        raise ValidationError(_("This need no longer takes answers."))
    if not message:
        raise ValidationError({"message": [_("Write a short message.")]})
    if len(message) > 2000:
        raise ValidationError({"message": [_("Write at most 2000 characters.")]})
    if NeedInterest.objects.filter(need=need, organisation=organisation).exists():
        raise ValidationError({"organisation": [_("Your organisation has already answered this need.")]})
    try:
        with transaction.atomic():
            interest = NeedInterest.objects.create(need=need, organisation=organisation, submitted_by=actor, message=message)
    except IntegrityError:
        raise ValidationError({"organisation": [_("Your organisation has already answered this need.")]}) from None
    record_action(actor=actor, action="need.interest_expressed", target=interest, data={"need": need.pk})
    notify(
        admins_of(need.owner),
        kind="challenges.interest_received",
        subject=lambda: _("%(organisation)s is interested in your need “%(need)s”") % {"organisation": organisation.name, "need": need.title},
        body=lambda: message,
        link=need.get_absolute_url(),
    )
    return interest


def _decide(actor: "User", interest: NeedInterest) -> NeedInterest:
    require(actor, "challenges.decide_interest", interest)
    interest = NeedInterest.objects.select_for_update(of=("self",)).select_related("need", "need__owner", "organisation").get(pk=interest.pk)
    if interest.status != NeedInterest.Status.PENDING:
        raise ValidationError(_("This answer was already decided or withdrawn."))
    return interest


@transaction.atomic
def accept_interest(*, actor: "User", interest: NeedInterest) -> NeedInterest:
    """Accept an answer: its organisation may now read the need's confidential details.

    Side effects: audit entry; the answering organisation's members are told.
    """
    interest = _decide(actor, interest)
    interest.status, interest.decided_by, interest.decided_at = NeedInterest.Status.ACCEPTED, actor, timezone.now()
    interest.save(update_fields=["status", "decided_by", "decided_at"])
    record_action(actor=actor, action="need.interest_accepted", target=interest, data={"need": interest.need_id})
    need = interest.need
    notify(
        _people_of([interest.organisation]),
        kind="challenges.interest_accepted",
        subject=lambda: _("Your interest in “%(need)s” was accepted") % {"need": need.title},
        body=lambda: _("%(owner)s accepted your answer and will be in touch.") % {"owner": need.owner.name},
        link=need.get_absolute_url(),
    )
    return interest


@transaction.atomic
def decline_interest(*, actor: "User", interest: NeedInterest, reason: str) -> NeedInterest:
    """Decline an answer with a reason the answering organisation reads.

    Side effects: audit entry; the answering organisation's members are told.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why you decline.")]})
    if len(reason) > 2000:
        raise ValidationError({"reason": [_("Write at most 2000 characters.")]})
    interest = _decide(actor, interest)
    interest.status, interest.decided_by, interest.decided_at = NeedInterest.Status.DECLINED, actor, timezone.now()
    interest.decline_reason = reason
    interest.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
    record_action(actor=actor, action="need.interest_declined", target=interest, data={"need": interest.need_id})
    need = interest.need
    notify(
        _people_of([interest.organisation]),
        kind="challenges.interest_declined",
        subject=lambda: _("Your interest in “%(need)s” was declined") % {"need": need.title},
        body=lambda: reason,
        link=need.get_absolute_url(),
    )
    return interest


@transaction.atomic
def withdraw_interest(*, actor: "User", interest: NeedInterest) -> NeedInterest:
    """Take back an answer that waits for a decision. Side effects: audit entry; the owner's admins are told."""
    require(actor, "challenges.withdraw_interest", interest)
    interest = NeedInterest.objects.select_for_update(of=("self",)).select_related("need", "need__owner", "organisation").get(pk=interest.pk)
    if interest.status != NeedInterest.Status.PENDING:
        raise ValidationError(_("Only an answer waiting for a decision can be withdrawn."))
    interest.status = NeedInterest.Status.WITHDRAWN
    interest.save(update_fields=["status"])
    record_action(actor=actor, action="need.interest_withdrawn", target=interest, data={"need": interest.need_id})
    need, organisation = interest.need, interest.organisation
    notify(
        admins_of(need.owner),
        kind="challenges.interest_withdrawn",
        subject=lambda: _("%(organisation)s withdrew its interest in “%(need)s”") % {"organisation": organisation.name, "need": need.title},
        body=lambda: _("Nothing more to decide."),
        link=need.get_absolute_url(),
    )
    return interest
