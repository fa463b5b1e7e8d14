"""Import jobs through the pages and the API: all or nothing, per-row errors, progress, idempotency.

In tests a job runs inside the request (IMPORTS_RUN_INLINE); test_background.py runs it in the
background as the embedded default does.
"""

import io
import re

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from innobelt.audit.models import AuditEntry
from innobelt.imports.domain import import_dir
from innobelt.imports.models import ImportJob
from innobelt.organisations.models import Membership, Organisation
from innobelt.resources.models import Resource
from tests.factories import CityFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "name_zh,name_en,kind,city\n"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def operator():
    CityFactory(slug="wuxi-jobs")
    return UserFactory(is_platform_operator=True)


def form_key(client, url) -> str:
    page = BeautifulSoup(client.get(url).content, "html.parser")
    return page.select_one('input[name="idempotency_key"]')["value"]


def test_one_bad_row_imports_nothing_and_the_job_page_lists_it_with_its_line(operator):
    client = client_for(operator)
    data = (HEADER + "好企业,Good Co,sme,wuxi-jobs\n坏企业,Bad Co,spaceship,wuxi-jobs\n另一家,Other Co,sme,wuxi-jobs\n").encode()
    response = client.post("/en/organisations/import/", {"file": SimpleUploadedFile("orgs.csv", data), "idempotency_key": form_key(
        client, "/en/organisations/import/")})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/imports/{job.pk}/"
    page = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("#import-errors tbody tr")]
    assert [r[:2] for r in rows] == [["3", "kind"]] and rows[0][2].startswith("Unknown kind “spaceship”; use one of: ")
    assert page.select_one("#import-state").get_text() == "failed" and not page.select("#import-progress")
    assert not Organisation.objects.filter(name_en__in=["Good Co", "Other Co"]).exists()
    assert (job.status, job.error_count, job.storage_name) == ("failed", 1, "")
    assert not any(import_dir().iterdir())  # the upload is deleted once the job ended


def test_a_good_file_is_imported_and_the_page_says_how_many(operator):
    client = client_for(operator)
    data = (HEADER + "好企业,Good Co,sme,wuxi-jobs\n另一家,Other Co,startup,wuxi-jobs\n").encode()
    response = client.post("/en/organisations/import/", {"file": SimpleUploadedFile("orgs.csv", data)}, follow=True)
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("#import-result").get_text(" ", strip=True).startswith("2 rows were imported.")
    assert page.select_one("#import-progress")["value"] == "100" and "hx-trigger" not in str(page.select_one("#import-status"))
    job = ImportJob.objects.get()
    created = Organisation.objects.filter(name_en__in=["Good Co", "Other Co"]).order_by("name_en")
    assert sorted(job.result["ids"]) == sorted(o.pk for o in created) and [o.slug for o in created] == ["good-co", "other-co"]
    assert "good" in created[0].search_document
    entry = AuditEntry.objects.get(action="organisations.imported")
    assert (entry.actor, entry.data["count"], sorted(entry.data["ids"])) == (operator, 2, sorted(job.result["ids"]))


def test_progress_of_a_running_job_shows_on_its_page_and_in_the_api(operator):
    job = ImportJob.objects.create(kind="organisations", requested_by=operator, original_name="orgs.csv",
                                   status=ImportJob.Status.VALIDATING, total_rows=6000, checked_rows=1500)
    client = client_for(operator)
    fragment = BeautifulSoup(client.get(f"/en/imports/{job.pk}/", headers={"HX-Request": "true"}).content, "html.parser")
    status = fragment.select_one("#import-status")
    assert (status["hx-trigger"], status["hx-get"]) == ("every 1s", f"/en/imports/{job.pk}/")
    assert fragment.select_one("#import-progress")["value"] == "20"
    assert fragment.select_one("#import-counts").get_text(strip=True) == "1,500 of about 6,000 rows checked."
    body = client.get(f"/api/v1/imports/{job.pk}").json()
    assert {k: body[k] for k in ("status", "checked_rows", "total_rows", "percent", "ids", "errors")} == {
        "status": "validating", "checked_rows": 1500, "total_rows": 6000, "percent": 20, "ids": [], "errors": []}


