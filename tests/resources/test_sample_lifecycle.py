"""The whole life of a sample job (issue 22): submitted → quoted → accepted → received → measuring → results delivered
(`completed`) → closed, or cancelled before the samples are received.

Every step from every state: allowed steps move the job, the others raise SampleJobStateError and change nothing.
Who may take each step (the lab's side: owner admins and platform operators; the requesting firm's own people), the
notices each step sends, the pages in both languages and the API, and the resource page's turnaround."""

import json
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from innobelt.audit.models import AuditEntry
from innobelt.notifications.models import Notification
from innobelt.resources import hooks
from innobelt.resources.domain.pricing import set_prices
from innobelt.resources.domain.samples import (
    SampleJobStateError,
    accept_sample_quote,
    cancel_sample_job,
    close_sample_job,
    quote_sample_job,
    receive_samples,
    report_sample_outcome,
    report_sample_results,
    start_measuring,
    submit_sample_job,
)
from innobelt.resources.models import SampleJob, SampleJobOutcome, StatementLine
from innobelt.resources.owner_figures import sample_turnaround
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STATES = ["submitted", "quoted", "accepted", "received", "measuring", "completed", "closed", "cancelled"]


@pytest.fixture
def lab(scene):
    scene.equipment.accepts_samples = True
    scene.equipment.save()
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "sample"): "25"})
    return scene


def _pdf():
    return SimpleUploadedFile("results.pdf", PDF, content_type="application/pdf")


def _job_in(scene, state: str) -> SampleJob:
    """A job taken to `state` by the domain (the cancelled one after acceptance, so it carries a credit)."""
    owner, seeker = scene.owner_admin, scene.seeker
    job = submit_sample_job(actor=seeker, access_request=scene.access, samples=2, description="Films", method="XRD")
    path = STATES.index(state) if state != "cancelled" else 2
    steps = [
        lambda j: quote_sample_job(actor=owner, job=j, turnaround_days=3),
        lambda j: accept_sample_quote(actor=seeker, job=j),
        lambda j: receive_samples(actor=owner, job=j),
        lambda j: start_measuring(actor=owner, job=j),
        lambda j: report_sample_results(actor=owner, job=j, upload=_pdf()),
        lambda j: close_sample_job(actor=owner, job=j),
    ]
    for step in steps[:path]:
        job = step(job)
    if state == "cancelled":
        job = cancel_sample_job(actor=seeker, job=job)
    assert job.status == state
    return job


def _steps(scene):
    owner, seeker = scene.owner_admin, scene.seeker
    return {
        "quote": lambda j: quote_sample_job(actor=owner, job=j, turnaround_days=4),
        "accept": lambda j: accept_sample_quote(actor=seeker, job=j),
        "receive": lambda j: receive_samples(actor=owner, job=j),
        "measuring": lambda j: start_measuring(actor=owner, job=j),
        "results": lambda j: report_sample_results(actor=owner, job=j, upload=_pdf()),
        "close": lambda j: close_sample_job(actor=owner, job=j),
        "cancel": lambda j: cancel_sample_job(actor=seeker, job=j),
        "outcome": lambda j: report_sample_outcome(actor=seeker, job=j, outcome="quality"),
    }


#: step -> {state it is allowed from: the state it leads to}
ALLOWED = {
    "quote": {"submitted": "quoted", "quoted": "quoted"},
    "accept": {"quoted": "accepted"},
    "receive": {"accepted": "received"},
    "measuring": {"received": "measuring"},
    "results": {"measuring": "completed"},
    "close": {"completed": "closed"},
    "cancel": {"submitted": "cancelled", "quoted": "cancelled", "accepted": "cancelled"},
    "outcome": {"completed": "completed", "closed": "closed"},  # the report moves nothing
}


def _snapshot(job):
    job = SampleJob.objects.get(pk=job.pk)
    return (job.status, job.quoted_at, job.accepted_at, job.received_at, job.measuring_at, job.completed_at, job.closed_at,
            job.cancelled_at, job.results_file_id, job.amount, list(StatementLine.objects.filter(sample_job=job).values_list("kind", "amount")),
            SampleJobOutcome.objects.filter(job=job).count())


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("step", sorted(ALLOWED))
def test_every_step_from_every_state(lab, state, step):
    job = _job_in(lab, state)
    before = _snapshot(job)
    if state in ALLOWED[step]:
        _steps(lab)[step](job)
        assert SampleJob.objects.get(pk=job.pk).status == ALLOWED[step][state]
    else:
        with pytest.raises(SampleJobStateError):
            _steps(lab)[step](job)
        assert _snapshot(job) == before  # refused: nothing written


