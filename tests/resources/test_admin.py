import pytest
from django.test import Client

from innobelt.resources.models import AccessRequest
from tests.factories import BookingFactory, CityFactory, OrganisationFactory, ResourceFactory, UserFactory
from tests.resources.conftest import at

pytestmark = pytest.mark.django_db


def test_district_operators_see_their_cities_resources_only_and_bookings_are_read_only(scene):
    here = UserFactory(operator_for=[scene.city])
    elsewhere_city = CityFactory()
    elsewhere = UserFactory(operator_for=[elsewhere_city])
    far = ResourceFactory(owner=OrganisationFactory(city=elsewhere_city), title_zh="远方设备")
    booking = BookingFactory(access_request=scene.access, start=at(3, 10), end=at(3, 11))
    client = Client()
    client.force_login(here)
    listing = client.get("/admin/resources/resource/").content.decode()
    assert scene.equipment.title_zh in listing and "远方设备" not in listing
    assert client.get(f"/admin/resources/resource/{far.pk}/change/").status_code == 302  # out of scope
    assert client.get(f"/admin/resources/booking/{booking.pk}/change/").status_code == 200
    assert client.get("/admin/resources/booking/add/").status_code == 403
    client.force_login(elsewhere)
    assert scene.equipment.title_zh not in client.get("/admin/resources/resource/").content.decode()
    assert client.get(f"/admin/resources/accessrequest/{scene.access.pk}/change/").status_code == 302


def test_platform_operators_cancel_bookings_from_the_admin(scene):
    booking = BookingFactory(access_request=scene.access, start=at(3, 10), end=at(3, 11))
    client = Client()
    client.force_login(UserFactory(is_platform_operator=True, is_staff=True, is_superuser=True))
    response = client.post("/admin/resources/booking/", {"action": "cancel_selected", "_selected_action": [booking.pk]})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert AccessRequest.objects.get(pk=scene.access.pk).status == "active"
