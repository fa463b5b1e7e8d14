"""Twelve people register for three places at the same moment, then three cancel at once: the row lock
on the event keeps the places exact and the waiting list in order (PostgreSQL, one connection per thread;
on SQLite, IMMEDIATE transactions serialise writers and the in-memory test database has one connection)."""

from collections import Counter

import pytest
from django.db import connection

from innobelt.events import domain
from innobelt.events.models import Registration
from tests.events.conftest import person
from tests.factories import EventFactory
from tests.races import in_parallel

PEOPLE = 12


@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_and_cancellations_keep_places_exact_and_the_list_in_order():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server: every thread has its own connection")
    event = EventFactory(capacity=3)
    people = [person() for _ in range(PEOPLE)]
    statuses = in_parallel(lambda user: domain.register_for_event(user=user, event=event).status, people)
    assert Counter(statuses) == {"confirmed": 3, "waitlisted": PEOPLE - 3}

    waiting_order = list(event.registrations.filter(status="waitlisted").order_by("waitlisted_at", "pk").values_list("user_id", flat=True))
    holders = list(event.registrations.filter(status="confirmed"))
    in_parallel(lambda r: domain.cancel_registration(actor=r.user, registration=r), holders)
    confirmed = set(event.registrations.filter(status="confirmed").values_list("user_id", flat=True))
    assert confirmed == set(waiting_order[:3])
    assert Counter(Registration.objects.filter(event=event).values_list("status", flat=True)) == {
        "confirmed": 3, "cancelled": 3, "waitlisted": PEOPLE - 6}
