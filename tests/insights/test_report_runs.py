"""Quarterly reports generated in the background (ADR 1201, the mechanism of ADR 0010): asked for on the
report's page, counted and written by `task_generate_report`, their progress polled by htmx, then the
download link, or the error; seen only by those who may open the area's dashboard."""

import io
from datetime import datetime

import pytest
from django.core.files.storage import storages
from django.db import connection
from django.test import Client, override_settings
from openpyxl import load_workbook

from innobelt.insights.models import ReportRun
from innobelt.insights.registry import CHINA, Scope
from innobelt.insights.reports import Quarter, report_size
from innobelt.insights.tasks import task_generate_report
from tests.factories import CityFactory, OrganisationFactory, UserFactory
from tests.races import race

Q = Quarter(2026, 4)
pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def area():
    city = CityFactory(slug="report-city")
    OrganisationFactory(city=city, created_at=datetime(2026, 11, 15, tzinfo=CHINA))
    return city


@override_settings(INSIGHTS_REPORTS_RUN_INLINE=False)
def test_the_page_polls_the_run_then_shows_the_download_link(area):
    operator = UserFactory(operator_for=[area])
    client = client_of(operator)
    response = client.post(f"/en/insights/reports/runs/2026/q4/{area.slug}/", {"format": "xlsx"})
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/insights/reports/runs/{run.pk}/"
    assert (run.status, run.requested_by, run.city, run.year, run.quarter, run.language) == ("queued", operator, area, 2026, 4, "en")
    page = client.get(response["Location"]).content.decode()
    assert f'hx-get="/en/insights/reports/runs/{run.pk}/"' in page and 'hx-trigger="every 1s"' in page
    assert "Waiting to start." in page and "/download/" not in page
    assert client.get(f"/en/insights/reports/runs/{run.pk}/download/").status_code == 404  # nothing to download yet
    # asked again (a double click) while it waits: the same run, no second task
    assert client.post(f"/en/insights/reports/runs/2026/q4/{area.slug}/", {"format": "xlsx"})["Location"] == response["Location"]
    assert ReportRun.objects.count() == 1

    total = report_size(Scope(cities=(area,)))  # its figures and breakdowns
    ReportRun.objects.filter(pk=run.pk).update(status="counting", total_figures=total, counted_figures=10)
    fragment = client.get(f"/en/insights/reports/runs/{run.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="report-status"') and "<html" not in fragment
    assert f"10 of {total} figures counted." in fragment and f'value="{int(80 * 10 / total)}"' in fragment
    assert 'hx-trigger="every 1s"' in fragment

    ReportRun.objects.filter(pk=run.pk).update(status="queued", counted_figures=0)
    assert task_generate_report(str(run.pk)) == "done"  # what the worker (or the embedded default's thread) runs
    run.refresh_from_db()
    assert (run.counted_figures, run.total_figures, run.error) == (total, total, "")
    assert run.storage_name.startswith("insights-reports/") and run.size > 0 and run.finished_at
    fragment = client.get(f"/en/insights/reports/runs/{run.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in fragment and 'value="100"' in fragment  # polling stops
    assert f'href="/en/insights/reports/runs/{run.pk}/download/"' in fragment and "innobelt-report-city-2026-q4.xlsx" in fragment
    download = client.get(f"/en/insights/reports/runs/{run.pk}/download/")
    assert download["Content-Disposition"] == 'attachment; filename="innobelt-report-city-2026-q4.xlsx"'
    assert download["Cache-Control"] == "private, no-store"
    rows = {r[1]: r[2] for r in load_workbook(io.BytesIO(download.content)).active.iter_rows(min_row=2, values_only=True)}
    assert rows["Organisations on the platform"] == 1
    assert task_generate_report(str(run.pk)) == "done"  # a second delivery of the task does nothing
    listing = client.get(f"/en/insights/reports/2026/q4/{area.slug}/").content.decode()
    assert f'href="/en/insights/reports/runs/{run.pk}/"' in listing.split('id="report-runs"')[1]


@override_settings(INSIGHTS_REPORTS_RUN_INLINE=False)
def test_a_run_whose_operator_lost_the_area_fails_and_says_why(area):
    operator = UserFactory(operator_for=[area])
    client = client_of(operator)
    client.post(f"/insights/reports/runs/2026/q4/{area.slug}/", {"format": "pdf"})  # asked in Chinese
    run = ReportRun.objects.get()
    operator.operator_cities.remove(area)
    assert task_generate_report(str(run.pk)) == "failed"
    run.refresh_from_db()
    assert run.error == "你已无权查看该地区的数据，报告未生成。" and not run.storage_name
    platform = client_of(UserFactory(is_platform_operator=True))
    page = platform.get(f"/insights/reports/runs/{run.pk}/").content.decode()
    assert 'id="report-error"' in page and run.error in page and "hx-get" not in page and "<progress" not in page
    assert platform.get(f"/insights/reports/runs/{run.pk}/download/").status_code == 404
    assert client.get(f"/insights/reports/runs/{run.pk}/").status_code == 404  # no longer theirs to see


def test_only_those_who_may_open_the_area_see_its_reports(area):
    other = CityFactory(slug="other-city")
    operator = UserFactory(operator_for=[area])
    started = client_of(operator).post(f"/insights/reports/runs/2026/q4/{area.slug}/", {"format": "xlsx"})
    run = ReportRun.objects.get(pk=started["Location"].split("/")[-2])
    assert run.status == "done"
    for user, status in [
        (operator, 200),
        (UserFactory(operator_for=[area]), 200),  # another operator of the same city
        (UserFactory(operator_for=[other]), 404),
        (UserFactory(), 404),
        (UserFactory(is_platform_operator=True), 200),
    ]:
        client = client_of(user)
        assert client.get(f"/insights/reports/runs/{run.pk}/").status_code == status
        assert client.get(f"/insights/reports/runs/{run.pk}/download/").status_code == status
    belt = ReportRun.objects.create(requested_by=None, year=2026, quarter=4, file_format="xlsx", status="failed", error="x")
    assert client_of(operator).get(f"/insights/reports/runs/{belt.pk}/").status_code == 404  # the whole Belt's: platform only
    assert client_of(UserFactory(operator_for=[other])).post(f"/insights/reports/runs/2026/q4/{area.slug}/", {"format": "pdf"}).status_code == 403
    assert ReportRun.objects.count() == 2


def test_an_unknown_format_is_refused_with_nothing_started(area):
    client = client_of(UserFactory(operator_for=[area]))
    response = client.post(f"/en/insights/reports/runs/2026/q4/{area.slug}/", {"format": "docx"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/en/insights/reports/2026/q4/{area.slug}/"
    assert "Choose PDF or XLSX." in response.content.decode()
    assert not ReportRun.objects.exists()
    assert client.post(f"/en/insights/reports/runs/2026/q5/{area.slug}/", {"format": "pdf"}).status_code == 404
    assert client.get(f"/en/insights/reports/runs/2026/q4/{area.slug}/").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_two_workers_handed_the_same_run_generate_it_once(area):
    """A task delivered twice (two workers at the same moment): the conditional claim lets one generate."""
    if connection.vendor != "postgresql":
        pytest.skip("threads share the test database on PostgreSQL only")
    storage = storages["default"]
    before = set(storage.listdir("insights-reports")[1]) if storage.exists("insights-reports") else set()
    run = ReportRun.objects.create(requested_by=UserFactory(operator_for=[area]), city=area, year=2026, quarter=4, file_format="xlsx")
    statuses = race(*[lambda: task_generate_report(str(run.pk))] * 2)
    run.refresh_from_db()
    assert run.status == "done" and "done" in statuses
    assert len(set(storage.listdir("insights-reports")[1]) - before) == 1  # one file written, by the one that claimed it
