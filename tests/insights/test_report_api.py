"""Quarterly reports through the API (/api/v1/quarterly-reports): asked for, polled, downloaded, for whoever may
open the area's dashboard as on the pages; every error in the kit's shape and the caller's language."""

import io
import json
import uuid
from datetime import datetime

import pytest
from django.test import Client, override_settings
from openpyxl import load_workbook

from innobelt.insights.models import ReportRun
from innobelt.insights.registry import CHINA, Scope
from innobelt.insights.reports import report_size
from innobelt.insights.tasks import task_generate_report
from tests.factories import CityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/quarterly-reports"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, body, language="en"):
    return client.post(API, data=json.dumps(body), content_type="application/json", headers={"Accept-Language": language})


def get(client, url, language="en"):
    return client.get(url, headers={"Accept-Language": language})


@pytest.fixture
def area():
    city = CityFactory(slug="report-city")
    OrganisationFactory(city=city, created_at=datetime(2026, 11, 15, tzinfo=CHINA))
    return city


@override_settings(INSIGHTS_REPORTS_RUN_INLINE=False)
def test_an_operator_asks_for_a_report_polls_it_and_downloads_the_file(area):
    operator = UserFactory(operator_for=[area])
    client = client_of(operator)
    body = {"city": area.slug, "year": 2026, "quarter": 4, "format": "xlsx"}
    response = post(client, body)
    assert response.status_code == 201, response.content
    out = response.json()
    run = ReportRun.objects.get()
    assert (run.requested_by, run.city, run.year, run.quarter, run.file_format, run.language) == (operator, area, 2026, 4, "xlsx", "en")
    assert out["id"] == str(run.pk) and (out["city"], out["year"], out["quarter"], out["format"]) == (area.slug, 2026, 4, "xlsx")
    assert (out["status"], out["status_label"], out["percent"], out["download"]) == ("queued", "queued", 0, None)
    assert out["url"] == f"http://testserver{API}/{run.pk}" and out["page"] == f"http://testserver/en/insights/reports/runs/{run.pk}/"
    assert out["filename"] == "innobelt-report-city-2026-q4.xlsx"
    assert get(client, f"{API}/{run.pk}/file").status_code == 404  # nothing to download yet

    # asked again while it is being generated: the same run (200), no second task
    again = post(client, body)
    assert again.status_code == 200 and again.json()["id"] == str(run.pk)
    assert ReportRun.objects.count() == 1

    total = report_size(Scope(cities=(area,)))  # its figures and breakdowns
    ReportRun.objects.filter(pk=run.pk).update(status="counting", total_figures=total, counted_figures=10)
    polled = get(client, out["url"]).json()
    assert (polled["status"], polled["counted_figures"], polled["total_figures"]) == ("counting", 10, total)
    assert polled["percent"] == int(80 * 10 / total) and polled["download"] is None
    assert get(client, out["url"], "zh-hans").json()["status_label"] == "正在统计数字"

    ReportRun.objects.filter(pk=run.pk).update(status="queued", counted_figures=0)
    assert task_generate_report(str(run.pk)) == "done"
    done = get(client, out["url"]).json()
    assert (done["status"], done["percent"], done["counted_figures"], done["error"]) == ("done", 100, total, "")
    assert done["download"] == f"http://testserver{API}/{run.pk}/file" and done["size"] > 0 and done["finished_at"]
    file = get(client, f"{API}/{run.pk}/file")
    assert file.status_code == 200
    assert file["Content-Disposition"] == 'attachment; filename="innobelt-report-city-2026-q4.xlsx"'
    assert file["Cache-Control"] == "private, no-store"
    rows = {r[1]: r[2] for r in load_workbook(io.BytesIO(file.content)).active.iter_rows(min_row=2, values_only=True)}
    assert rows["Organisations on the platform"] == 1

    # once done, asking again starts a new one
    assert post(client, body).status_code == 201 and ReportRun.objects.count() == 2


