"""State changes of the GOI register, access requests and bookings.

Every function checks the rule, writes, records the audit trail and tells the
people concerned. Views and API endpoints call these and only translate.
"""

from innobelt.resources.domain.access import (
    accept_terms,
    answer_information_request,
    approve_access_request,
    ask_for_information,
    decline_access_request,
    eligibility_problems,
    report_outcome,
    request_access,
    send_outcome_report_reminders,
    withdraw_access_request,
)
from innobelt.resources.domain.approvals import BookingNotPending, approve_booking, decline_booking
from innobelt.resources.domain.bookings import (
    BookingConflict,
    BookingResult,
    add_closure,
    book_equipment,
    calendar_feed_for,
    cancel_booking,
    remove_closure,
    send_booking_reminders,
)
from innobelt.resources.domain.pricing import set_prices
from innobelt.resources.domain.register import (
    create_resource,
    publish_resource,
    refresh_search_document,
    remove_resource_photo,
    set_resource_photo,
    unpublish_resource,
    update_resource,
)
from innobelt.resources.domain.statements import set_pledge

__all__ = [
    "BookingConflict", "BookingNotPending", "BookingResult", "approve_booking", "decline_booking",
    "accept_terms", "add_closure", "answer_information_request", "approve_access_request",
    "ask_for_information", "book_equipment", "calendar_feed_for", "cancel_booking", "create_resource", "decline_access_request",
    "eligibility_problems", "publish_resource", "refresh_search_document", "remove_closure", "remove_resource_photo",
    "report_outcome", "request_access", "send_booking_reminders", "send_outcome_report_reminders", "set_pledge", "set_prices",
    "set_resource_photo", "unpublish_resource", "update_resource", "withdraw_access_request",
]
