from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from innobelt.accounts import two_factor
from innobelt.ops.forms import SecondFactorResetForm
from innobelt.ops.periodic import schedule_status
from innobelt.permissions import can


@login_required
@require_safe
def periodic_runs(request):
    """Platform operators: each periodic task, its schedule, its last run and outcome."""
    if not can(request.user, "ops.view_periodic_runs"):
        raise PermissionDenied
    return render(request, "ops/periodic.html", {"entries": schedule_status()})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def second_factor_reset(request):
    """Platform operators: remove the two-step sign-in of someone who lost their phone and recovery codes."""
    if not can(request.user, "accounts.reset_second_factor"):
        raise PermissionDenied
    form = SecondFactorResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = two_factor.find_person(form.cleaned_data["person"])
        if person is None:
            form.add_error("person", _("Nobody active has this e-mail address or mobile number."))
        else:
            try:
                removed = two_factor.reset_second_factor(actor=request.user, user=person)
            except PermissionDenied as exc:  # one's own: another platform operator removes it
                form.add_error("person", str(exc))
            else:
                messages.success(request, _("The two-step sign-in of %(person)s was removed; they were told.") % {"person": person}
                                 if removed else _("%(person)s had no two-step sign-in; their sessions were ended.") % {"person": person})
                return redirect("ops:second_factor_reset")
    return render(request, "ops/second_factor_reset.html", {"form": form})
