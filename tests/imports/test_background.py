"""An import runs in the background: the request returns at once, other people's writes go on while
it runs, and its progress shows on the job page and in the API (ADR 0010).

Before, the request imported the file itself inside one transaction: on SQLite a 6,000-row file
held the write lock for about 40 s and a concurrent write failed with "database is locked".
"""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.belt.models import City
from innobelt.imports.models import ImportJob
from innobelt.organisations.models import Organisation
from tests.factories import CityFactory, UserFactory

ROWS = 3000


def organisations_csv(n: int, city: str) -> bytes:
    return ("name_zh,name_en,kind,city,description\n"
            + "".join(f"测试企业{i},Test Company {i},sme,{city},Makes part {i}\n" for i in range(n))).encode()


@pytest.mark.django_db(transaction=True)
def test_a_large_import_runs_in_the_background_while_others_write(threaded_db, settings):
    settings.IMPORTS_RUN_INLINE = False  # as on the embedded default: a daemon thread after commit (eager Celery)
    CityFactory(slug="wuxi-bg")
    other_city = CityFactory(slug="elsewhere-bg")
    operator = UserFactory(is_platform_operator=True)
    threaded_db.open(timeout=5)  # on SQLite: a writer that waits more than 5 s for the lock fails

    def upload():
        client = Client()
        client.force_login(operator)
        response = client.post("/organisations/import/", {"file": SimpleUploadedFile("orgs.csv", organisations_csv(ROWS, "wuxi-bg")),
                                                          "idempotency_key": "background-1"})
        return response, ImportJob.objects.get().status

    response, status_when_answered = threaded_db.run(upload)
    assert response.status_code == 302 and status_when_answered != ImportJob.Status.DONE  # the request did not wait
    job_url = response["Location"]
    job_id = job_url.rstrip("/").rsplit("/", 1)[-1]

    def write_while_importing():
        client = Client()
        client.force_login(operator)
        seen, page, writes = [], "", 0
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            job = client.get(f"/api/v1/imports/{job_id}").json()
            seen.append((job["status"], job["checked_rows"], job["percent"]))
            if job["status"] in ("done", "failed"):
                break
            if job["status"] == "validating" and job["checked_rows"] and not page:
                page = client.get(job_url, headers={"HX-Request": "true"}).content.decode()
            City.objects.filter(pk=other_city.pk).update(name_en=f"Elsewhere {writes}")  # someone else's write, during the import
            writes += 1
            time.sleep(0.05)
        return seen, page, writes

    seen, page, writes = threaded_db.run(write_while_importing)  # raises if a write failed ("database is locked")
    assert seen[-1][0] == "done", seen[-1]
    assert writes >= 3
    assert any(status == "validating" and 0 < checked < ROWS and 0 < percent < 100 for status, checked, percent in seen)
    assert 'id="import-progress"' in page and 'hx-trigger="every 1s"' in page

    def outcome():
        job = ImportJob.objects.get(pk=job_id)
        return (Organisation.objects.filter(city__slug="wuxi-bg").count(), job.imported_count, len(job.result["ids"]), job.storage_name,
                City.objects.get(pk=other_city.pk).name_en)

    assert threaded_db.run(outcome) == (ROWS, ROWS, ROWS, "", f"Elsewhere {writes - 1}")
