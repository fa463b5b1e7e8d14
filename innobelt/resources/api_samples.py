"""The sample-testing part of the resources API (mounted by resources/api.py): submit, quote, accept, receive, measuring,
results, close, cancel, and the requester's outcome report.

A step from the wrong state is a 409 (the job's row is locked and re-read by the domain); a job the caller may
not see is a 404, whoever asks.
"""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import File, Form, Query, Router, UploadedFile
from ninja.responses import Status

from innobelt.files.domain import file_response
from innobelt.kit.api_auth import SIGNED_IN
from innobelt.kit.api_errors import ConflictError, errors
from innobelt.resources import queries
from innobelt.resources.domain import samples as domain_samples
from innobelt.resources.models import SampleJob
from innobelt.resources.schemas.base import QueryParams
from innobelt.resources.schemas.samples import (
    ResourcesSampleCancelIn,
    ResourcesSampleJobIn,
    ResourcesSampleJobOut,
    ResourcesSampleOutcomeIn,
    ResourcesSampleQuoteIn,
)
from innobelt.resources.schemas.statements import StatementLineOut

router = Router(tags=["resources"])


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


@router.post("/sample-jobs/{job_id}/accept", response={200: ResourcesSampleJobOut, **errors(403, 404, 409)}, auth=SIGNED_IN)
def accept_sample_quote(request, job_id: int):
    """The requester accepts the quote; the job's cost statement line is issued."""
    return _step(request, job_id, lambda job: domain_samples.accept_sample_quote(actor=request.auth, job=job))


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
    return _job(request, job_id).statement_lines.select_related("organisation").order_by("issued_at", "pk")
