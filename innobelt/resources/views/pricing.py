"""Pages of prices and sharing pledges: the owner edits them; the resource page shows them, the viewer's class and the pledge left."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from innobelt.kit.forms import add_validation_errors
from innobelt.kit.lookups import or_404
from innobelt.organisations.queries import my_organisations
from innobelt.permissions import can
from innobelt.resources import queries, statement_queries
from innobelt.resources.domain import pricing, statements
from innobelt.resources.models import SharingPledge
from innobelt.resources.models.pricing import PriceUnit, UserClass
from innobelt.resources.pricing_forms import PledgeForm, PriceForm


def pricing_panel(user, resource) -> dict:
    """What the resource page shows about money: the price list (blank: free), each of the viewer's
    organisations with its user class, and whether the viewer may change the prices."""
    table = pricing.price_table(resource)
    labels = dict(UserClass.choices)
    rows = [(label, [table.get((c, u)) for u in PriceUnit.values]) for c, label in UserClass.choices
            if any((c, u) in table for u in PriceUnit.values)]
    mine = [(org, labels[pricing.user_class_of(org, resource)]) for org in my_organisations(user)]
    pledge = SharingPledge.objects.filter(resource=resource).first() if resource.is_bookable else None
    return {"rows": rows, "units": PriceUnit.labels, "mine": mine, "can_change": can(user, "resources.manage_pricing", resource),
            "pledge": pledge, "remaining": statements.pledge_remaining(resource) if pledge else None}


@login_required
def prices(request, pk):
    resource = or_404(queries.resource_detail(request.user, pk))
    if not can(request.user, "resources.manage_pricing", resource):
        raise PermissionDenied
    form = PriceForm(request.POST or None, initial_prices=pricing.price_table(resource))
    if request.method == "POST" and form.is_valid():
        try:
            pricing.set_prices(actor=request.user, resource=resource, prices=form.prices())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The prices were saved. Cost statements already issued keep their prices."))
            return redirect(resource)
    return render(request, "resources/prices.html", {"resource": resource, "form": form, "units": PriceUnit.labels})


@login_required
def pledge(request, pk):
    """The owner pledges free booking hours per quarter of the equipment to other organisations."""
    resource = or_404(queries.resource_detail(request.user, pk))
    if not resource.is_bookable:
        raise Http404
    if not can(request.user, "resources.manage_pricing", resource):
        raise PermissionDenied
    current = SharingPledge.objects.filter(resource=resource).first()
    form = PledgeForm(request.POST or None, initial={"hours_per_quarter": current.hours_per_quarter if current else 0})
    if request.method == "POST" and form.is_valid():
        try:
            statements.set_pledge(actor=request.user, resource=resource, hours_per_quarter=form.cleaned_data["hours_per_quarter"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The sharing pledge was saved."))
            return redirect(resource)
    return render(request, "resources/pledge.html", {"resource": resource, "form": form, "remaining": statements.pledge_remaining(resource),
                                                     "terms": statement_queries.pledge_terms(resource)})