def test_the_same_form_submitted_twice_gives_the_same_job_and_imports_once(operator):
    client = client_for(operator)
    key = form_key(client, "/organisations/import/")
    assert key != form_key(client, "/organisations/import/")  # a new key at every render
    data = (HEADER + "重试企业,Retry Co,sme,wuxi-jobs\n").encode()
    first = client.post("/organisations/import/", {"file": SimpleUploadedFile("orgs.csv", data), "idempotency_key": key})
    second = client.post("/organisations/import/", {"file": SimpleUploadedFile("orgs.csv", data), "idempotency_key": key})
    assert first["Location"] == second["Location"]
    assert (ImportJob.objects.count(), Organisation.objects.filter(name_en="Retry Co").count()) == (1, 1)
    other = UserFactory(is_platform_operator=True)  # a key is one person's: another's same key is another job
    client_for(other).post("/organisations/import/", {"file": SimpleUploadedFile("orgs.csv", data), "idempotency_key": key})
    assert ImportJob.objects.count() == 2


def test_an_api_retry_with_the_same_idempotency_key_returns_the_same_job():
    org = OrganisationFactory()
    admin = MembershipFactory(organisation=org, role=Membership.Role.ADMIN).user
    client = client_for(admin)
    url = f"/api/v1/organisations/{org.slug}/resources/import"

    def send(key):
        return client.post(url, {"file": SimpleUploadedFile("e.csv", b"name\nRheometer\n")}, headers={"Idempotency-Key": key})

    first, retry = send("retry-7f3a"), send("retry-7f3a")
    assert (first.status_code, retry.status_code) == (202, 202)
    assert first.json()["id"] == retry.json()["id"] and retry.json()["status"] == "done"
    assert Resource.objects.filter(title_en="Rheometer").count() == 1
    assert send("another-key").json()["id"] != first.json()["id"]
    assert Resource.objects.filter(title_en="Rheometer").count() == 2
    too_long = send("k" * 101)
    assert too_long.status_code == 400 and too_long.json()["error"]["fields"][0]["field"] == "idempotency_key"


def test_a_file_over_the_size_limit_is_refused_at_once_and_nothing_is_stored(operator, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    client = client_for(operator)
    big = (HEADER + "企业,Co,sme,wuxi-jobs\n" * 60_000).encode()
    page = client.post("/en/organisations/import/", {"file": SimpleUploadedFile("orgs.csv", big)})
    assert page.status_code == 200 and "The file is larger than 1 MB." in page.content.decode()
    assert not ImportJob.objects.exists() and not (import_dir().exists() and any(import_dir().iterdir()))


def test_an_outsider_cannot_start_an_import_for_an_organisation_they_do_not_administer():
    org = OrganisationFactory()
    outsider = MembershipFactory(role=Membership.Role.ADMIN).user
    response = client_for(outsider).post(f"/api/v1/organisations/{org.slug}/resources/import",
                                         {"file": SimpleUploadedFile("e.csv", b"name\nX\n")})
    assert response.status_code == 403 and not ImportJob.objects.exists()


def test_job_page_queries_do_not_grow_with_its_errors(operator):
    client = client_for(operator)

    def queries(n_errors):
        job = ImportJob.objects.create(kind="organisations", requested_by=operator, original_name="o.csv", status="failed",
                                       errors=[{"line": i, "column": "kind", "message": "bad"} for i in range(n_errors)],
                                       error_count=n_errors)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/imports/{job.pk}/").status_code == 200
        return len(ctx.captured_queries)

    assert queries(2) == queries(200)


def test_the_command_line_import_shows_progress_and_imports_at_once(operator, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_text(HEADER + "".join(f"命令行企业{i},CLI Co {i},sme,wuxi-jobs\n" for i in range(1200)), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_organisations", str(path), stdout=out, stderr=err)
    assert out.getvalue().strip() == "imported 1200 organisations"
    assert re.search(r"saving: 100%.*1200/1200", err.getvalue())
    assert Organisation.objects.filter(name_en__startswith="CLI Co ").count() == 1200 and not ImportJob.objects.exists()
