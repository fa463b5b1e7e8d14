"""State changes of 1:1 meetings. Each function checks the rule, writes, records the
audit trail and tells the people concerned; views, the API and tasks only call them."""

from innobelt.meetings.domain.event_requests import request_meeting_in_programme, take_in_event_requests
from innobelt.meetings.domain.participation import (
    cancel_meeting,
    join_programme,
    record_outcome,
    respond_to_request,
    set_meeting_request,
    update_profile,
)
from innobelt.meetings.domain.programme import add_slots, configure_programme, fix_meeting, remove_slot, set_slot_tables
from innobelt.meetings.domain.scheduling import build_instance, request_schedule_run, run_scheduler

__all__ = [
    "add_slots", "build_instance", "cancel_meeting", "configure_programme", "fix_meeting", "join_programme",
    "record_outcome", "remove_slot", "request_meeting_in_programme",
    "respond_to_request", "request_schedule_run", "run_scheduler", "set_meeting_request", "set_slot_tables",
    "take_in_event_requests", "update_profile",
]
