"""Settlement periods: the issuing authority closes a period and every approved redemption is settled in it, once;
the statements (XLSX, CSV, Decimal to the fen) for the operators and each payee's own; two operators closing the
same period at once (PostgreSQL and SQLite, threads through the API, as tests/vouchers/test_concurrency.py)."""

import io
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from innobelt.accounts.domain import create_api_token
from innobelt.vouchers import domain
from innobelt.vouchers.domain.settlement import PeriodClosed, close_period, statement_rows
from innobelt.vouchers.domain.spending import _settle
from innobelt.vouchers.models import LedgerEntry, Reservation, SettlementLine, SettlementPeriod
from tests.factories import MembershipFactory, UserFactory
from tests.resources.test_concurrency import _post, concurrent_server  # noqa: F401 (the fixture)
from tests.vouchers.conftest import booking, issue

SHARE = 350_00  # the voucher's share of one hour at ¥500 with a 30 % co-payment


def redeemed(scene, voucher, n, *, days_ago=0):
    reservation, _ = domain.reserve_voucher(actor=scene.sme_member, voucher=voucher, booking=booking(scene, n),
                                            idempotency_key=f"k-{n}")
    with transaction.atomic():
        reservation = _settle(reservation, LedgerEntry.Kind.REDEEM, actor=None)
    if days_ago:
        Reservation.objects.filter(pk=reservation.pk).update(settled_at=timezone.now() - timedelta(days=days_ago))
    return reservation


def claimed(scene, *, approve=True):
    claim = domain.submit_claim(actor=scene.lab_admin, provider=scene.lab, programme=scene.programme)
    if approve:
        domain.decide_claim(actor=scene.suzhou_operator, claim=claim, approve=True)
    return claim


def _close(scene, start_days_ago, end_days_ago, actor=None):
    today = timezone.localdate()
    return close_period(actor=actor or scene.suzhou_operator, authority=scene.suzhou,
                        starts_on=today - timedelta(days=start_days_ago), ends_on=today - timedelta(days=end_days_ago))


def test_a_period_settles_approved_redemptions_once_and_carries_late_approvals(scene):
    voucher = issue(scene, 5_000_00)
    old = [redeemed(scene, voucher, n, days_ago=40) for n in range(2)]
    claimed(scene)
    late = redeemed(scene, voucher, 2, days_ago=35)
    pending = claimed(scene, approve=False)  # approved only after the first period is closed

    first = _close(scene, 60, 31)
    assert first.amount_fen == 2 * SHARE
    assert sorted(first.lines.values_list("reservation_id", flat=True)) == [r.pk for r in old]
    assert set(first.lines.values_list("payee_id", "kind")) == {(scene.lab.pk, "redemption")}

    domain.decide_claim(actor=scene.suzhou_operator, claim=pending, approve=True)
    redeemed(scene, voucher, 3)  # redeemed today, never claimed: not settled
    second = _close(scene, 30, 0)
    assert list(second.lines.values_list("reservation_id", flat=True)) == [late.pk]  # carried over, once
    assert SettlementLine.objects.count() == 3
    with pytest.raises(PeriodClosed) as raised:
        _close(scene, 10, 0)  # overlaps the second
    assert "closed already" in raised.value.message


def test_the_database_refuses_a_redemption_on_two_statements(scene):
    voucher = issue(scene, 5_000_00)
    redeemed(scene, voucher, 0)
    claimed(scene)
    period = _close(scene, 5, 0)
    line = period.lines.get()
    other = SettlementPeriod.objects.create(authority=scene.suzhou, starts_on=timezone.localdate() - timedelta(days=90),
                                            ends_on=timezone.localdate() - timedelta(days=80))
    with pytest.raises(IntegrityError), transaction.atomic():
        SettlementLine.objects.create(period=other, reservation=line.reservation, claim=line.claim, payee=line.payee,
                                      kind=line.kind, amount_fen=line.amount_fen)


