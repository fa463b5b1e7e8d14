"""Eight people of one organisation press "Contact" on the same resource at the same moment: one thread.

PostgreSQL only: each thread of the test gets its own connection there, and the domain locks both
organisation rows before looking for an open thread. (Embedded SQLite serialises writers with
IMMEDIATE transactions; the in-memory test database cannot show concurrency.)
"""

import pytest
from django.db import connection

from innobelt.conversations import domain
from innobelt.conversations.models import Thread
from tests.factories import MembershipFactory
from tests.races import in_parallel

PEOPLE = 8


@pytest.mark.django_db(transaction=True)
def test_simultaneous_contacts_make_one_thread(scene):
    if connection.vendor != "postgresql":
        pytest.skip("needs a connection per thread (PostgreSQL)")
    people = [MembershipFactory(organisation=scene.firm).user for _ in range(PEOPLE)]

    def press(person):
        return domain.contact(actor=person, about=f"resource:{scene.resource.pk}", body=f"From {person.pk}")[0].pk

    ids = in_parallel(press, people)
    assert len(set(ids)) == 1 and Thread.objects.count() == 1
    assert Thread.objects.get().messages.count() == PEOPLE
