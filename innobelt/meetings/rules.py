"""Who may do what with 1:1 meetings (django-rules predicates).

Organisers of an event's meetings are its managers (events.rules.manages_event: the
organising organisation's admins, district operators of its city, platform operators).
Participants are people with a confirmed registration. Everything else is a 404:
another event's organiser learns nothing, not even that a programme exists.
"""

import rules

from innobelt.events.rules import manages_event
from innobelt.permissions import is_active_user


@rules.predicate
def organises_meetings(user, programme) -> bool:
    return programme is not None and manages_event(user, programme.event)


@rules.predicate
def is_participant(user, programme) -> bool:
    """A confirmed registration for the programme's event."""
    if programme is None or not is_active_user(user):
        return False
    return programme.event.registrations.filter(user=user, status="confirmed").exists()


@rules.predicate
def is_party_to_meeting(user, meeting) -> bool:
    if meeting is None or not is_active_user(user):
        return False
    return user.pk in (meeting.a.registration.user_id, meeting.b.registration.user_id)


@rules.predicate
def is_confirmed_participant(user, participant) -> bool:
    """The participant record is this person's own, and their registration is still confirmed."""
    if participant is None or not is_active_user(user):
        return False
    registration = participant.registration
    return registration.user_id == user.pk and registration.status == "confirmed"


@rules.predicate
def organises_meeting(user, meeting) -> bool:
    return meeting is not None and manages_event(user, meeting.programme.event)


rules.add_perm("meetings.configure_programme", manages_event)  # object: the event (it may have no programme yet)
rules.add_perm("meetings.manage_programme", organises_meetings)
rules.add_perm("meetings.take_part", is_participant)
rules.add_perm("meetings.act_as_participant", is_confirmed_participant)  # object: the participant record
rules.add_perm("meetings.view_meeting", is_party_to_meeting | organises_meeting)
rules.add_perm("meetings.cancel_meeting", is_party_to_meeting | organises_meeting)
rules.add_perm("meetings.record_outcome", is_party_to_meeting | organises_meeting)
