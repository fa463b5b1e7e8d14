"""Sample-testing jobs (送样检测): submit, quote from the price list, accept (a statement line), receive,
results with a file, cancel (a credit); 409s on steps from the wrong state; the pages of both sides."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.resources import hooks
from innobelt.resources.domain.pricing import set_prices
from innobelt.resources.domain.samples import (
    SampleJobStateError,
    accept_sample_quote,
    cancel_sample_job,
    quote_sample_job,
    receive_samples,
    report_sample_results,
    start_measuring,
    submit_sample_job,
    working_days_between,
)
from innobelt.resources.models import SampleJob, StatementLine
from innobelt.resources.statement_queries import monthly_statements, parse_month

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def lab(scene):
    scene.equipment.accepts_samples = True
    scene.equipment.save()
    return scene


def _pdf(name="results.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _submit(scene, samples=3):
    return submit_sample_job(
        actor=scene.seeker, access_request=scene.access, samples=samples, description="Coated glass, 2×2 cm", method="XRD phase analysis", hazards=""
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_whole_job_quoted_from_the_price_list_with_its_statement_line(lab):
    set_prices(actor=lab.owner_admin, resource=lab.equipment, prices={("sme", "sample"): "33.335", ("sme", "hour"): "500"})
    job = _submit(lab, samples=3)
    assert job.status == "submitted" and job.amount is None
    job = quote_sample_job(actor=lab.owner_admin, job=job, turnaround_days=5, note="Two weeks in August")
    assert (job.status, job.user_class, job.unit_price, job.amount) == ("quoted", "sme", Decimal("33.34"), Decimal("100.02"))
    set_prices(actor=lab.owner_admin, resource=lab.equipment, prices={("sme", "sample"): "999"})  # after the quote: not applied
    job = accept_sample_quote(actor=lab.seeker, job=job)
    line = StatementLine.objects.get(sample_job=job)
    assert (line.kind, line.booking_id, line.unit, line.charged_units, line.unit_price, line.amount, line.basis, line.pledged_hours) == (
        "charge",
        None,
        "sample",
        Decimal("3.00"),
        Decimal("33.34"),
        Decimal("100.02"),
        "charged",
        0,
    )
    job = receive_samples(actor=lab.owner_admin, job=job)
    job = start_measuring(actor=lab.owner_admin, job=job)
    job = report_sample_results(actor=lab.owner_admin, job=job, upload=_pdf(), note="Single phase, anatase.")
    assert job.status == "completed" and job.results_file.content_type == "application/pdf"
    assert job.results_file.organisation_id == lab.owner_org.pk
    [statement] = monthly_statements(lab.owner_org, parse_month(""))
    assert statement.total == Decimal("100.02") and [ln.sample_job_id for ln in statement.lines] == [job.pk]


def test_without_a_sample_price_the_job_is_free(lab):
    job = quote_sample_job(actor=lab.owner_admin, job=_submit(lab), turnaround_days=2)
    assert (job.unit_price, job.amount, job.is_free) == (None, Decimal("0.00"), True)
    accept_sample_quote(actor=lab.seeker, job=job)
    line = StatementLine.objects.get(sample_job=job)
    assert (line.amount, line.unit_price, line.charged_units, line.basis) == (Decimal("0.00"), None, Decimal("0.00"), "free")


def test_steps_from_the_wrong_state_are_refused_and_change_nothing(lab):
    job = _submit(lab)
    with pytest.raises(SampleJobStateError):
        accept_sample_quote(actor=lab.seeker, job=job)  # not quoted yet
    with pytest.raises(SampleJobStateError):
        receive_samples(actor=lab.owner_admin, job=job)
    quote_sample_job(actor=lab.owner_admin, job=job, turnaround_days=3)
    accept_sample_quote(actor=lab.seeker, job=job)
    with pytest.raises(SampleJobStateError):
        accept_sample_quote(actor=lab.seeker, job=job)  # twice
    with pytest.raises(SampleJobStateError):
        quote_sample_job(actor=lab.owner_admin, job=job, turnaround_days=9)  # the accepted quote stays
    receive_samples(actor=lab.owner_admin, job=job)
    with pytest.raises(SampleJobStateError):
        cancel_sample_job(actor=lab.seeker, job=job)  # the samples are in the lab
    job.refresh_from_db()
    assert (job.status, job.turnaround_days) == ("received", 3)
    assert StatementLine.objects.filter(sample_job=job).count() == 1


def test_cancelling_an_accepted_job_credits_its_line_and_calls_the_hooks(lab):
    set_prices(actor=lab.owner_admin, resource=lab.equipment, prices={("sme", "sample"): "10"})
    events = []
    hooks.on_sample_job_changed("test", lambda change: events.append((change.event, change.job.pk, str(change.job.amount))))
    try:
        job = quote_sample_job(actor=lab.owner_admin, job=_submit(lab, samples=2), turnaround_days=3)
        accept_sample_quote(actor=lab.seeker, job=job)
        cancel_sample_job(actor=lab.seeker_admin, job=job, reason="Samples broke")
        other = quote_sample_job(actor=lab.owner_admin, job=_submit(lab, samples=1), turnaround_days=3)
        accept_sample_quote(actor=lab.seeker, job=other)
        receive_samples(actor=lab.owner_admin, job=other)
        start_measuring(actor=lab.owner_admin, job=other)
        report_sample_results(actor=lab.owner_admin, job=other, upload=_pdf())
    finally:
        hooks.SAMPLE_JOB_RECEIVERS.pop("test")
    assert events == [
        ("accepted", job.pk, "20.00"),
        ("cancelled", job.pk, "20.00"),
        ("accepted", other.pk, "10.00"),
        ("completed", other.pk, "10.00"),
    ]
    assert [(ln.kind, ln.amount) for ln in StatementLine.objects.filter(sample_job=job).order_by("pk")] == [
        ("charge", Decimal("20.00")),
        ("credit", Decimal("-20.00")),
    ]
    [statement] = monthly_statements(lab.owner_org, parse_month(""))
    assert statement.total == Decimal("10.00")


def test_a_hook_that_fails_rolls_the_acceptance_back(lab):
    job = quote_sample_job(actor=lab.owner_admin, job=_submit(lab), turnaround_days=3)

    def refuse(change):
        raise ValidationError("No voucher left.")

    hooks.on_sample_job_changed("test", refuse)
    try:
        with pytest.raises(ValidationError):
            accept_sample_quote(actor=lab.seeker, job=job)
    finally:
        hooks.SAMPLE_JOB_RECEIVERS.pop("test")
    job.refresh_from_db()
    assert job.status == "quoted" and not StatementLine.objects.filter(sample_job=job).exists()


def test_who_may_do_what(lab):
    with pytest.raises(PermissionDenied):
        submit_sample_job(actor=lab.owner_admin, access_request=lab.access, samples=1, description="x", method="y")
    job = _submit(lab)
    with pytest.raises(PermissionDenied):
        quote_sample_job(actor=lab.owner_member, job=job, turnaround_days=3)  # plain members of the owner do not quote
    with pytest.raises(PermissionDenied):
        quote_sample_job(actor=lab.seeker, job=job, turnaround_days=3)
    quote_sample_job(actor=lab.owner_admin, job=job, turnaround_days=3)
    with pytest.raises(PermissionDenied):
        accept_sample_quote(actor=lab.owner_admin, job=job)
    cancel_sample_job(actor=lab.owner_admin, job=job, reason="Instrument broken")
    assert SampleJob.objects.get(pk=job.pk).status == "cancelled"


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"samples": 0}, "samples"), ({"samples": 1001}, "samples"), ({"description": " "}, "description"), ({"method": ""}, "method")],
)
def test_bad_submissions_change_nothing(lab, fields, field):
    data = {"samples": 2, "description": "Powder", "method": "XRF", **fields}
    with pytest.raises(ValidationError) as caught:
        submit_sample_job(actor=lab.seeker, access_request=lab.access, **data)
    assert field in caught.value.message_dict and not SampleJob.objects.exists()


def test_equipment_that_does_not_accept_samples_refuses_them(scene):
    with pytest.raises(ValidationError, match="does not accept samples"):
        _submit(scene)
    assert not SampleJob.objects.exists()


def test_turnaround_counts_chinas_working_days():
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 9)) == 1  # National Day holidays 1-8 October
    assert working_days_between(date(2025, 10, 10), date(2025, 10, 12)) == 1  # Saturday 11 October is a make-up working day
    assert working_days_between(date(2025, 3, 3), date(2025, 3, 3)) == 0
    assert working_days_between(date(2025, 3, 7), date(2025, 3, 10)) == 1  # Friday to Monday


def test_api_walks_a_job_through_with_409s(lab):
    set_prices(actor=lab.owner_admin, resource=lab.equipment, prices={("goi_sme", "sample"): "1", ("sme", "sample"): "12.5"})
    seeker, owner = _client(lab.seeker), _client(lab.owner_admin)
    body = {"samples": 4, "description": "Four films", "method": "Raman", "hazards": ""}
    created = seeker.post(f"/api/v1/resources/{lab.equipment.pk}/sample-jobs", json.dumps(body), content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "submitted"
    job = created.json()["id"]
    early = seeker.post(f"/api/v1/sample-jobs/{job}/accept")
    assert early.status_code == 409 and early.json()["error"]["code"] == "conflict"
    quoted = owner.post(f"/api/v1/sample-jobs/{job}/quote", json.dumps({"turnaround_days": 4}), content_type="application/json").json()
    assert (quoted["unit_price"], quoted["amount"], quoted["user_class"]) == ("12.50", "50.00", "sme")
    assert seeker.post(f"/api/v1/sample-jobs/{job}/quote", json.dumps({"turnaround_days": 4}), content_type="application/json").status_code == 403
    assert seeker.post(f"/api/v1/sample-jobs/{job}/accept").json()["status"] == "accepted"
    assert owner.post(f"/api/v1/sample-jobs/{job}/accept").status_code == 403
    assert owner.post(f"/api/v1/sample-jobs/{job}/receive").json()["status"] == "received"
    assert owner.post(f"/api/v1/sample-jobs/{job}/measuring").json()["status"] == "measuring"
    not_pdf = owner.post(f"/api/v1/sample-jobs/{job}/results", {"file": SimpleUploadedFile("r.pdf", b"hello", content_type="application/pdf")})
    assert not_pdf.status_code == 400
    done = owner.post(f"/api/v1/sample-jobs/{job}/results", {"file": _pdf(), "note": "Peaks at 520 cm-1"})
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert seeker.get(done.json()["results"]).status_code == 200
    assert seeker.post(f"/api/v1/sample-jobs/{job}/cancel", json.dumps({}), content_type="application/json").status_code == 409
    lines = seeker.get(f"/api/v1/sample-jobs/{job}/statement").json()
    assert [(ln["kind"], ln["unit"], ln["charged_units"], ln["amount"], ln["booking"], ln["sample_job"]) for ln in lines] == [
        ("charge", "sample", "4.00", "50.00", None, job)
    ]
    assert [j["id"] for j in seeker.get("/api/v1/sample-jobs?role=requester").json()] == [job]
    assert owner.get("/api/v1/sample-jobs?role=requester").json() == []
    assert [j["id"] for j in owner.get("/api/v1/sample-jobs?role=owner").json()] == [job]


def test_pages_of_both_sides(lab):
    set_prices(actor=lab.owner_admin, resource=lab.equipment, prices={("sme", "sample"): "20"})
    seeker, owner = _client(lab.seeker), _client(lab.owner_admin)
    assert "send-samples" in seeker.get(f"/en/resources/{lab.equipment.pk}/").content.decode()
    bad = seeker.post(f"/en/resources/{lab.equipment.pk}/samples/", {"samples": "0", "method": "XRD", "description": "Powder"})
    assert bad.status_code == 200 and bad.context["form"].errors and not SampleJob.objects.exists()
    sent = seeker.post(f"/en/resources/{lab.equipment.pk}/samples/", {"samples": "2", "method": "XRD", "description": "Powder"})
    job = SampleJob.objects.get()
    assert sent.status_code == 302 and sent.url == job.get_absolute_url()
    assert owner.post(f"/en/resources/sample-jobs/{job.pk}/quote/", {"turnaround_days": "3"}).status_code == 302
    page = seeker.get(f"/en/resources/sample-jobs/{job.pk}/").content.decode()
    assert "2 × ¥20.00 = ¥40.00" in page and "accept-quote" in page
    seeker.post(f"/en/resources/sample-jobs/{job.pk}/accept/")
    again = seeker.post(f"/en/resources/sample-jobs/{job.pk}/accept/", follow=True)
    assert "quote accepted; that step is not possible now" in again.content.decode()
    owner.post(f"/en/resources/sample-jobs/{job.pk}/receive/")
    owner.post(f"/en/resources/sample-jobs/{job.pk}/measuring/")
    wrong = owner.post(f"/en/resources/sample-jobs/{job.pk}/results/", {"file": SimpleUploadedFile("x.pdf", b"no", content_type="application/pdf")})
    assert wrong.status_code == 200 and wrong.context["results_form"].errors
    owner.post(f"/en/resources/sample-jobs/{job.pk}/results/", {"file": _pdf(), "note": "ok"})
    job.refresh_from_db()
    assert job.status == "completed"
    assert seeker.get(f"/resources/sample-jobs/{job.pk}/results.pdf").status_code == 200
    listing = owner.get("/en/resources/sample-jobs/")
    assert [j.pk for j in listing.context["received"]] == [job.pk] and listing.context["sent"] == []
    statements = owner.get(f"/en/resources/statements/?organisation={lab.owner_org.slug}").content.decode()
    assert f"sample job #{job.pk}, 2 samples" in statements
