"""Pages of incubation: an organisation's incubations (naming a startup for its admins; confirming or declining
for the startup's), and the confirm and decline buttons. They only translate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.kit.api_errors import ConflictError
from innobelt.kit.forms import add_validation_errors
from innobelt.organisations import incubation as domain
from innobelt.organisations import queries
from innobelt.organisations.forms import IncubationForm
from innobelt.organisations.models import Organisation
from innobelt.permissions import can


def incubations(request, slug):
    """An organisation's incubations both ways; its admins name a startup here (POST)."""
    org = get_object_or_404(Organisation, slug=slug)
    may_name = can(request.user, "organisations.name_incubated_startup", org)
    form = IncubationForm(request.POST or None) if may_name else None
    if request.method == "POST":
        if form is None:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        if form.is_valid():
            try:
                domain.name_incubated_startup(actor=request.user, incubator=org, startup=form.cleaned_data["startup"],
                                              started_on=form.cleaned_data["started_on"],
                                              ended_on=form.cleaned_data["ended_on"])
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("The startup is asked to confirm."))
                return redirect("organisations:incubations", slug=org.slug)
    rows = [(i, can(request.user, "organisations.decide_incubation", i) and i.status == "named")
            for i in queries.incubations_of(org, request.user)]
    return render(request, "organisations/incubations.html", {"org": org, "rows": rows, "form": form})


def _decide(request, pk, decide, success):
    found = queries.incubation_or_404(request.user, pk, perm="organisations.decide_incubation")
    try:
        decide(actor=request.user, incubation=found)
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("organisations:incubations", slug=found.startup.slug)


@login_required
@require_POST
def confirm_incubation(request, pk):
    return _decide(request, pk, domain.confirm_incubation, _("Confirmed: the incubation is shown on both pages."))


@login_required
@require_POST
def decline_incubation(request, pk):
    return _decide(request, pk, domain.decline_incubation, _("Declined."))
