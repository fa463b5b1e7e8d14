"""Quarterly reports count each figure's records of the quarter (China time) beside the quarter before."""

from datetime import date, datetime, timedelta

from django.test import Client
from openpyxl import load_workbook

from innobelt.insights.registry import CHINA
from innobelt.insights.reports import Quarter
from tests.factories import CityFactory, OrganisationFactory, UserFactory


def test_quarters():
    q = Quarter(2026, 1)
    assert (q.start, q.end) == (date(2026, 1, 1), date(2026, 4, 1))
    assert q.previous == Quarter(2025, 4) and Quarter(2025, 4).end == date(2026, 1, 1)
    assert Quarter.of(date(2026, 9, 30)) == Quarter(2026, 3) and Quarter(2026, 4).next == Quarter(2027, 1)


def test_a_report_counts_the_quarter_in_china_time_beside_the_one_before(db):
    city = CityFactory()
    # 1 October 00:30 in Shanghai is still 30 September in UTC: it counts in Q4.
    OrganisationFactory(city=city, created_at=datetime(2026, 10, 1, 0, 30, tzinfo=CHINA))
    OrganisationFactory(city=city, created_at=datetime(2026, 11, 15, tzinfo=CHINA))
    OrganisationFactory(city=city, created_at=datetime(2026, 9, 30, 23, 30, tzinfo=CHINA))
    OrganisationFactory(city=city, created_at=datetime(2026, 10, 1, tzinfo=CHINA) - timedelta(days=200))
    client = Client()
    client.force_login(UserFactory(is_platform_operator=True))
    html = client.get(f"/en/insights/reports/2026/q4/{city.slug}/").content.decode()
    row = html.split('data-figure="organisations">')[1].split("</tr>")[0]
    assert "<td>2</td><td>1</td>" in row  # Q4: two; Q3: one
    started = client.post(f"/en/insights/reports/runs/2026/q4/{city.slug}/", {"format": "xlsx"})
    assert started.status_code == 302  # to the run's page (generated inside the request in tests)
    run_page = client.get(started["Location"]).content.decode()
    download = run_page.split('id="report-result"><a href="')[1].split('"')[0]
    response = client.get(download)
    assert response["Content-Disposition"].endswith('q4.xlsx"')
    import io

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {r[1]: (r[2], r[3]) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Organisations on the platform"] == (2, 1)
    assert client.get("/en/insights/reports/2026/q5/").status_code == 404
    assert "/en/insights/reports/" in client.get("/en/insights/belt/").content.decode()
