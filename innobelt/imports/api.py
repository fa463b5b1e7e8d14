"""An import's status for API clients (imports are started by each app's import endpoint)."""

from datetime import datetime
from uuid import UUID

from django.urls import reverse
from ninja import Router, Schema

from innobelt.imports.models import ImportJob
from innobelt.imports.queries import visible_job_or_404
from innobelt.kit.api_auth import SIGNED_IN
from innobelt.kit.api_errors import errors

router = Router(tags=["imports"])


class RowErrorOut(Schema):
    line: int
    column: str
    message: str


class ImportJobOut(Schema):
    id: UUID
    kind: str
    status: str  # queued, validating, staging, applying, done, failed
    file: str
    total_rows: int | None  # an estimate while the rows are being checked
    checked_rows: int
    percent: int
    imported_count: int
    ids: list[int]  # what was imported, once done
    errors: list[RowErrorOut]  # every bad row (the first 1,000), when failed: nothing was imported
    error_count: int
    created_at: datetime
    finished_at: datetime | None
    url: str  # this status, to poll
    page: str  # the status page for people


def job_out(request, job: ImportJob) -> dict:
    return {"id": job.pk, "kind": job.kind, "status": job.status, "file": job.original_name, "total_rows": job.total_rows,
            "checked_rows": job.checked_rows, "percent": job.percent, "imported_count": job.imported_count,
            "ids": job.result.get("ids", []), "errors": job.errors, "error_count": job.error_count, "created_at": job.created_at,
            "finished_at": job.finished_at, "url": request.build_absolute_uri(reverse("api:get_import", kwargs={"job_id": job.pk})),
            "page": request.build_absolute_uri(reverse("imports:job", kwargs={"job_id": job.pk}))}


@router.get("/imports/{job_id}", response={200: ImportJobOut, **errors(404)}, auth=SIGNED_IN, url_name="get_import")
def get_import(request, job_id: UUID):
    """An import's progress and outcome: poll `url` until `status` is done or failed."""
    return job_out(request, visible_job_or_404(request.auth, job_id))
