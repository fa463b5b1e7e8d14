"""Sharing pledges and cost statements: lines fixed when a booking is made, credits on cancelling,
pledged hours drawn whole hours first, monthly statements and their downloads."""

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from innobelt.resources.domain import book_equipment, cancel_booking
from innobelt.resources.domain.pricing import set_prices, to_fen
from innobelt.resources.domain.statements import pledge_remaining, set_pledge
from innobelt.resources.models import SampleJob, StatementLine
from innobelt.resources.statement_queries import HEADER, export_rows, monthly_statements, parse_month, quarter_start
from tests.factories import AccessRequestFactory, ResourceFactory
from tests.resources.conftest import at


def _book(scene, day, hour, hours=1, minutes=0):
    start = at(day, hour)
    return book_equipment(actor=scene.seeker, access_request=scene.access, start=start,
                          end=start + timedelta(hours=hours, minutes=minutes)).created[0]


def _charge(booking):
    return StatementLine.objects.get(booking=booking, kind="charge")


def test_a_booking_of_free_equipment_gets_a_free_line(scene):
    line = _charge(_book(scene, 2, 9, hours=2))
    assert (line.user_class, line.hours, line.free_hours, line.pledged_hours, line.charged_hours, line.unit_price, line.amount) == (
        "sme", Decimal("2.00"), Decimal("2.00"), 0, Decimal("0.00"), None, Decimal("0.00"))
    assert line.basis == "free" and line.owner_id == scene.owner_org.pk and line.organisation_id == scene.seeker_org.pk


def test_a_charged_line_keeps_its_price_when_prices_change(scene):
    scene.equipment.slot_minutes = 30
    scene.equipment.save()
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "hour"): "80.01"})
    line = _charge(_book(scene, 2, 9, hours=1, minutes=30))
    assert (line.charged_hours, line.unit_price, line.amount) == (Decimal("1.50"), Decimal("80.01"), Decimal("120.02"))  # 120.015 half-up
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "hour"): "999"})
    line.refresh_from_db()
    assert (line.unit_price, line.amount) == (Decimal("80.01"), Decimal("120.02"))


def test_pledged_hours_are_drawn_whole_hours_first_then_charged(scene):
    scene.equipment.slot_minutes = 30
    scene.equipment.save()
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "hour"): "100"})
    set_pledge(actor=scene.owner_admin, resource=scene.equipment, hours_per_quarter=3)
    first = _charge(_book(scene, 2, 9, hours=1, minutes=30))  # 1 whole hour from the pledge, 0.5 charged
    assert (first.pledged_hours, first.charged_hours, first.amount, first.basis) == (1, Decimal("0.50"), Decimal("50.00"), "mixed")
    assert first.pledge_quarter == quarter_start(at(2, 9))
    second = _charge(_book(scene, 2, 12, hours=3))  # 2 left in the pledge
    assert (second.pledged_hours, second.charged_hours, second.amount) == (2, Decimal("1.00"), Decimal("100.00"))
    assert pledge_remaining(scene.equipment, quarter_start(at(2, 9))) == 0
    cancel_booking(actor=scene.owner_admin, booking=second.booking)
    credit = StatementLine.objects.get(booking=second.booking, kind="credit")
    assert (credit.pledged_hours, credit.charged_hours, credit.amount) == (-2, Decimal("-1.00"), Decimal("-100.00"))
    assert pledge_remaining(scene.equipment, quarter_start(at(2, 9))) == 2  # the hours come back


def test_free_bookings_do_not_draw_the_pledge(scene):
    set_pledge(actor=scene.owner_admin, resource=scene.equipment, hours_per_quarter=5)
    line = _charge(_book(scene, 2, 9, hours=2))
    assert (line.pledged_hours, line.free_hours) == (0, Decimal("2.00"))
    assert pledge_remaining(scene.equipment) == 5


def test_a_series_draws_the_pledge_per_date(scene):
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "hour"): "10"})
    set_pledge(actor=scene.owner_admin, resource=scene.equipment, hours_per_quarter=1)
    day = 2 if quarter_start(at(2, 9)) == quarter_start(at(9, 9)) else 30
    start = at(day, 9)
    result = book_equipment(actor=scene.seeker, access_request=scene.access, start=start, end=start + timedelta(hours=1), repeat_weekly=2)
    lines = [_charge(b) for b in result.created]
    assert [(line.pledged_hours, line.amount) for line in lines] == [(1, Decimal("0.00")), (0, Decimal("10.00"))]


