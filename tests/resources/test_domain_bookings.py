from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from innobelt.audit.models import AuditEntry
from innobelt.notifications.models import Notification
from innobelt.resources import domain
from innobelt.resources.models import AccessRequest, Blackout, Booking
from tests.factories import AccessRequestFactory, MembershipFactory, OrganisationFactory, ResourceFactory
from tests.resources.conftest import at

pytestmark = pytest.mark.django_db


def rows():
    return Booking.objects.count(), Blackout.objects.count(), AuditEntry.objects.count(), Notification.objects.count()


def book(scene, days, start_hour, end_hour, **kwargs):
    return domain.book_equipment(actor=scene.seeker, access_request=scene.access, start=at(days, start_hour), end=at(days, end_hour), **kwargs)


def test_a_booking_is_confirmed_audited_and_both_sides_are_told(scene):
    result = book(scene, 2, 10, 12, note="two samples")
    (booking,) = result.created
    assert (booking.start, booking.end, booking.status, booking.organisation, booking.note) == (
        at(2, 10), at(2, 12), "confirmed", scene.seeker_org, "two samples")
    assert result.conflicts == []
    assert AuditEntry.objects.filter(action="booking.created", target_id=str(booking.pk)).count() == 1
    assert set(Notification.objects.values_list("recipient", "kind")) == {
        (scene.seeker.pk, "resources.booking_confirmed"), (scene.owner_admin.pk, "resources.booking_confirmed")}


def test_an_overlap_is_refused_naming_the_booking_in_the_way(scene):
    (first,) = book(scene, 2, 10, 12).created
    before = rows()
    with translation.override("en"), pytest.raises(domain.BookingConflict) as exc:
        book(scene, 2, 11, 13)
    conflict = exc.value.conflicts[0]
    assert conflict["booking"]["id"] == first.pk
    assert conflict["booking"]["start"] == timezone.localtime(first.start).isoformat()
    assert exc.value.details()["conflicting_booking"] == conflict["booking"]
    day = f"{at(2, 0):%Y-%m-%d}"
    assert exc.value.message == f"{day} 11:00–13:00 overlaps booking #{first.pk} ({day} 10:00–12:00)."
    assert rows() == before
    assert book(scene, 2, 12, 13).created  # touching is not overlapping


def test_a_weekly_series_reports_each_conflicting_date_and_books_the_rest(scene):
    other_org = OrganisationFactory()
    other = AccessRequestFactory(resource=scene.equipment, organisation=other_org)
    taken = [domain.book_equipment(actor=other.requested_by, access_request=other, start=at(days, 10), end=at(days, 11)).created[0]
             for days in (9, 23)]
    result = book(scene, 2, 9, 11, repeat_weekly=4)
    assert [b.start for b in result.created] == [at(2, 9), at(16, 9)]
    assert [(c["date"], c["booking"]["id"]) for c in result.conflicts] == [
        (f"{at(9, 0):%Y-%m-%d}", taken[0].pk), (f"{at(23, 0):%Y-%m-%d}", taken[1].pk)]
    assert len({b.series for b in result.created}) == 1 and result.created[0].series is not None
    notice = Notification.objects.get(recipient=scene.seeker, kind="resources.booking_confirmed")
    assert notice.body.count("\n") == 3  # two booked lines, two not booked


def test_a_series_that_cannot_book_any_date_is_one_conflict(scene):
    domain.add_closure(actor=scene.owner_admin, resource=scene.equipment, start=at(1, 0), end=at(40, 0), kind="maintenance")
    before = rows()
    with pytest.raises(domain.BookingConflict) as exc:
        book(scene, 2, 9, 10, repeat_weekly=3)
    assert [c["closure"]["kind"] for c in exc.value.conflicts] == ["maintenance"] * 3
    assert rows() == before


def test_closures_refuse_bookings_and_cancel_existing_ones_only_when_asked(scene):
    (booking,) = book(scene, 5, 14, 15).created
    with pytest.raises(domain.BookingConflict) as exc:
        domain.add_closure(actor=scene.owner_admin, resource=scene.equipment, start=at(5, 0), end=at(6, 0))
    assert exc.value.conflicts[0]["booking"]["id"] == booking.pk and not Blackout.objects.exists()
    closure, cancelled = domain.add_closure(actor=scene.owner_admin, resource=scene.equipment, start=at(5, 0), end=at(6, 0),
                                            kind="maintenance", note="Laser service", cancel_overlapping=True)
    booking.refresh_from_db()
    assert (cancelled, booking.status, booking.cancel_reason) == ([booking], "cancelled", "Laser service")
    assert Notification.objects.filter(recipient=scene.seeker, kind="resources.booking_cancelled").count() == 1
    with pytest.raises(domain.BookingConflict):
        book(scene, 5, 9, 10)
    with pytest.raises(PermissionDenied):
        domain.add_closure(actor=scene.seeker, resource=scene.equipment, start=at(8, 0), end=at(9, 0))
    domain.remove_closure(actor=scene.owner_admin, closure=closure)
    assert book(scene, 5, 9, 10).created


