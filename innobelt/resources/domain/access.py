"""Access requests: ask, decide, ask for more, answer, accept the terms, report the outcome."""

from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.notifications.domain import notify
from innobelt.organisations.models import Membership, Organisation
from innobelt.organisations.queries import admins_of
from innobelt.permissions import can, require
from innobelt.resources import hooks
from innobelt.resources.models import AccessRequest, Booking, OutcomeReport, RequestMessage, Resource

if TYPE_CHECKING:
    from innobelt.accounts.models import User

OUTCOME_DUE_AFTER = timedelta(days=30)  # after the terms were accepted, for resources that are not booked


def eligibility_problems(resource: Resource, organisation: Organisation) -> list[str]:
    """Why this organisation may not ask for this resource, in the active language ([] when it may)."""
    problems = []
    name = organisation.name
    if organisation.pk == resource.owner_id:
        problems.append(_("%(organisation)s owns this resource.") % {"organisation": name})
    if resource.only_smes_and_startups and organisation.kind not in (Organisation.Kind.SME, Organisation.Kind.STARTUP):
        problems.append(_("Only SMEs and startups may use this resource; %(organisation)s is registered as a %(kind)s.")
                        % {"organisation": name, "kind": organisation.get_kind_display()})
    if resource.only_belt_organisations and organisation.city_id is None:
        problems.append(_("Only organisations in the Belt may use this resource; %(organisation)s has no city or district of the Belt.")
                        % {"organisation": name})
    if resource.only_goi_members and not organisation.is_goi_member:
        problems.append(_("Only firms supported by the GOI programme may use this resource; %(organisation)s is not a GOI member.")
                        % {"organisation": name})
    return problems


def _lock(access_request: AccessRequest) -> AccessRequest:
    return AccessRequest.objects.select_for_update().select_related("resource", "resource__owner", "organisation").get(
        pk=access_request.pk)


def _expect(access_request: AccessRequest, *statuses: str) -> None:
    if access_request.status not in statuses:
        raise ValidationError(_("This request is %(status)s; that cannot be done now.")
                              % {"status": access_request.get_status_display()})


def _seekers(access_request: AccessRequest) -> list["User"]:
    return [access_request.requested_by, *admins_of(access_request.organisation)]


@transaction.atomic
def request_access(*, user: "User", resource: Resource, organisation: Organisation, purpose: str) -> AccessRequest:
    """Ask, for one's organisation, to use a resource. Eligibility is checked at once and every
    reason it fails is given. Side effects: AccessRequest row, audit entry, notice to the owner's admins."""
    require(user, "resources.request_access")
    if not can(user, "resources.view_resource", resource) or not resource.is_published:
        raise PermissionDenied(_("You are not allowed to do this."))
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError({"organisation": _("You do not act for %(organisation)s.") % {"organisation": organisation.name}})
    purpose = (purpose or "").strip()
    if len(purpose) < 10:
        raise ValidationError({"purpose": _("Say in a sentence or two what you need the resource for.")})
    problems = eligibility_problems(resource, organisation)
    if problems:
        raise ValidationError({"organisation": problems})
    if AccessRequest.objects.filter(resource=resource, organisation=organisation, status__in=AccessRequest.OPEN).exists():
        raise ValidationError({"organisation": _("%(organisation)s already has an open request for this resource.")
                               % {"organisation": organisation.name}})
    access_request = AccessRequest.objects.create(resource=resource, organisation=organisation, requested_by=user, purpose=purpose)
    record_action(actor=user, action="resource.access_requested", target=access_request, data={"resource": resource.pk})
    notify(admins_of(resource.owner), kind="resources.request_received",
           subject=lambda: _("%(organisation)s asks to use %(resource)s") % {"organisation": organisation.name, "resource": resource.title},
           body=lambda: _("Purpose: %(purpose)s") % {"purpose": purpose},
           link=access_request.get_absolute_url())
    return access_request


@transaction.atomic
def approve_access_request(*, actor: "User", access_request: AccessRequest, note: str = "") -> AccessRequest:
    """Approve, with the owner's note kept on the request; the seeker then accepts the terms.
    Side effects: audit entry, notice to the seeker."""
    require(actor, "resources.decide_accessrequest", access_request)
    access_request = _lock(access_request)
    _expect(access_request, AccessRequest.Status.PENDING, AccessRequest.Status.MORE_INFO)
    note = (note or "").strip()
    access_request.status, access_request.decided_by, access_request.decided_at = AccessRequest.Status.APPROVED, actor, timezone.now()
    access_request.approval_note = note
    access_request.save(update_fields=["status", "decided_by", "decided_at", "approval_note", "updated_at"])
    record_action(actor=actor, action="resource.access_approved", target=access_request, data={"note": note})
    resource = access_request.resource
    notify(_seekers(access_request), kind="resources.request_approved",
           subject=lambda: _("Your request for %(resource)s was approved") % {"resource": resource.title},
           body=lambda: (note + "\n\n" if note else "") + _("Accept the terms to start using it."),
           link=access_request.get_absolute_url())
    return access_request


