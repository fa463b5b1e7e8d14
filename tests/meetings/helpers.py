"""Small builders for 1:1 meeting tests."""

from datetime import timedelta

from innobelt.meetings.models import MeetingRequest, Programme
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SlotFactory,
)


def programme_with(*, slots: int = 2, tables: int = 1, people: int = 4, organiser=None, **settings) -> tuple[Programme, list, list]:
    """A programme of a published forum (organised by `organiser` or a new organisation) with
    `slots` slots of `tables` tables and `people` participants (in creation order)."""
    event = EventFactory(organiser=organiser or OrganisationFactory())
    programme = ProgrammeFactory(event=event, **settings)
    made_slots = [SlotFactory(programme=programme, starts_at=event.starts_at + timedelta(minutes=programme.meeting_minutes * i),
                              tables=tables) for i in range(slots)]
    participants = [ParticipantFactory(programme=programme) for _ in range(people)]
    return programme, made_slots, participants


def want(requester, target, priority: str = "like") -> MeetingRequest:
    return MeetingRequest.objects.create(programme=requester.programme, requester=requester, target=target, priority=priority)


def admin_of(organisation):
    from innobelt.organisations.models import Membership

    return MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user


def user_of(participant):
    return participant.registration.user
