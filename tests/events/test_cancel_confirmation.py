"""Issue 19, bug 3: cancelling a registration asks for confirmation (a page with a box to tick; no
script), a POST without the tick cancels nothing, and a cancelled ticket no longer offers the
calendar. The API cancels at once (a client asks its user itself)."""

import pytest
from django.test import Client

from innobelt.events.models import Registration
from tests.factories import MembershipFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_ticket_links_to_a_confirmation_page_and_a_post_without_the_tick_cancels_nothing():
    registration = RegistrationFactory()
    client = client_for(registration.user)
    ticket = client.get(f"/en/events/registrations/{registration.pk}/").content.decode()
    assert f'href="/en/events/registrations/{registration.pk}/cancel/"' in ticket and 'id="add-to-calendar"' in ticket
    assert '<form method="post" action="/en/events/registrations/' not in ticket  # no one-click cancel any more
    page = client.get(f"/en/events/registrations/{registration.pk}/cancel/").content.decode()
    assert 'name="confirm"' in page and "required" in page[page.index('name="confirm"') - 80:page.index('name="confirm"') + 80]
    assert "Do you want to cancel your registration" in page
    response = client.post(f"/en/events/registrations/{registration.pk}/cancel/", follow=True)
    assert response.redirect_chain[-1][0] == f"/en/events/registrations/{registration.pk}/cancel/"
    assert "Tick the box" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"
    response = client.post(f"/en/events/registrations/{registration.pk}/cancel/", {"confirm": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/en/events/registrations/{registration.pk}/"
    assert Registration.objects.get(pk=registration.pk).status == "cancelled"
    ticket = response.content.decode()
    assert 'id="add-to-calendar"' not in ticket and "/calendar.ics" not in ticket and 'id="cancel-registration"' not in ticket


def test_the_confirmation_page_in_chinese():
    registration = RegistrationFactory()
    page = client_for(registration.user).get(f"/events/registrations/{registration.pk}/cancel/").content.decode()
    assert "确定要取消您在" in page and "是的，取消这项报名" in page and "保留报名" in page
    assert "Do you want to cancel" not in page


def test_the_organiser_confirms_too_and_returns_to_the_list():
    registration = RegistrationFactory()
    organiser = MembershipFactory(organisation=registration.event.organiser, role="admin").user
    client = client_for(organiser)
    listing = client.get(f"/en/events/{registration.event_id}/registrations/").content.decode()
    assert f'href="/en/events/registrations/{registration.pk}/cancel/"' in listing
    page = client.get(f"/en/events/registrations/{registration.pk}/cancel/").content.decode()
    assert str(registration.user) in page
    response = client.post(f"/en/events/registrations/{registration.pk}/cancel/", {"confirm": "on"})
    assert response["Location"] == f"/en/events/{registration.event_id}/registrations/"
    assert Registration.objects.get(pk=registration.pk).status == "cancelled"


def test_others_may_not_open_the_confirmation_page():
    registration = RegistrationFactory()
    stranger = MembershipFactory().user
    assert client_for(stranger).get(f"/en/events/registrations/{registration.pk}/cancel/").status_code == 404
