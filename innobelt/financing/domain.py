"""State changes of funding needs, theses, meeting requests (into the meeting zone or standalone) and dedicated funds.

Every function checks the rule, writes inside a transaction, records the audit trail and tells the
people concerned. Money is Decimal, rounded half-up to the fen. An award locks the fund's row
(`select_for_update`) and checks what is left of its budget in the same transaction, so two operators
approving at once never award more than the budget: the second one waits, then sees the first award.
"""

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.challenges.models import Challenge
from innobelt.conversations.domain import start_thread
from innobelt.financing.models import Fund, FundApplication, FundingNeed, FundReview, MeetingRequest, Stage, Thesis
from innobelt.kit.local_time import in_supported_range, out_of_range_message
from innobelt.meetings.domain import request_meeting_in_programme
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import admins_of, operators_of
from innobelt.permissions import require
from innobelt.resources.models import AccessRequest

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.belt.models import City, Industry
    from innobelt.meetings.models import Programme
    from innobelt.organisations.models import Organisation

FEN = Decimal("0.01")
NEED_FIELDS = {"title_zh", "title_en", "stage", "amount", "use_of_funds", "traction", "visibility", "city"}
REVIEWS_BEFORE_DECISION = 2


class BudgetExceeded(ValidationError):
    """The award is more than what is left of the fund's budget (the API answers 409)."""


class AlreadyDecided(ValidationError):
    """Someone decided the application first (the API answers 409)."""


def china_today() -> date:
    """Today in China (the platform's time zone), whatever time zone is active: deadlines are China dates."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def money(value: Any, field: str) -> Decimal:
    """A positive amount in yuan, half-up to the fen; ValidationError naming `field` otherwise."""
    try:
        amount = Decimal(str(value)).quantize(FEN, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: _("Give an amount in yuan.")}) from None
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("1e12"):
        raise ValidationError({field: _("Give an amount above zero and below a trillion yuan.")})
    return amount


@transaction.atomic
def post_funding_need(*, actor: "User", organisation: "Organisation", industries: "Iterable[Industry]" = (), **fields: Any) -> FundingNeed:
    """Post a funding need for a startup or SME the actor belongs to.

    Raises ValidationError with nothing stored. Side effects: audit entry.
    """
    require(actor, "financing.post_need", organisation)
    unknown = set(fields) - NEED_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    fields["amount"] = money(fields.get("amount"), "amount")
    fields.setdefault("city", organisation.city)
    need = FundingNeed(organisation=organisation, posted_by=actor, **fields)
    need.full_clean(exclude=["organisation", "posted_by"])
    if not need.use_of_funds.strip():
        raise ValidationError({"use_of_funds": _("Say what the money is for.")})
    need.save()
    need.industries.set(industries)
    need.save(update_fields=["status"])  # re-index with its industries
    record_action(
        actor=actor,
        action="financing.need_posted",
        target=need,
        data={"organisation": organisation.pk, "amount": str(need.amount), "stage": need.stage},
    )
    return need


@transaction.atomic
def close_funding_need(*, actor: "User", need: FundingNeed) -> FundingNeed:
    """Close a funding need: investors no longer see it. Side effects: audit entry."""
    require(actor, "financing.change_need", need)
    need = FundingNeed.objects.select_for_update().get(pk=need.pk)
    need.status = FundingNeed.Status.CLOSED
    need.save(update_fields=["status"])
    record_action(actor=actor, action="financing.need_closed", target=need)
    return need


@transaction.atomic
def save_thesis(
    *,
    actor: "User",
    organisation: "Organisation",
    investor_type: str,
    stages: Iterable[str],
    ticket_min: Any,
    ticket_max: Any,
    sectors: "Iterable[Industry]" = (),
    cities: "Iterable[City]" = (),
    summary: str = "",
) -> Thesis:
    """Create or replace a verified investor's thesis. Raises ValidationError. Side effects: audit entry."""
    require(actor, "financing.keep_thesis", organisation)
    stages = sorted(set(stages))
    unknown = [s for s in stages if s not in Stage.values]
    if unknown:
        raise ValidationError({"stages": _("Unknown stage.")})
    low = Decimal("0") if ticket_min in (None, "", 0) else money(ticket_min, "ticket_min")
    high = money(ticket_max, "ticket_max")
    if high < low:
        raise ValidationError({"ticket_max": _("The ticket's upper end is below its lower end.")})
    thesis = Thesis.objects.filter(organisation=organisation).first() or Thesis(organisation=organisation)
    thesis.investor_type, thesis.stages, thesis.ticket_min, thesis.ticket_max = investor_type, stages, low, high
    thesis.summary = summary
    thesis.full_clean(exclude=["organisation"])
    thesis.save()
    thesis.sectors.set(sectors)
    thesis.cities.set(cities)
    thesis.save()  # re-index with its sectors and cities
    record_action(actor=actor, action="financing.thesis_saved", target=thesis, data={"stages": stages})
    return thesis