@pytest.mark.parametrize("hours", [-1, 2001])
def test_bad_pledges_change_nothing(scene, hours):
    set_pledge(actor=scene.owner_admin, resource=scene.equipment, hours_per_quarter=4)
    with pytest.raises(ValidationError):
        set_pledge(actor=scene.owner_admin, resource=scene.equipment, hours_per_quarter=hours)
    assert scene.equipment.pledge.hours_per_quarter == 4


def test_only_equipment_and_only_its_owners_admins_pledge(scene):
    with pytest.raises(PermissionDenied):
        set_pledge(actor=scene.owner_member, resource=scene.equipment, hours_per_quarter=4)
    dataset = ResourceFactory(owner=scene.owner_org, kind="dataset")
    with pytest.raises(ValidationError):
        set_pledge(actor=scene.owner_admin, resource=dataset, hours_per_quarter=4)
    set_pledge(actor=scene.owner_admin, resource=scene.equipment, hours_per_quarter=4)
    set_pledge(actor=scene.owner_admin, resource=scene.equipment, hours_per_quarter=0)
    assert pledge_remaining(scene.equipment) is None


def test_register_finds_equipment_with_unused_pledged_hours(scene):
    other = ResourceFactory(owner=scene.owner_org)
    spent = ResourceFactory(owner=scene.owner_org)
    set_pledge(actor=scene.owner_admin, resource=scene.equipment, hours_per_quarter=2)
    set_pledge(actor=scene.owner_admin, resource=other, hours_per_quarter=9)
    set_pledge(actor=scene.owner_admin, resource=spent, hours_per_quarter=1)
    set_prices(actor=scene.owner_admin, resource=spent, prices={("sme", "hour"): "10"})
    access = AccessRequestFactory(resource=spent, organisation=scene.seeker_org, requested_by=scene.seeker)
    book_equipment(actor=scene.seeker, access_request=access, start=at(1, 9), end=at(1, 10))
    client = Client()
    found = client.get("/api/v1/resources?pledged=true").json()
    assert [item["id"] for item in found["items"]] == [other.pk, scene.equipment.pk]  # most hours left first; none left: not listed
    page = client.get("/en/resources/?pledged=on")
    assert [r.pk for r, _why in page.context["rows"]] == [other.pk, scene.equipment.pk]
    detail = client.get(f"/en/resources/{scene.equipment.pk}/").content.decode()
    assert "2 free hours per quarter for other organisations; 2 unused this quarter" in detail


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_statements_page_api_and_downloads(scene):
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "hour"): "33.33"})
    kept = _book(scene, 2, 9, hours=2)
    dropped = _book(scene, 3, 9, hours=1)
    cancel_booking(actor=scene.owner_admin, booking=dropped)
    month = f"{parse_month(''):%Y-%m}"
    owner = _client(scene.owner_admin)
    page = owner.get(f"/en/resources/statements/?organisation={scene.owner_org.slug}&month={month}")
    assert page.status_code == 200
    [statement] = page.context["statements"]
    assert statement.total == Decimal("66.66") and len(statement.lines) == 3
    api = owner.get(f"/api/v1/organisations/{scene.owner_org.slug}/statements?month={month}").json()
    assert api["statements"][0]["total"] == "66.66"
    assert [line["amount"] for line in api["statements"][0]["lines"]] == ["66.66", "33.33", "-33.33"]
    booking = _client(scene.seeker).get(f"/api/v1/bookings/{kept.pk}/statement").json()
    assert [(line["kind"], line["unit_price"], line["amount"]) for line in booking] == [("charge", "33.33", "66.66")]
    csv_file = owner.get(f"/resources/statements/export/?organisation={scene.owner_org.slug}&month={month}&format=csv")
    rows = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
    amount = rows[0].index("amount_cny")
    assert rows[0][-2:] == ["paid_by_voucher_cny", "firm_pays_cny"]
    assert [r[amount] for r in rows[1:]] == ["66.66", "33.33", "-33.33", "66.66"]
    assert [r[-1] for r in rows[1:]] == ["66.66", "33.33", "-33.33", "66.66"]  # no voucher: the firm pays it all
    xlsx = owner.get(f"/api/v1/organisations/{scene.owner_org.slug}/statements/export?month={month}&format=xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [row[amount] for row in sheet.iter_rows(min_row=2, values_only=True)] == [66.66, 33.33, -33.33, 66.66]
    assert _client(scene.seeker).get(f"/api/v1/organisations/{scene.owner_org.slug}/statements").status_code == 403
    assert owner.get(f"/api/v1/organisations/{scene.owner_org.slug}/statements?month=2026-13").status_code == 400
    assert "YYYY-MM" in owner.get("/en/resources/statements/?month=junk").content.decode()


# the property: any mix of bookings, cancellations, pledge use and price changes -------------------

OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("book"), st.integers(min_value=1, max_value=6)),  # half hours
    st.tuples(st.just("cancel"), st.integers(min_value=0, max_value=30)),
    st.tuples(st.just("price"), st.one_of(st.none(), st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=3))),
    st.tuples(st.just("pledge"), st.integers(min_value=0, max_value=6)),
    st.tuples(st.just("samples"), st.integers(min_value=1, max_value=7)),  # a sample job quoted and accepted
    st.tuples(st.just("sample_price"), st.one_of(st.none(), st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=3))),
    st.tuples(st.just("cancel_samples"), st.integers(min_value=0, max_value=30)),
    st.tuples(st.just("day_price"), st.one_of(st.none(), st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=3))),
    st.tuples(st.just("voucher"), st.integers(min_value=0, max_value=30)),  # a voucher pays a booking's or a job's share
    st.tuples(st.just("release"), st.integers(min_value=0, max_value=30)),  # the firm gives a share back
), min_size=1, max_size=14)


