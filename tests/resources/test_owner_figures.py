"""The owner's figures per month: utilisation, no-show rate, pledged hours used, sample-job turnaround."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from innobelt.resources.domain.statements import issue_booking_line
from innobelt.resources.models import ResourcePrice, SampleJob, SharingPledge
from innobelt.resources.owner_figures import monthly_figures
from tests.factories import BookingFactory

NOW = timezone.make_aware(datetime(2025, 10, 20, 12, 0))  # a Monday; equipment open 08:00–20:00 every day


def _at(day, hour):
    return timezone.make_aware(datetime(2025, 10, day, hour, 0))


def test_figures_of_a_month(scene):
    equipment = scene.equipment
    SharingPledge.objects.create(resource=equipment, hours_per_quarter=10)
    ResourcePrice.objects.create(resource=equipment, user_class="sme", unit="hour", amount=Decimal("50"))
    kept = BookingFactory(access_request=scene.access, start=_at(6, 9), end=_at(6, 12))  # 3 hours, used
    BookingFactory(access_request=scene.access, start=_at(7, 9), end=_at(7, 10), status="no_show")  # held, then released
    BookingFactory(access_request=scene.access, start=_at(8, 9), end=_at(8, 11), status="cancelled")  # does not count
    BookingFactory(access_request=scene.access, start=_at(27, 9), end=_at(27, 10))  # ahead: booked, not yet started
    line = issue_booking_line(booking=kept)
    type(line).objects.filter(pk=line.pk).update(issued_at=_at(6, 8))
    received, completed = _at(9, 10), _at(16, 15)  # Thursday 9 to Thursday 16 October: 6 working days (Saturday 11 is a make-up working day)
    SampleJob.objects.create(resource=equipment, access_request=scene.access, organisation=scene.seeker_org, requested_by=scene.seeker,
                             samples=1, description="x", method="y", status="completed", received_at=received, completed_at=completed)
    SampleJob.objects.create(resource=equipment, access_request=scene.access, organisation=scene.seeker_org, requested_by=scene.seeker,
                             samples=1, description="x", method="y", status="completed", received_at=_at(13, 9), completed_at=_at(14, 9))
    rows = monthly_figures(scene.owner_org, months=2, now=NOW)
    assert [row["month"].isoformat() for row in rows] == ["2025-09-01", "2025-10-01"]
    october = rows[-1]
    assert (october["booked_hours"], october["open_hours"]) == (5.0, 31 * 12.0)
    assert october["utilisation"] == 5 / (31 * 12)
    assert (october["no_shows"], october["started"], october["no_show_rate"]) == (1, 2, 0.5)
    assert october["pledged_hours_used"] == 3
    assert (october["sample_jobs_completed"], october["sample_turnaround_median"]) == (2, 3.5)  # median of 6 and 1
    assert rows[0]["no_show_rate"] is None and rows[0]["sample_turnaround_median"] is None


def test_owner_page_shows_the_months(scene):
    BookingFactory(access_request=scene.access, start=timezone.now() - timedelta(days=1), end=timezone.now() - timedelta(days=1, hours=-1),
                   status="no_show")
    client = Client()
    client.force_login(scene.owner_admin)
    page = client.get(f"/en/resources/owner/?organisation={scene.owner_org.slug}")
    assert page.status_code == 200 and "owner-monthly" in page.content.decode()
    assert len(page.context["monthly"]) == 6 and page.context["monthly"][-1]["month"] == timezone.localdate().replace(day=1)
