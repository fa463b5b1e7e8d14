"""Pages of bookings: the slot picker, one's bookings, closures and the iCalendar feeds."""

import uuid
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.kit.api_errors import ConflictError
from innobelt.kit.forms import add_validation_errors
from innobelt.permissions import can
from innobelt.resources import booking_payments, calendar, domain, queries
from innobelt.resources import opening_hours as opening
from innobelt.resources.domain.approvals import approval_reason, no_shows_requiring_approval
from innobelt.resources.domain.checkin import check_in_window
from innobelt.resources.domain.paid_bookings import book_and_pay
from innobelt.resources.domain.training_gate import training_problem
from innobelt.resources.forms import BookingForm, CancelForm, ClosureForm, WeekForm
from innobelt.resources.models import AccessRequest, Blackout, Booking, CalendarFeed
from innobelt.resources.views.register import visible_resource_or_404


@login_required
def book(request, pk):
    """A week of slots to tick; adjacent ticks make one booking; optionally repeated weekly."""
    resource = visible_resource_or_404(request, pk)
    if not resource.is_bookable:
        raise Http404
    active = list(queries.active_requests_for(request.user, resource))
    if not active:
        approved = queries.requests_as_seeker(request.user).filter(resource=resource, status=AccessRequest.Status.APPROVED).first()
        if approved is None:
            raise PermissionDenied
        messages.info(request, _("Accept the terms of the approved request before booking."))
        return redirect(approved)
    monday = WeekForm(request.POST or request.GET).monday()
    grid = queries.week_grid(resource, monday)
    slots = [s["start"] for day in grid for s in day["slots"] if s["state"] != "past"]
    form = BookingForm(request.POST or None, slots=slots, slot_minutes=resource.slot_minutes or 60)
    approval_reasons = _approval_reasons(resource, active)
    payment_options = [] if approval_reasons else booking_payments.options(user=request.user, resource=resource,
                                                                          access_requests=active)
    if request.method == "POST" and form.is_valid() and request.POST.get("payment"):
        access_request = next((r for r in active if str(r.pk) == request.POST.get("access_request")), active[0])
        paid = _book_and_pay(request, access_request, form)  # a voucher chosen here: booked and paid, or neither
        if paid is not None:
            return paid
        grid = queries.week_grid(resource, monday)
    elif request.method == "POST" and form.is_valid():
        access_request = next((r for r in active if str(r.pk) == request.POST.get("access_request")), active[0])
        booked, problems = [], []
        for start, end in form.runs():
            try:
                result = domain.book_equipment(actor=request.user, access_request=access_request, start=start, end=end,
                                               repeat_weekly=form.cleaned_data["repeat_weekly"], note=form.cleaned_data["note"])
            except domain.BookingConflict as exc:
                problems += [c["message"] for c in exc.conflicts]
            except ValidationError as exc:
                problems += exc.messages
            else:
                booked += result.created
                problems += [c["message"] for c in result.conflicts]
        for problem in problems:
            messages.error(request, _("Not booked: %(reason)s") % {"reason": problem})
        if booked and booked[0].is_pending:
            messages.warning(request, booked[0].approval_reason)
            messages.success(request, _("Asked: %(n)d slots await the owner's approval; they hold their time until then.") % {"n": len(booked)})
            return redirect("resources:bookings")
        if booked:
            messages.success(request, _("Booked: %(n)d slots. They are in your calendar feed.") % {"n": len(booked)})
            return redirect("resources:bookings")
        grid = queries.week_grid(resource, monday)
    return render(request, "resources/book.html", {
        "resource": resource, "grid": grid, "form": form, "monday": monday, "active": active,
        "previous_week": monday - timedelta(days=7), "next_week": monday + timedelta(days=7),
        "opening_hours": opening.display_opening_hours(resource.opening_hours),
        "training_problem": training_problem(resource, request.user, timezone.localdate()),
        "approval_reasons": approval_reasons, "payment_options": payment_options, "payment_key": uuid.uuid4().hex,
    })


def _book_and_pay(request, access_request, form):
    """Book the ticked runs and pay them with the chosen option in one step (domain/paid_bookings.py); None when
    nothing was booked (the reasons are in the messages and the page is shown again)."""
    try:
        result = book_and_pay(actor=request.user, access_request=access_request, runs=list(form.runs()),
                              repeat_weekly=form.cleaned_data["repeat_weekly"], note=form.cleaned_data["note"],
                              payment=request.POST["payment"], key=(request.POST.get("payment_key") or uuid.uuid4().hex)[:60])
    except domain.BookingConflict as exc:
        problems = [c["message"] for c in exc.conflicts] or [exc.message]
    except ValidationError as exc:
        problems = exc.messages
    except ConflictError as exc:
        problems = [exc.message]
    else:
        for conflict in result.conflicts:
            messages.error(request, _("Not booked: %(reason)s") % {"reason": conflict["message"]})
        messages.success(request, _("Booked: %(n)d slots. They are in your calendar feed.") % {"n": len(result.created)})
        for paid in result.paid:
            messages.success(request, paid)
        return redirect("resources:bookings")
    for problem in problems:
        messages.error(request, _("Nothing was booked or paid: %(reason)s") % {"reason": problem})
    return None