def test_closing_is_for_the_authoritys_operators_with_sane_dates(scene):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        close_period(actor=scene.pudong_operator, authority=scene.suzhou, starts_on=today, ends_on=today)
    with pytest.raises(ValidationError):
        close_period(actor=scene.suzhou_operator, authority=scene.suzhou, starts_on=today, ends_on=today - timedelta(days=1))
    with pytest.raises(ValidationError):  # not over yet
        close_period(actor=scene.suzhou_operator, authority=scene.suzhou, starts_on=today, ends_on=today + timedelta(days=1))
    assert not SettlementPeriod.objects.exists()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_statements_downloaded_by_the_operator_and_each_payee_its_own(scene):
    from openpyxl import load_workbook

    voucher = issue(scene, 5_000_00)
    redeemed(scene, voucher, 0)
    claimed(scene)
    response = _client(scene.suzhou_operator).post("/en/vouchers/settlements/close/", {
        "authority": scene.suzhou.pk, "starts_on": (timezone.localdate() - timedelta(days=30)).isoformat(),
        "ends_on": timezone.localdate().isoformat()}, follow=True)
    assert "1 lines, ¥350.00" in response.content.decode()
    period = SettlementPeriod.objects.get()
    rows = statement_rows(period)
    assert rows[0][-3:] == [Decimal("500.00"), Decimal("350.00"), Decimal("150.00")]

    lab = _client(scene.lab_admin)
    page = lab.get(f"/en/vouchers/settlements/{period.pk}/").content.decode()
    assert "Pudong Lab" in page and "¥350.00" in page
    csv = lab.get(f"/vouchers/settlements/{period.pk}/statement.csv")
    assert csv["Content-Type"].startswith("text/csv") and "350.00" in csv.content.decode("utf-8-sig")
    xlsx = _client(scene.suzhou_operator).get(f"/en/vouchers/settlements/{period.pk}/statement.xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    values = [c.value for c in next(book.active.iter_rows(min_row=2, max_row=2))]
    assert Decimal(str(values[-2])) == Decimal("350.00") and "Pudong Lab" in values

    outsider = MembershipFactory(organisation=scene.local_lab, role="admin").user  # another provider
    assert _client(outsider).get(f"/vouchers/settlements/{period.pk}/").status_code == 404
    assert _client(outsider).get(f"/vouchers/settlements/{period.pk}/statement.csv").status_code == 404
    assert _client(scene.sme_member).get(f"/vouchers/settlements/{period.pk}/").status_code == 404
    assert _client(UserFactory(operator_for=[scene.pudong])).get(f"/vouchers/settlements/{period.pk}/").status_code == 404


def test_the_api_closes_and_reads_a_period(scene):
    voucher = issue(scene, 5_000_00)
    redeemed(scene, voucher, 0)
    claimed(scene)
    operator = _client(scene.suzhou_operator)
    body = {"authority": "suzhou", "starts_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
            "ends_on": timezone.localdate().isoformat()}
    created = operator.post("/api/v1/vouchers/settlements", body, content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["statements"] == [{"payee": scene.lab.slug, "kind": "redemption", "count": 1, "amount_fen": SHARE}]
    assert data["links"]["csv"].endswith("statement.csv")
    again = operator.post("/api/v1/vouchers/settlements", body, content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["details"]["period"] == data["id"]
    lab = _client(scene.lab_admin).get(f"/api/v1/vouchers/settlements/{data['id']}").json()
    assert lab["amount_fen"] == SHARE


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_operators_close_the_same_period_at_once(concurrent_server, scene):  # noqa: F811 (the fixture)
    voucher = issue(scene, 5_000_00)
    for n in range(6):
        redeemed(scene, voucher, n)
    claimed(scene)
    second = UserFactory(operator_for=[scene.suzhou])
    tokens = [create_api_token(user=u, name="race")[1] for u in (scene.suzhou_operator, second)]
    server = concurrent_server
    server.open()
    body = {"authority": "suzhou", "starts_on": (timezone.localdate() - timedelta(days=30)).isoformat(),
            "ends_on": timezone.localdate().isoformat()}
    barrier = threading.Barrier(2)
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda i: _post(f"{server.url}/api/v1/vouchers/settlements", tokens[i], body, barrier),
                                range(2)))
    assert Counter(status for status, _ in results) == {201: 1, 409: 1}, results
    loser = next(b for s, b in results if s == 409)
    assert loser["error"]["code"] == "conflict" and "已经关闭" in loser["error"]["message"]  # Chinese: the API's default
    assert loser["error"]["details"]["starts_on"] == body["starts_on"]
    periods, lines, distinct = server.run(lambda: (
        SettlementPeriod.objects.count(), SettlementLine.objects.count(),
        SettlementLine.objects.values("reservation").distinct().count()))
    assert (periods, lines, distinct) == (1, 6, 6)


def test_the_list_of_periods_costs_the_same_queries_for_one_period_or_many(scene):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    voucher = issue(scene, 5_000_00)
    operator = _client(scene.suzhou_operator)

    def settle(n, days_ago):
        redeemed(scene, voucher, n, days_ago=days_ago)
        claimed(scene)
        _close(scene, days_ago + 1, days_ago - 1)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert operator.get(url).status_code == 200
        return len(queries)

    settle(0, 50)
    few = (count("/api/v1/vouchers/settlements"), count("/vouchers/settlements/"))
    settle(1, 40)
    settle(2, 30)
    assert (count("/api/v1/vouchers/settlements"), count("/vouchers/settlements/")) == few
    listed = operator.get("/api/v1/vouchers/settlements").json()
    assert [p["amount_fen"] for p in listed] == [SHARE] * 3


def test_the_admin_shows_a_period_with_its_lines_to_its_citys_operators_only(scene):
    voucher = issue(scene, 5_000_00)
    share = redeemed(scene, voucher, 0, days_ago=40)
    claimed(scene)
    period = _close(scene, 60, 31)
    for operator in (scene.suzhou_operator, scene.pudong_operator):
        operator.is_staff = True
        operator.save(update_fields=["is_staff"])
    suzhou = _client(scene.suzhou_operator)
    listed = suzhou.get("/admin/vouchers/settlementperiod/")
    assert listed.status_code == 200 and [p.pk for p in listed.context["cl"].result_list] == [period.pk]
    page = suzhou.get(f"/admin/vouchers/settlementperiod/{period.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "350" in body and str(share.pk) in body and scene.lab.name in body  # the line, inline
    assert 'name="_save"' not in body  # read only: money never changes by hand
    pudong = _client(scene.pudong_operator)
    assert list(pudong.get("/admin/vouchers/settlementperiod/").context["cl"].result_list) == []
    assert pudong.get(f"/admin/vouchers/settlementperiod/{period.pk}/change/").status_code == 302  # "does not exist"