def _voucher_for(scene):
    """A voucher of the scene's seeker (a programme of its own city paying 70 % of instrument time and sample testing)."""
    from innobelt.vouchers.models import Programme, Use, Voucher

    today = timezone.localdate()
    programme = Programme.objects.create(authority_id=scene.equipment.city_id, name_zh="券", name_en="Vouchers", budget_fen=10**12,
                                         per_firm_cap_fen=10**12, co_payment_percent=30,
                                         uses=[Use.INSTRUMENT_TIME, Use.SAMPLE_TESTING], opens_on=today,
                                         closes_on=today + timedelta(days=90), validity_days=365)
    return Voucher.objects.create(programme=programme, organisation=scene.seeker_org, issued_fen=10**11,
                                  available_fen=10**11, expires_on=today + timedelta(days=365))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_statements_are_exact_and_issued_lines_never_change(scene, operations):
    from django.db import transaction

    from innobelt.resources.domain.samples import accept_sample_quote, cancel_sample_job, quote_sample_job, submit_sample_job

    scene.equipment.slot_minutes = 30
    scene.equipment.accepts_samples = True
    scene.equipment.save()
    from innobelt.vouchers import domain as vouchers
    from innobelt.vouchers.domain.ledger import share_of

    with transaction.atomic():
        voucher = _voucher_for(scene)
        shares: dict = {}  # booking or job → (reservation, the voucher's share in fen), while live
        price, pledge, sample_price, day_price = None, 0, None, None
        jobs = []
        used: dict = {}
        expected_total = Decimal("0.00")
        bookings, issued = [], {}
        for n, (op, value) in enumerate(operations):
            if op == "book":
                start = at(2 + n // 4, 8 + (n % 4) * 3)
                booking = book_equipment(actor=scene.seeker, access_request=scene.access, start=start,
                                         end=start + timedelta(minutes=30 * value)).created[0]
                hours = Decimal(value) / 2
                quarter = quarter_start(start)
                priced = price is not None or day_price is not None
                pledged = min(int(hours), max(0, pledge - used.get(quarter, 0))) if priced and pledge else 0
                used[quarter] = used.get(quarter, 0) + pledged
                charged = hours - pledged  # at most 3 hours: one started day when anything is charged
                options = [to_fen(charged * price)] if price is not None else []
                options += [to_fen(day_price if charged else 0)] if day_price is not None else []
                amount = min(options) if options else Decimal("0.00")
                expected_total += amount
                bookings.append((booking, quarter, pledged, amount))
            elif op == "cancel" and bookings:
                booking, quarter, pledged, amount = bookings.pop(value % len(bookings))
                cancel_booking(actor=scene.owner_admin, booking=booking)
                shares.pop(booking, None)  # released with the cancellation
                used[quarter] -= pledged
                expected_total -= amount
            elif op == "price":
                price = to_fen(value) if value is not None else None
            elif op == "sample_price":
                sample_price = to_fen(value) if value is not None else None
            elif op == "day_price":
                day_price = to_fen(value) if value is not None else None
            if op in ("price", "sample_price", "day_price"):
                set_prices(actor=scene.owner_admin, resource=scene.equipment,
                           prices={("sme", "hour"): price, ("sme", "sample"): sample_price, ("sme", "day"): day_price})
            elif op == "samples":
                job = submit_sample_job(actor=scene.seeker, access_request=scene.access, samples=value, description="Films", method="XRD")
                job = accept_sample_quote(actor=scene.seeker, job=quote_sample_job(actor=scene.owner_admin, job=job, turnaround_days=3))
                amount = to_fen(sample_price * value) if sample_price is not None else Decimal("0.00")
                expected_total += amount
                jobs.append((job, amount))
            elif op == "cancel_samples" and jobs:
                job, amount = jobs.pop(value % len(jobs))
                cancel_sample_job(actor=scene.seeker, job=job)
                shares.pop(job, None)
                expected_total -= amount
            elif op == "voucher" and (bookings or jobs):
                payable = [(b, a) for b, _q, _p, a in bookings] + jobs
                thing, amount = payable[value % len(payable)]
                if amount > 0 and thing not in shares:
                    if isinstance(thing, SampleJob):
                        reservation, _ = vouchers.reserve_for_sample_job(actor=scene.seeker, voucher=voucher, job=thing,
                                                                         idempotency_key=f"op-{n}")
                    else:
                        reservation, _ = vouchers.reserve_voucher(actor=scene.seeker, voucher=voucher, booking=thing,
                                                                  idempotency_key=f"op-{n}")
                    shares[thing] = (reservation, share_of(int(amount * 100), 30)[0])
            elif op == "release" and shares:
                thing = sorted(shares, key=lambda x: (type(x).__name__, x.pk))[value % len(shares)]
                vouchers.release_reservation(actor=scene.seeker, reservation=shares.pop(thing)[0])
            elif op == "pledge":
                pledge = value
                set_pledge(actor=scene.owner_admin, resource=scene.equipment, hours_per_quarter=value)
            for line in StatementLine.objects.all():  # nothing issued ever changes
                key = (line.hours, line.pledged_hours, line.charged_hours, line.unit, line.charged_units, line.unit_price, line.amount,
                       line.kind)
                assert issued.setdefault(line.pk, key) == key
        statements = monthly_statements(scene.owner_org, parse_month(""))
        lines = list(StatementLine.objects.all())
        if lines:
            [statement] = statements
            assert statement.total == sum(line.amount for line in lines) == expected_total
            assert all(line.amount == line.amount.quantize(Decimal("0.01")) for line in lines)
            # the part vouchers pay: each live share on its charge line, nothing on credits, and the rest the firm's
            expected_paid = sum((Decimal(fen).scaleb(-2) for _r, fen in shares.values()), Decimal("0.00"))
            assert statement.paid_by_voucher == expected_paid
            assert statement.paid_by_voucher + statement.firm_pays == statement.total
            for line in statement.lines:
                assert line.paid_by_voucher + line.firm_pays == line.amount
                assert line.paid_by_voucher == line.paid_by_voucher.quantize(Decimal("0.01"))
                assert line.kind == "charge" or line.paid_by_voucher == 0
                assert 0 <= line.paid_by_voucher <= max(line.amount, Decimal("0.00"))
            rows = export_rows(statements)
            assert rows[-1][HEADER.index("paid_by_voucher_cny")] == expected_paid
            assert rows[-1][HEADER.index("firm_pays_cny")] == expected_total - expected_paid
        for booking, _quarter, pledged, amount in bookings:
            assert _charge(booking).amount == amount and _charge(booking).pledged_hours == pledged
        for job, amount in jobs:
            assert StatementLine.objects.get(sample_job=job, kind="charge").amount == amount
        transaction.set_rollback(True)


def test_api_pledge(scene):
    owner = _client(scene.owner_admin)
    url = f"/api/v1/resources/{scene.equipment.pk}/pledge"
    assert Client().get(url).json()["hours_per_quarter"] == 0
    response = owner.put(url, data=json.dumps({"hours_per_quarter": 12}), content_type="application/json")
    assert response.status_code == 200 and response.json()["remaining_hours"] == 12
    assert owner.put(url, data=json.dumps({"hours_per_quarter": -1}), content_type="application/json").status_code == 422
    assert _client(scene.seeker).put(url, data=json.dumps({"hours_per_quarter": 1}), content_type="application/json").status_code == 403
    page = owner.post(f"/resources/{scene.equipment.pk}/pledge/", {"hours_per_quarter": "7"})
    assert page.status_code == 302 and scene.equipment.pledge.__class__.objects.get().hours_per_quarter == 7
    bad = owner.post(f"/resources/{scene.equipment.pk}/pledge/", {"hours_per_quarter": "x"})
    assert bad.status_code == 200 and bad.context["form"].errors


# prices per day (issue 22: day and sample prices applied) ------------------------------------------

@pytest.mark.parametrize(("hours", "hour_price", "day_price", "expected"), [
    (Decimal("3"), None, "500", ("day", Decimal("1.00"), Decimal("500"), Decimal("500.00"))),
    (Decimal("25"), None, "500", ("day", Decimal("2.00"), Decimal("500"), Decimal("1000.00"))),  # each started day counts whole
    (Decimal("0"), None, "500", ("day", Decimal("0.00"), Decimal("500"), Decimal("0.00"))),
    (Decimal("3"), "100", "500", ("hour", Decimal("3"), Decimal("100"), Decimal("300.00"))),  # the cheaper for the booker
    (Decimal("6"), "100", "500", ("day", Decimal("1.00"), Decimal("500"), Decimal("500.00"))),
    (Decimal("5"), "100", "500", ("hour", Decimal("5"), Decimal("100"), Decimal("500.00"))),  # a tie: per hour
    (Decimal("1.5"), "33.335", None, ("hour", Decimal("1.5"), Decimal("33.335"), Decimal("50.00"))),
    (Decimal("2"), None, None, ("hour", Decimal("0.00"), None, Decimal("0.00"))),
])
def test_booking_charge_per_hour_or_per_started_day(hours, hour_price, day_price, expected):
    from innobelt.resources.domain.pricing import booking_charge

    hour, day = (Decimal(v) if v is not None else None for v in (hour_price, day_price))
    assert booking_charge(hours, hour, day) == expected


def test_a_booking_priced_by_the_day_is_charged_per_started_day_after_the_pledge(scene):
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "day"): "480"})
    line = _charge(_book(scene, 2, 9, hours=3))
    assert (line.unit, line.charged_hours, line.charged_units, line.unit_price, line.amount) == (
        "day", Decimal("3.00"), Decimal("1.00"), Decimal("480.00"), Decimal("480.00"))
    set_pledge(actor=scene.owner_admin, resource=scene.equipment, hours_per_quarter=2)
    mixed = _charge(_book(scene, 3, 9, hours=3))  # 2 pledged hours, the third starts a charged day
    assert (mixed.pledged_hours, mixed.charged_units, mixed.amount, mixed.basis) == (2, Decimal("1.00"), Decimal("480.00"), "mixed")
    left = pledge_remaining(scene.equipment, quarter_start(at(4, 9)))  # 0 in the same quarter, 2 in the next
    covered = _charge(_book(scene, 4, 9, hours=1))
    assert (covered.pledged_hours, covered.amount) == ((0, Decimal("480.00")) if left == 0 else (1, Decimal("0.00")))
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "day"): "480", ("sme", "hour"): "100"})
    cheap = _charge(_book(scene, 5, 9, hours=2))
    assert (cheap.unit, cheap.charged_units, cheap.amount) == ("hour", Decimal("2.00"), Decimal("200.00"))
    cancel_booking(actor=scene.owner_admin, booking=line.booking)
    credit = StatementLine.objects.get(booking=line.booking, kind="credit")
    assert (credit.unit, credit.charged_units, credit.amount) == ("day", Decimal("-1.00"), Decimal("-480.00"))
