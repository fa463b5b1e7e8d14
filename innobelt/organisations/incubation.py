"""Incubation: an incubator names a startup it incubates, the startup confirms or declines (issue 26's "startups
incubated"). State changes only; reads are in queries.py (`incubations_of`, `incubation_or_404`).

Only a confirmed incubation counts and is shown on both organisations' pages: a startup is never counted for an
incubator it did not confirm.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.kit.api_errors import ConflictError
from innobelt.notifications.domain import notify
from innobelt.organisations.models import Incubation, Organisation
from innobelt.organisations.queries import admins_of
from innobelt.permissions import require

if TYPE_CHECKING:
    from innobelt.accounts.models import User


def name_incubated_startup(*, actor: User, incubator: Organisation, startup: Organisation, started_on: date,
                           ended_on: date | None = None) -> Incubation:
    """The incubator's admin states that it incubates `startup` since `started_on` (until `ended_on` once it
    graduated); the startup's admins are asked to confirm.

    Raises PermissionDenied for anybody but the incubator's admins, ValidationError (nothing stored) for the
    incubator itself, a start in the future, an end before the start, or a startup already named and not declined.
    Side effects: audit entry, a notice to the startup's admins."""
    require(actor, "organisations.name_incubated_startup", incubator)
    if startup.pk == incubator.pk:
        raise ValidationError({"startup": [_("An organisation cannot incubate itself.")]})
    today = timezone.localdate()
    if started_on > today:
        raise ValidationError({"started_on": [_("The incubation cannot start in the future.")]})
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": [_("The incubation cannot end before it starts.")]})
    standing = _("%(startup)s is already named as incubated by %(incubator)s.") % {
        "startup": startup.name, "incubator": incubator.name}
    try:
        with transaction.atomic():
            if Incubation.objects.filter(incubator=incubator, startup=startup,
                                         status__in=[Incubation.Status.NAMED, Incubation.Status.CONFIRMED]).exists():
                raise ValidationError({"startup": [standing]})
            incubation = Incubation.objects.create(incubator=incubator, startup=startup, started_on=started_on,
                                                   ended_on=ended_on, named_by=actor)
    except IntegrityError:  # named at the same moment by another admin: the constraint keeps one
        raise ValidationError({"startup": [standing]}) from None
    record_action(actor=actor, action="organisation.incubation_named", target=incubation,
                  data={"incubator": incubator.pk, "startup": startup.pk})
    notify(admins_of(startup), kind="organisation.incubation_named",
           subject=lambda: _("%(incubator)s names %(startup)s as a startup it incubates") % {
               "incubator": incubator.name, "startup": startup.name},
           body=lambda: _("Confirm it if it is true: the incubation is then shown on both organisations' pages and "
                          "counts as evidence of the incubator's work. Decline it otherwise."),
           link=reverse("organisations:incubations", kwargs={"slug": startup.slug}))
    return incubation


def _decide(actor: User, incubation: Incubation, to: str, action: str) -> Incubation:
    require(actor, "organisations.decide_incubation", incubation)
    with transaction.atomic():
        locked = Incubation.objects.select_for_update().select_related("incubator", "startup").get(pk=incubation.pk)
        if locked.status != Incubation.Status.NAMED:
            raise ConflictError(_("This incubation is already %(status)s.") % {"status": locked.get_status_display()},
                                details={"status": locked.status})
        locked.status, locked.decided_by, locked.decided_at = to, actor, timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        record_action(actor=actor, action=action, target=locked, data={"incubator": locked.incubator_id})
    incubator, startup = locked.incubator, locked.startup
    names = {"startup": startup.name, "incubator": incubator.name}
    link = reverse("organisations:incubations", kwargs={"slug": incubator.slug})

    def body() -> str:
        return _("See the incubations of %(incubator)s.") % names

    if to == Incubation.Status.CONFIRMED:
        notify(admins_of(incubator), kind="organisation.incubation_confirmed", body=body, link=link,
               subject=lambda: _("%(startup)s confirmed that %(incubator)s incubates it") % names)
    else:
        notify(admins_of(incubator), kind="organisation.incubation_declined", body=body, link=link,
               subject=lambda: _("%(startup)s declined being named as incubated by %(incubator)s") % names)
    return locked


def confirm_incubation(*, actor: User, incubation: Incubation) -> Incubation:
    """The startup's admin confirms it is (or was) incubated by the incubator. Raises PermissionDenied for anybody
    but the startup's admins, ConflictError (409) when it was already confirmed or declined.
    Side effects: audit entry, a notice to the incubator's admins."""
    return _decide(actor, incubation, Incubation.Status.CONFIRMED, "organisation.incubation_confirmed")


def decline_incubation(*, actor: User, incubation: Incubation) -> Incubation:
    """The startup's admin declines being named; the incubator may name it again later."""
    return _decide(actor, incubation, Incubation.Status.DECLINED, "organisation.incubation_declined")
