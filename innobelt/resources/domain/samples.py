"""Sample-testing jobs (送样检测): submitted by a seeker, quoted by the owner, accepted, received, measuring, results
delivered (`completed`), closed.

Who moves a job: the seeker organisation's own people submit, accept the quote and report the outcome
(`resources.act_for_seeker`); the owner's admins and platform operators (`resources.manage_sample_jobs`: the lab's
side) quote, receive the samples, start measuring, deliver the results and close the job; either side cancels
before the samples are received.

Every transition locks the job's row (SELECT ... FOR UPDATE) and re-reads its status there: a transition
from the wrong state raises `SampleJobStateError` (the API answers 409), so two people acting at once never
both move a job. The quote takes the price per sample of the requester's user class from the price list
(no price: free) and copies it; accepting the quote issues the job's cost statement line, cancelling an
accepted job credits it (docs/adr/0304-sample-jobs-day-prices.md). The hooks in resources/hooks.py tell
apps below (vouchers) when a job is accepted, completed or cancelled, inside the same transaction.
"""

from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

import chinese_calendar  # type: ignore[import-untyped]
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innobelt.audit.domain import record_action
from innobelt.files.domain import save_upload
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import admins_of
from innobelt.permissions import can, require
from innobelt.resources import hooks, sample_payments
from innobelt.resources.domain.pricing import to_fen, user_class_of
from innobelt.resources.domain.statements import credit_sample_line, issue_sample_line
from innobelt.resources.models import AccessRequest, ResourcePrice, SampleJob, SampleJobOutcome
from innobelt.resources.models.pricing import PriceUnit
from innobelt.resources.models.samples import MAX_SAMPLES

if TYPE_CHECKING:
    from innobelt.accounts.models import User

MAX_TURNAROUND_DAYS = 250
S = SampleJob.Status
#: what a notice says happened (translated when the notice is rendered in the recipient's language)
STEPS = {
    "submitted": gettext_lazy("samples submitted"),
    "quoted": gettext_lazy("quote ready"),
    "accepted": gettext_lazy("quote accepted"),
    "received": gettext_lazy("samples received"),
    "measuring": gettext_lazy("measuring started"),
    "completed": gettext_lazy("results delivered"),
    "closed": gettext_lazy("job closed"),
    "cancelled": gettext_lazy("cancelled"),
    "reported": gettext_lazy("outcome reported"),
}


class SampleJobStateError(Exception):
    """The job is not in a state that allows this step (someone else moved it, or it is closed)."""

    def __init__(self, job: SampleJob, message: str):
        self.job, self.message = job, message
        super().__init__(message)


def _locked(job: SampleJob, *allowed: str) -> SampleJob:
    """The job's row, locked and re-read; SampleJobStateError unless its status is one of `allowed`."""
    locked = SampleJob.objects.select_for_update().select_related("resource", "resource__owner", "organisation", "requested_by").get(pk=job.pk)
    if locked.status not in allowed:
        raise SampleJobStateError(
            locked, _("This sample job is %(status)s; that step is not possible now.") % {"status": locked.get_status_display()}
        )
    return locked


def _tell(job: SampleJob, recipients: Iterable["User"], subject: str) -> None:
    notify(recipients, kind="resources.sample_job", link=job.get_absolute_url(), subject=partial(_subject, job, subject), body=partial(_body, job))


def _subject(job: SampleJob, what: str) -> str:
    return _("Sample job #%(id)d, %(resource)s: %(what)s") % {"id": job.pk, "resource": job.resource.title, "what": STEPS[what]}


def _body(job: SampleJob) -> str:
    return _("%(n)d samples, %(method)s. Status: %(status)s.") % {"n": job.samples, "method": job.method, "status": job.get_status_display()}


def _requester_side(job: SampleJob) -> list["User"]:
    return [job.requested_by]


