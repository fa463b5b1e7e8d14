"""Pages of check-in at the instrument (the poster, the page its QR code opens), the waitlist and released slots."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.permissions import can
from innobelt.resources import domain, queries
from innobelt.resources.domain import checkin
from innobelt.resources.views.register import visible_resource_or_404


def _qr_svg(data: str, title: str) -> str:
    import segno

    qr = segno.make(data, error="m", micro=False)
    return qr.svg_inline(scale=1, border=4, omitsize=True, title=title, svgclass="qr", dark="#1c2430", light="#ffffff")


@login_required
def poster(request, pk):
    """The poster to print and put at the instrument: its QR code and short code (the owner's admins)."""
    resource = visible_resource_or_404(request, pk)
    if not resource.is_bookable:
        raise Http404
    if not can(request.user, "resources.manage_bookings", resource):
        raise PermissionDenied
    url = request.build_absolute_uri(checkin.check_in_path(resource))
    return render(request, "resources/check_in_poster.html", {
        "resource": resource, "code": checkin.ensure_check_in_code(resource), "url": url,
        "qr": mark_safe(_qr_svg(url, _("Check in at %(resource)s") % {"resource": resource.title})),  # segno escapes the title
    })


def _do_check_in(request, booking, **how) -> None:
    try:
        checkin.check_in(actor=request.user, booking=booking, **how)
    except checkin.AlreadyCheckedIn as exc:
        messages.warning(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Checked in. Enjoy your session."))


@login_required
def check_in_token(request, token):
    """What the QR code at the instrument opens on a phone: your booking starting now, and one tap to check in."""
    resource = checkin.resource_for_token(token)
    if resource is None or queries.resource_detail(request.user, resource.pk) is None:
        raise Http404
    booking = checkin.current_booking(request.user, resource)
    if request.method == "POST" and booking is not None:
        _do_check_in(request, booking, token_resource=resource)
        return redirect(booking)
    return render(request, "resources/check_in.html", {"resource": resource, "booking": booking})


@login_required
@require_POST
def check_in_booking(request, pk):
    """Check in from the booking's page with the code shown at the instrument."""
    booking = get_object_or_404(queries.visible_bookings(request.user), pk=pk)
    _do_check_in(request, booking, code=request.POST.get("code", ""))
    return redirect(booking)


@login_required
def waitlist(request):
    return render(request, "resources/waitlist.html", {
        "entries": list(queries.my_waitlist(request.user)[:200]), "offers": list(queries.offered_slots(request.user)[:100]),
    })


@login_required
@require_POST
def join_waitlist(request, pk):
    resource = visible_resource_or_404(request, pk)
    active = list(queries.active_requests_for(request.user, resource)[:1])
    if not resource.is_bookable or not active:
        raise PermissionDenied
    try:
        start, end = (datetime.fromisoformat(part) for part in request.POST.get("slot", "").split("|", 1))
    except ValueError:
        messages.error(request, _("Choose the period to wait for."))
        return redirect("resources:book", pk=resource.pk)
    try:
        checkin.join_waitlist(actor=request.user, access_request=active[0], start=start, end=end)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("resources:book", pk=resource.pk)
    messages.success(request, _("You are on the waitlist: if this booking is released, you will be offered the slot."))
    return redirect("resources:waitlist")


@login_required
@require_POST
def leave_waitlist(request, pk):
    entry = get_object_or_404(queries.my_waitlist(request.user), pk=pk)
    checkin.leave_waitlist(actor=request.user, entry=entry)
    messages.success(request, _("You left the waitlist."))
    return redirect("resources:waitlist")


@login_required
@require_POST
def accept_slot(request, pk):
    slot = queries.released_slot_or_404(request.user, pk)
    try:
        booking = checkin.accept_released_slot(actor=request.user, slot=slot)
    except domain.BookingConflict as exc:
        messages.error(request, exc.message)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The slot is yours."))
        return redirect(booking)
    return redirect("resources:waitlist")
