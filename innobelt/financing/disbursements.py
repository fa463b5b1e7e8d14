"""Disbursement of an awarded fund application by milestones (issue 25; ADR 1001).

The fund's operators plan the milestones of an award (amounts in yuan, to the fen, adding up to the award
exactly) and release each one when it is met: once, and never beyond the award. A release locks the
application's row, then the milestone's, in one transaction: a second operator releasing the same milestone
at the same moment waits, then gets `AlreadyReleased` (409 in the API).
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.financing.domain import money
from innobelt.financing.models import FundApplication, Milestone
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import admins_of
from innobelt.permissions import require

if TYPE_CHECKING:
    from innobelt.accounts.models import User

MAX_MILESTONES = 20


class AlreadyReleased(ValidationError):
    """The milestone was released before (the API answers 409)."""


class BeyondAward(ValidationError):
    """Releasing it would pay out more than the award (the API answers 409)."""


@transaction.atomic
def plan_milestones(*, actor: "User", application: FundApplication, milestones: Iterable[dict[str, Any]]) -> list[Milestone]:
    """Set the milestones of an awarded application (replacing an earlier plan while nothing was released).

    Each milestone: `title_zh` and/or `title_en`, `amount` (yuan), optional `due` (a date). The amounts must
    add up to the award to the fen. Raises ValidationError with nothing stored. Side effects: audit entry.
    """
    require(actor, "financing.decide_application", application)
    application = FundApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != FundApplication.Status.AWARDED or application.awarded_amount is None:
        raise ValidationError({"milestones": _("Only an awarded application is disbursed by milestones.")})
    if application.milestones.filter(released_at__isnull=False).exists():
        raise ValidationError({"milestones": _("A milestone was released already: the plan can no longer change.")})
    rows = []
    for number, item in enumerate(milestones, start=1):
        title_zh, title_en = (item.get("title_zh") or "").strip(), (item.get("title_en") or "").strip()
        if not (title_zh or title_en):
            raise ValidationError({"milestones": _("Milestone %(n)s needs a title.") % {"n": number}})
        due = item.get("due") or None
        if due is not None and not isinstance(due, date):
            raise ValidationError({"milestones": _("Milestone %(n)s: give the date as YYYY-MM-DD.") % {"n": number}})
        rows.append(
            Milestone(
                application=application, number=number, title_zh=title_zh, title_en=title_en, amount=money(item.get("amount"), "amount"), due=due
            )
        )
    if not rows or len(rows) > MAX_MILESTONES:
        raise ValidationError({"milestones": _("Give from 1 to %(max)s milestones.") % {"max": MAX_MILESTONES}})
    total = sum((m.amount for m in rows), Decimal("0"))
    if total != application.awarded_amount:
        raise ValidationError(
            {
                "milestones": _("The milestones add up to %(total)s yuan; the award is %(award)s yuan.")
                % {"total": total, "award": application.awarded_amount}
            }
        )
    application.milestones.all().delete()
    created = Milestone.objects.bulk_create(rows)
    record_action(actor=actor, action="financing.milestones_planned", target=application, data={"amounts": [str(m.amount) for m in rows]})
    return created


@transaction.atomic
def release_milestone(*, actor: "User", milestone: Milestone) -> Milestone:
    """Release a milestone's amount to the awardee: once, and never beyond the award (checked under a row lock
    on the application, then the milestone). Raises AlreadyReleased, BeyondAward. Side effects: the
    application's released total, audit entry, the awardee's admins are told."""
    require(actor, "financing.decide_application", milestone.application)
    application = FundApplication.objects.select_for_update().select_related("organisation", "fund").get(pk=milestone.application_id)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.released_at is not None:
        raise AlreadyReleased({"milestone": _("This milestone was released already.")})
    award = application.awarded_amount or Decimal("0")
    if application.released_total + milestone.amount > award:
        raise BeyondAward({"milestone": _("Releasing it would pay out more than the award.")})
    application.released_total += milestone.amount
    application.save(update_fields=["released_total"])
    milestone.released_at, milestone.released_by = timezone.now(), actor
    milestone.save(update_fields=["released_at", "released_by"])
    record_action(
        actor=actor,
        action="financing.milestone_released",
        target=application,
        data={"milestone": milestone.pk, "amount": str(milestone.amount), "released_total": str(application.released_total)},
    )
    fund, title, shown = application.fund.title, milestone.title, str(milestone.amount)
    notify(
        admins_of(application.organisation),
        kind="financing.milestone_released",
        subject=lambda: _("%(fund)s released %(amount)s yuan for “%(milestone)s”") % {"fund": fund, "amount": shown, "milestone": title},
        body=lambda: "",
        link=f"/financing/applications/{application.pk}/",
    )
    return milestone