def submit_sample_job(*, actor: "User", access_request: AccessRequest, samples: int, description: str, method: str, hazards: str = "") -> SampleJob:
    """A seeker sends samples to be measured on the request's equipment (the request must be active: terms accepted).
    Raises ValidationError, nothing written, for bad input. Side effects: audit, a notice to the owner's admins."""
    require(actor, "resources.act_for_seeker", access_request)
    resource = access_request.resource
    if access_request.status != AccessRequest.Status.ACTIVE:
        raise ValidationError(_("Only an approved request whose terms were accepted lets you send samples."))
    if not (resource.is_bookable and resource.accepts_samples):
        raise ValidationError(_("This equipment does not accept samples for testing."))
    if not resource.is_published:
        raise ValidationError(_("This equipment is not in the register now."))
    problems: dict[str, list[str]] = {}
    if not isinstance(samples, int) or not 1 <= samples <= MAX_SAMPLES:
        problems["samples"] = [_("Send between 1 and %(n)d samples.") % {"n": MAX_SAMPLES}]
    description, method, hazards = (description or "").strip(), (method or "").strip(), (hazards or "").strip()
    if not description:
        problems["description"] = [_("Describe the samples (material, form, size).")]
    if not method:
        problems["method"] = [_("Say which test or method you need.")]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        job = SampleJob.objects.create(
            resource=resource,
            access_request=access_request,
            organisation_id=access_request.organisation_id,
            requested_by=actor,
            samples=samples,
            description=description[:2000],
            method=method[:300],
            hazards=hazards[:500],
        )
        record_action(actor=actor, action="sample_job.submitted", target=job, data={"resource": resource.pk, "samples": samples})
    _tell(job, admins_of(resource.owner), "submitted")
    return job


@transaction.atomic
def quote_sample_job(*, actor: "User", job: SampleJob, turnaround_days: int, note: str = "") -> SampleJob:
    """The owner quotes: the price per sample of the requester's user class from the price list (none: free) times
    the number of samples, half-up to the fen, and a turnaround in working days. A quote not yet accepted may be
    quoted again (a price change then applies). Side effects: audit, a notice to the requester."""
    require(actor, "resources.manage_sample_jobs", job.resource)
    if not isinstance(turnaround_days, int) or not 1 <= turnaround_days <= MAX_TURNAROUND_DAYS:
        raise ValidationError({"turnaround_days": _("Give a turnaround between 1 and %(n)d working days.") % {"n": MAX_TURNAROUND_DAYS}})
    job = _locked(job, S.SUBMITTED, S.QUOTED)
    user_class = user_class_of(job.organisation, job.resource)
    price = ResourcePrice.objects.filter(resource=job.resource, user_class=user_class, unit=PriceUnit.SAMPLE).values_list("amount", flat=True).first()
    job.user_class, job.unit_price = user_class, price
    job.amount = to_fen(price * job.samples) if price is not None else to_fen(0)
    job.turnaround_days, job.quote_note = turnaround_days, (note or "").strip()[:500]
    job.status, job.quoted_at = S.QUOTED, timezone.now()
    job.save(update_fields=["user_class", "unit_price", "amount", "turnaround_days", "quote_note", "status", "quoted_at"])
    record_action(
        actor=actor,
        action="sample_job.quoted",
        target=job,
        data={
            "user_class": user_class,
            "unit_price": None if price is None else str(price),
            "amount": str(job.amount),
            "turnaround_days": turnaround_days,
        },
    )
    _tell(job, _requester_side(job), "quoted")
    return job


@transaction.atomic
def accept_sample_quote(*, actor: "User", job: SampleJob) -> SampleJob:
    """The requester accepts the quote: the job's statement line is issued with the quoted price (a later price
    change does not alter it). Side effects: a StatementLine, the vouchers hook, audit, a notice to the owner."""
    require(actor, "resources.act_for_seeker", job.access_request)
    job = _locked(job, S.QUOTED)
    job.status, job.accepted_at = S.ACCEPTED, timezone.now()
    job.save(update_fields=["status", "accepted_at"])
    record_action(actor=actor, action="sample_job.accepted", target=job, data={"amount": str(job.amount)})
    issue_sample_line(job=job, actor=actor)
    hooks.sample_job_accepted(job=job, actor=actor)  # a voucher chosen on acceptance pays in accept_and_pay
    _tell(job, admins_of(job.resource.owner), "accepted")
    return job


