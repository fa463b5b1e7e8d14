"""The owner's figures per city for operators (/resources/figures/): each figure checked against counts worked out
by hand from the records planted here, in a fixed month (March 2025: 31 days, no public holiday), in a constant
number of queries, and scoped to the operator's cities."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from innobelt.resources.city_figures import city_figures, weeks_of
from innobelt.resources.models import Blackout, PledgeTerm, SampleJob, SampleJobOutcome, StatementLine
from tests.factories import AccessRequestFactory, BookingFactory, CityFactory, ResourceFactory, UserFactory

MARCH = date(2025, 3, 1)
OPEN_PER_EQUIPMENT = 31 * 12  # the factory's equipment is open 08:00–20:00 every day


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=hour)


def d(day: int) -> date:
    return date(2025, 3, day)


def _line(booking=None, job=None, *, issued: datetime, user_class: str, amount: str, pledged: int = 0, kind: str = "charge",
          quarter: date = date(2025, 1, 1)):
    source = booking or job
    return StatementLine.objects.create(
        booking=booking, sample_job=job, resource=source.resource, owner=source.resource.owner, organisation=source.organisation,
        kind=kind, issued_at=issued, user_class=user_class, hours=Decimal("1"), free_hours=Decimal("0"), pledged_hours=pledged,
        pledge_quarter=quarter, charged_hours=Decimal("1"), amount=Decimal(amount))


def _job(access, *, received: datetime, completed: datetime):
    return SampleJob.objects.create(resource=access.resource, access_request=access, organisation=access.organisation,
                                    requested_by=access.requested_by, samples=1, description="Powder", method="XRD", status="completed",
                                    amount=Decimal("0.00"), received_at=received, completed_at=completed)


@pytest.fixture
def planted(db):
    w, x, y, z = CityFactory(), CityFactory(), CityFactory(), CityFactory()
    e1, e2 = ResourceFactory(city=w), ResourceFactory(city=w)
    e3, e4 = ResourceFactory(city=x), ResourceFactory(city=z)
    a1, a3, a4 = AccessRequestFactory(resource=e1), AccessRequestFactory(resource=e3), AccessRequestFactory(resource=e4)
    confirmed = BookingFactory(access_request=a1, start=at(d(3), 10), end=at(d(3), 12))
    no_show = BookingFactory(access_request=a1, start=at(d(4), 10), end=at(d(4), 11), status="no_show")
    cancelled = BookingFactory(access_request=a1, start=at(d(5), 10), end=at(d(5), 13), status="cancelled")
    BookingFactory(access_request=a1, start=at(d(6), 10), end=at(d(6), 11), kind="training")
    BookingFactory(access_request=a1, start=at(d(7), 10), end=at(d(7), 11), status="pending")
    before = BookingFactory(access_request=a1, start=at(date(2025, 2, 28), 23), end=at(d(1), 1))  # 1 h of it in March
    Blackout.objects.create(resource=e2, start=at(d(6), 8), end=at(d(6), 20))
    in_x = BookingFactory(access_request=a3, start=at(d(10), 9), end=at(d(10), 13))
    BookingFactory(access_request=a4, start=at(d(10), 9), end=at(d(10), 19))  # city Z: nobody asks for it below
    PledgeTerm.objects.create(resource=e1, hours_per_quarter=10, valid_from=at(date(2025, 1, 2), 9))  # in force through March
    PledgeTerm.objects.create(resource=e3, hours_per_quarter=6, valid_from=at(date(2024, 11, 2), 9))
    _line(confirmed, issued=at(d(3), 9), user_class="sme", amount="240.00", pledged=1)
    _line(no_show, issued=at(d(4), 9), user_class="sme", amount="120.00")
    _line(cancelled, issued=at(d(2), 9), user_class="sme", amount="360.00")
    _line(cancelled, issued=at(d(2), 15), user_class="sme", amount="-360.00", kind="credit")
    _line(before, issued=at(date(2025, 2, 20), 9), user_class="other", amount="999.00", pledged=3)  # February: same quarter
    _line(in_x, issued=at(d(10), 8), user_class="academic", amount="50.50", pledged=2)
    first = _job(a1, received=at(d(3), 10), completed=at(d(7), 16))  # Monday → Friday: 4 working days
    second = _job(a1, received=at(d(7), 10), completed=at(d(10), 11))  # Friday → Monday: 1
    _job(a1, received=at(date(2025, 2, 3), 10), completed=at(date(2025, 2, 5), 10))  # completed in February
    _line(job=first, issued=at(d(1), 9), user_class="goi_sme", amount="80.00")
    SampleJobOutcome.objects.create(job=first, outcome="quality", reported_at=at(d(12), 9))
    SampleJobOutcome.objects.create(job=second, outcome="patent", reported_at=at(date(2025, 4, 2), 9))
    return w, x, y, z


def test_each_figure_per_city_against_the_planted_records(planted):
    w, x, y, _z = planted
    weeks, rows = city_figures([w, x, y], MARCH)
    assert weeks == [date(2025, 2, 24) + timedelta(weeks=n) for n in range(6)]
    row_w, row_x, row_y = rows
    assert [r.city for r in rows] == [w, x, y]
    # confirmed 2 h, no-show 1 h, training 1 h, 1 h of the booking from February; cancelled and pending do not count
    assert (row_w.equipment, row_w.booked_hours, row_w.open_hours) == (2, 5.0, 2 * OPEN_PER_EQUIPMENT - 12)
    assert row_w.utilisation == pytest.approx(5 / (2 * OPEN_PER_EQUIPMENT - 12))
    assert (row_w.started, row_w.no_shows, row_w.no_show_rate) == (2, 1, 0.5)  # use bookings that started in March
    assert (row_w.pledged_per_quarter, row_w.pledged_hours_used) == (10, 1 + 3)
    assert (row_w.sample_jobs_completed, row_w.turnaround_median, row_w.outcomes_reported) == (2, 2.5, 1)
    assert row_w.income == {"sme": Decimal("360.00"), "goi_sme": Decimal("80.00")} and str(row_w.income_total) == "440.00"
    assert sorted(str(amount) for amount in row_w.income.values()) == ["360.00", "80.00"]  # to the fen
    assert [amount for _label, amount in row_w.income_by_class()] == [Decimal(n) for n in ("0.00", "80.00", "360.00", "0.00", "0.00")]
    assert row_w.weeks[0] == pytest.approx(2 / (7 * 12 * 2))  # the week of 24 February holds the whole booking across the month
    assert row_w.weeks[1] == pytest.approx(4 / (7 * 12 * 2 - 12))  # 2 + 1 + 1 h, less the closure of 6 March
    assert row_w.weeks[2:] == [0.0, 0.0, 0.0, 0.0]
    assert (row_x.equipment, row_x.booked_hours, row_x.open_hours, row_x.started, row_x.no_shows) == (1, 4.0, OPEN_PER_EQUIPMENT, 1, 0)
    assert (row_x.pledged_per_quarter, row_x.pledged_hours_used, row_x.income_total, row_x.turnaround_median) == (6, 2, Decimal("50.50"), None)
    assert row_x.weeks[2] == pytest.approx(4 / (7 * 12))
    assert (row_y.equipment, row_y.utilisation, row_y.no_show_rate, row_y.income_total, row_y.weeks) == (0, None, None, Decimal("0.00"),
                                                                                                      [None] * 6)


def test_one_query_per_figure_whatever_the_number_of_cities(planted):
    w, x, y, z = planted
    with CaptureQueriesContext(connection) as one:
        city_figures([w], MARCH)
    with CaptureQueriesContext(connection) as four:
        city_figures([w, x, y, z], MARCH)
    assert len(one) == len(four) == 8


def test_weeks_touching_a_month():
    assert weeks_of(date(2026, 6, 1)) == [date(2026, 6, 1) + timedelta(weeks=n) for n in range(5)]  # 1 June 2026 is a Monday


def _client(user, language="en"):
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def test_operators_read_their_cities_only(planted):
    w, x, _y, z = planted
    district = _client(UserFactory(operator_for=[w]))
    page = district.get("/resources/figures/?month=2025-03")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="city-{w.slug}"' in html and f'id="city-{x.slug}"' not in html and f'id="city-{z.slug}"' not in html
    assert "¥440.00" in html and "¥360.00" in html and "¥80.00" in html
    platform = _client(UserFactory(is_platform_operator=True), "zh-hans")
    html = platform.get("/resources/figures/?month=2025-03").content.decode()
    assert all(f'id="city-{c.slug}"' in html for c in planted) and "各城市共享设备" in html
    assert _client(UserFactory()).get("/resources/figures/").status_code == 403
    assert Client().get("/resources/figures/").status_code == 302


def test_a_bad_month_is_refused_in_the_readers_language(planted):
    district = _client(UserFactory(operator_for=[planted[0]]), "zh-hans")
    page = district.get("/resources/figures/?month=March")
    assert page.status_code == 400 and 'id="month-error"' in page.content.decode() and "YYYY-MM" in page.content.decode()


def test_the_api_answers_the_same_figures_with_money_as_text(planted):
    w, x, _y, z = planted
    answer = _client(UserFactory(operator_for=[w, x])).get("/api/v1/resources/figures?month=2025-03")
    assert answer.status_code == 200
    body = answer.json()
    assert body["month"] == "2025-03" and body["weeks"][0] == "2025-02-24" and len(body["weeks"]) == 6
    assert [c["city"] for c in body["cities"]] == [w.slug, x.slug]  # not Z: another operator's city
    row_w = body["cities"][0]
    assert (row_w["equipment"], row_w["booked_hours"], row_w["open_hours"]) == (2, 5.0, 2 * OPEN_PER_EQUIPMENT - 12)
    assert (row_w["use_bookings_started"], row_w["no_shows"], row_w["no_show_rate"]) == (2, 1, 0.5)
    assert (row_w["pledged_hours_per_quarter"], row_w["pledged_hours_used"]) == (10, 4)
    assert (row_w["sample_jobs_completed"], row_w["turnaround_median_working_days"], row_w["outcomes_reported"]) == (2, 2.5, 1)
    assert row_w["income_total"] == "440.00"
    assert {i["user_class"]: i["amount"] for i in row_w["income"]} == {"own": "0.00", "goi_sme": "80.00", "sme": "360.00",
                                                                       "academic": "0.00", "other": "0.00"}
    assert row_w["weekly_utilisation"][2:] == [0.0, 0.0, 0.0, 0.0]
    assert body["cities"][1]["income_total"] == "50.50"
    everyone = _client(UserFactory(is_platform_operator=True)).get("/api/v1/resources/figures?month=2025-03").json()
    assert {c["city"] for c in everyone["cities"]} >= {c.slug for c in planted}


def test_the_api_refuses_a_bad_month_and_others_in_the_callers_language(planted):
    district = _client(UserFactory(operator_for=[planted[0]]), "zh-hans")
    answer = district.get("/api/v1/resources/figures?month=March")
    assert answer.status_code == 400
    body = answer.json()
    assert body["error"]["fields"][0]["field"] == "month" and "YYYY-MM" in body["error"]["message"]
    assert body["error"]["message"] != "Give the month as YYYY-MM, e.g. 2026-12."  # in Chinese
    assert _client(UserFactory()).get("/api/v1/resources/figures").status_code == 403
    assert Client().get("/api/v1/resources/figures").status_code == 401
