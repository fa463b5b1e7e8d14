"""API flows that the matrix does not show: bodies, the 409 shape, partial series, validation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.resources.models import AccessRequest, Booking, Resource
from tests.factories import OrganisationFactory
from tests.resources.conftest import at

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def test_an_owner_admin_adds_equipment_and_publishes_it(scene):
    owner = client_for(scene.owner_admin)
    body = {"owner": scene.owner_org.slug, "kind": "equipment", "title_zh": "扫描电镜", "title_en": "SEM", "description": "Imaging.",
            "opening_hours": "Mon-Fri 09:00-17:00", "slot_minutes": 120, "contact_name": "Zhang", "industries": [scene.industry.code],
            "visibility": "cities", "visible_cities": [scene.city.slug], "terms": "cost_price", "publish": True}
    response = owner.post("/api/v1/resources", body, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["status"], created["opening_hours_text"], created["visible_cities"], created["city"]) == (
        "published", "Mon-Fri 09:00-17:00", [scene.city.slug], scene.city.slug)
    patched = owner.patch(f"/api/v1/resources/{created['id']}", {"slot_minutes": 60, "kind": "patent"}, content_type="application/json")
    assert patched.status_code == 422  # the kind is not a field of the patch
    patched = owner.patch(f"/api/v1/resources/{created['id']}", {"slot_minutes": 60}, content_type="application/json")
    assert patched.json()["slot_minutes"] == 60


def test_kind_rules_give_field_errors_and_nul_characters_are_refused(scene):
    owner = client_for(scene.owner_admin)
    response = owner.post("/api/v1/resources", {"owner": scene.owner_org.slug, "kind": "equipment", "title_en": "No hours"},
                          content_type="application/json")
    assert response.status_code == 400
    assert {f["field"] for f in response.json()["error"]["fields"]} == {"slot_minutes", "opening_hours"}
    response = owner.post("/api/v1/resources", {"owner": scene.owner_org.slug, "kind": "patent", "title_en": "Bad\x00"},
                          content_type="application/json")
    assert response.status_code == 400  # refused at the edge (ADR 0009), naming the field
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["title_en"]
    assert Resource.objects.count() == 1


def test_overlapping_booking_is_409_naming_the_booking_in_the_way(scene):
    seeker = client_for(scene.seeker)
    url = f"/api/v1/resources/{scene.equipment.pk}/bookings"
    first = seeker.post(url, {"start": at(2, 10).isoformat(), "end": at(2, 12).isoformat()}, content_type="application/json")
    assert first.status_code == 201
    (booked,) = first.json()["bookings"]
    clash = seeker.post(url, {"start": at(2, 11).isoformat(), "end": at(2, 13).isoformat()}, content_type="application/json")
    assert clash.status_code == 409
    error = clash.json()["error"]
    assert error["code"] == "conflict"
    assert error["details"]["conflicting_booking"] == {"id": booked["id"], "start": at(2, 10).isoformat(), "end": at(2, 12).isoformat()}
    assert error["message"].startswith(f"{at(2, 0):%Y-%m-%d} 11:00–13:00 overlaps booking #{booked['id']}")
    assert Booking.objects.count() == 1


def test_a_weekly_series_is_201_with_the_dates_it_could_not_book(scene):
    seeker = client_for(scene.seeker)
    url = f"/api/v1/resources/{scene.equipment.pk}/bookings"
    seeker.post(url, {"start": at(9, 10).isoformat(), "end": at(9, 11).isoformat()}, content_type="application/json")
    series = seeker.post(url, {"start": at(2, 10).isoformat(), "end": at(2, 11).isoformat(), "repeat_weekly": 3},
                         content_type="application/json")
    assert series.status_code == 201
    body = series.json()
    assert [b["start"] for b in body["bookings"]] == [at(2, 10).isoformat(), at(16, 10).isoformat()]
    assert [c["date"] for c in body["conflicts"]] == [f"{at(9, 0):%Y-%m-%d}"]
    assert body["bookings"][0]["series"] == body["bookings"][1]["series"]


def test_booking_before_accepting_the_terms_is_explained(scene):
    scene.access.status = AccessRequest.Status.APPROVED
    scene.access.save()
    response = client_for(scene.seeker).post(f"/api/v1/resources/{scene.equipment.pk}/bookings",
                                             {"start": at(2, 10).isoformat(), "end": at(2, 11).isoformat()}, content_type="application/json")
    assert (response.status_code, response.json()["error"]["message"]) == (400, "Accept the terms of the approved request before booking.")


def test_ineligible_request_is_400_with_every_reason(scene):
    picky = scene.equipment
    picky.only_goi_members = True
    picky.save()
    other = OrganisationFactory()
    from tests.factories import MembershipFactory

    person = MembershipFactory(organisation=other).user
    response = client_for(person).post(f"/api/v1/resources/{picky.pk}/requests", {"organisation": other.slug, "purpose": "Twelve samples."},
                                       content_type="application/json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert [f["field"] for f in fields] == ["organisation"]
    assert "GOI" in fields[0]["message"]


def test_decline_reasons_come_from_the_list(scene):
    pending = AccessRequest.objects.create(resource=scene.equipment, organisation=OrganisationFactory(), requested_by=scene.seeker,
                                           purpose="Samples.")
    owner = client_for(scene.owner_admin)
    url = f"/api/v1/access-requests/{pending.pk}/decline"
    assert owner.post(url, {"reason": "bored"}, content_type="application/json").status_code == 422
    response = owner.post(url, {"reason": "safety", "text": "No training slots."}, content_type="application/json")
    assert (response.status_code, response.json()["status"], response.json()["decline_reason"]) == (200, "declined", "safety")


def test_import_reports_bad_rows_per_line(scene):
    owner = client_for(scene.owner_admin)
    url = f"/api/v1/organisations/{scene.owner_org.slug}/resources/import"
    bad = SimpleUploadedFile("e.csv", b"name,slot_minutes\nGood,60\nBad,lots\n", content_type="text/csv")
    response = owner.post(url, {"file": bad})
    assert response.status_code == 202  # queued; in tests the job runs inside the request (IMPORTS_RUN_INLINE)
    job = owner.get(response.json()["url"]).json()
    assert (job["status"], job["errors"], job["ids"]) == ("failed", [{"line": 3, "column": "slot_minutes", "message": "“lots” is not a number."}], [])
    good = SimpleUploadedFile("e.csv", b"name,slot_minutes\nGood,60\n", content_type="text/csv")
    job = owner.post(url, {"file": good}).json()
    good_ids = list(Resource.objects.filter(title_en="Good").values_list("pk", flat=True))
    assert (job["status"], job["imported_count"], job["ids"]) == ("done", 1, good_ids)
    wrong_type = SimpleUploadedFile("e.exe", b"MZ", content_type="application/octet-stream")
    assert owner.post(url, {"file": wrong_type}).json()["error"]["fields"] == [{"field": "line 0", "message": "Upload a .csv or .xlsx file."}]


def test_owner_report_and_calendar_feed(scene):
    seeker = client_for(scene.seeker)
    seeker.post(f"/api/v1/resources/{scene.equipment.pk}/bookings", {"start": at(1, 8).isoformat(), "end": at(1, 12).isoformat()},
                content_type="application/json")
    report = client_for(scene.owner_member).get(f"/api/v1/organisations/{scene.owner_org.slug}/resource-report",
                                                {"start": f"{at(1, 0):%Y-%m-%d}", "end": f"{at(2, 0):%Y-%m-%d}"}).json()
    assert report["utilisation"] == [{"resource": scene.equipment.pk, "title": scene.equipment.title_en, "booked_hours": 4.0,
                                      "open_hours": 24.0, "ratio": 4 / 24}]
    assert seeker.get("/api/v1/me/calendar-feed").json() == {"url": None}
    url = seeker.post("/api/v1/me/calendar-feed").json()["url"]
    assert url.startswith("http://testserver/") and url.endswith(".ics")
    assert Client().get(url.removeprefix("http://testserver")).status_code == 200


OUT_OF_RANGE = "Value error, give a date between 2000-01-01 and 2100-12-31"


@pytest.mark.parametrize("endpoint", ["bookings", "closures"])
@pytest.mark.parametrize("field", ["start", "end"])
@pytest.mark.parametrize("value", [
    "1900-03-01T09:00:00+08:00", "2200-03-01T09:00:00+08:00",
    "1027-08-04T19:16:50Z",  # found by schemathesis: once stored, answered with Shanghai's local mean time (+08:05:43)
    "9999-12-31T23:59:59-12:00",  # past the largest datetime in UTC: converting it raised OverflowError
])
def test_every_datetime_of_a_resources_body_outside_2000_to_2100_is_refused_on_its_field(scene, endpoint, field, value):
    """Bookings and closures take their times through kit.schema_types.DateTimeIn, as events and meetings do:
    a 422 in the API's error shape naming the field, and nothing stored."""
    body = {"start": at(2, 10).isoformat(), "end": at(2, 12).isoformat(), field: value}
    actor = scene.seeker if endpoint == "bookings" else scene.owner_admin
    response = client_for(actor).post(f"/api/v1/resources/{scene.equipment.pk}/{endpoint}", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json() == {"error": {"code": "invalid", "message": "The data sent is not valid.",
                                         "fields": [{"field": field, "message": OUT_OF_RANGE}], "details": {}}}
    assert not Booking.objects.exists() and not scene.equipment.blackouts.exists()


def test_the_owner_s_approval_note_is_kept_on_the_request(scene):
    """Issue 19, bug 4: the note is part of the request (page and API), not only of the notice."""
    pending = AccessRequest.objects.create(resource=scene.equipment, organisation=OrganisationFactory(), requested_by=scene.seeker,
                                           purpose="Test twelve samples.")
    response = client_for(scene.owner_admin).post(f"/api/v1/access-requests/{pending.pk}/approve", {"note": "  Come on Monday.  "},
                                                  content_type="application/json")
    assert response.status_code == 200 and response.json()["approval_note"] == "Come on Monday."
    assert AccessRequest.objects.get(pk=pending.pk).approval_note == "Come on Monday."
