"""Models of the 1:1 meetings of an event: the programme and its slots, participants'
cooperation profiles and requests, scheduler runs and the meetings they placed.

Thin on purpose: every state change lives in innobelt/meetings/domain/.
"""

from innobelt.meetings.models.participation import Meeting, MeetingRequest, Participant
from innobelt.meetings.models.programme import Programme, ScheduleRun, Slot

__all__ = ["Meeting", "MeetingRequest", "Participant", "Programme", "ScheduleRun", "Slot"]
