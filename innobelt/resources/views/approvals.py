"""Pages of bookings awaiting the owner's approval after repeated no-shows: the owner's list, approve, decline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.resources import domain, queries
from innobelt.resources.forms import CancelForm


@login_required
def approvals(request):
    """The bookings of one's organisations' equipment that await approval, each with approve and decline."""
    return render(request, "resources/approvals.html", {"bookings": queries.pending_approvals(request.user)[:200],
                                                         "decline_form": CancelForm()})


def _back(request, booking):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(booking)


@login_required
@require_POST
def decide(request, pk, action):
    booking = get_object_or_404(queries.visible_bookings(request.user), pk=pk)
    try:
        if action == "approve":
            domain.approve_booking(actor=request.user, booking=booking)
        else:
            form = CancelForm(request.POST)
            form.is_valid()
            domain.decline_booking(actor=request.user, booking=booking, reason=form.cleaned_data.get("reason", ""))
    except domain.BookingNotPending as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The booking was approved.") if action == "approve" else _("The booking was declined."))
    return _back(request, booking)
