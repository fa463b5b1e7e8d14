"""Open calls with a reward (揭榜挂帅): listing a problem with funding and milestones, applying, selecting teams,
reporting milestones and accepting them (which releases their share of the funding, once) or sending them back.

Releasing is the one write that must never happen twice: `accept_milestone` locks the progress row
(SELECT … FOR UPDATE), checks it is still `reported`, and writes the amount and the status in one statement of
one transaction; a database constraint ties `released` to `accepted`, and one row per team and milestone. Two
operators accepting at once: the second waits for the lock, then finds it accepted and is refused (a 409).
"""

from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.challenges.models import Milestone, MilestoneProgress, OpenCall, OpenCallApplication
from innobelt.kit.local_time import aware, in_supported_range, local
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import admins_of, operators_of
from innobelt.permissions import require

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.belt.models import City
    from innobelt.organisations.models import Organisation

FEN = Decimal("0.01")


class AlreadyDecided(ValidationError):
    """The milestone was accepted or sent back meanwhile (the API answers 409)."""


def share_of(funding: Decimal, share: int) -> Decimal:
    """A share (percent) of the funding in yuan, half-up to the fen."""
    return (funding * share / 100).quantize(FEN, rounding=ROUND_HALF_UP)


def milestone_amount(milestone: Milestone) -> Decimal:
    """What a milestone releases: the rounded cumulative share up to it minus the rounded cumulative share before
    it (in the call's order), so that the milestones of a call always add up to its funding to the fen."""
    funding = milestone.open_call.funding
    before = sum(m.share for m in milestone.open_call.milestones.all() if (m.position, m.pk) < (milestone.position, milestone.pk))
    return share_of(funding, before + milestone.share) - share_of(funding, before)


@transaction.atomic
def post_open_call(
    *,
    actor: "User",
    city: "City",
    title_zh: str = "",
    title_en: str = "",
    text_language: str = "zh",
    problem: str,
    funding: Decimal,
    deadline: datetime,
    milestones: Sequence[dict[str, Any]],
) -> OpenCall:
    """List a problem with its funding (yuan) and milestones [{"name_zh", "name_en", "share"}] whose shares add up
    to 100 (the city's district operator, or a platform operator). Nothing stored on a refusal. Side effects: audit."""
    require(actor, "challenges.run_open_call", city)
    errors: dict[str, list[str]] = {}
    deadline = aware(deadline)
    if not isinstance(funding, Decimal) or funding <= 0 or funding.as_tuple().exponent < -2:  # type: ignore[operator]
        errors["funding"] = [_("Give the funding in yuan, above zero, to the fen.")]
    if deadline is None or deadline <= timezone.now() or not in_supported_range(deadline.date()):
        errors["deadline"] = [_("Give a deadline in the future.")]
    if not (title_zh or title_en):
        errors["title_zh"] = [_("Give a Chinese or an English title.")]
    if not (problem or "").strip():
        errors["problem"] = [_("Describe the problem.")]
    rows = []
    for n, item in enumerate(milestones):
        share = item.get("share")
        if not (item.get("name_zh") or item.get("name_en")) or not isinstance(share, int) or not 1 <= share <= 100:
            errors["milestones"] = [_("Milestone %(n)d needs a name and a share between 1 and 100.") % {"n": n + 1}]
            break
        rows.append(Milestone(name_zh=item.get("name_zh", ""), name_en=item.get("name_en", ""), share=share, position=n))
    if "milestones" not in errors and sum(r.share for r in rows) != 100:
        errors["milestones"] = [
            _("The shares of the milestones add up to %(total)d; they must add up to 100.") % {"total": sum(r.share for r in rows)}
        ]
    if errors:
        raise ValidationError(errors)
    call = OpenCall.objects.create(
        city=city,
        title_zh=title_zh,
        title_en=title_en,
        text_language=text_language,
        problem=problem,
        funding=funding,
        deadline=deadline,
        created_by=actor,
    )
    for row in rows:
        row.open_call = call
    Milestone.objects.bulk_create(rows)
    record_action(actor=actor, action="open_call.posted", target=call, data={"funding": str(funding)})
    return call


@transaction.atomic
def apply_to_open_call(*, actor: "User", open_call: OpenCall, organisation: "Organisation", text: str) -> OpenCallApplication:
    """A team (a verified organisation) applies before the deadline. Side effects: audit entry; the city's
    operators are told."""
    require(actor, "challenges.apply_open_call", organisation)
    call = OpenCall.objects.select_for_update().get(pk=open_call.pk)
    if call.status != OpenCall.Status.OPEN or timezone.now() > call.deadline:
        raise ValidationError(_("This open call took applications until %(deadline)s (China time).") % {"deadline": local(call.deadline)})
    if not (text or "").strip():
        raise ValidationError({"text": [_("Say how your team takes the problem on.")]})
    try:
        with transaction.atomic():
            application = OpenCallApplication.objects.create(open_call=call, organisation=organisation, text=text.strip()[:10000], created_by=actor)
    except IntegrityError:
        raise ValidationError(_("Your organisation already applied.")) from None
    record_action(actor=actor, action="open_call.applied", target=call, data={"organisation": organisation.pk})
    notify(
        operators_of(call.city),
        kind="challenges.open_call_to_operator",
        link=f"/open-calls/applications/{application.pk}/",
        subject=lambda: _("%(team)s applied to take on “%(call)s”") % {"team": organisation.name, "call": call.title},
        body=lambda: _("Read the application and select the team if it fits; applications close on %(deadline)s (China time).")
        % {"deadline": local(call.deadline)},
    )
    return application


