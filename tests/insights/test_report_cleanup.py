"""Old report files are deleted by the periodic task `expire-insights-reports` (INSIGHTS_REPORT_KEEP_DAYS after
they were done): the run is expired and its page says so in the reader's language, offering to generate it
again; recent runs, failed ones and those still being generated are never touched."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import Client, override_settings
from django.utils import timezone

from innobelt.insights.domain import expire_old_reports
from innobelt.insights.models import ReportRun
from innobelt.ops import periodic
from tests.factories import CityFactory, UserFactory

pytestmark = pytest.mark.django_db


def run_done(city, *, days_ago: float, **fields):
    name = storages["default"].save("insights-reports/cleanup.xlsx", ContentFile(b"report"))
    at = timezone.now() - timedelta(days=days_ago)
    return ReportRun.objects.create(city=city, year=2026, quarter=3, file_format="xlsx", status="done", storage_name=name, size=6,
                                    created_at=at, started_at=at, finished_at=at, **fields)


def test_old_files_are_deleted_and_the_page_offers_to_generate_again_while_recent_and_running_ones_stay():
    city = CityFactory(slug="clean-city")
    old, recent = run_done(city, days_ago=31), run_done(city, days_ago=29)
    long_ago = timezone.now() - timedelta(days=60)
    running = ReportRun.objects.create(city=city, year=2026, quarter=3, file_format="pdf", status="counting", created_at=long_ago,
                                       started_at=long_ago)
    failed = ReportRun.objects.create(city=city, year=2026, quarter=3, file_format="pdf", status="failed", error="x",
                                      created_at=long_ago, finished_at=long_ago)
    storage = storages["default"]
    old_file = old.storage_name
    assert storage.exists(old_file)

    run = periodic.run_entry("expire-insights-reports")  # through the one periodic schedule
    assert run.status == "succeeded" and run.result == "1"
    for r in (old, recent, running, failed):
        r.refresh_from_db()
    assert (old.status, old.storage_name) == ("expired", "")
    assert not storage.exists(old_file)
    assert (recent.status, recent.storage_name != "") == ("done", True) and storage.exists(recent.storage_name)
    assert (running.status, running.storage_name, running.finished_at) == ("counting", "", None)
    assert failed.status == "failed"

    client = Client()
    client.force_login(UserFactory(operator_for=[city]))
    page = client.get(f"/en/insights/reports/runs/{old.pk}/").content.decode()
    expired = page.split('id="report-expired"')[1].split("</div>")[0]
    assert "This report's file was deleted: files are kept 30 days after they are generated." in expired
    assert 'action="/en/insights/reports/runs/2026/q3/clean-city/"' in expired and 'name="format" value="xlsx"' in expired
    assert "/download/" not in page and "<progress" not in page and "hx-get" not in page
    assert "该报告的文件已删除：报告文件在生成 30 天后删除。" in client.get(f"/insights/reports/runs/{old.pk}/").content.decode()
    assert client.get(f"/en/insights/reports/runs/{old.pk}/download/").status_code == 404
    api = client.get(f"/api/v1/quarterly-reports/{old.pk}").json()
    assert (api["status"], api["download"]) == ("expired", None)
    assert client.get(f"/api/v1/quarterly-reports/{old.pk}/file").status_code == 404
    # generating it again from the expired page: a new run, done (inline in tests), with its file
    again = client.post("/en/insights/reports/runs/2026/q3/clean-city/", {"format": "xlsx"})
    fresh = ReportRun.objects.get(pk=again["Location"].split("/")[-2])
    assert fresh.status == "done" and storage.exists(fresh.storage_name)

    assert periodic.run_entry("expire-insights-reports").result == "0"  # nothing left to do


@override_settings(INSIGHTS_REPORT_KEEP_DAYS=1)
def test_the_setting_says_how_long_files_are_kept():
    city = CityFactory()
    two_days, half_a_day = run_done(city, days_ago=2), run_done(city, days_ago=0.5)
    name = two_days.storage_name
    assert expire_old_reports() == 1
    assert not storages["default"].exists(name) and storages["default"].exists(half_a_day.storage_name)
    assert ReportRun.objects.get(pk=half_a_day.pk).status == "done"
