"""State changes of the meeting zone: events and their programme, registration, check-in, roadshows.

Every function checks the rule, writes, records the audit trail and tells the
people concerned. Views and API endpoints call these and only translate.
"""

from innobelt.events.domain.checkin import AlreadyCheckedIn, check_in_attendee, registration_for_code
from innobelt.events.domain.exports import FORMATS as EXPORT_FORMATS
from innobelt.events.domain.exports import Export, badge_holders, export_registrations, registration_table
from innobelt.events.domain.messages import MESSAGES_PER_DAY, deliver_event_message, message_registrants, messages_left
from innobelt.events.domain.pitches import (
    apply_to_pitch,
    decline_pitch,
    rate_pitch,
    rater_organisations,
    request_meeting_at_event,
    request_meeting_from_rating,
    select_pitch,
)
from innobelt.events.domain.programme import (
    add_question,
    add_room,
    add_session,
    add_speaker,
    clean_options,
    create_event,
    publish_event,
    remove_question,
    remove_room,
    remove_session,
    remove_speaker,
    update_event,
)
from innobelt.events.domain.registration import (
    approve_registration,
    cancel_registration,
    fill_from_waitlist,
    normalise_code,
    register_for_event,
    reject_registration,
    send_event_reminders,
    waitlist_position,
)

__all__ = [
    "EXPORT_FORMATS", "MESSAGES_PER_DAY", "add_question", "add_room", "add_session", "add_speaker", "AlreadyCheckedIn", "apply_to_pitch",
    "badge_holders",
    "approve_registration", "cancel_registration", "check_in_attendee", "clean_options", "create_event", "decline_pitch", "deliver_event_message",
    "Export", "export_registrations", "fill_from_waitlist", "message_registrants", "messages_left", "normalise_code", "publish_event",
    "rate_pitch", "rater_organisations", "register_for_event", "registration_for_code", "registration_table", "reject_registration",
    "remove_question", "remove_room", "remove_session", "remove_speaker", "request_meeting_at_event", "request_meeting_from_rating",
    "select_pitch", "send_event_reminders",
    "update_event", "waitlist_position",
]