def accept_and_pay(*, actor: "User", job: SampleJob, payment: str, key: str) -> tuple[SampleJob, sample_payments.PaidShare]:
    """Accept the quote and pay it with `payment` (an option's value, e.g. a voucher) in one transaction: the job's row
    is locked, then what pays (the voucher). A payment refused (ValidationError: unknown, not the firm's, not eligible;
    the kit's ConflictError: the balance) leaves the quote unaccepted; a job no longer quoted raises
    SampleJobStateError and pays nothing, unless this very acceptance (the same payment and key) was made already:
    then it answers that payment again (a retried request). Side effects: those of accept_sample_quote and the payer's."""
    chosen = sample_payments.payer_of(payment)
    if chosen is None:
        raise ValidationError({"payment": _("Choose how to pay from the list.")})
    payer, reference = chosen
    try:
        with transaction.atomic():
            accepted = accept_sample_quote(actor=actor, job=job)
            return accepted, payer.pay(actor=actor, job=accepted, reference=reference, key=key)
    except SampleJobStateError:
        earlier = payer.replay(actor=actor, job=job, reference=reference, key=key)
        if earlier is None:
            raise
        return SampleJob.objects.get(pk=job.pk), earlier


@transaction.atomic
def receive_samples(*, actor: "User", job: SampleJob) -> SampleJob:
    """The owner's staff have the samples: turnaround counts from now. Side effects: audit, a notice."""
    require(actor, "resources.manage_sample_jobs", job.resource)
    job = _locked(job, S.ACCEPTED)
    job.status, job.received_at = S.RECEIVED, timezone.now()
    job.save(update_fields=["status", "received_at"])
    record_action(actor=actor, action="sample_job.received", target=job)
    _tell(job, _requester_side(job), "received")
    return job


@transaction.atomic
def start_measuring(*, actor: "User", job: SampleJob) -> SampleJob:
    """The owner's staff start measuring received samples (the results can be delivered only after this).
    Side effects: audit, a notice to the requester."""
    require(actor, "resources.manage_sample_jobs", job.resource)
    job = _locked(job, S.RECEIVED)
    job.status, job.measuring_at = S.MEASURING, timezone.now()
    job.save(update_fields=["status", "measuring_at"])
    record_action(actor=actor, action="sample_job.measuring", target=job)
    _tell(job, _requester_side(job), "measuring")
    return job


def report_sample_results(*, actor: "User", job: SampleJob, upload: UploadedFile, note: str = "") -> SampleJob:
    """The owner delivers the results of a job being measured (a PDF, private to both sides): the job is completed.
    Side effects: a stored file of the owner, the vouchers hook (redeem), audit, a notice to the requester."""
    require(actor, "resources.manage_sample_jobs", job.resource)
    with transaction.atomic():
        job = _locked(job, S.MEASURING)
        stored = save_upload(actor=actor, organisation=job.resource.owner, kind="document", upload=upload)
        job.results_file, job.results_note = stored, (note or "").strip()[:2000]
        job.status, job.completed_at = S.COMPLETED, timezone.now()
        job.save(update_fields=["results_file", "results_note", "status", "completed_at"])
        record_action(actor=actor, action="sample_job.completed", target=job, data={"file": str(stored.pk)})
        hooks.sample_job_completed(job=job, actor=actor)  # vouchers redeems here
    _tell(job, _requester_side(job), "completed")
    return job