def test_the_whole_belts_report_is_for_platform_operators(area):
    platform = client_of(UserFactory(is_platform_operator=True))
    response = post(platform, {"year": 2026, "quarter": 4, "format": "pdf"})
    assert response.status_code == 201  # generated inside the request in tests
    out = response.json()
    assert (out["city"], out["status"], out["format"]) == (None, "done", "pdf")
    file = get(platform, out["download"].removeprefix("http://testserver"))
    assert file["Content-Type"] == "application/pdf" and file.content.startswith(b"%PDF")
    operator = client_of(UserFactory(operator_for=[area]))
    refused = post(operator, {"year": 2026, "quarter": 4, "format": "pdf"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert get(operator, f"{API}/{out['id']}").status_code == 404
    assert ReportRun.objects.count() == 1


def test_bad_requests_get_structured_errors_in_the_callers_language_and_nothing_is_stored(area):
    client = client_of(UserFactory(operator_for=[area]))
    good = {"city": area.slug, "year": 2026, "quarter": 4, "format": "xlsx"}
    for change, field, en, zh in [
        ({"format": "docx"}, "format", "Choose PDF or XLSX.", "请选择 PDF 或 XLSX。"),
        ({"quarter": 5}, "quarter", "Choose a quarter from 1 to 4 of a year from 2000 to 2100.", "请选择 2000 至 2100 年间某年的第 1 至 4 季度。"),
        ({"year": 1999}, "quarter", "Choose a quarter from 1 to 4 of a year from 2000 to 2100.", "请选择 2000 至 2100 年间某年的第 1 至 4 季度。"),
        ({"city": "no-such-city"}, "city", "There is no such city or district.", "没有这个城市或区。"),
    ]:
        for language, message in [("en", en), ("zh-hans", zh)]:
            response = post(client, {**good, **change}, language)
            assert response.status_code == 400, (change, response.content)
            assert response.json()["error"] == {"code": "rejected", "message": message, "fields": [{"field": field, "message": message}],
                                                "details": {}}
    other = CityFactory(slug="other-city")
    refused = post(client, {**good, "city": other.slug}, "zh-hans")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    unknown = post(client, {**good, "colour": "red"})
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "invalid"
    assert post(Client(), good).status_code == 401
    assert not ReportRun.objects.exists()


def test_another_operators_report_is_404_like_an_unknown_id(area):
    other = CityFactory(slug="other-city")
    asked = post(client_of(UserFactory(operator_for=[area])), {"city": area.slug, "year": 2026, "quarter": 4, "format": "xlsx"})
    run_id = asked.json()["id"]
    outsider = client_of(UserFactory(operator_for=[other]))
    for suffix in ("", "/file"):
        unknown = get(outsider, f"{API}/{uuid.uuid4()}{suffix}")
        theirs = get(outsider, f"{API}/{run_id}{suffix}")
        assert theirs.status_code == unknown.status_code == 404
        assert theirs.content == unknown.content and "report-city" not in theirs.content.decode()
    for user in (UserFactory(operator_for=[area]), UserFactory(is_platform_operator=True)):  # who may open the city's dashboard
        client = client_of(user)
        assert get(client, f"{API}/{run_id}").json()["status"] == "done"
        assert get(client, f"{API}/{run_id}/file").status_code == 200
    assert get(client_of(UserFactory()), f"{API}/{run_id}").status_code == 404
    assert get(Client(), f"{API}/{run_id}").status_code == 401


@override_settings(INSIGHTS_REPORTS_RUN_INLINE=False)
def test_a_failed_report_says_why_in_the_language_it_was_asked_in(area):
    operator = UserFactory(operator_for=[area])
    out = post(client_of(operator), {"city": area.slug, "year": 2026, "quarter": 4, "format": "pdf"}, "zh-hans").json()
    operator.operator_cities.remove(area)
    assert task_generate_report(out["id"]) == "failed"
    failed = get(client_of(UserFactory(is_platform_operator=True)), f"{API}/{out['id']}").json()
    assert (failed["status"], failed["status_label"], failed["download"]) == ("failed", "failed", None)
    assert failed["error"] == "你已无权查看该地区的数据，报告未生成。"


def test_the_schema_links_a_requested_report_to_its_status_and_file():
    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    links = schema["paths"]["/api/v1/quarterly-reports"]["post"]["responses"]["201"]["links"]
    assert {name: link["parameters"] for name, link in links.items()} == {
        "innobelt_insights_api_get_quarterly_report": {"path.run_id": "$response.body#/id"},
        "innobelt_insights_api_download_quarterly_report": {"path.run_id": "$response.body#/id"},
    }