def request_meeting(
    *, actor: "User", need: FundingNeed, investor: "Organisation", message: str, programme: "Programme | None" = None
) -> MeetingRequest:
    """An investor asks the startup to meet about a need: a conversation thread opens with the message, and with
    `programme` (an event's 1:1 meetings) the request goes into the meeting zone as well.

    In the meeting zone, `meetings.domain.request_meeting_in_programme` stores the event's meeting request and takes
    it in as a 1:1 request between a participant of each side (or it waits until both have one); the scheduler
    places it in a slot, as it does a roadshow's. Without an event it is a standalone meeting arranged in the
    conversation. Raises ValidationError when the investor already asked about this need, or the event takes no
    request (nothing is stored then). Side effects: a MeetingRequest, a thread and its first message (the
    startup's people are told by conversations), the event's request, a notification to the startup's admins
    naming the event, an audit entry.
    """
    require(actor, "financing.request_meeting", investor)
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Write a message.")})
    if need.status != FundingNeed.Status.OPEN:
        raise ValidationError({"need": _("This funding need is closed.")})
    with transaction.atomic():
        try:
            with transaction.atomic():
                meeting = MeetingRequest.objects.create(need=need, investor=investor, requested_by=actor, message=message)
        except IntegrityError:
            raise ValidationError({"need": _("Your organisation has already asked to meet about this need.")}) from None
        if programme is not None:
            meeting.event_request = request_meeting_in_programme(
                actor=actor, programme=programme, asking=investor, invited=need.organisation, note=message, tell_invited=False
            )
        thread, _created = start_thread(
            actor=actor, from_org=investor, to_org=need.organisation, subject=need, subject_title=need.title, body=message
        )
        meeting.thread = thread
        meeting.save(update_fields=["thread", "event_request"])
        record_action(
            actor=actor,
            action="financing.meeting_requested",
            target=meeting,
            data={"need": need.pk, "investor": investor.pk, "event": programme.event_id if programme is not None else None},
        )
        name, title = str(investor), need.title
        event_title = programme.event.title if programme is not None else ""

        def subject() -> str:
            if event_title:
                return _("%(investor)s would like to meet about “%(need)s” at %(event)s") % {
                    "investor": name, "need": title, "event": event_title}
            return _("%(investor)s would like to meet about “%(need)s”") % {"investor": name, "need": title}

        notify(
            admins_of(need.organisation), kind="financing.meeting_requested", subject=subject, body=lambda: message,
            link=f"/conversations/{thread.pk}/",
        )
    return meeting


# dedicated funds ---------------------------------------------------------------------------------


@transaction.atomic
def save_fund(*, actor: "User", fund: Fund) -> Fund:
    """Open or change a dedicated fund (its operators: the district's, or platform operators). A budget below
    what was awarded already is refused. Side effects: audit entry."""
    require(actor, "financing.run_fund", fund)
    check_fund(fund)
    if fund.pk is not None:
        awarded = Fund.objects.select_for_update().get(pk=fund.pk).awarded_total
        if fund.budget < awarded:
            raise ValidationError({"budget": _("The budget cannot be below what was awarded already.")})
        fund.awarded_total = awarded
    created = fund.pk is None
    fund.save()
    record_action(
        actor=actor, action="financing.fund_opened" if created else "financing.fund_changed", target=fund, data={"budget": str(fund.budget)}
    )
    return fund