@transaction.atomic
def decline_access_request(*, actor: "User", access_request: AccessRequest, reason: str, text: str = "") -> AccessRequest:
    """Decline with a reason from the list and an explanation. A bad reason changes nothing.

    Side effects: audit entry, notice to the seeker.
    """
    require(actor, "resources.decide_accessrequest", access_request)
    if reason not in AccessRequest.DeclineReason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    text = (text or "").strip()
    if reason == AccessRequest.DeclineReason.OTHER and not text:
        raise ValidationError({"text": _("Explain the reason.")})
    access_request = _lock(access_request)
    _expect(access_request, AccessRequest.Status.PENDING, AccessRequest.Status.MORE_INFO)
    access_request.status, access_request.decline_reason, access_request.decline_text = AccessRequest.Status.DECLINED, reason, text
    access_request.decided_by, access_request.decided_at = actor, timezone.now()
    access_request.save()
    record_action(actor=actor, action="resource.access_declined", target=access_request, data={"reason": reason})
    resource = access_request.resource
    notify(_seekers(access_request), kind="resources.request_declined",
           subject=lambda: _("Your request for %(resource)s was declined") % {"resource": resource.title},
           body=lambda: "\n".join(filter(None, [str(AccessRequest.DeclineReason(reason).label).capitalize() + ".", text])),
           link=access_request.get_absolute_url())
    return access_request


@transaction.atomic
def ask_for_information(*, actor: "User", access_request: AccessRequest, question: str) -> RequestMessage:
    """The owner asks the seeker a question; the request waits for the answer."""
    require(actor, "resources.decide_accessrequest", access_request)
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": _("Write the question.")})
    access_request = _lock(access_request)
    _expect(access_request, AccessRequest.Status.PENDING, AccessRequest.Status.MORE_INFO)
    access_request.status = AccessRequest.Status.MORE_INFO
    access_request.save(update_fields=["status", "updated_at"])
    message = RequestMessage.objects.create(request=access_request, author=actor, kind=RequestMessage.Kind.QUESTION, text=question)
    record_action(actor=actor, action="resource.access_information_asked", target=access_request)
    resource = access_request.resource
    notify(_seekers(access_request), kind="resources.more_info_asked",
           subject=lambda: _("The owner of %(resource)s asks for more information") % {"resource": resource.title},
           body=lambda: question, link=access_request.get_absolute_url())
    return message


@transaction.atomic
def answer_information_request(*, user: "User", access_request: AccessRequest, answer: str) -> RequestMessage:
    """The seeker answers; the request goes back to the owner."""
    require(user, "resources.act_for_seeker", access_request)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    access_request = _lock(access_request)
    _expect(access_request, AccessRequest.Status.MORE_INFO)
    access_request.status = AccessRequest.Status.PENDING
    access_request.save(update_fields=["status", "updated_at"])
    message = RequestMessage.objects.create(request=access_request, author=user, kind=RequestMessage.Kind.ANSWER, text=answer)
    record_action(actor=user, action="resource.access_information_given", target=access_request)
    organisation, resource = access_request.organisation, access_request.resource
    notify(admins_of(resource.owner), kind="resources.request_answered",
           subject=lambda: _("%(organisation)s answered about %(resource)s") % {"organisation": organisation.name, "resource": resource.title},
           body=lambda: answer, link=access_request.get_absolute_url())
    return message


@transaction.atomic
def accept_terms(*, user: "User", access_request: AccessRequest, nda_acknowledged: bool = False, conditions_accepted: bool = False) -> AccessRequest:
    """The seeker accepts the owner's terms (and acknowledges the NDA where one is required);
    the resource is then in use and equipment can be booked. Side effects: audit, notice to the owner."""
    require(user, "resources.act_for_seeker", access_request)
    access_request = _lock(access_request)
    _expect(access_request, AccessRequest.Status.APPROVED)
    resource = access_request.resource
    errors = {}
    if not conditions_accepted:
        errors["conditions_accepted"] = [_("Accept the terms and conditions to continue.")]
    if resource.requires_nda and not nda_acknowledged:
        errors["nda_acknowledged"] = [_("The owner requires a non-disclosure agreement: acknowledge it to continue.")]
    if errors:
        raise ValidationError(errors)
    access_request.status, access_request.nda_acknowledged = AccessRequest.Status.ACTIVE, bool(nda_acknowledged)
    access_request.terms_accepted_by, access_request.terms_accepted_at = user, timezone.now()
    access_request.save()
    record_action(actor=user, action="resource.terms_accepted", target=access_request,
                  data={"nda": access_request.nda_acknowledged, "terms": resource.terms})
    organisation = access_request.organisation
    notify(admins_of(resource.owner), kind="resources.terms_accepted",
           subject=lambda: _("%(organisation)s accepted the terms of %(resource)s") % {"organisation": organisation.name,
                                                                                      "resource": resource.title},
           body=lambda: _("They can now use it."), link=access_request.get_absolute_url())
    return access_request


