import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from innobelt.audit.models import AuditEntry
from innobelt.resources.models import AccessRequest, Resource
from tests.admin_helpers import admin_client, admin_form_data, form_errors
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


# Item 9: the admin goes through the resources' own validation and the domain's publish checks.

MALFORMED_HOURS = [[9, "25:99", "xx"], {"a": 1}]


def _platform_client():
    return admin_client(UserFactory(is_platform_operator=True, is_staff=True, is_superuser=True))


def _change(client, resource, **changes):
    data = admin_form_data(client.get(f"/admin/resources/resource/{resource.pk}/change/"))
    data.update(changes)
    return client.post(f"/admin/resources/resource/{resource.pk}/change/", data)


def test_malformed_opening_hours_posted_to_the_admin_get_a_form_error_and_change_nothing(scene):
    before = list(scene.equipment.opening_hours)
    for client in (_platform_client(), admin_client(UserFactory(operator_for=[scene.city]))):
        response = _change(client, scene.equipment, opening_hours=json.dumps(MALFORMED_HOURS), opening_hours_text="Mon 25:99-xx")
        assert response.status_code == 200 and "opening_hours_text" in form_errors(response)
        scene.equipment.refresh_from_db()
        assert scene.equipment.opening_hours == before
    assert not AuditEntry.objects.filter(action="resource.updated").exists()


def test_the_model_refuses_malformed_opening_hours_in_every_model_form(scene):
    scene.equipment.opening_hours = MALFORMED_HOURS
    with pytest.raises(ValidationError) as caught:
        scene.equipment.full_clean()
    assert "opening_hours" in caught.value.message_dict


def test_admin_changes_go_through_the_domain_and_are_recorded(scene):
    client = admin_client(UserFactory(operator_for=[scene.city]))
    response = _change(client, scene.equipment, opening_hours_text="Mon-Fri 09:00-17:00", title_en="Renamed instrument")
    assert response.status_code == 302
    scene.equipment.refresh_from_db()
    assert scene.equipment.opening_hours == [[day, "09:00", "17:00"] for day in range(5)]
    assert scene.equipment.title_en == "Renamed instrument"
    entry = AuditEntry.objects.get(action="resource.updated", target_id=str(scene.equipment.pk))
    assert "title_en" in entry.data["fields"] and "opening_hours" in entry.data["fields"]
    response = _change(client, scene.equipment, slot_minutes="")  # the domain's check of equipment: a slot length
    assert response.status_code == 200 and "slot_minutes" in form_errors(response)


def test_publishing_in_the_admin_needs_the_publish_checks(scene):
    draft = ResourceFactory(owner=scene.owner_org, status="draft", published_at=None, description="", contact_name="")
    client = _platform_client()
    _change(client, draft, status="published", published_at="2020-01-01 00:00")  # read-only: a forged status is ignored
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == ("draft", None)
    client.post("/admin/resources/resource/", {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "draft"  # no description, no contact: publish_resource refuses
    assert not AuditEntry.objects.filter(action="resource.published", target_id=str(draft.pk)).exists()


def test_a_stored_resource_with_malformed_hours_does_not_break_its_pages(scene):
    Resource.objects.filter(pk=scene.equipment.pk).update(opening_hours=MALFORMED_HOURS)  # written around every check
    resource = Resource.objects.get(pk=scene.equipment.pk)
    assert resource.opening_hours == []  # reads as no opening hours
    owner = admin_client(scene.owner_admin)
    assert owner.get(f"/resources/{resource.pk}/").status_code == 200
    assert admin_client(scene.seeker).get(f"/resources/{resource.pk}/book/").status_code == 200
    assert owner.get(f"/api/v1/resources/{resource.pk}").status_code == 200
    assert owner.get(f"/api/v1/resources/{resource.pk}/availability").status_code == 200
    assert owner.get(f"/resources/owner/?organisation={scene.owner_org.slug}").status_code == 200
    assert _platform_client().get(f"/admin/resources/resource/{resource.pk}/change/").status_code == 200


def test_sample_jobs_are_listed_read_only_for_the_operators_of_their_city(scene):
    from innobelt.resources.domain.samples import submit_sample_job

    scene.equipment.accepts_samples = True
    scene.equipment.save()
    job = submit_sample_job(actor=scene.seeker, access_request=scene.access, samples=2, description="Glass films", method="XRD")
    here = admin_client(UserFactory(operator_for=[scene.city]))
    link = f"/admin/resources/samplejob/{job.pk}/change/"
    assert link in here.get("/admin/resources/samplejob/").content.decode()
    page = here.get(f"/admin/resources/samplejob/{job.pk}/change/")
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()  # nothing to edit
    assert here.post(f"/admin/resources/samplejob/{job.pk}/change/", {"status": "completed"}).status_code == 403
    assert here.get("/admin/resources/samplejob/add/").status_code == 403
    elsewhere = admin_client(UserFactory(operator_for=[CityFactory()]))
    assert link not in elsewhere.get("/admin/resources/samplejob/").content.decode()
    assert elsewhere.get(f"/admin/resources/samplejob/{job.pk}/change/").status_code == 302
    job.refresh_from_db()
    assert job.status == "submitted"
