"""The owner's figures per month: utilisation, no-show rate, pledged hours used, sample-job turnaround."""

from datetime import date, datetime, timedelta
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


def test_pledged_against_used_and_income_by_class_with_the_pledge_in_force_then(scene):
    """A pledge of 10 h from August, lowered to 4 h on 15 October: September shows 10, October 4 (as it ended); the
    quarter's drawn hours count from its start (a line issued in September for October counts in the fourth quarter);
    income by class is the month's lines, credits deducted, to the fen."""
    from innobelt.resources.domain.statements import set_pledge
    from innobelt.resources.models import StatementLine

    equipment = scene.equipment
    set_pledge(actor=scene.owner_admin, resource=equipment, hours_per_quarter=10, now=timezone.make_aware(datetime(2025, 8, 1, 9)))
    set_pledge(actor=scene.owner_admin, resource=equipment, hours_per_quarter=4, now=_at(15, 9))

    hours = iter(range(8, 20))

    def line(day, *, pledged=0, quarter=date(2025, 10, 1), user_class="sme", amount="0.00", kind="charge"):
        hour = next(hours)  # bookings of their own hours: PostgreSQL's exclusion constraint refuses overlaps
        booking = BookingFactory(access_request=scene.access, start=_at(28, hour), end=_at(28, hour + 1))
        return StatementLine.objects.create(
            booking=booking, resource=equipment, owner=scene.owner_org, organisation=scene.seeker_org, kind=kind, issued_at=day,
            user_class=user_class, hours=Decimal("1"), free_hours=Decimal("0"), pledged_hours=pledged, pledge_quarter=quarter,
            charged_hours=Decimal("1"), amount=Decimal(amount))

    line(timezone.make_aware(datetime(2025, 9, 20, 9)), pledged=2, amount="0.00")  # September, drawn from the fourth quarter
    line(timezone.make_aware(datetime(2025, 9, 21, 9)), pledged=1, quarter=date(2025, 7, 1), user_class="academic", amount="33.33")
    line(_at(3, 9), pledged=1, amount="120.45")
    line(_at(4, 9), user_class="goi_sme", amount="80.10")
    line(_at(5, 9), user_class="goi_sme", amount="-80.10", kind="credit")
    line(_at(6, 9), user_class="other", amount="0.01")
    september, october = monthly_figures(scene.owner_org, months=2, now=NOW)
    assert (september["pledged_per_quarter"], september["pledged_quarter_used"], september["pledged_hours_used"]) == (10, 1, 3)
    assert (october["pledged_per_quarter"], october["pledged_quarter_used"], october["pledged_hours_used"]) == (4, 2 + 1, 1)
    assert [str(amount) for _label, amount in october["income"]] == ["0.00", "0.00", "120.45", "0.00", "0.01"]
    assert str(october["income_total"]) == "120.46" and str(september["income_total"]) == "33.33"
    client = Client()
    client.force_login(scene.owner_admin)
    html = client.get(f"/resources/owner/?organisation={scene.owner_org.slug}").content.decode()
    assert 'id="owner-income"' in html and "按用户类别的收入" in html


def test_utilisation_by_week_of_the_last_eight_weeks(scene):
    """NOW is Monday 20 October 2025: the weeks run from 1 September to the week of 20 October. A booking across two
    weeks counts in each for its part; a closure takes its hours out of the week's open hours."""
    from innobelt.resources.models import Blackout
    from innobelt.resources.owner_figures import weekly_utilisation

    BookingFactory(access_request=scene.access, start=_at(12, 19), end=_at(13, 9))  # Sunday 19:00 to Monday 09:00: 5 h, then 9 h
    BookingFactory(access_request=scene.access, start=_at(14, 9), end=_at(14, 12))  # 3 h
    BookingFactory(access_request=scene.access, start=_at(15, 9), end=_at(15, 10), status="cancelled")  # does not count
    Blackout.objects.create(resource=scene.equipment, start=_at(16, 8), end=_at(16, 20))
    weeks = weekly_utilisation(scene.owner_org, now=NOW)
    assert [monday.isoformat() for monday, _u in weeks][0] == "2025-09-01" and weeks[-1][0] == date(2025, 10, 20) and len(weeks) == 8
    assert weeks[-3][1] == 5 / (7 * 12)  # week of 6 October: Sunday's 5 booked hours (booked time, as the monthly figure)
    assert weeks[-2][1] == (9 + 3) / (6 * 12)  # week of 13 October, less the closed Thursday
    assert weeks[-1][1] == 0.0
    client = Client()
    client.force_login(scene.owner_admin)
    html = client.get(f"/en/resources/owner/?organisation={scene.owner_org.slug}").content.decode()
    this_monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    assert 'id="owner-weeks"' in html and f"week of {this_monday:%m-%d}" in html
