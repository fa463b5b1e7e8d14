"""The seeker's outcome report of a sample job: once, after the results were delivered, by the requester's own
people; a second report is a 409 (API) or a clear message (page); nothing else about the job changes."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.audit.models import AuditEntry
from innobelt.notifications.models import Notification
from innobelt.resources import hooks
from innobelt.resources.domain.samples import (
    SampleJobStateError,
    accept_sample_quote,
    quote_sample_job,
    receive_samples,
    report_sample_outcome,
    report_sample_results,
    start_measuring,
    submit_sample_job,
)
from innobelt.resources.models import SampleJob, SampleJobOutcome, StatementLine

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def lab(scene):
    scene.equipment.accepts_samples = True
    scene.equipment.save()
    return scene


def _job(scene, *, until="completed") -> SampleJob:
    job = submit_sample_job(actor=scene.seeker, access_request=scene.access, samples=2, description="Films", method="XRD")
    job = quote_sample_job(actor=scene.owner_admin, job=job, turnaround_days=3)
    job = accept_sample_quote(actor=scene.seeker, job=job)
    if until == "accepted":
        return job
    job = receive_samples(actor=scene.owner_admin, job=job)
    if until == "received":
        return job
    job = start_measuring(actor=scene.owner_admin, job=job)
    if until == "measuring":
        return job
    upload = SimpleUploadedFile("results.pdf", PDF, content_type="application/pdf")
    return report_sample_results(actor=scene.owner_admin, job=job, upload=upload, note="Single phase.")


def _client(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def test_the_requester_reports_once_and_the_owner_is_told(lab):
    job = _job(lab)
    Notification.objects.all().delete()
    events = []
    hooks.on_sample_job_changed("test", lambda change: events.append(change.event))
    try:
        report = report_sample_outcome(actor=lab.seeker_admin, job=job, outcome="certification", note="  Used for CE marking. ")
    finally:
        hooks.SAMPLE_JOB_RECEIVERS.pop("test")
    assert (report.job_id, report.outcome, report.note, report.reported_by) == (job.pk, "certification", "Used for CE marking.", lab.seeker_admin)
    assert events == []  # vouchers were redeemed with the results; the report settles nothing again
    entry = AuditEntry.objects.get(action="sample_job.outcome_reported")
    assert (entry.target_id, entry.data) == (str(job.pk), {"outcome": "certification"})
    assert set(Notification.objects.filter(kind="resources.sample_job").values_list("recipient", flat=True)) == {lab.owner_admin.pk}
    with pytest.raises(SampleJobStateError, match="already reported"):
        report_sample_outcome(actor=lab.seeker, job=job, outcome="not_used")
    job.refresh_from_db()
    assert (job.status, SampleJobOutcome.objects.get().outcome) == ("completed", "certification")
    assert StatementLine.objects.filter(sample_job=job).count() == 1


@pytest.mark.parametrize("until", ["accepted", "received", "measuring"])
def test_no_report_before_the_results_are_delivered(lab, until):
    job = _job(lab, until=until)
    with pytest.raises(SampleJobStateError):
        report_sample_outcome(actor=lab.seeker, job=job, outcome="quality")
    assert not SampleJobOutcome.objects.exists()


def test_only_the_requesters_people_report_and_only_a_listed_outcome(lab):
    job = _job(lab)
    for outsider in (lab.owner_admin, lab.owner_member):
        with pytest.raises(PermissionDenied):
            report_sample_outcome(actor=outsider, job=job, outcome="quality")
    with pytest.raises(ValidationError) as caught:
        report_sample_outcome(actor=lab.seeker, job=job, outcome="famous")
    assert "outcome" in caught.value.message_dict and not SampleJobOutcome.objects.exists()


def test_api_reports_once_then_409(lab):
    job = _job(lab)
    seeker, owner = _client(lab.seeker), _client(lab.owner_admin)
    url = f"/api/v1/sample-jobs/{job.pk}/outcome"
    assert seeker.get(f"/api/v1/sample-jobs/{job.pk}").json()["outcome"] is None
    bad = seeker.post(url, json.dumps({"outcome": "famous"}), content_type="application/json")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid" and not SampleJobOutcome.objects.exists()
    assert owner.post(url, json.dumps({"outcome": "quality"}), content_type="application/json").status_code == 403
    done = seeker.post(url, json.dumps({"outcome": "patent", "note": "Filed CN2026…"}), content_type="application/json")
    assert done.status_code == 200
    outcome = done.json()["outcome"]
    assert (outcome["outcome"], outcome["outcome_label"], outcome["note"]) == ("patent", "used in a patent or a publication", "Filed CN2026…")
    again = seeker.post(url, json.dumps({"outcome": "not_used"}), content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    assert again.json()["error"]["details"] == {"status": "completed"}
    assert [j["outcome"]["outcome"] for j in owner.get("/api/v1/sample-jobs?role=owner").json()] == ["patent"]
    assert SampleJobOutcome.objects.get().outcome == "patent"


def test_api_refuses_a_report_before_the_results(lab):
    job = _job(lab, until="received")
    answer = _client(lab.seeker).post(f"/api/v1/sample-jobs/{job.pk}/outcome", json.dumps({"outcome": "quality"}), content_type="application/json")
    assert answer.status_code == 409 and answer.json()["error"]["details"] == {"status": "received"}


def test_the_page_in_chinese_reports_once(lab):
    job = _job(lab)
    seeker, owner = _client(lab.seeker, "zh-hans"), _client(lab.owner_admin)
    page = seeker.get(f"/resources/sample-jobs/{job.pk}/").content.decode()
    assert 'id="outcome-form"' in page and "提交成果报告" in page
    assert 'id="outcome-form"' not in owner.get(f"/resources/sample-jobs/{job.pk}/").content.decode()
    empty = seeker.post(f"/resources/sample-jobs/{job.pk}/outcome/", {"note": "x"})
    assert empty.status_code == 200 and "outcome" in empty.context["outcome_form"].errors and not SampleJobOutcome.objects.exists()
    done = seeker.post(f"/resources/sample-jobs/{job.pk}/outcome/", {"outcome": "product", "note": "用于新涂层工艺"}, follow=True)
    body = done.content.decode()
    assert 'id="sample-outcome"' in body and "用于新涂层工艺" in body and 'id="outcome-form"' not in body
    again = seeker.post(f"/resources/sample-jobs/{job.pk}/outcome/", {"outcome": "not_used"}, follow=True)
    assert "已经报告" in again.content.decode()
    assert SampleJobOutcome.objects.get().outcome == "product"
    shown = owner.get(f"/resources/sample-jobs/{job.pk}/").content.decode()
    assert "用于开发产品或工艺" in shown  # the owner reads it in their own language
