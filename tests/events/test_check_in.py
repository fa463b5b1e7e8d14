"""The door: signed tokens in the QR code, the short code, checking in twice."""

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from innobelt.events import domain, tickets
from innobelt.events.models import Registration
from tests.events.conftest import person
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_the_token_names_the_registration_and_is_signed(scene):
    registration = RegistrationFactory(event=scene.event)
    token = tickets.check_in_token(registration)
    assert tickets.registration_for_token(token) == registration
    assert len(token.split(":")) == 3  # payload, timestamp, HMAC signature with the site's secret


def test_a_forged_or_altered_token_finds_nobody(scene):
    registration = RegistrationFactory(event=scene.event)
    other = RegistrationFactory(event=scene.event)
    token = tickets.check_in_token(registration)
    payload, stamp, signature = token.split(":")
    forged_payload = signing.b64_encode(b'[%d,"%s"]' % (other.pk, other.code.encode())).decode()
    assert tickets.registration_for_token(f"{forged_payload}:{stamp}:{signature}") is None
    altered = signature[:-1] + ("B" if signature.endswith("A") else "A")
    assert tickets.registration_for_token(f"{payload}:{stamp}:{altered}") is None
    assert tickets.registration_for_token(signing.dumps([other.pk, other.code], salt="another salt")) is None
    assert tickets.registration_for_token(str(other.pk)) is None
    assert tickets.registration_for_token("") is None


def test_a_token_of_a_cancelled_registration_does_not_fit_the_new_one(scene):
    someone = person()
    first = domain.register_for_event(user=someone, event=scene.event)
    old_token = tickets.check_in_token(first)
    domain.cancel_registration(actor=someone, registration=first)
    domain.register_for_event(user=someone, event=scene.event)
    assert tickets.registration_for_token(old_token).status == Registration.Status.CANCELLED


def test_checking_in_twice_says_so_and_changes_nothing(scene):
    registration = RegistrationFactory(event=scene.event)
    domain.check_in_attendee(actor=scene.staff, registration=registration)
    registration.refresh_from_db()
    first_time = registration.checked_in_at
    assert registration.checked_in_by == scene.staff
    with pytest.raises(domain.AlreadyCheckedIn) as exc:
        domain.check_in_attendee(actor=scene.admin, registration=registration)
    assert exc.value.message == f"{registration.user} was already checked in at {timezone.localtime(first_time):%H:%M}."
    registration.refresh_from_db()
    assert (registration.checked_in_at, registration.checked_in_by) == (first_time, scene.staff)


def test_waiting_or_cancelled_people_are_not_checked_in(scene):
    waiting = RegistrationFactory(event=scene.event, status=Registration.Status.WAITLISTED)
    with pytest.raises(ValidationError) as exc:
        domain.check_in_attendee(actor=scene.staff, registration=waiting)
    assert exc.value.messages == [f"{waiting.user} holds no place: the registration is on the waiting list."]
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None


def test_only_door_staff_check_in(scene):
    registration = RegistrationFactory(event=scene.event)
    with pytest.raises(PermissionDenied):
        domain.check_in_attendee(actor=registration.user, registration=registration)
    with pytest.raises(PermissionDenied):
        domain.check_in_attendee(actor=person(), registration=registration)


def test_the_code_is_found_however_it_is_typed(scene):
    registration = RegistrationFactory(event=scene.event, code="AB3CD4")
    assert domain.registration_for_code(scene.event, " ab3-cd4 ") == registration
    assert domain.registration_for_code(scene.event, "ZZZZZZ") is None
    assert domain.registration_for_code(scene.event, "") is None


def test_pages_scan_then_check_in_then_twice(scene):
    registration = RegistrationFactory(event=scene.event)
    client = Client()
    client.force_login(scene.staff)
    path = tickets.check_in_path(registration)
    page = client.get(path).content.decode()
    assert str(registration.user) in page and 'id="confirm-check-in"' in page
    response = client.post(path, follow=True)
    assert response.redirect_chain[-1][0] == f"/en/events/{scene.event.pk}/check-in/"
    assert [str(m) for m in response.context["messages"]] == [f"Checked in: {registration.user} ({registration.organisation.name})"]
    page = client.get(path).content.decode()
    assert 'id="already-checked-in"' in page and 'id="confirm-check-in"' not in page
    response = client.post(f"/en/events/{scene.event.pk}/check-in/", {"code": registration.code.lower()}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and messages[0].startswith(f"{registration.user} was already checked in at ")


def test_a_forged_token_page_is_a_404(scene):
    client = Client()
    client.force_login(scene.staff)
    assert client.get("/events/check-in/forged:token:here/").status_code == 404


def test_the_qr_code_is_an_svg_of_the_check_in_url_for_its_holder_only(scene):
    registration = RegistrationFactory(event=scene.event)
    client = Client()
    client.force_login(registration.user)
    response = client.get(f"/events/registrations/{registration.pk}/qr.svg")
    assert (response.status_code, response["Content-Type"]) == (200, "image/svg+xml")
    assert response.content.startswith(b"<svg")
    outsider = Client()
    outsider.force_login(person())
    assert outsider.get(f"/events/registrations/{registration.pk}/qr.svg").status_code == 404
