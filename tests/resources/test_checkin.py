"""Check-in at the instrument, no-shows released to the waitlist, the first to accept takes the slot."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from innobelt.notifications.models import Notification
from innobelt.resources import domain
from innobelt.resources.domain import checkin
from innobelt.resources.models import AccessRequest, Booking, ReleasedSlot, StatementLine, WaitlistEntry
from innobelt.resources.tasks import task_release_no_shows
from tests.factories import AccessRequestFactory, BookingFactory, MembershipFactory, OrganisationFactory
from tests.resources.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked(scene):
    scene.equipment.check_in_grace_minutes = 15
    scene.equipment.save(update_fields=["check_in_grace_minutes"])
    return scene


def _booking(scene, days=2, start=10, end=13):
    return domain.book_equipment(actor=scene.seeker, access_request=scene.access, start=at(days, start), end=at(days, end)).created[0]


def _waiter(scene):
    org = OrganisationFactory(kind="sme", city=scene.city)
    request = AccessRequestFactory(resource=scene.equipment, organisation=org)
    checkin.join_waitlist(actor=request.requested_by, access_request=request, start=at(2, 10), end=at(2, 13))
    return request.requested_by


def client_for(user):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def test_check_in_with_the_code_or_the_qr_token_within_the_window(checked):
    booking = _booking(checked)
    code = checkin.ensure_check_in_code(checked.equipment)
    assert checkin.ensure_check_in_code(checked.equipment) == code and len(code) == 6
    with pytest.raises(ValidationError):  # too early
        checkin.check_in(actor=checked.seeker, booking=booking, code=code, now=booking.start - timedelta(minutes=30))
    with pytest.raises(ValidationError):  # wrong code
        checkin.check_in(actor=checked.seeker, booking=booking, code="XXXXXX", now=booking.start)
    with pytest.raises(PermissionDenied):
        checkin.check_in(actor=MembershipFactory().user, booking=booking, code=code, now=booking.start)
    done = checkin.check_in(actor=checked.seeker, booking=booking, code=code.lower(), now=booking.start + timedelta(minutes=5))
    assert done.checked_in_at == booking.start + timedelta(minutes=5) and done.checked_in_by == checked.seeker
    with pytest.raises(checkin.AlreadyCheckedIn):
        checkin.check_in(actor=checked.seeker, booking=booking, code=code, now=booking.start + timedelta(minutes=6))
    token = checkin.check_in_token(checked.equipment)
    assert checkin.resource_for_token(token) == checked.equipment
    assert checkin.resource_for_token(token + "x") is None
    # a checked-in booking is not released
    assert checkin.release_no_shows(now=booking.start + timedelta(minutes=20)) == 0


def test_typed_codes_are_limited_per_person_and_the_count_survives_the_refusals(checked):
    """Guessing the code from afar to escape a no-show: wrong codes are refused (their transaction rolls back)
    but each is counted outside it; past the limit even the right code waits."""
    from innobelt.accounts import ratelimit

    booking = _booking(checked)
    limit = ratelimit.LIMITS["check_in_code"][0]
    for _ in range(limit):
        with pytest.raises(ValidationError):
            checkin.check_in(actor=checked.seeker, booking=booking, code="WRONG1", now=booking.start)
    assert ratelimit.count("check_in_code", str(checked.seeker.pk)) == limit
    code = checkin.ensure_check_in_code(checked.equipment)
    with pytest.raises(ValidationError, match="Too many attempts"):
        checkin.check_in(actor=checked.seeker, booking=booking, code=code, now=booking.start)
    assert Booking.objects.get(pk=booking.pk).checked_in_at is None


def test_a_no_show_is_released_from_the_next_slot_and_offered_to_the_waitlist(checked):
    booking = _booking(checked)
    waiter = _waiter(checked)
    assert checkin.release_no_shows(now=booking.start + timedelta(minutes=10)) == 0  # within the grace period
    assert checkin.release_no_shows(now=booking.start + timedelta(minutes=20)) == 1
    assert checkin.release_no_shows(now=booking.start + timedelta(minutes=25)) == 0  # once
    booking.refresh_from_db()
    assert booking.status == Booking.Status.NO_SHOW
    slot = ReleasedSlot.objects.get()
    assert (slot.start, slot.end, slot.status) == (at(2, 11), at(2, 13), "open")  # from the next 1 h slot boundary
    assert StatementLine.objects.filter(booking=booking, kind="credit").count() == 0  # the held slot stays on the statement
    assert Notification.objects.filter(recipient=waiter, kind="resources.slot_offered").exists()
    assert Notification.objects.filter(recipient=checked.seeker, kind="resources.no_show").exists()
    taken = checkin.accept_released_slot(actor=waiter, slot=slot, now=booking.start + timedelta(minutes=30))
    assert (taken.start, taken.end, taken.status, taken.booked_by) == (at(2, 11), at(2, 13), "confirmed", waiter)
    slot.refresh_from_db()
    assert (slot.status, slot.taken_by) == ("taken", taken)
    assert WaitlistEntry.objects.get(person=waiter).status == "served"


def test_only_one_taker_and_only_people_waiting(checked):
    booking = _booking(checked)
    first, second = _waiter(checked), _waiter(checked)
    checkin.release_no_shows(now=booking.start + timedelta(minutes=20))
    slot = ReleasedSlot.objects.get()
    with pytest.raises(PermissionDenied):
        checkin.accept_released_slot(actor=checked.seeker_admin, slot=slot)
    checkin.accept_released_slot(actor=first, slot=slot)
    with pytest.raises(checkin.SlotTaken) as exc:
        checkin.accept_released_slot(actor=second, slot=slot)
    assert exc.value.details()["conflicting_booking"]["id"] == ReleasedSlot.objects.get().taken_by_id


def test_equipment_without_a_grace_period_releases_nothing(scene):
    booking = _booking(scene)
    assert checkin.release_no_shows(now=booking.start + timedelta(hours=1)) == 0
    assert task_release_no_shows.delay().get() == 0  # in-process (no REDIS_URL)


def test_the_periodic_task_runs_in_process(checked):
    booking = _booking(checked)
    now = timezone.now()  # started an hour ago, whatever the time of day the test runs at
    Booking.objects.filter(pk=booking.pk).update(start=now - timedelta(hours=1), end=now + timedelta(hours=2))
    assert task_release_no_shows.delay().get() == 1


def test_waitlist_rules(checked):
    with pytest.raises(ValidationError):
        checkin.join_waitlist(actor=checked.seeker, access_request=checked.access, start=at(-1, 10), end=at(-1, 11))
    checkin.join_waitlist(actor=checked.seeker, access_request=checked.access, start=at(2, 10), end=at(2, 11))
    with pytest.raises(ValidationError):
        checkin.join_waitlist(actor=checked.seeker, access_request=checked.access, start=at(2, 10), end=at(2, 11))
    pending = AccessRequestFactory(resource=checked.equipment, status=AccessRequest.Status.PENDING, terms_accepted_at=None)
    with pytest.raises(ValidationError):
        checkin.join_waitlist(actor=pending.requested_by, access_request=pending, start=at(2, 10), end=at(2, 11))


def test_the_api(checked):
    booking = BookingFactory(access_request=checked.access, start=at(3, 10), end=at(3, 12))
    owner, seeker = client_for(checked.owner_admin), client_for(checked.seeker)
    poster = owner.get(f"/api/v1/resources/{checked.equipment.pk}/check-in").json()
    assert poster["grace_minutes"] == 15 and len(poster["code"]) == 6 and "/check-in/" in poster["path"]
    assert seeker.get(f"/api/v1/resources/{checked.equipment.pk}/check-in").status_code == 403
    early = seeker.post(f"/api/v1/bookings/{booking.pk}/check-in", {"code": poster["code"]}, content_type="application/json")
    assert early.status_code == 400 and "Check-in is open from" in early.json()["error"]["message"]
    none_now = seeker.post(f"/api/v1/resources/{checked.equipment.pk}/check-in", {"code": poster["code"]}, content_type="application/json")
    assert none_now.status_code == 400
    waiter = _waiter(checked)
    other = client_for(waiter)
    listed = other.get("/api/v1/me/waitlist").json()
    assert listed[0]["status"] == "waiting"
    joined = other.post(f"/api/v1/resources/{checked.equipment.pk}/waitlist", {"start": at(4, 10).isoformat(), "end": at(4, 11).isoformat()},
                        content_type="application/json")
    assert joined.status_code == 201
    assert other.delete(f"/api/v1/waitlist/{joined.json()['id']}").status_code == 204
    assert seeker.delete(f"/api/v1/waitlist/{listed[0]['id']}").status_code == 404
    mine = _booking(checked)
    checkin.release_no_shows(now=mine.start + timedelta(minutes=20))
    (offer,) = other.get("/api/v1/me/released-slots").json()
    assert seeker.post(f"/api/v1/released-slots/{offer['id']}/accept").status_code == 404  # not waiting: not told
    assert owner.post(f"/api/v1/released-slots/{offer['id']}/accept").status_code == 403  # sees it, may not take it
    taken = other.post(f"/api/v1/released-slots/{offer['id']}/accept")
    assert taken.status_code == 201 and taken.json()["status"] == "confirmed"
    assert other.post(f"/api/v1/released-slots/{offer['id']}/accept").status_code == 409


def test_the_pages(checked):
    booking = _booking(checked)
    owner, seeker = client_for(checked.owner_admin), client_for(checked.seeker)
    poster = owner.get(f"/en/resources/{checked.equipment.pk}/check-in/poster/")
    assert poster.status_code == 200 and b"<svg" in poster.content
    path = checkin.check_in_path(checked.equipment)
    assert seeker.get(path).status_code == 200
    waiter = _waiter(checked)
    checkin.release_no_shows(now=booking.start + timedelta(minutes=20))
    page = client_for(waiter).get("/en/resources/waitlist/").content.decode()
    assert "Take this slot" in page
    slot = ReleasedSlot.objects.get()
    assert client_for(waiter).post(f"/en/resources/released/{slot.pk}/accept/").status_code == 302
    assert ReleasedSlot.objects.get().status == "taken"