def _approval_reasons(resource, active) -> list[str]:
    """Why the person's organisations' bookings of the equipment would await approval, told before they book."""
    reasons = []
    for access_request in active:
        count = no_shows_requiring_approval(resource, access_request.organisation_id)
        if count is not None:
            reasons.append(f"{access_request.organisation.name}: {approval_reason(count)}")
    return reasons


@login_required
def bookings(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(request, "resources/bookings.html", {
        "bookings": queries.my_bookings(request.user)[:300],
        "feed_url": request.build_absolute_uri(reverse("resources:person_feed", kwargs={"token": feed.token})) if feed else "",
    })


def _booking_or_404(request, pk) -> Booking:
    return get_object_or_404(queries.visible_bookings(request.user), pk=pk)


def _may_check_in(user, booking: Booking) -> bool:
    window = check_in_window(booking)
    return (booking.is_confirmed and booking.checked_in_at is None and window is not None and window[0] <= timezone.now() < window[1]
            and can(user, "resources.check_in", booking))


@login_required
def booking_detail(request, pk):
    booking = _booking_or_404(request, pk)
    return render(request, "resources/booking_detail.html", {
        "booking": booking, "cancel_form": CancelForm(),
        "can_cancel": booking.status in Booking.HOLDING and booking.start > timezone.now()
                      and can(request.user, "resources.cancel_booking", booking),
        "can_decide": booking.is_pending and booking.start > timezone.now() and can(request.user, "resources.manage_bookings", booking.resource),
        "can_check_in": _may_check_in(request.user, booking),
    })


@login_required
@require_POST
def cancel_booking(request, pk):
    booking = _booking_or_404(request, pk)
    form = CancelForm(request.POST)
    form.is_valid()
    try:
        domain.cancel_booking(actor=request.user, booking=booking, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The booking was cancelled."))
    return redirect(booking)


@login_required
def closures(request, pk):
    resource = visible_resource_or_404(request, pk)
    if not resource.is_bookable:
        raise Http404
    if not can(request.user, "resources.manage_bookings", resource):
        raise PermissionDenied
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _closure, cancelled = domain.add_closure(actor=request.user, resource=resource, **form.cleaned_data)
        except domain.BookingConflict as exc:
            form.add_error(None, exc.message)
            for conflict in exc.conflicts:
                form.add_error(None, conflict["message"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The closure was added; %(n)d bookings were cancelled.") % {"n": len(cancelled)})
            return redirect("resources:closures", pk=resource.pk)
    upcoming = Blackout.objects.filter(resource=resource, end__gte=timezone.now()).order_by("start")
    return render(request, "resources/closures.html", {"resource": resource, "form": form, "closures": upcoming})


@login_required
@require_POST
def remove_closure(request, pk):
    closure = get_object_or_404(Blackout.objects.filter(resource__in=queries.visible_resources(request.user)).select_related("resource"),
                                pk=pk)
    domain.remove_closure(actor=request.user, closure=closure)
    messages.success(request, _("The closure was removed."))
    return redirect("resources:closures", pk=closure.resource_id)


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def resource_feed(request, pk):
    """The equipment's bookings as iCalendar: who booked for its owner's people, busy blocks for others."""
    resource = visible_resource_or_404(request, pk)
    if not resource.is_bookable:
        raise Http404
    start, end = calendar.feed_window()
    rows = (Booking.objects.filter(resource=resource, status__in=Booking.HOLDING, end__gte=start, start__lte=end)
            .select_related("resource", "organisation").order_by("start"))
    detailed = can(request.user, "resources.manage_bookings", resource) or (
        request.user.is_authenticated and can(request.user, "resources.change_resource", resource))
    base = request.build_absolute_uri("/").rstrip("/")
    return _ics(calendar.resource_calendar(resource, rows, base_url=base, detailed=detailed), f"resource-{resource.pk}.ics")


def person_feed(request, token):
    """A person's bookings (and their organisations'), found by the secret token in the URL."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    start, end = calendar.feed_window()
    rows = queries.visible_bookings(feed.user).filter(end__gte=start, start__lte=end).order_by("start")
    base = request.build_absolute_uri("/").rstrip("/")
    return _ics(calendar.person_calendar(feed.user, rows, base_url=base), "innobelt-bookings.ics")


@login_required
@require_POST
def rotate_feed(request):
    domain.calendar_feed_for(user=request.user, rotate=True)
    messages.success(request, _("Your calendar feed has a new address; the old one no longer works."))
    return redirect("resources:bookings")
