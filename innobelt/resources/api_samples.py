"""The sample-testing part of the resources API (mounted by resources/api.py): submit, quote, accept, receive, measuring,
results, close, cancel, and the requester's outcome report.

A step from the wrong state is a 409 (the job's row is locked and re-read by the domain); a job the caller may
not see is a 404, whoever asks.
"""

import json
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, UploadedFile
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import Status
from pydantic import ValidationError as PydanticValidationError

from innobelt.files.domain import file_response
from innobelt.kit.api_auth import SIGNED_IN
from innobelt.kit.api_errors import ConflictError, errors
from innobelt.resources import queries, sample_payments
from innobelt.resources.domain import samples as domain_samples
from innobelt.resources.models import SampleJob
from innobelt.resources.schemas.base import QueryParams
from innobelt.resources.schemas.samples import (
    ResourcesSampleAcceptedOut,
    ResourcesSampleAcceptIn,
    ResourcesSampleCancelIn,
    ResourcesSampleJobIn,
    ResourcesSampleJobOut,
    ResourcesSampleOutcomeIn,
    ResourcesSampleQuoteIn,
)
from innobelt.resources.schemas.statements import StatementLineOut
from innobelt.resources.statement_queries import with_paid_by_voucher

router = Router(tags=["resources"])
VOUCHER_PAYER = "vouchers"  # the payer (sample_payments.py) that an acceptance's `voucher` names; vouchers registers it


class ResourcesSampleJobQuery(QueryParams):
    role: Literal["any", "requester", "owner"] = "any"


def _job(request, job_id: int) -> SampleJob:
    return queries.sample_job_or_404(request.auth, job_id)


def _step(request, job_id: int, step) -> SampleJob:
    try:
        step(_job(request, job_id))
    except domain_samples.SampleJobStateError as exc:
        raise ConflictError(exc.message, {"status": exc.job.status}) from None
    return _job(request, job_id)


