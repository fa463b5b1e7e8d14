"""The admin: district operators see the programmes of events in their cities only."""

import pytest
from django.test import Client

from tests.factories import CityFactory, EventFactory, MeetingFactory, OrganisationFactory, UserFactory
from tests.meetings.helpers import programme_with

pytestmark = pytest.mark.django_db


def test_operators_see_programmes_runs_and_meetings_of_their_cities():
    here, there = CityFactory(), CityFactory()
    programme, slots, (p, q) = programme_with(people=2, organiser=OrganisationFactory(city=here))
    meeting = MeetingFactory(programme=programme, slot=slots[0], a=p, b=q)
    EventFactory(organiser=OrganisationFactory(city=there))
    local, far = Client(), Client()
    local.force_login(UserFactory(operator_for=[here]))
    far.force_login(UserFactory(operator_for=[there]))
    for url in ("/admin/meetings/programme/", "/admin/meetings/meeting/", "/admin/meetings/schedulerun/"):
        assert local.get(url).status_code == 200
        assert far.get(url).status_code == 200
    assert local.get(f"/admin/meetings/programme/{programme.pk}/change/").status_code == 200
    assert far.get(f"/admin/meetings/programme/{programme.pk}/change/").status_code == 302
    assert str(programme.event.title) in local.get("/admin/meetings/programme/").content.decode()
    assert str(programme.event.title) not in far.get("/admin/meetings/programme/").content.decode()
    assert local.get(f"/admin/meetings/meeting/{meeting.pk}/change/").status_code == 200