def check_fund(fund: Fund) -> None:
    """A call has a title, a budget in yuan to the fen and, when it opens, a deadline not past (China time).

    Raises ValidationError naming the fields (the admin's form and the pages show them)."""
    errors: dict[str, str] = {}
    if not (fund.title_zh or "").strip() and not (fund.title_en or "").strip():
        errors["title_zh"] = _("Give the fund a title in Chinese or English.")
    try:
        budget = money(fund.budget, "budget")
    except ValidationError as exc:
        errors.update({field: messages[0] for field, messages in exc.message_dict.items()})
    else:
        if budget != Decimal(str(fund.budget)):
            errors["budget"] = _("Give the budget in yuan to the fen (at most two decimals).")
        fund.budget = budget
    if fund.deadline is None:
        errors["deadline"] = _("Give the last day to apply.")
    elif not in_supported_range(fund.deadline):
        errors["deadline"] = out_of_range_message()
    elif fund.pk is None and fund.deadline < china_today():
        errors["deadline"] = _("The last day to apply cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    fund.full_clean(exclude=["awarded_total"])


@transaction.atomic
def assign_reviewers(*, actor: "User", fund: Fund, reviewers: Iterable["User"]) -> Fund:
    """Name the fund's reviewers (replaces the list). Side effects: audit entry."""
    require(actor, "financing.run_fund", fund)
    people = list(reviewers)
    fund.reviewers.set(people)
    record_action(actor=actor, action="financing.reviewers_assigned", target=fund, data={"reviewers": [p.pk for p in people]})
    return fund


def prefill(organisation: "Organisation", need: FundingNeed | None = None) -> dict[str, Any]:
    """What the platform already holds about an applicant, copied into the application when it is made."""
    used = AccessRequest.objects.filter(organisation=organisation, status=AccessRequest.Status.ACTIVE).select_related("resource").order_by("-pk")[:20]
    won = Challenge.objects.filter(awarded_proposal__organisation=organisation).order_by("-pk")[:20]
    data: dict[str, Any] = {
        "credit_code": organisation.credit_code or "",
        "name_zh": organisation.name_zh,
        "name_en": organisation.name_en,
        "city": organisation.city.slug if organisation.city is not None else "",
        "industries": sorted(i.code for i in organisation.industries.all()),
        "resources_used": [r.resource.title for r in used],
        "challenges_won": [c.title for c in won],
    }
    if need is not None:
        data["need"] = {
            "title": need.title,
            "stage": need.stage,
            "amount": str(need.amount),
            "use_of_funds": need.use_of_funds,
            "traction": need.traction,
        }
    return data


@transaction.atomic
def apply_to_fund(
    *, actor: "User", fund: Fund, organisation: "Organisation", amount: Any, plan: str, need: FundingNeed | None = None
) -> FundApplication:
    """Apply to an open fund for an organisation the actor administers, with the platform's data pre-filled.

    Raises ValidationError (closed fund, past deadline, already applied). Side effects: audit entry, the
    fund's operators are told.
    """
    require(actor, "financing.apply", organisation)
    if fund.status != Fund.Status.OPEN or china_today() > fund.deadline:
        raise ValidationError({"fund": _("This fund no longer takes applications.")})
    if need is not None and need.organisation_id != organisation.pk:
        raise ValidationError({"need": _("Choose one of your organisation's funding needs.")})
    plan = (plan or "").strip()
    if not plan:
        raise ValidationError({"plan": _("Describe what the money will achieve.")})
    value = money(amount, "amount")
    if value > fund.budget:
        raise ValidationError({"amount": _("The amount is more than the fund's budget.")})
    try:
        with transaction.atomic():
            application = FundApplication.objects.create(
                fund=fund, organisation=organisation, need=need, amount=value, plan=plan, submitted_by=actor, prefilled=prefill(organisation, need)
            )
    except IntegrityError:
        raise ValidationError({"fund": _("Your organisation has already applied to this fund.")}) from None
    record_action(actor=actor, action="financing.applied", target=application, data={"fund": fund.pk, "amount": str(value)})
    org, title = str(organisation), fund.title
    notify(
        operators_of(fund.city_id),
        kind="financing.application_received",
        subject=lambda: _("%(org)s applied to %(fund)s") % {"org": org, "fund": title},
        body=lambda: plan[:500],
        link=f"/financing/applications/{application.pk}/",
    )
    return application


@transaction.atomic
def score_application(*, actor: "User", application: FundApplication, score: int, comment: str = "", no_conflict: bool) -> FundReview:
    """A reviewer scores an application (0–100) after declaring no conflict of interest; scoring again
    replaces the score. Side effects: audit entry."""
    require(actor, "financing.review_application", application)
    if not no_conflict:
        raise ValidationError({"no_conflict": _("Declare that you have no conflict of interest, or do not review.")})
    if not isinstance(score, int) or not 0 <= score <= 100:
        raise ValidationError({"score": _("Give a score from 0 to 100.")})
    if application.status != FundApplication.Status.SUBMITTED:
        raise AlreadyDecided({"application": _("This application has been decided.")})
    review, _created = FundReview.objects.update_or_create(
        application=application, reviewer=actor, defaults={"score": score, "comment": comment, "no_conflict": True}
    )
    record_action(actor=actor, action="financing.scored", target=application, data={"score": score})
    return review


def _decide(application: FundApplication) -> tuple[Fund, FundApplication]:
    """Lock the fund, then the application (always in this order), and check it is still undecided."""
    fund = Fund.objects.select_for_update().get(pk=application.fund_id)
    locked = FundApplication.objects.select_for_update().select_related("organisation").get(pk=application.pk)
    if locked.status != FundApplication.Status.SUBMITTED:
        raise AlreadyDecided({"application": _("This application has been decided.")})
    return fund, locked


@transaction.atomic
def award_application(*, actor: "User", application: FundApplication, amount: Any = None) -> FundApplication:
    """Award an application (the amount asked unless another is given) after two reviews, never more than
    what is left of the fund's budget, checked under a row lock on the fund in this transaction.

    Raises BudgetExceeded, AlreadyDecided or ValidationError. Side effects: the fund's awarded total, audit
    entry, the applicant's admins are told.
    """
    require(actor, "financing.decide_application", application)
    fund, application = _decide(application)
    if application.reviews.count() < REVIEWS_BEFORE_DECISION:
        raise ValidationError({"application": _("Two reviewers must score an application before it is decided.")})
    value = application.amount if amount in (None, "") else money(amount, "amount")
    if value > fund.remaining:
        raise BudgetExceeded({"amount": _("Only %(left)s yuan are left in this fund.") % {"left": fund.remaining}})
    fund.awarded_total += value
    fund.save(update_fields=["awarded_total"])
    application.status, application.awarded_amount = FundApplication.Status.AWARDED, value
    application.decided_by, application.decided_at = actor, timezone.now()
    application.save(update_fields=["status", "awarded_amount", "decided_by", "decided_at"])
    record_action(
        actor=actor, action="financing.awarded", target=application, data={"fund": fund.pk, "amount": str(value), "remaining": str(fund.remaining)}
    )
    title, shown = fund.title, str(value)
    notify(
        admins_of(application.organisation),
        kind="financing.application_decided",
        subject=lambda: _("%(fund)s awarded you %(amount)s yuan") % {"fund": title, "amount": shown},
        body=lambda: "",
        link=f"/financing/applications/{application.pk}/",
    )
    return application


@transaction.atomic
def reject_application(*, actor: "User", application: FundApplication, reason: str) -> FundApplication:
    """Decline an application with a reason. Side effects: audit entry, the applicant's admins are told."""
    require(actor, "financing.decide_application", application)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    _fund, application = _decide(application)
    application.status = FundApplication.Status.REJECTED
    application.decided_by, application.decided_at = actor, timezone.now()
    application.save(update_fields=["status", "decided_by", "decided_at"])
    record_action(actor=actor, action="financing.rejected", target=application, data={"reason": reason})
    title = application.fund.title
    notify(
        admins_of(application.organisation),
        kind="financing.application_decided",
        subject=lambda: _("%(fund)s did not award your application") % {"fund": title},
        body=lambda: reason,
        link=f"/financing/applications/{application.pk}/",
    )
    return application