@router.post("/resources/{resource_id}/sample-jobs", response={201: ResourcesSampleJobOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def submit_sample_job(request, resource_id: int, payload: ResourcesSampleJobIn):
    """Send samples to be measured on the equipment, through your organisation's active request for it."""
    resource = queries.resource_detail(request.auth, resource_id)
    if resource is None or not resource.is_bookable:
        raise Http404
    mine = list(queries.active_requests_for(request.auth, resource)[:1])
    if not mine:
        raise PermissionDenied
    job = domain_samples.submit_sample_job(
        actor=request.auth,
        access_request=mine[0],
        samples=payload.samples,
        description=payload.description,
        method=payload.method,
        hazards=payload.hazards,
    )
    return Status(201, _job(request, job.pk))


@router.get("/sample-jobs", response={200: list[ResourcesSampleJobOut], **errors()}, auth=SIGNED_IN)
def list_sample_jobs(request, query: Query[ResourcesSampleJobQuery]):
    """Sample jobs of your organisations: `role` requester, owner, or any (both)."""
    jobs = {"requester": queries.sample_jobs_as_requester, "owner": queries.sample_jobs_as_owner}.get(query.role, queries.visible_sample_jobs)
    return list(jobs(request.auth).order_by("-created_at", "-pk")[:200])


@router.get("/sample-jobs/{job_id}", response={200: ResourcesSampleJobOut, **errors(404)}, auth=SIGNED_IN)
def get_sample_job(request, job_id: int):
    return _job(request, job_id)


@router.post("/sample-jobs/{job_id}/quote", response={200: ResourcesSampleJobOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def quote_sample_job(request, job_id: int, payload: ResourcesSampleQuoteIn):
    """The owner quotes: the price per sample of the requester's class from the price list, and a turnaround."""
    return _step(
        request,
        job_id,
        lambda job: domain_samples.quote_sample_job(actor=request.auth, job=job, turnaround_days=payload.turnaround_days, note=payload.note),
    )


def _accept_body(request) -> ResourcesSampleAcceptIn | None:
    """The optional JSON body of an acceptance. Read here rather than declared as a ninja body: a POST without a body
    may come as an empty form (its stream already read by the edge middleware), which ninja cannot take as optional."""
    if request.content_type != "application/json" or not request.body.strip():
        return None
    try:
        data = json.loads(request.body)
    except ValueError:
        raise HttpError(400, "invalid JSON") from None
    try:
        return ResourcesSampleAcceptIn.model_validate(data)
    except PydanticValidationError as exc:
        raise NinjaValidationError([{"loc": ["body", *err["loc"]], "msg": err["msg"]} for err in exc.errors()]) from None


ACCEPT_BODY = {"requestBody": {"required": False, "content": {"application/json": {
    "schema": ResourcesSampleAcceptIn.model_json_schema()}}}}


@router.post("/sample-jobs/{job_id}/accept", response={200: ResourcesSampleAcceptedOut, **errors(400, 403, 404, 409)},
             auth=SIGNED_IN, openapi_extra=ACCEPT_BODY)
def accept_sample_quote(request, job_id: int):
    """The requester accepts the quote; the job's cost statement line is issued. With `voucher` (and an
    `idempotency_key`) the voucher's share is reserved in the same step, or nothing happens; the answer's `payment`
    shows the share and the co-payment."""
    payload = _accept_body(request)
    if payload is None or payload.voucher is None:
        return _step(request, job_id, lambda job: domain_samples.accept_sample_quote(actor=request.auth, job=job))
    if not payload.idempotency_key:
        raise ValidationError({"idempotency_key": _("Send an idempotency key of 1 to 80 characters.")})
    paid: list[sample_payments.PaidShare] = []
    payment, key = f"{VOUCHER_PAYER}:{payload.voucher}", payload.idempotency_key

    def accept(job):
        try:
            paid.append(domain_samples.accept_and_pay(actor=request.auth, job=job, payment=payment, key=key)[1])
        except sample_payments.PaymentNotFound:
            raise Http404 from None
        except sample_payments.PaymentNotAllowed:
            raise PermissionDenied from None

    job = _step(request, job_id, accept)
    job.paid_share = paid[0]  # type: ignore[attr-defined]  # read by ResourcesSampleAcceptedOut.resolve_payment
    return job


@router.post("/sample-jobs/{job_id}/receive", response={200: ResourcesSampleJobOut, **errors(403, 404, 409)}, auth=SIGNED_IN)
def receive_samples(request, job_id: int):
    """The owner has received the samples."""
    return _step(request, job_id, lambda job: domain_samples.receive_samples(actor=request.auth, job=job))


@router.post("/sample-jobs/{job_id}/measuring", response={200: ResourcesSampleJobOut, **errors(403, 404, 409)}, auth=SIGNED_IN)
def start_measuring(request, job_id: int):
    """The owner starts measuring the received samples."""
    return _step(request, job_id, lambda job: domain_samples.start_measuring(actor=request.auth, job=job))


@router.post("/sample-jobs/{job_id}/results", response={200: ResourcesSampleJobOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def report_sample_results(request, job_id: int, file: File[UploadedFile], note: Form[str] = ""):
    """The owner delivers the results (a PDF) of a job being measured, and the job is completed."""
    return _step(request, job_id, lambda job: domain_samples.report_sample_results(actor=request.auth, job=job, upload=file, note=note))


@router.get("/sample-jobs/{job_id}/results", response={200: None, **errors(404)}, auth=SIGNED_IN)
def download_sample_results(request, job_id: int):
    """The results file (both sides; 404 before it is delivered)."""
    job = _job(request, job_id)
    if job.results_file is None:
        raise Http404
    return file_response(job.results_file)


@router.post("/sample-jobs/{job_id}/close", response={200: ResourcesSampleJobOut, **errors(403, 404, 409)}, auth=SIGNED_IN)
def close_sample_job(request, job_id: int):
    """The owner closes a job whose results were delivered."""
    return _step(request, job_id, lambda job: domain_samples.close_sample_job(actor=request.auth, job=job))


@router.post("/sample-jobs/{job_id}/cancel", response={200: ResourcesSampleJobOut, **errors(403, 404, 409)}, auth=SIGNED_IN)
def cancel_sample_job(request, job_id: int, payload: ResourcesSampleCancelIn):
    """Either side cancels before the samples are received; an accepted job's statement line is credited."""
    return _step(request, job_id, lambda job: domain_samples.cancel_sample_job(actor=request.auth, job=job, reason=payload.reason))


@router.post("/sample-jobs/{job_id}/outcome", response={200: ResourcesSampleJobOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def report_sample_outcome(request, job_id: int, payload: ResourcesSampleOutcomeIn):
    """The requester reports what the delivered results were used for (completed or closed), once per job (a second
    report: 409)."""
    return _step(
        request,
        job_id,
        lambda job: domain_samples.report_sample_outcome(actor=request.auth, job=job, outcome=payload.outcome, note=payload.note),
    )


@router.get("/sample-jobs/{job_id}/statement", response={200: list[StatementLineOut], **errors(404)}, auth=SIGNED_IN)
def get_sample_job_statement(request, job_id: int):
    """The job's cost statement: the line issued when the quote was accepted, and the credit if it was cancelled."""
    return with_paid_by_voucher(list(_job(request, job_id).statement_lines.select_related("organisation").order_by("issued_at", "pk")))
