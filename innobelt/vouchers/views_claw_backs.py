"""The claw-back page: the issuing authority's operators take back (part of) a redemption that should not have been
paid, with a reason. It only translates: queries.py reads, domain/claw_backs.py changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from innobelt.kit.api_errors import ConflictError
from innobelt.kit.forms import add_validation_errors
from innobelt.permissions import can
from innobelt.vouchers import queries
from innobelt.vouchers.domain.claw_backs import claw_back as claw_back_share
from innobelt.vouchers.forms import ClawBackForm, to_fen
from innobelt.vouchers.models import yuan


@login_required
def claw_back(request, pk):
    """GET: the redemption, what may still be clawed back and the earlier claw-backs; POST: claw back."""
    reservation = queries.reservation_or_404(request.user, pk)
    if not can(request.user, "vouchers.claw_back", reservation):
        raise PermissionDenied
    form = ClawBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            taken = claw_back_share(actor=request.user, reservation=reservation,
                                    amount_fen=to_fen(form.cleaned_data["amount"]), reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        except ConflictError as exc:
            form.add_error("amount", exc.message)
        else:
            messages.success(request, _("¥%(amount)s was clawed back.") % {"amount": yuan(taken.amount_fen)})
            return redirect("vouchers:claw_back", pk=reservation.pk)
    reservation.refresh_from_db(fields=["clawed_back_fen", "status"])
    return render(request, "vouchers/claw_back.html", {
        "reservation": reservation,
        "form": form,
        "claw_backs": list(reservation.claw_backs.select_related("actor")),
    }, status=400 if request.method == "POST" else 200)