@transaction.atomic
def select_team(*, actor: "User", application: OpenCallApplication) -> OpenCallApplication:
    """Select a team (one or more per call). Side effects: audit entry; the team's admins are told."""
    require(actor, "challenges.decide_open_call", application.open_call)
    application = OpenCallApplication.objects.select_for_update().select_related("open_call", "organisation").get(pk=application.pk)
    if application.status == OpenCallApplication.Status.SELECTED:
        return application
    application.status = OpenCallApplication.Status.SELECTED
    application.save(update_fields=["status"])
    record_action(actor=actor, action="open_call.team_selected", target=application.open_call, data={"organisation": application.organisation_id})
    call = application.open_call
    notify(
        admins_of(application.organisation),
        kind="challenges.open_call_step",
        link="/open-calls/",
        subject=lambda: _("Your team was selected for “%(call)s”") % {"call": call.title},
        body=lambda: _("Report each milestone when it is reached; its share of the funding is released on acceptance."),
    )
    return application


@transaction.atomic
def report_milestone(*, actor: "User", application: OpenCallApplication, milestone: Milestone, report: str) -> MilestoneProgress:
    """A selected team reports a milestone (again, after it was sent back). Side effects: audit entry; the city's
    operators are told."""
    require(actor, "challenges.report_milestone", application)
    application = OpenCallApplication.objects.select_for_update().select_related("open_call__city", "organisation").get(pk=application.pk)
    if application.status != OpenCallApplication.Status.SELECTED:
        raise ValidationError(_("Only a selected team reports milestones."))
    if milestone.open_call_id != application.open_call_id:
        raise ValidationError({"milestone": [_("This milestone belongs to another open call.")]})
    if not (report or "").strip():
        raise ValidationError({"report": [_("Describe what was reached.")]})
    progress = MilestoneProgress.objects.select_for_update().filter(application=application, milestone=milestone).first()
    if progress is not None and progress.status == MilestoneProgress.Status.ACCEPTED:
        raise AlreadyDecided(_("This milestone was already accepted."))
    progress = progress or MilestoneProgress(application=application, milestone=milestone)
    progress.status, progress.report, progress.reported_at = MilestoneProgress.Status.REPORTED, report.strip(), timezone.now()
    progress.save()
    record_action(
        actor=actor,
        action="open_call.milestone_reported",
        target=application.open_call,
        data={"milestone": milestone.pk, "organisation": application.organisation_id},
    )
    call, team, name, amount = application.open_call, application.organisation.name, milestone.name, milestone_amount(milestone)
    notify(
        operators_of(call.city),
        kind="challenges.open_call_to_operator",
        link=f"/open-calls/applications/{application.pk}/",
        subject=lambda: _("%(team)s reported “%(milestone)s” of “%(call)s”") % {"team": team, "milestone": name, "call": call.title},
        body=lambda: _("Accept it to release ¥%(amount)s, or send it back with a note.") % {"amount": amount},
    )
    return progress


@transaction.atomic
def accept_milestone(*, actor: "User", progress: MilestoneProgress) -> MilestoneProgress:
    """Accept a reported milestone and release its share of the funding, once. A second acceptance (also at the
    same moment by another operator) raises AlreadyDecided. Side effects: audit entry; the team's admins are told."""
    require(actor, "challenges.decide_milestone", progress.application)
    locked = (
        MilestoneProgress.objects.select_for_update()
        .select_related("milestone", "application__open_call", "application__organisation")
        .get(pk=progress.pk)
    )
    if locked.status != MilestoneProgress.Status.REPORTED:
        raise AlreadyDecided(_("This milestone was already accepted or sent back."))
    amount = milestone_amount(locked.milestone)
    locked.status, locked.released, locked.released_at, locked.decided_by = (MilestoneProgress.Status.ACCEPTED, amount, timezone.now(), actor)
    locked.save(update_fields=["status", "released", "released_at", "decided_by"])
    record_action(
        actor=actor,
        action="open_call.milestone_accepted",
        target=locked.application.open_call,
        data={"milestone": locked.milestone_id, "released": str(amount), "organisation": locked.application.organisation_id},
    )
    call, name = locked.application.open_call, locked.milestone.name
    notify(
        admins_of(locked.application.organisation),
        kind="challenges.open_call_step",
        link="/open-calls/",
        subject=lambda: _("“%(milestone)s” accepted: ¥%(amount)s released") % {"milestone": name, "amount": amount},
        body=lambda: _("The operator accepted your milestone of “%(call)s”.") % {"call": call.title},
    )
    return locked


@transaction.atomic
def send_back_milestone(*, actor: "User", progress: MilestoneProgress, note: str) -> MilestoneProgress:
    """Send a reported milestone back with a note; nothing is released. Side effects: audit; the team is told."""
    require(actor, "challenges.decide_milestone", progress.application)
    if not (note or "").strip():
        raise ValidationError({"note": [_("Say what is missing.")]})
    locked = (
        MilestoneProgress.objects.select_for_update()
        .select_related("milestone", "application__open_call", "application__organisation")
        .get(pk=progress.pk)
    )
    if locked.status != MilestoneProgress.Status.REPORTED:
        raise AlreadyDecided(_("This milestone was already accepted or sent back."))
    locked.status, locked.note, locked.decided_by = MilestoneProgress.Status.SENT_BACK, note.strip()[:2000], actor
    locked.save(update_fields=["status", "note", "decided_by"])
    record_action(actor=actor, action="open_call.milestone_sent_back", target=locked.application.open_call, data={"milestone": locked.milestone_id})
    name = locked.milestone.name
    notify(
        admins_of(locked.application.organisation),
        kind="challenges.open_call_step",
        link="/open-calls/",
        subject=lambda: _("“%(milestone)s” was sent back") % {"milestone": name},
        body=lambda: locked.note,
    )
    return locked
