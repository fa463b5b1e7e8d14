"""Bookings awaiting the owner's approval after repeated no-shows, in the resources API (mounted by resources/api.py).

`GET /booking-approvals` lists them for the owner's admins; approving or declining one that was decided
already is a 409 with its status (the domain locks and re-reads the booking); a booking the caller may not
see is a 404, whoever asks.
"""

from django.shortcuts import get_object_or_404
from ninja import Router

from innobelt.kit.api_auth import SIGNED_IN
from innobelt.kit.api_errors import ConflictError, errors
from innobelt.resources import domain, queries
from innobelt.resources.models import Booking
from innobelt.resources.schemas import BookingOut, CancelIn

router = Router(tags=["resources"])


def _decide(request, booking_id: int, decide) -> Booking:
    booking = get_object_or_404(queries.visible_bookings(request.auth), pk=booking_id)
    try:
        decide(booking)
    except domain.BookingNotPending as exc:
        raise ConflictError(exc.message, {"status": exc.booking.status}) from None
    return get_object_or_404(queries.visible_bookings(request.auth), pk=booking_id)


@router.get("/booking-approvals", response={200: list[BookingOut], **errors()}, auth=SIGNED_IN)
def list_booking_approvals(request):
    """Bookings awaiting your approval (the equipment of organisations you administer), the soonest first."""
    return list(queries.pending_approvals(request.auth)[:200])


@router.post("/bookings/{booking_id}/approve", response={200: BookingOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def approve_booking(request, booking_id: int):
    """The owner confirms a booking awaiting approval; its cost statement line is issued now."""
    return _decide(request, booking_id, lambda booking: domain.approve_booking(actor=request.auth, booking=booking))


@router.post("/bookings/{booking_id}/decline", response={200: BookingOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def decline_booking(request, booking_id: int, payload: CancelIn):
    """The owner declines a booking awaiting approval (the reason is sent to the booker); its period is free again."""
    return _decide(request, booking_id, lambda booking: domain.decline_booking(actor=request.auth, booking=booking, reason=payload.reason))
