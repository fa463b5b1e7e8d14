from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from innobelt.imports.queries import visible_job_or_404
from innobelt.imports.registry import importer_for


@login_required
def job(request, job_id):
    """An import's progress and outcome; htmx polls the fragment every second while the job is active."""
    found = visible_job_or_404(request.user, job_id)
    importer = importer_for(found.kind)
    context = {"job": found, "label": importer.label(), "result_url": importer.result_url(found.params),
               "form_url": importer.form_url(found.params), "more_errors": found.error_count - len(found.errors)}
    if request.htmx:
        return render(request, "imports/_job_status.html", context)
    return render(request, "imports/job.html", context)
