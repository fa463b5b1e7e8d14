"""The event pages link to the event's 1:1 programme through events' panel registry (events imports
nothing of meetings): a note for everyone, the participant's pages for a confirmed registration,
the organiser's pages for the event's managers, and "Set up 1:1 meetings" before there is one."""

import pytest
from django.test import Client

from innobelt.events.page_panels import PROVIDERS
from tests.factories import EventFactory, OrganisationFactory, RegistrationFactory, UserFactory
from tests.meetings.helpers import admin_of, programme_with, user_of

pytestmark = pytest.mark.django_db


def page_of(event, user=None) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(f"/en/events/{event.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def links(page: str, event) -> set[str]:
    e = event.pk
    candidates = {"profile": f"/en/meetings/{e}/profile/", "people": f"/en/meetings/{e}/people/", "agenda": f"/en/meetings/{e}/agenda/",
                  "manage": f"/en/meetings/{e}/manage/", "grid": f"/en/meetings/{e}/grid/"}
    return {name for name, url in candidates.items() if f'href="{url}"' in page}


def test_the_meetings_app_registers_its_panel():
    assert "meetings" in PROVIDERS


def test_everyone_sees_the_section_participants_and_organisers_their_links():
    programme, _slots, (p,) = programme_with(slots=1, people=1)
    event = programme.event
    anonymous = page_of(event)
    assert 'id="meetings-panel"' in anonymous and "1:1 meetings" in anonymous
    assert links(anonymous, event) == set()
    assert "Register for the event to take part." in anonymous
    assert links(page_of(event, user_of(p)), event) == {"profile", "people", "agenda"}
    assert links(page_of(event, admin_of(event.organiser)), event) == {"manage", "grid"}
    assert links(page_of(event, UserFactory()), event) == set()


def test_a_registration_that_is_not_confirmed_gets_no_participant_links():
    programme, _slots, _people = programme_with(slots=1, people=0)
    event = programme.event
    waiting = RegistrationFactory(event=event, status="waitlisted", organisation=OrganisationFactory())
    page = page_of(event, waiting.user)
    assert links(page, event) == set()
    assert "Once your registration is confirmed" in page


def test_an_event_without_a_programme_has_no_meetings_section():
    event = EventFactory()
    assert 'id="meetings-panel"' not in page_of(event, admin_of(event.organiser) if event.organiser else None)


def setup_link(page: str, event) -> bool:
    return f'href="/en/meetings/{event.pk}/manage/"' in page and 'id="meetings-setup-link"' in page


def test_a_new_event_offers_its_managers_to_set_up_1_1_meetings():
    """Issue 19, bug 5: without a programme the organiser reaches the meetings' set-up from the event
    page and from its organiser page (events:programme), not only by typing the URL."""
    event = EventFactory(organiser=OrganisationFactory())
    admin = admin_of(event.organiser)
    assert setup_link(page_of(event, admin), event)
    client = Client()
    client.force_login(admin)
    organiser_page = client.get(f"/en/events/{event.pk}/programme/").content.decode()
    assert setup_link(organiser_page, event) and "Set up 1:1 meetings" in organiser_page
    assert client.get(f"/en/meetings/{event.pk}/manage/").status_code == 200  # where the link goes: the settings form
    assert "设置一对一洽谈" in client.get(f"/events/{event.pk}/programme/").content.decode()
    for visitor in (None, UserFactory()):  # not for the public
        page = page_of(event, visitor)
        assert not setup_link(page, event) and 'id="meetings-setup"' not in page


def test_once_the_programme_exists_the_organiser_page_links_to_its_settings_and_grid():
    programme, _slots, _people = programme_with(slots=1, people=0)
    event = programme.event
    client = Client()
    client.force_login(admin_of(event.organiser))
    organiser_page = client.get(f"/en/events/{event.pk}/programme/").content.decode()
    assert links(organiser_page, event) == {"manage", "grid"} and not setup_link(organiser_page, event)
    assert not setup_link(page_of(event, admin_of(event.organiser)), event)
