"""Operators' figures: percentiles of response and resolution times in working days, SLA compliance and
satisfaction per month and group, on real dates; the page, its scope and its drill-down."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.test import Client
from django.utils import timezone

from innobelt.services.domain import change_status, confirm_request, request_service
from innobelt.services.figures import percentile, service_figures
from innobelt.services.models import ServiceRequest
from tests.factories import UserFactory
from tests.services.factories import jiangsu_city

SHANGHAI = ZoneInfo("Asia/Shanghai")
S = ServiceRequest.Status


def at(day, hour=10, month=9):
    return datetime(2025, month, day, hour, tzinfo=SHANGHAI)


def worked(scene, made, answered, resolved, rating=None):
    request = request_service(actor=scene.founder, firm=scene.firm, category="market_entry", need="N",
                              firm_city=scene.wuxi, target_city=scene.putuo, now=made)
    change_status(actor=scene.consultant, request=request, to=S.ACCEPTED, now=answered)
    if resolved is not None:
        change_status(actor=scene.consultant, request=request, to=S.RESOLVED, now=resolved)
        if rating is not None:
            confirm_request(actor=scene.founder, request=request, rating=rating)
    return request


def test_percentiles_interpolate_between_ranks():
    assert percentile([], 50) is None
    assert percentile([3], 90) == Decimal("3.0")
    assert percentile([1, 2, 3, 4], 50) == Decimal("2.5")
    assert percentile([0, 1, 1, 2, 10], 90) == Decimal("6.8")


def test_figures_of_september_2025_count_working_days(scene):
    # made Thursday 25 Sep; answered the same day (0), Friday 26 (1), and Sunday 28 Sep, a make-up working day (2)
    worked(scene, at(25), at(25, 16), at(30), rating=5)  # resolved Tue 30: 3 working days (26, 28, 29, 30 -> 4)
    worked(scene, at(25), at(26), at(11, month=10), rating=3)  # past National Day: 26, 28, 29, 30, 9, 10, 11
    worked(scene, at(25), at(28), None)
    rows = service_figures(ServiceRequest.objects.all(), by="category", language="en")
    assert len(rows) == 1
    row = rows[0]
    assert (row.month.isoformat(), row.key, row.requests) == ("2025-09-01", "market_entry", 3)
    assert sorted(row.response) == [0, 1, 2]  # in the order the database returns the requests
    assert (row.response_p50, row.response_p90) == (Decimal("1.0"), Decimal("1.8"))
    assert sorted(row.resolution) == [4, 7]
    assert (row.resolution_p50, row.resolution_p90) == (Decimal("5.5"), Decimal("6.7"))
    # the target is 5 working days (due Thursday 9 October): the first in time, the second late
    assert (row.resolved, row.in_time, row.compliance) == (2, 1, Decimal("50.0"))
    assert (row.rating_mean, len(row.ratings)) == (Decimal("4.00"), 2)
    by_provider = service_figures(ServiceRequest.objects.all(), by="provider", language="en")
    assert [r.label for r in by_provider] == [scene.provider_org.name_en]
    pair = service_figures(ServiceRequest.objects.all(), by="pair", language="en")[0]
    assert pair.label == "Wuxi → Putuo District" and pair.filters == {"from": "wuxi", "city": "putuo"}


def test_the_page_for_district_and_platform_operators_with_drill_down(scene):
    now = timezone.now()  # the page shows the last twelve months
    request = worked(scene, now, now, now, rating=4)
    month = timezone.localdate().strftime("%Y-%m")
    putuo = Client()
    putuo.force_login(scene.putuo_operator)
    page = putuo.get("/en/services/operators/figures/?by=category")
    assert page.status_code == 200
    html = page.content.decode()
    assert "market entry" in html and "4.00" in html
    drill = f"/en/services/operators/requests/?month={month}&amp;category=market_entry"
    assert drill in html
    listed = putuo.get(drill.replace("&amp;", "&")).content.decode()
    assert f"#{request.pk}" in listed
    assert f"#{request.pk}" not in putuo.get("/en/services/operators/requests/?month=2025-10").content.decode()
    assert "2025-09" not in putuo.get("/en/services/operators/figures/").content.decode()
    # an operator of another city sees nothing of it; a person who is no operator may not open the page
    suzhou = Client()
    suzhou.force_login(UserFactory(operator_for=[jiangsu_city("suzhou", "Suzhou", "苏州市")]))
    assert "market entry" not in suzhou.get("/en/services/operators/figures/").content.decode()
    assert f"#{request.pk}" not in suzhou.get("/en/services/operators/requests/").content.decode()
    firm = Client()
    firm.force_login(scene.founder)
    assert firm.get("/services/operators/figures/").status_code == 403
    platform = Client()
    platform.force_login(UserFactory(is_platform_operator=True))
    assert "4.00" in platform.get("/en/services/operators/figures/?by=pair").content.decode()