@pytest.mark.parametrize(("label", "change"), [
    ("end before start", dict(start=at(2, 12), end=at(2, 11))),
    ("in the past", dict(start=at(-1, 10), end=at(-1, 11))),
    ("before opening", dict(start=at(2, 7), end=at(2, 8))),
    ("past closing", dict(start=at(2, 19), end=at(2, 21))),
    ("not on the slot grid", dict(start=at(2, 10, 30), end=at(2, 11, 30))),
    ("over midnight", dict(start=at(2, 19), end=at(3, 9))),
    ("too far ahead", dict(start=at(200, 10), end=at(200, 11))),
    ("too many weeks", dict(start=at(2, 10), end=at(2, 11), repeat_weekly=27)),
    ("no weeks", dict(start=at(2, 10), end=at(2, 11), repeat_weekly=0)),
])
def test_malformed_bookings_change_nothing(scene, label, change):
    before = rows()
    with pytest.raises(ValidationError):
        domain.book_equipment(actor=scene.seeker, access_request=scene.access, **change)
    assert rows() == before, label


def test_only_an_active_request_of_one_s_own_organisation_books_equipment(scene):
    stranger = MembershipFactory(organisation=OrganisationFactory()).user
    for actor in (stranger, scene.owner_admin):
        with pytest.raises(PermissionDenied):
            domain.book_equipment(actor=actor, access_request=scene.access, start=at(2, 10), end=at(2, 11))
    scene.access.status = AccessRequest.Status.APPROVED
    scene.access.save()
    with translation.override("en"), pytest.raises(ValidationError, match="Accept the terms"):
        book(scene, 2, 10, 11)
    patent = ResourceFactory(owner=scene.owner_org, kind="patent")
    licence = AccessRequestFactory(resource=patent, organisation=scene.seeker_org, requested_by=scene.seeker)
    with translation.override("en"), pytest.raises(ValidationError, match="Only equipment"):
        domain.book_equipment(actor=scene.seeker, access_request=licence, start=at(2, 10), end=at(2, 11))
    assert not Booking.objects.exists()


def test_seekers_cancel_up_to_the_notice_owners_at_any_time(scene):
    (soon,) = book(scene, 1, 8, 9).created
    (later,) = book(scene, 3, 8, 9).created
    scene.equipment.cancellation_hours = 48
    scene.equipment.save()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        domain.cancel_booking(actor=scene.seeker, booking=soon)
    assert exc.value.messages == ["Bookings can be cancelled up to 48 hours before they start; ask the owner to cancel this one."]
    soon.refresh_from_db()
    assert soon.status == "confirmed"
    domain.cancel_booking(actor=scene.owner_admin, booking=soon, reason="Instrument down")
    domain.cancel_booking(actor=scene.seeker, booking=later)
    soon.refresh_from_db()
    later.refresh_from_db()
    assert (soon.status, soon.cancelled_by, later.status) == ("cancelled", scene.owner_admin, "cancelled")
    with pytest.raises(ValidationError):
        domain.cancel_booking(actor=scene.owner_admin, booking=later)
    with pytest.raises(PermissionDenied):  # a plain member of the owner may not cancel
        domain.cancel_booking(actor=scene.owner_member, booking=book(scene, 4, 8, 9).created[0])
    assert book(scene, 1, 8, 9).created  # the cancelled slot is free again


def test_reminders_go_once_for_bookings_within_a_day(scene):
    (tomorrow,) = book(scene, 1, 8, 9).created
    (next_week,) = book(scene, 7, 8, 9).created
    now = tomorrow.start - timedelta(hours=20)
    assert domain.send_booking_reminders(now=now) == 1
    assert domain.send_booking_reminders(now=now) == 0
    tomorrow.refresh_from_db()
    next_week.refresh_from_db()
    assert tomorrow.reminder_sent_at == now and next_week.reminder_sent_at is None
    assert Notification.objects.filter(kind="resources.booking_reminder", recipient=scene.seeker).count() == 1


def test_the_reminder_task_runs_in_process(scene):
    from innobelt.resources.tasks import task_send_booking_reminders

    # 19:00 today while it is still ahead, else tomorrow's (then at most 24 h ahead, within the reminder window):
    # with "< 18" the test failed every day between 18:00 and 19:00 China time (tomorrow's was 24-25 h ahead)
    book(scene, 0 if timezone.localtime().hour < 19 else 1, 19, 20)
    assert task_send_booking_reminders.delay().get() == 1