def test_measuring_and_closing_record_when_and_who_and_tell_the_requester(lab):
    job = _job_in(lab, "received")
    Notification.objects.all().delete()
    lab.seeker.preferred_language = "en"
    lab.seeker.save()
    events = []
    hooks.on_sample_job_changed("test", lambda change: events.append(change.event))
    try:
        job = start_measuring(actor=lab.owner_admin, job=job)
        assert job.measuring_at is not None and job.received_at <= job.measuring_at
        job = report_sample_results(actor=lab.owner_admin, job=job, upload=_pdf())
        job = close_sample_job(actor=lab.owner_admin, job=job)
    finally:
        hooks.SAMPLE_JOB_RECEIVERS.pop("test")
    assert events == ["completed"]  # vouchers hear of the delivery only; measuring and closing settle nothing
    assert (job.status, job.closed_by) == ("closed", lab.owner_admin) and job.completed_at <= job.closed_at
    assert [a for a in AuditEntry.objects.filter(target_id=str(job.pk)).order_by("pk").values_list("action", flat=True)
            if a in ("sample_job.measuring", "sample_job.completed", "sample_job.closed")] == [
        "sample_job.measuring", "sample_job.completed", "sample_job.closed"]
    subjects = list(Notification.objects.filter(recipient=lab.seeker, kind="resources.sample_job").order_by("pk").values_list("subject", flat=True))
    assert [s.rsplit(": ", 1)[1] for s in subjects] == ["measuring started", "results delivered", "job closed"]
    assert not Notification.objects.exclude(recipient=lab.seeker).exists()
    assert [(ln.kind, str(ln.amount)) for ln in StatementLine.objects.filter(sample_job=job)] == [("charge", "50.00")]  # unchanged


def test_the_notice_comes_in_the_requesters_language(lab):
    job = _job_in(lab, "received")  # people read Chinese unless they chose otherwise
    Notification.objects.all().delete()
    start_measuring(actor=lab.owner_admin, job=job)
    [notice] = Notification.objects.filter(recipient=lab.seeker)
    assert "已开始测试" in notice.subject and "测试中" in notice.body


def test_the_lab_side_moves_the_job_and_the_firm_does_not(lab):
    operator = UserFactory(is_platform_operator=True)
    job = _job_in(lab, "received")
    for outsider in (lab.owner_member, lab.seeker, lab.seeker_admin, UserFactory()):
        with pytest.raises(PermissionDenied):
            start_measuring(actor=outsider, job=job)
    job = start_measuring(actor=operator, job=job)  # platform operators act for the lab
    job = report_sample_results(actor=lab.owner_admin, job=job, upload=_pdf())
    for outsider in (lab.owner_member, lab.seeker, lab.seeker_admin):
        with pytest.raises(PermissionDenied):
            close_sample_job(actor=outsider, job=job)
    assert SampleJob.objects.get(pk=job.pk).status == "completed"
    job = close_sample_job(actor=operator, job=job)
    assert job.closed_by == operator
    for lab_side in (lab.owner_admin, lab.owner_member, operator):  # the outcome is the firm's to report
        with pytest.raises(PermissionDenied):
            report_sample_outcome(actor=lab_side, job=job, outcome="quality")
    report_sample_outcome(actor=lab.seeker_admin, job=job, outcome="patent")
    assert SampleJob.objects.get(pk=job.pk).outcome.outcome == "patent"


def _client(user, language=None) -> Client:
    client = Client(headers={"Accept-Language": language} if language else {})
    client.force_login(user)
    return client


def test_api_measuring_and_close_with_409s_and_403s(lab):
    job = _job_in(lab, "accepted")
    owner, seeker, member = _client(lab.owner_admin), _client(lab.seeker), _client(lab.owner_member)
    base = f"/api/v1/sample-jobs/{job.pk}"
    early = owner.post(f"{base}/measuring")
    error = early.json()["error"]
    assert early.status_code == 409 and (error["code"], error["details"]) == ("conflict", {"status": "accepted"})
    assert "现在不能执行这一步" in error["message"]  # in the caller's language (Chinese by default)
    assert owner.post(f"{base}/receive").status_code == 200
    assert owner.post(f"{base}/results", {"file": _pdf()}).status_code == 409  # not measured yet
    assert seeker.post(f"{base}/measuring").status_code == 403 and member.post(f"{base}/measuring").status_code == 403
    measuring = owner.post(f"{base}/measuring").json()
    assert measuring["status"] == "measuring" and measuring["measuring_at"] and measuring["closed_at"] is None
    assert owner.post(f"{base}/measuring").json()["error"]["details"] == {"status": "measuring"}
    assert owner.post(f"{base}/close").status_code == 409
    assert owner.post(f"{base}/results", {"file": _pdf()}).json()["status"] == "completed"
    assert seeker.post(f"{base}/close").status_code == 403
    closed = owner.post(f"{base}/close").json()
    assert closed["status"] == "closed" and closed["closed_at"] and closed["results"]
    assert seeker.get(closed["results"]).status_code == 200  # the results stay readable
    assert owner.post(f"{base}/close").status_code == 409
    reported = seeker.post(f"{base}/outcome", json.dumps({"outcome": "quality"}), content_type="application/json")
    assert reported.status_code == 200 and reported.json()["outcome"]["outcome"] == "quality"
    stranger = _client(UserFactory())
    assert stranger.post(f"{base}/close").status_code == 404 and stranger.get(base).status_code == 404


