from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_safe

from innobelt.ops.periodic import schedule_status
from innobelt.permissions import can


@login_required
@require_safe
def periodic_runs(request):
    """Platform operators: each periodic task, its schedule, its last run and outcome."""
    if not can(request.user, "ops.view_periodic_runs"):
        raise PermissionDenied
    return render(request, "ops/periodic.html", {"entries": schedule_status()})