@transaction.atomic
def close_sample_job(*, actor: "User", job: SampleJob) -> SampleJob:
    """The owner closes a job whose results were delivered: nothing moves it any more (the seeker may still report
    the outcome). Money, vouchers (redeemed on delivery) and turnaround do not change. Side effects: audit, a notice
    to the requester."""
    require(actor, "resources.manage_sample_jobs", job.resource)
    job = _locked(job, S.COMPLETED)
    job.status, job.closed_at, job.closed_by = S.CLOSED, timezone.now(), actor
    job.save(update_fields=["status", "closed_at", "closed_by"])
    record_action(actor=actor, action="sample_job.closed", target=job)
    _tell(job, _requester_side(job), "closed")
    return job


@transaction.atomic
def cancel_sample_job(*, actor: "User", job: SampleJob, reason: str = "") -> SampleJob:
    """Either side cancels before the samples are received; an accepted job's line is credited.
    Side effects: a credit StatementLine, the vouchers hook (release), audit, a notice to the other side."""
    by_owner = can(actor, "resources.manage_sample_jobs", job.resource)
    if not by_owner:
        require(actor, "resources.act_for_seeker", job.access_request)
    job = _locked(job, *SampleJob.CANCELLABLE)
    was_accepted = job.status == S.ACCEPTED
    job.status, job.cancelled_at, job.cancelled_by = S.CANCELLED, timezone.now(), actor
    job.cancel_reason = (reason or "").strip()[:300]
    job.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    record_action(actor=actor, action="sample_job.cancelled", target=job, data={"by_owner": by_owner, "reason": job.cancel_reason})
    if was_accepted:
        credit_sample_line(job=job, actor=actor)
        hooks.sample_job_cancelled(job=job, actor=actor)  # vouchers releases here
    recipients = [u for u in [job.requested_by, *admins_of(job.resource.owner)] if u.pk != actor.pk]
    _tell(job, recipients, "cancelled")
    return job


@transaction.atomic
def report_sample_outcome(*, actor: "User", job: SampleJob, outcome: str, note: str = "") -> SampleJobOutcome:
    """The requester's people say what the delivered results were used for, before or after the owner closed the job:
    once per job (a second report raises SampleJobStateError, the API's 409). Nothing else changes: turnaround, statement lines and vouchers (redeemed
    when the results were delivered) stay as they are. Side effects: audit, a notice to the owner's admins."""
    require(actor, "resources.act_for_seeker", job.access_request)
    if outcome not in SampleJobOutcome.Outcome.values:
        raise ValidationError({"outcome": _("Choose one of the outcomes listed.")})
    job = _locked(job, *SampleJob.DELIVERED)  # the row lock serialises two reports of the same job
    if SampleJobOutcome.objects.filter(job=job).exists():
        raise SampleJobStateError(job, _("The outcome of this sample job was already reported."))
    report = SampleJobOutcome.objects.create(job=job, outcome=outcome, note=(note or "").strip()[:2000], reported_by=actor)
    record_action(actor=actor, action="sample_job.outcome_reported", target=job, data={"outcome": outcome})
    notify(
        admins_of(job.resource.owner),
        kind="resources.sample_job",
        link=job.get_absolute_url(),
        subject=partial(_subject, job, "reported"),
        body=partial(_outcome_body, report),
    )
    return report


def _outcome_body(report: SampleJobOutcome) -> str:
    text = _("Outcome: %(outcome)s.") % {"outcome": report.get_outcome_display()}
    return f"{text}\n{report.note}" if report.note else text


def working_days_between(start: date, end: date) -> int:
    """Working days in China after `start` up to and including `end` (0 when the same day); Monday–Friday for years
    whose holidays are not published."""
    days, day = 0, start
    while day < end:
        day = date.fromordinal(day.toordinal() + 1)
        try:
            working = bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            working = day.weekday() < 5
        days += working
    return days


def turnaround_days(job: SampleJob) -> int | None:
    """Working days from receiving the samples to delivering the results (None until both happened)."""
    if job.received_at is None or job.completed_at is None:
        return None
    return working_days_between(timezone.localtime(job.received_at).date(), timezone.localtime(job.completed_at).date())
