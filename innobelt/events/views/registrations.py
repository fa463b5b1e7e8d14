"""Pages of registration: registering, one's tickets with the QR code, cancelling, and the organiser's list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from innobelt.events import domain, queries, tickets
from innobelt.events.domain.messages import audience_sizes
from innobelt.events.forms import CancelRegistrationForm, MessageRegistrantsForm, ReasonForm, RegistrationForm
from innobelt.events.models import EventMessage, Registration
from innobelt.kit.forms import add_validation_errors
from innobelt.kit.spreadsheets import download
from innobelt.permissions import can


@login_required
def register(request, pk):
    event = queries.event_or_404(request.user, pk)
    existing = queries.registration_of(request.user, event)
    if existing is not None:
        messages.info(request, _("You are already registered for this event (%(status)s).") % {"status": existing.get_status_display()})
        return redirect(existing)
    if not request.user.email_confirmed:
        messages.error(request, _("Confirm your e-mail address first: open the link we sent you."))
        return redirect(event)
    form = RegistrationForm(request.POST or None, event=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            registration = domain.register_for_event(user=request.user, event=event, organisation=form.cleaned_data["organisation"],
                                                     answers=form.answers())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, _("This event does not take registrations."))
        else:
            texts = {
                Registration.Status.CONFIRMED: _("You are registered. Your QR code for the door is below."),
                Registration.Status.WAITLISTED: _("The event is full: you are on the waiting list. You will be told when a place is yours."),
                Registration.Status.PENDING: _("Your registration was sent; the organiser will confirm it."),
            }
            messages.success(request, texts[registration.status])
            return redirect(registration)
    return render(request, "events/register.html", {"event": event, "form": form, "registration_open": event.registration_is_open()})


@login_required
def mine(request):
    return render(request, "events/mine.html", {"registrations": queries.my_registrations(request.user)[:200]})


@login_required
def registration(request, pk):
    """A person's ticket: the status, the QR code and the code to type, the calendar and the online link."""
    found = queries.registration_or_404(request.user, pk)
    own = found.user_id == request.user.pk
    return render(request, "events/registration.html", {
        "registration": found, "event": found.event, "own": own,
        "position": domain.waitlist_position(found),
        "can_cancel": found.is_active and can(request.user, "events.cancel_registration", found),
        "show_online_link": found.is_confirmed and found.event.online_url,
    })


@login_required
def qr(request, pk):
    """The QR code of a confirmed registration, for its holder (and the door staff)."""
    found = queries.registration_or_404(request.user, pk)
    if not found.is_confirmed:
        raise Http404
    response = HttpResponse(tickets.qr_svg(request.build_absolute_uri(tickets.check_in_path(found))), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    """Cancel a registration (its person or a manager): a page that asks to confirm with a tick
    (no script needed), then the POST. A POST without the tick cancels nothing."""
    found = queries.registration_or_404(request.user, pk)
    if not can(request.user, "events.cancel_registration", found):
        raise PermissionDenied
    own = found.user_id == request.user.pk
    back = found.get_absolute_url() if own else reverse("events:registrations", kwargs={"pk": found.event_id})
    if not found.is_active:
        messages.info(request, _("This registration is already %(status)s.") % {"status": found.get_status_display()})
        return redirect(back)
    form = CancelRegistrationForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Tick the box to confirm that you want to cancel the registration."))
            return redirect("events:cancel", pk=found.pk)
        try:
            domain.cancel_registration(actor=request.user, registration=found)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The registration was cancelled."))
        return redirect(back)
    return render(request, "events/cancel_registration.html", {"registration": found, "event": found.event, "own": own,
                                                               "form": form, "back": back})


@login_required
def registrations(request, pk):
    """The organiser's list: figures, who is registered, waiting and awaiting approval, with their answers."""
    event = queries.event_or_404(request.user, pk, perm="events.view_registrations")
    status = _status_filter(request)
    return render(request, "events/registrations.html", {
        "event": event, "figures": queries.attendance_figures(event), "status": status,
        "statuses": Registration.Status.choices, "registrations": queries.registrations_for(event, status=status)[:1000],
        "questions": list(event.questions.all()), "reject_form": ReasonForm(),
    })


def _status_filter(request) -> str:
    """The status the organiser filtered the page by ("" for all), as the page reads it."""
    status = request.GET.get("status", "")
    return status if status in Registration.Status.values else ""


@login_required
def export(request, pk, file_format):
    """The registrations as the page filters them, as CSV or XLSX (formulas neutralised; audited)."""
    if file_format not in domain.EXPORT_FORMATS:
        raise Http404
    event = queries.event_or_404(request.user, pk, perm="events.export_registrations")
    exported = domain.export_registrations(actor=request.user, event=event, file_format=file_format, status=_status_filter(request))
    return download(exported.content, filename=exported.filename, file_format=exported.file_format)


@login_required
@require_http_methods(["GET", "POST"])
def message(request, pk):
    """Write to the registrants (all, or a group), at most a few times a day; the group the page was filtered by comes first."""
    event = queries.event_or_404(request.user, pk, perm="events.message_registrants")
    status = _status_filter(request)
    initial = {"audience": status if status in EventMessage.Audience.values else EventMessage.Audience.ACTIVE}
    form = MessageRegistrantsForm(request.POST or None, initial=initial, sizes=audience_sizes(event))
    if request.method == "POST" and form.is_valid():
        try:
            sent = domain.message_registrants(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, ngettext("Your message is on its way to %(n)d person.", "Your message is on its way to %(n)d people.",
                                               sent.recipient_count) % {"n": sent.recipient_count})
            return redirect("events:message_registrants", pk=event.pk)
    return render(request, "events/message_registrants.html", {
        "event": event, "form": form, "sent": queries.event_messages(event), "left": domain.messages_left(event),
        "per_day": domain.MESSAGES_PER_DAY,
    })


BADGES_PER_SHEET = 8  # 2 × 4 on A4


@login_required
def badges(request, pk):
    """Name badges of the people with a place, with their check-in QR codes, to print on A4: 8 a sheet."""
    event = queries.event_or_404(request.user, pk, perm="events.print_badges")
    title = _("Check-in QR code")

    def qr(registration) -> str:  # segno's SVG, made from our own URL; segno escapes the title
        return mark_safe(tickets.qr_svg_inline(request.build_absolute_uri(tickets.check_in_path(registration)), title=title))

    badges = [{"registration": r, "qr": qr(r)} for r in domain.badge_holders(actor=request.user, event=event)]
    response = render(request, "events/badges.html", {
        "event": event, "count": len(badges), "sheets": [badges[i:i + BADGES_PER_SHEET] for i in range(0, len(badges), BADGES_PER_SHEET)],
    })
    response["Cache-Control"] = "private, no-store"  # the QR codes check people in
    return response


def _decide(request, pk, decide, done: str):
    found = queries.registration_or_404(request.user, pk)
    if not can(request.user, "events.decide_registration", found):
        raise PermissionDenied
    kwargs = {}
    if decide is domain.reject_registration:
        form = ReasonForm(request.POST)
        kwargs["reason"] = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    try:
        decide(actor=request.user, registration=found, **kwargs)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, done % {"person": found.user})
    return redirect("events:registrations", pk=found.event_id)


@login_required
@require_POST
def approve(request, pk):
    return _decide(request, pk, domain.approve_registration, _("%(person)s was approved."))


@login_required
@require_POST
def reject(request, pk):
    return _decide(request, pk, domain.reject_registration, _("%(person)s was declined."))