@pytest.mark.parametrize(("language", "prefix", "measure", "measuring", "close", "closed"), [
    ("en", "/en", "Start measuring", "measuring", "Close the job", "closed"),
    ("zh-hans", "", "开始测试", "测试中", "关闭任务", "已关闭"),
])
def test_pages_in_both_languages(lab, language, prefix, measure, measuring, close, closed):
    job = _job_in(lab, "received")
    owner, seeker = _client(lab.owner_admin, language), _client(lab.seeker, language)
    url = f"{prefix}/resources/sample-jobs/{job.pk}/"
    page = owner.get(url).content.decode()
    assert 'id="start-measuring"' in page and measure in page and 'id="results-form"' not in page
    assert 'id="start-measuring"' not in seeker.get(url).content.decode()
    moved = owner.post(f"{prefix}/resources/sample-jobs/{job.pk}/measuring/", follow=True).content.decode()
    assert f'id="sample-job-status">{measuring}<' in moved and 'id="results-form"' in moved and 'id="sample-measuring"' in moved
    again = owner.post(f"{prefix}/resources/sample-jobs/{job.pk}/measuring/", follow=True).content.decode()
    assert ("that step is not possible now" if language == "en" else "现在不能执行这一步") in again
    owner.post(f"{prefix}/resources/sample-jobs/{job.pk}/results/", {"file": _pdf(), "note": "ok"})
    delivered = owner.get(url).content.decode()
    assert 'id="close-sample-job"' in delivered and close in delivered
    assert seeker.post(f"{prefix}/resources/sample-jobs/{job.pk}/close/").status_code == 403
    done = owner.post(f"{prefix}/resources/sample-jobs/{job.pk}/close/", follow=True).content.decode()
    assert f'id="sample-job-status">{closed}<' in done and 'id="sample-closed"' in done and 'id="close-sample-job"' not in done
    mine = seeker.get(url).content.decode()
    assert 'id="outcome-form"' in mine and 'id="sample-results"' in mine  # the firm still reports the outcome, reads the results
    listing = seeker.get(f"{prefix}/resources/sample-jobs/").content.decode()
    assert f"<td>{closed}</td>" in listing


def test_the_resource_page_shows_the_turnaround(lab):
    public = Client(headers={"Accept-Language": "en"})
    assert "no results delivered in the last 12 months" in public.get(f"/en/resources/{lab.equipment.pk}/").content.decode()
    fast, slow, old, recent = (_job_in(lab, state) for state in ("completed", "closed", "completed", "closed"))
    _job_in(lab, "measuring")  # not delivered: not counted
    monday = timezone.make_aware(datetime(2026, 3, 2, 10))  # no holidays in the fortnight after it
    SampleJob.objects.filter(pk=fast.pk).update(received_at=monday + timedelta(days=8), completed_at=monday + timedelta(days=9))
    SampleJob.objects.filter(pk=slow.pk).update(received_at=monday, completed_at=monday + timedelta(days=7))
    SampleJob.objects.filter(pk=old.pk).update(received_at=monday - timedelta(days=400), completed_at=monday - timedelta(days=380))
    SampleJob.objects.filter(pk=recent.pk).update(received_at=monday + timedelta(days=20), completed_at=monday + timedelta(days=20))
    figure = sample_turnaround(lab.equipment, now=monday + timedelta(days=10))
    assert (figure.median_days, figure.jobs, figure.on_time) == (3, 2, 1)  # 1 and 5 working days; 3 quoted
    assert sample_turnaround(lab.equipment, now=monday - timedelta(days=500)) is None
    SampleJob.objects.filter(pk=recent.pk).update(received_at=timezone.now() - timedelta(minutes=5), completed_at=timezone.now())
    expected = sample_turnaround(lab.equipment)
    page = public.get(f"/en/resources/{lab.equipment.pk}/").content.decode()
    assert 'id="sample-turnaround"' in page and "working days from receiving the samples to the results" in page
    assert f"{expected.on_time} within the turnaround quoted" in page
    chinese = Client().get(f"/resources/{lab.equipment.pk}/").content.decode()
    assert "近 12 个月从收样到出结果的中位数为" in chinese
    api = public.get(f"/api/v1/resources/{lab.equipment.pk}").json()["sample_turnaround"]
    assert (api["median_days"], api["jobs"], api["on_time"]) == (expected.median_days, expected.jobs, expected.on_time)
    assert "Films" not in page  # whose jobs they were is never told
