"""meetings.queries: one "object or 404 scoped to the caller" per object, used by pages and the API alike."""

import pytest
from django.http import Http404

from innobelt.meetings import queries
from innobelt.meetings.models import Participant
from tests.factories import RegistrationFactory
from tests.meetings.helpers import admin_of, programme_with, user_of

pytestmark = pytest.mark.django_db


def test_the_programme_is_seen_by_its_organisers_and_participants_only():
    programme, _slots, (someone,) = programme_with(slots=1, people=1)
    organiser = admin_of(programme.event.organiser)
    assert queries.managed_programme_or_404(organiser, programme.event_id) == programme
    assert queries.seen_programme_or_404(organiser, programme.event_id) == programme
    assert queries.seen_programme_or_404(user_of(someone), programme.event_id) == programme
    with pytest.raises(Http404):
        queries.managed_programme_or_404(user_of(someone), programme.event_id)
    stranger = RegistrationFactory().user
    for lookup in (queries.managed_programme_or_404, queries.seen_programme_or_404, queries.joinable_programme_or_404,
                   queries.managed_event_or_404):
        with pytest.raises(Http404):
            lookup(stranger, programme.event_id)


def test_a_confirmed_registrant_not_joined_yet_is_told_so_and_nothing_is_created():
    programme, _slots, _people = programme_with(slots=1, people=1)
    registrant = RegistrationFactory(event=programme.event).user
    before = Participant.objects.count()
    with pytest.raises(queries.NotJoined):
        queries.seen_programme_or_404(registrant, programme.event_id)
    assert queries.joinable_programme_or_404(registrant, programme.event_id) == programme
    assert Participant.objects.count() == before
