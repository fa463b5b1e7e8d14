"""Models of the meeting zone: events and their programme, registrations, roadshow pitches.

Thin on purpose: every state change lives in innobelt/events/domain/.
"""

from innobelt.events.models.event import Event, Question, Room, Session, Speaker
from innobelt.events.models.message import EventMessage
from innobelt.events.models.pitch import EventMeetingRequest, Pitch, PitchRating
from innobelt.events.models.registration import Answer, Registration

__all__ = ["Answer", "Event", "EventMeetingRequest", "EventMessage", "Pitch", "PitchRating", "Question", "Registration", "Room", "Session", "Speaker"]
