"""The pages translate between forms and the domain: each step's outcome and message."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.organisations.models import Organisation
from innobelt.resources.models import AccessRequest, Blackout, Booking, Resource
from tests.factories import AccessRequestFactory, MembershipFactory, OrganisationFactory, ResourceFactory
from tests.resources.conftest import at

pytestmark = pytest.mark.django_db


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [m.get_text(strip=True) for m in BeautifulSoup(response.content, "html.parser").select(".messages li")]


def test_ask_approve_accept_through_the_pages(scene):
    resource = ResourceFactory(owner=scene.owner_org, requires_nda=True)
    seeker, owner = browser(scene.seeker), browser(scene.owner_admin)
    detail = seeker.get(f"/resources/{resource.pk}/").content.decode()
    assert f"/resources/{resource.pk}/request/" in detail
    response = seeker.post(f"/resources/{resource.pk}/request/", {"organisation": scene.seeker_org.pk, "purpose": "Map twelve samples."},
                           follow=True)
    request = AccessRequest.objects.get(resource=resource)
    assert response.redirect_chain[-1][0] == f"/resources/requests/{request.pk}/"
    owner.post(f"/resources/requests/{request.pk}/approve/", {"note": "Welcome; bring your own samples."})
    page = seeker.get(f"/resources/requests/{request.pk}/").content.decode()
    assert 'id="accept-terms"' in page and 'name="nda_acknowledged"' in page
    # Issue 19, bug 4: the owner's note is on the request page, not only in the inbox.
    note = BeautifulSoup(page, "html.parser").select_one("#approval-note")
    assert note is not None and note.get_text() == "Welcome; bring your own samples."
    assert "Welcome; bring your own samples." in owner.get(f"/resources/requests/{request.pk}/").content.decode()
    refused = seeker.post(f"/resources/requests/{request.pk}/accept/", {"conditions_accepted": "on"}, follow=True)
    assert messages_of(refused) and AccessRequest.objects.get(pk=request.pk).status == "approved"
    seeker.post(f"/resources/requests/{request.pk}/accept/", {"conditions_accepted": "on", "nda_acknowledged": "on"})
    assert AccessRequest.objects.get(pk=request.pk).status == "active"


def test_an_ineligible_firm_sees_why_before_asking(scene):
    picky = ResourceFactory(owner=scene.owner_org, only_smes_and_startups=True)
    big = MembershipFactory(organisation=OrganisationFactory(kind=Organisation.Kind.LARGE_FIRM, name_en="Big Corp")).user
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(big)
    page = client.get(f"/en/resources/{picky.pk}/").content.decode()
    assert "Only SMEs and startups may use this resource; Big Corp is registered as a large firm." in page
    assert f"/resources/{picky.pk}/request/" not in page


def test_booking_two_adjacent_slots_makes_one_booking_and_a_stale_page_gets_a_clear_message(scene):
    rival = AccessRequestFactory(resource=scene.equipment, organisation=OrganisationFactory())
    seeker, other = browser(scene.seeker), browser(rival.requested_by)
    week = f"{at(7, 0):%Y-%m-%d}"
    page = seeker.get(f"/resources/{scene.equipment.pk}/book/?week={week}")
    assert f'value="{at(7, 10).isoformat()}"' in page.content.decode()
    response = seeker.post(f"/resources/{scene.equipment.pk}/book/", {
        "week": week, "slot": [at(7, 10).isoformat(), at(7, 11).isoformat()], "repeat_weekly": 1}, follow=True)
    (booking,) = Booking.objects.all()
    assert (booking.start, booking.end) == (at(7, 10), at(7, 12))
    assert response.redirect_chain[-1][0] == "/resources/bookings/"
    # the rival's page was loaded before: the slot still looked free
    stale = other.post(f"/en/resources/{scene.equipment.pk}/book/", {"week": week, "slot": [at(7, 11).isoformat()], "repeat_weekly": 1})
    assert stale.status_code == 200
    day = f"{at(7, 0):%Y-%m-%d}"
    assert messages_of(stale) == [f"Not booked: {day} 11:00–12:00 overlaps booking #{booking.pk} ({day} 10:00–12:00)."]
    assert Booking.objects.count() == 1
    grid = BeautifulSoup(stale.content, "html.parser")
    assert grid.select_one(".slot-booked") is not None


def test_closures_page_cancels_bookings_only_when_ticked(scene):
    Booking.objects.create(resource=scene.equipment, access_request=scene.access, organisation=scene.seeker_org, booked_by=scene.seeker,
                           start=at(6, 9), end=at(6, 10))
    owner = browser(scene.owner_admin)
    form = {"kind": "maintenance", "start": at(6, 8).strftime("%Y-%m-%dT%H:%M"), "end": at(6, 18).strftime("%Y-%m-%dT%H:%M"), "note": "Service"}
    first = owner.post(f"/en/resources/{scene.equipment.pk}/closures/", form)
    assert "1 bookings fall in this period" in first.content.decode() and not Blackout.objects.exists()
    owner.post(f"/resources/{scene.equipment.pk}/closures/", {**form, "cancel_overlapping": "on"})
    assert Blackout.objects.count() == 1 and Booking.objects.get().status == "cancelled"


def test_create_edit_publish_and_import_pages(scene):
    owner = browser(scene.owner_admin)
    response = owner.post("/resources/new/", {
        "owner": scene.owner_org.pk, "kind": "patent", "title_en": "Coating method", "description": "A coating method.",
        "description_language": "en", "visibility": "public", "terms": "negotiable", "patent_number": "DEMO-9",
        "licensing_modes": ["royalty"], "contact_name": "TTO", "cancellation_hours": 24, "slot_minutes": 30})
    patent = Resource.objects.get(title_en="Coating method")
    assert response.status_code == 302 and (patent.status, patent.kind, patent.slot_minutes, patent.licensing_modes) == (
        "draft", "patent", None, ["royalty"])
    owner.post(f"/resources/{patent.pk}/publish/")
    assert Resource.objects.get(pk=patent.pk).status == "published"
    upload = SimpleUploadedFile("e.csv", b"name,opening_hours\nRheometer,Mon-Fri 09:00-17:00\n", content_type="text/csv")
    owner.post("/resources/import/", {"organisation": scene.owner_org.pk, "file": upload})
    assert Resource.objects.filter(title_en="Rheometer", status="draft").exists()
    bad = SimpleUploadedFile("e.csv", b"name,slot_minutes\nX,many\n", content_type="text/csv")
    page = owner.post("/resources/import/", {"organisation": scene.owner_org.pk, "file": bad}, follow=True).content.decode()
    assert 'id="import-errors"' in page and not Resource.objects.filter(title_en="X").exists()


def test_owner_view_shows_waiting_requests_utilisation_and_figures(scene):
    Booking.objects.create(resource=scene.equipment, access_request=scene.access, organisation=scene.seeker_org, booked_by=scene.seeker,
                           start=at(1, 8), end=at(1, 14))
    AccessRequest.objects.create(resource=scene.equipment, organisation=OrganisationFactory(name_en="Waiting Ltd"), requested_by=scene.seeker,
                                 purpose="Please.")
    page = BeautifulSoup(browser(scene.owner_member).get("/en/resources/owner/?window=ahead").content, "html.parser")
    assert "Waiting Ltd" in page.get_text()
    (row,) = page.select("#utilisation tbody tr")
    cells = [td.get_text(strip=True) for td in row.select("td")]
    assert cells[1:3] == ["6.0", "180.0"]  # 6 h booked of 15 days × 12 h open
    assert page.select_one("#goi-figures strong").get_text() == "1"  # the SME with an active request