@transaction.atomic
def withdraw_access_request(*, user: "User", access_request: AccessRequest) -> AccessRequest:
    require(user, "resources.act_for_seeker", access_request)
    access_request = _lock(access_request)
    _expect(access_request, AccessRequest.Status.PENDING, AccessRequest.Status.MORE_INFO, AccessRequest.Status.APPROVED)
    access_request.status = AccessRequest.Status.WITHDRAWN
    access_request.save(update_fields=["status", "updated_at"])
    record_action(actor=user, action="resource.access_withdrawn", target=access_request)
    return access_request


@transaction.atomic
def report_outcome(*, user: "User", access_request: AccessRequest, summary: str, prototype: bool = False, test_result: bool = False,
                   product: bool = False, patent_filed: bool = False, financing_raised: bool = False,
                   financing_amount: Decimal | int | None = None) -> OutcomeReport:
    """File (or correct) what using the resource achieved. Side effects: audit, notice to the owner."""
    require(user, "resources.act_for_seeker", access_request)
    access_request = _lock(access_request)
    _expect(access_request, AccessRequest.Status.ACTIVE)
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("Say briefly what was achieved.")})
    if financing_amount is not None and not financing_raised:
        raise ValidationError({"financing_amount": _("Tick “financing raised” to give an amount.")})
    values = {"prototype": prototype, "test_result": test_result, "product": product, "patent_filed": patent_filed,
              "financing_raised": financing_raised, "financing_amount": financing_amount, "summary": summary,
              "reported_by": user, "reported_at": timezone.now()}
    OutcomeReport(request=access_request, **values).full_clean(exclude=["request"], validate_unique=False)
    report, created = OutcomeReport.objects.update_or_create(request=access_request, defaults=values)
    hooks.outcome_reported(access_request=access_request, actor=user)  # vouchers redeems ended bookings' reservations
    record_action(actor=user, action="resource.outcome_reported", target=access_request,
                  data={"outcomes": [n for n in OutcomeReport.OUTCOME_FIELDS if getattr(report, n)]})
    resource, organisation = access_request.resource, access_request.organisation
    notify(admins_of(resource.owner), kind="resources.outcome_reported",
           subject=lambda: _("%(organisation)s reported what %(resource)s helped achieve") % {"organisation": organisation.name,
                                                                                             "resource": resource.title},
           body=lambda: summary, link=access_request.get_absolute_url(), email=created)
    return report


def _outcome_subject(resource: Resource) -> str:
    return _("What did %(resource)s help you achieve?") % {"resource": resource.title}


def send_outcome_report_reminders(*, now: datetime | None = None) -> int:
    """Remind seekers to report the outcome: a day after their last booking ended (equipment)
    or 30 days after they accepted the terms (other kinds). Once per request."""
    now = now or timezone.now()
    due = (AccessRequest.objects.filter(status=AccessRequest.Status.ACTIVE, outcome__isnull=True, outcome_reminded_at__isnull=True)
           .select_related("resource", "requested_by").annotate(last_end=Max("bookings__end", filter=Q(bookings__status=Booking.Status.CONFIRMED))))
    sent = 0
    for access_request in due:
        resource = access_request.resource
        if resource.is_bookable:
            upcoming = Booking.objects.filter(access_request=access_request, status=Booking.Status.CONFIRMED, end__gt=now).exists()
            if access_request.last_end is None or upcoming or access_request.last_end > now - timedelta(days=1):
                continue
        elif access_request.terms_accepted_at is None or access_request.terms_accepted_at > now - OUTCOME_DUE_AFTER:
            continue
        if not AccessRequest.objects.filter(pk=access_request.pk, outcome_reminded_at__isnull=True).update(outcome_reminded_at=now):
            continue  # another worker sent it
        notify([access_request.requested_by], kind="resources.outcome_due",
               subject=partial(_outcome_subject, resource),
               body=lambda: _("Please report the outcome (a prototype, a test result, a product, a patent filed, financing raised): "
                              "it shows what sharing achieves in the Belt."),
               link=access_request.get_absolute_url())
        sent += 1
    return sent
