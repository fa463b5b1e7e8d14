from django.http import Http404

from innobelt.imports.models import ImportJob
from innobelt.permissions import can


def visible_job_or_404(user, job_id) -> ImportJob:
    """The job, for whoever started it and platform operators; 404 for everyone else (its existence is not told)."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or not can(user, "imports.view_importjob", job):
        raise Http404
    return job
