"""Training gates booking: records, requests, sessions as bookings of their own, the refusal's message."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from innobelt.audit.models import AuditEntry
from innobelt.notifications.models import Notification
from innobelt.resources import domain
from innobelt.resources.domain import training
from innobelt.resources.models import Booking, StatementLine, TrainingRecord, TrainingRequest
from tests.resources.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def gated(scene):
    scene.equipment.training_required = True
    scene.equipment.save(update_fields=["training_required"])
    return scene


def book(scene, days=2, start=10, end=11):
    return domain.book_equipment(actor=scene.seeker, access_request=scene.access, start=at(days, start), end=at(days, end))


def client_for(user):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def test_an_untrained_person_is_refused_with_how_to_get_trained(gated):
    with pytest.raises(ValidationError) as exc:
        book(gated)
    (message,) = exc.value.messages
    assert "may be booked only by people trained on it" in message
    assert f"/resources/{gated.equipment.pk}/training/" in message
    assert not Booking.objects.exists()


def test_no_training_needed_when_the_resource_does_not_require_it(scene):
    assert book(scene).created


def test_request_schedule_train_then_book(gated):
    asked = training.request_training(actor=gated.seeker, access_request=gated.access, message="XRD of thin films")
    assert (asked.status, asked.person, asked.organisation) == ("requested", gated.seeker, gated.seeker_org)
    assert Notification.objects.filter(recipient=gated.owner_admin, kind="resources.training").exists()
    with pytest.raises(ValidationError):
        training.request_training(actor=gated.seeker, access_request=gated.access)  # one open request per person
    with pytest.raises(PermissionDenied):
        training.schedule_training(actor=gated.seeker, training=asked, start=at(1, 9), end=at(1, 10))
    scheduled = training.schedule_training(actor=gated.owner_admin, training=asked, start=at(1, 9), end=at(1, 10))
    session = scheduled.session
    assert (scheduled.status, session.kind, session.booked_by, session.status) == ("scheduled", "training", gated.seeker, "confirmed")
    assert not StatementLine.objects.filter(booking=session).exists()  # a training session is free
    record = training.record_training(actor=gated.owner_admin, resource=gated.equipment, person=gated.seeker,
                                      expires_on=timezone.localdate() + timedelta(days=5))
    assert (record.trained_by, record.trained_on) == (gated.owner_admin, timezone.localdate())
    assert TrainingRequest.objects.get(pk=asked.pk).status == "trained"
    assert book(gated, days=3).created
    with pytest.raises(domain.BookingConflict):  # the session holds its period like any booking
        book(gated, days=1, start=9, end=10)
    with pytest.raises(ValidationError) as exc:  # after the expiry the training must be renewed
        book(gated, days=7)
    assert "must be renewed" in exc.value.messages[0]
    assert AuditEntry.objects.filter(action="resource.training_recorded").count() == 1


def test_rescheduling_cancels_the_previous_session(gated):
    asked = training.request_training(actor=gated.seeker, access_request=gated.access)
    first = training.schedule_training(actor=gated.owner_admin, training=asked, start=at(1, 9), end=at(1, 10)).session
    moved = training.schedule_training(actor=gated.owner_admin, training=asked, start=at(2, 9), end=at(2, 10)).session
    first.refresh_from_db()
    assert (first.status, moved.status) == ("cancelled", "confirmed")


def test_only_people_of_approved_requests_can_be_recorded_and_dates_are_checked(gated):
    from tests.factories import UserFactory

    with pytest.raises(ValidationError):
        training.record_training(actor=gated.owner_admin, resource=gated.equipment, person=UserFactory())
    with pytest.raises(ValidationError):
        training.record_training(actor=gated.owner_admin, resource=gated.equipment, person=gated.seeker,
                                 trained_on=timezone.localdate(), expires_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(PermissionDenied):
        training.record_training(actor=gated.owner_member, resource=gated.equipment, person=gated.seeker)
    assert not TrainingRecord.objects.exists()


def test_declining_and_withdrawing_close_the_request_and_its_session(gated):
    asked = training.request_training(actor=gated.seeker, access_request=gated.access)
    session = training.schedule_training(actor=gated.owner_admin, training=asked, start=at(1, 9), end=at(1, 10)).session
    training.decline_training(actor=gated.owner_admin, training=asked, answer="Fully booked this month.")
    session.refresh_from_db()
    assert (TrainingRequest.objects.get(pk=asked.pk).status, session.status) == ("declined", "cancelled")
    again = training.request_training(actor=gated.seeker, access_request=gated.access)
    training.withdraw_training_request(actor=gated.seeker, training=again)
    assert TrainingRequest.objects.get(pk=again.pk).status == "withdrawn"


def test_the_api_flow_and_the_409_of_a_session_in_the_way(gated):
    seeker, owner = client_for(gated.seeker), client_for(gated.owner_admin)
    url = f"/api/v1/resources/{gated.equipment.pk}/bookings"
    body = {"start": at(2, 10).isoformat(), "end": at(2, 11).isoformat()}
    refused = seeker.post(url, body, content_type="application/json")
    assert refused.status_code == 400 and "/training/" in refused.content.decode()
    asked = seeker.post(f"/api/v1/resources/{gated.equipment.pk}/training-requests", {"message": "please"}, content_type="application/json")
    assert asked.status_code == 201, asked.content
    tid = asked.json()["id"]
    assert owner.get("/api/v1/training-requests").json()[0]["id"] == tid
    other = training.trainable_people(gated.equipment)
    assert gated.seeker in other
    slot = {"start": at(1, 9).isoformat(), "end": at(1, 10).isoformat()}
    assert owner.post(f"/api/v1/training-requests/{tid}/schedule", slot, content_type="application/json").status_code == 200
    second = seeker.post(f"/api/v1/resources/{gated.equipment.pk}/training-requests", {}, content_type="application/json")
    assert second.status_code == 400
    recorded = owner.post(f"/api/v1/resources/{gated.equipment.pk}/training-records", {"person": gated.seeker.pk},
                          content_type="application/json")
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["trained_by"] == str(gated.owner_admin)
    assert seeker.get(f"/api/v1/resources/{gated.equipment.pk}/training-records").json()[0]["person_id"] == gated.seeker.pk
    assert seeker.post(url, body, content_type="application/json").status_code == 201


def test_the_api_schedule_is_409_when_the_period_is_taken(gated):
    training.record_training(actor=gated.owner_admin, resource=gated.equipment, person=gated.seeker)
    (taken,) = book(gated, days=1, start=9, end=10).created
    training.remove_training(actor=gated.owner_admin, record=TrainingRecord.objects.get())
    asked = training.request_training(actor=gated.seeker, access_request=gated.access)
    response = client_for(gated.owner_admin).post(f"/api/v1/training-requests/{asked.pk}/schedule",
                                                  {"start": at(1, 9).isoformat(), "end": at(1, 10).isoformat()},
                                                  content_type="application/json")
    assert response.status_code == 409
    assert response.json()["error"]["details"]["conflicting_booking"]["id"] == taken.pk


def test_the_pages(gated):
    seeker, owner = client_for(gated.seeker), client_for(gated.owner_admin)
    page = seeker.get(f"/en/resources/{gated.equipment.pk}/book/")
    assert "may be booked only by people trained on it" in page.content.decode()
    assert seeker.post(f"/en/resources/{gated.equipment.pk}/training/request/", {"message": "hello"}).status_code == 302
    asked = TrainingRequest.objects.get()
    listed = owner.get(f"/en/resources/{gated.equipment.pk}/training/").content.decode()
    assert "hello" in listed and "Schedule a session" in listed
    start = timezone.localtime(at(1, 9)).strftime("%Y-%m-%dT%H:%M")
    end = timezone.localtime(at(1, 10)).strftime("%Y-%m-%dT%H:%M")
    assert owner.post(f"/en/resources/training/{asked.pk}/schedule/", {"start": start, "end": end}).status_code == 302
    assert owner.post(f"/en/resources/{gated.equipment.pk}/training/record/", {"person": gated.seeker.pk}).status_code == 302
    assert "You are trained on this equipment." in seeker.get(f"/en/resources/{gated.equipment.pk}/training/").content.decode()
