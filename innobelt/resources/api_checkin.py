"""Check-in, the waitlist and released slots in the resources API (mounted by resources/api.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from innobelt.kit.api_auth import SIGNED_IN
from innobelt.kit.api_errors import ConflictError, errors
from innobelt.permissions import can
from innobelt.resources import domain, queries
from innobelt.resources.domain import checkin
from innobelt.resources.models import AccessRequest, Booking, Resource
from innobelt.resources.schemas import BookingOut
from innobelt.resources.schemas.checkin import (
    ResourcesCheckInIn,
    ResourcesCheckInPosterOut,
    ResourcesReleasedSlotOut,
    ResourcesWaitlistIn,
    ResourcesWaitlistOut,
)

router = Router(tags=["resources"])


def _equipment(request, resource_id: int) -> Resource:
    found = queries.resource_detail(request.auth, resource_id)
    if found is None or not found.is_bookable:
        raise Http404
    return found


def _check_in(request, booking: Booking, payload: ResourcesCheckInIn) -> Booking:
    token_resource = None
    if payload.token:
        token_resource = checkin.resource_for_token(payload.token)
        if token_resource is None:
            raise ValidationError({"token": _("This is not the QR code of an instrument.")})
    try:
        checkin.check_in(actor=request.auth, booking=booking, code=payload.code, token_resource=token_resource)
    except checkin.AlreadyCheckedIn as exc:
        raise ConflictError(exc.message, {"checked_in_at": exc.booking.checked_in_at.isoformat() if exc.booking.checked_in_at else None}) \
            from None
    return get_object_or_404(queries.visible_bookings(request.auth), pk=booking.pk)


@router.get("/resources/{resource_id}/check-in", response={200: ResourcesCheckInPosterOut, **errors(403, 404)}, auth=SIGNED_IN)
def check_in_poster(request, resource_id: int):
    """What the poster at the instrument shows: its short code and the QR code's path (the owner's admins)."""
    resource = _equipment(request, resource_id)
    if not can(request.auth, "resources.manage_bookings", resource):
        raise PermissionDenied
    return {"resource": resource.pk, "code": checkin.ensure_check_in_code(resource), "path": checkin.check_in_path(resource),
            "grace_minutes": resource.check_in_grace_minutes}


@router.post("/resources/{resource_id}/check-in", response={200: BookingOut, **errors(400, 404, 409)}, auth=SIGNED_IN)
def check_in_at_instrument(request, resource_id: int, payload: ResourcesCheckInIn):
    """Check in your booking of the instrument that starts now, with the code or QR token at the instrument."""
    resource = _equipment(request, resource_id)
    booking = checkin.current_booking(request.auth, resource)
    if booking is None:
        raise ValidationError(_("You have no booking of this equipment to check in now."))
    return _check_in(request, booking, payload)


@router.post("/bookings/{booking_id}/check-in", response={200: BookingOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def check_in_booking(request, booking_id: int, payload: ResourcesCheckInIn):
    booking = get_object_or_404(queries.visible_bookings(request.auth), pk=booking_id)
    return _check_in(request, booking, payload)


@router.get("/me/waitlist", response={200: list[ResourcesWaitlistOut], **errors()}, auth=SIGNED_IN)
def list_my_waitlist(request):
    return list(queries.my_waitlist(request.auth)[:200])


@router.post("/resources/{resource_id}/waitlist", response={201: ResourcesWaitlistOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def join_waitlist(request, resource_id: int, payload: ResourcesWaitlistIn):
    """Wait for a taken period: if its booking is released as a no-show, you are offered the slot."""
    resource = _equipment(request, resource_id)
    active = list(queries.active_requests_for(request.auth, resource)[:1])
    if not active:
        if queries.requests_as_seeker(request.auth).filter(resource=resource, status=AccessRequest.Status.APPROVED).exists():
            raise ValidationError(_("Accept the terms of the approved request before booking."))
        raise PermissionDenied
    entry = checkin.join_waitlist(actor=request.auth, access_request=active[0], start=payload.start, end=payload.end)
    return Status(201, queries.my_waitlist(request.auth).get(pk=entry.pk))


@router.delete("/waitlist/{entry_id}", response={204: None, **errors(404)}, auth=SIGNED_IN)
def leave_waitlist(request, entry_id: int):
    entry = get_object_or_404(queries.my_waitlist(request.auth), pk=entry_id)
    checkin.leave_waitlist(actor=request.auth, entry=entry)
    return Status(204, None)


@router.get("/me/released-slots", response={200: list[ResourcesReleasedSlotOut], **errors()}, auth=SIGNED_IN)
def list_offered_slots(request):
    """Open slots released by no-shows in periods you wait for."""
    return list(queries.offered_slots(request.auth)[:100])


@router.post("/released-slots/{slot_id}/accept", response={201: BookingOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def accept_released_slot(request, slot_id: int):
    """Take the slot: the first to accept gets it (201), everyone after that a 409."""
    slot = queries.released_slot_or_404(request.auth, slot_id)
    try:
        booking = checkin.accept_released_slot(actor=request.auth, slot=slot)
    except domain.BookingConflict as exc:
        raise ConflictError(exc.message, exc.details()) from None
    return Status(201, get_object_or_404(queries.visible_bookings(request.auth), pk=booking.pk))
