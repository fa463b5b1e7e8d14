"""Owner approval after repeated no-shows: the setting, pending bookings that hold their period, the reason in the
booker's language, approving and declining on the page and through the API, lapsing at the start."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone, translation

from innobelt.notifications.models import Notification
from innobelt.resources import domain
from innobelt.resources.domain import approvals, checkin
from innobelt.resources.models import Booking, ReleasedSlot, StatementLine
from innobelt.resources.tasks import task_release_no_shows
from tests.factories import AccessRequestFactory, BookingFactory, MembershipFactory, OrganisationFactory
from tests.resources.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict(scene):
    """The equipment asks for approval after 2 no-shows in 90 days."""
    scene.equipment.approval_after_no_shows = 2
    scene.equipment.save(update_fields=["approval_after_no_shows"])
    return scene


def _no_show(scene, days_ago: float, **kwargs):
    start = timezone.now().replace(microsecond=0) - timedelta(days=days_ago)
    return BookingFactory(access_request=scene.access, start=start, end=start + timedelta(hours=1), status="no_show",
                          no_show_at=start + timedelta(minutes=15), **kwargs)


def _book(scene, days=3, start=10, end=12, actor=None):
    return domain.book_equipment(actor=actor or scene.seeker, access_request=scene.access, start=at(days, start), end=at(days, end)).created


def _client(user, language="en"):
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def test_one_no_show_short_of_the_setting_books_at_once(strict):
    _no_show(strict, days_ago=10)
    [booking] = _book(strict)
    assert booking.status == "confirmed" and booking.no_shows_counted is None
    assert StatementLine.objects.filter(booking=booking).count() == 1


def test_reaching_the_setting_makes_new_bookings_wait_for_approval(strict):
    _no_show(strict, days_ago=10)
    _no_show(strict, days_ago=89)
    [booking] = _book(strict)
    assert (booking.status, booking.no_shows_counted) == ("pending", 2)
    assert not StatementLine.objects.filter(booking=booking).exists()  # issued when approved
    assert "missed 2 bookings" in booking.approval_reason


def test_a_no_show_91_days_ago_is_not_counted(strict):
    _no_show(strict, days_ago=10)
    _no_show(strict, days_ago=91)
    assert approvals.no_shows_of(strict.equipment, strict.seeker_org.pk) == 1
    assert _book(strict)[0].status == "confirmed"


def test_no_setting_never_asks_for_approval_and_other_organisations_are_not_affected(strict):
    _no_show(strict, days_ago=1)
    _no_show(strict, days_ago=2)
    other = AccessRequestFactory(resource=strict.equipment, organisation=OrganisationFactory(kind="sme", city=strict.city))
    booked = domain.book_equipment(actor=other.requested_by, access_request=other, start=at(4, 10), end=at(4, 11)).created
    assert booked[0].status == "confirmed"
    strict.equipment.approval_after_no_shows = None
    strict.equipment.save(update_fields=["approval_after_no_shows"])
    assert _book(strict)[0].status == "confirmed"


def test_the_whole_organisation_is_held_not_only_the_person_who_missed(strict):
    _no_show(strict, days_ago=1)
    _no_show(strict, days_ago=2)
    colleague = MembershipFactory(organisation=strict.seeker_org).user
    assert _book(strict, actor=colleague)[0].status == "pending"


def test_a_pending_booking_holds_its_period(strict):
    _no_show(strict, days_ago=1)
    _no_show(strict, days_ago=2)
    [pending] = _book(strict, start=10, end=12)
    rival = AccessRequestFactory(resource=strict.equipment, organisation=OrganisationFactory(kind="sme", city=strict.city))
    with pytest.raises(domain.BookingConflict) as caught:
        domain.book_equipment(actor=rival.requested_by, access_request=rival, start=at(3, 11), end=at(3, 12))
    assert caught.value.details()["conflicting_booking"]["id"] == pending.pk
    assert Booking.objects.filter(resource=strict.equipment, status__in=Booking.HOLDING).count() == 1


def test_approving_confirms_and_issues_the_statement_line_then_a_second_decision_is_refused(strict):
    _no_show(strict, days_ago=1)
    _no_show(strict, days_ago=2)
    [booking] = _book(strict)
    with pytest.raises(PermissionDenied):
        domain.approve_booking(actor=strict.seeker, booking=booking)
    with pytest.raises(PermissionDenied):
        domain.approve_booking(actor=strict.owner_member, booking=booking)  # a member, not an admin
    approved = domain.approve_booking(actor=strict.owner_admin, booking=booking)
    assert (approved.status, approved.decided_by) == ("confirmed", strict.owner_admin)
    assert StatementLine.objects.filter(booking=booking, kind="charge").count() == 1
    with pytest.raises(domain.BookingNotPending):
        domain.approve_booking(actor=strict.owner_admin, booking=booking)
    with pytest.raises(domain.BookingNotPending):
        domain.decline_booking(actor=strict.owner_admin, booking=booking)
    assert Notification.objects.filter(recipient=strict.seeker, kind="resources.booking_confirmed").exists()


def test_declining_frees_the_period_and_tells_the_booker_why(strict):
    _no_show(strict, days_ago=1)
    _no_show(strict, days_ago=2)
    [booking] = _book(strict)
    declined = domain.decline_booking(actor=strict.owner_admin, booking=booking, reason="The instrument is reserved for a campaign.")
    assert (declined.status, declined.cancel_reason) == ("declined", "The instrument is reserved for a campaign.")
    assert not StatementLine.objects.filter(booking=booking).exists()
    note = Notification.objects.get(recipient=strict.seeker, kind="resources.booking_declined")
    assert "reserved for a campaign" in note.body
    rival = AccessRequestFactory(resource=strict.equipment, organisation=OrganisationFactory(kind="sme", city=strict.city))
    assert domain.book_equipment(actor=rival.requested_by, access_request=rival, start=at(3, 10), end=at(3, 12)).created


def test_the_booker_is_told_why_in_their_language(strict):
    _no_show(strict, days_ago=1)
    _no_show(strict, days_ago=2)
    strict.seeker.preferred_language = "zh-hans"
    strict.seeker.save()
    _book(strict)
    note = Notification.objects.get(recipient=strict.seeker, kind="resources.booking_pending")
    with translation.override("zh-hans"):
        expected = approvals.approval_reason(2)
    assert expected in note.body and "爽约" in expected
    with translation.override("en"):
        assert "missed 2 bookings" in approvals.approval_reason(2)
    assert Notification.objects.filter(recipient=strict.owner_admin, kind="resources.booking_pending").exists()


def test_undecided_pending_bookings_lapse_at_their_start(strict):
    _no_show(strict, days_ago=1)
    _no_show(strict, days_ago=2)
    [booking] = _book(strict)
    assert approvals.lapse_pending_bookings(now=booking.start - timedelta(minutes=1)) == 0
    assert approvals.lapse_pending_bookings(now=booking.start) == 1
    booking.refresh_from_db()
    assert booking.status == "declined" and booking.decided_by is None
    assert approvals.lapse_pending_bookings(now=booking.start) == 0  # idempotent
    assert task_release_no_shows.delay().get() == 0


def test_a_held_organisation_cannot_take_a_released_slot(strict):
    strict.equipment.check_in_grace_minutes = 15
    strict.equipment.save(update_fields=["check_in_grace_minutes"])
    _no_show(strict, days_ago=1)
    _no_show(strict, days_ago=2)
    missed = BookingFactory(access_request=AccessRequestFactory(resource=strict.equipment), start=at(2, 10), end=at(2, 12),
                            status="no_show")
    slot = ReleasedSlot.objects.create(resource=strict.equipment, no_show=missed, start=at(2, 10), end=at(2, 12))
    checkin.join_waitlist(actor=strict.seeker, access_request=strict.access, start=at(2, 10), end=at(2, 12))
    with pytest.raises(ValidationError) as caught:
        checkin.accept_released_slot(actor=strict.seeker, slot=slot)
    assert "approval" in " ".join(caught.value.messages)
    assert ReleasedSlot.objects.get(pk=slot.pk).status == "open"


def test_the_setting_on_the_edit_page_and_in_the_api(scene):
    owner = _client(scene.owner_admin)
    page = owner.get(f"/resources/{scene.equipment.pk}/edit/").content.decode()
    assert 'name="approval_after_no_shows"' in page
    response = owner.patch(f"/api/v1/resources/{scene.equipment.pk}", {"approval_after_no_shows": 3}, content_type="application/json")
    assert response.status_code == 200 and response.json()["approval_after_no_shows"] == 3
    response = owner.patch(f"/api/v1/resources/{scene.equipment.pk}", {"approval_after_no_shows": 0}, content_type="application/json")
    assert response.status_code == 422 and response.json()["error"]["fields"]
    scene.equipment.refresh_from_db()
    assert scene.equipment.approval_after_no_shows == 3
    response = owner.patch(f"/api/v1/resources/{scene.equipment.pk}", {"approval_after_no_shows": None}, content_type="application/json")
    assert response.status_code == 200 and response.json()["approval_after_no_shows"] is None


def test_pages_tell_the_booker_and_let_the_owner_decide(strict):
    _no_show(strict, days_ago=1)
    _no_show(strict, days_ago=2)
    seeker = _client(strict.seeker, "zh-hans")
    assert "爽约" in seeker.get(f"/resources/{strict.equipment.pk}/book/").content.decode()
    [booking] = _book(strict)
    detail = seeker.get(f"/resources/bookings/{booking.pk}/").content.decode()
    assert 'id="approval-reason"' in detail and "爽约" in detail and 'id="approve-booking"' not in detail
    assert seeker.post(f"/resources/bookings/{booking.pk}/approve/").status_code == 403
    owner = _client(strict.owner_admin)
    listing = owner.get("/resources/approvals/").content.decode()
    assert f'id="approval-{booking.pk}"' in listing
    assert 'id="approve-booking"' in owner.get(f"/resources/bookings/{booking.pk}/").content.decode()
    owner.post(f"/resources/bookings/{booking.pk}/decline/", {"reason": "Not this week", "next": "/resources/approvals/"})
    booking.refresh_from_db()
    assert (booking.status, booking.cancel_reason) == ("declined", "Not this week")
    assert f'id="approval-{booking.pk}"' not in owner.get("/resources/approvals/").content.decode()


def test_the_api_lists_approves_and_answers_409_when_decided(strict):
    _no_show(strict, days_ago=1)
    _no_show(strict, days_ago=2)
    seeker = _client(strict.seeker)
    response = seeker.post(f"/api/v1/resources/{strict.equipment.pk}/bookings",
                           {"start": at(3, 10).isoformat(), "end": at(3, 11).isoformat()}, content_type="application/json")
    assert response.status_code == 201
    created = response.json()["bookings"][0]
    assert created["status"] == "pending" and created["no_shows_counted"] == 2 and "missed 2 bookings" in created["approval_reason"]
    owner = _client(strict.owner_admin)
    assert [b["id"] for b in owner.get("/api/v1/booking-approvals").json()] == [created["id"]]
    assert seeker.get("/api/v1/booking-approvals").json() == []
    assert seeker.post(f"/api/v1/bookings/{created['id']}/approve").status_code == 403
    response = owner.post(f"/api/v1/bookings/{created['id']}/approve")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    again = owner.post(f"/api/v1/bookings/{created['id']}/decline", {"reason": "late"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["details"] == {"status": "confirmed"}
