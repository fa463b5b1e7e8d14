"""A voucher pays its share of a sample-testing job (送样检测): reserved by the firm once it accepted the quote,
redeemed when the owner delivers the results, released when the job is cancelled (resources/hooks.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.kit.api_errors import ConflictError
from innobelt.resources.domain.samples import (
    accept_sample_quote,
    cancel_sample_job,
    close_sample_job,
    quote_sample_job,
    receive_samples,
    report_sample_results,
    start_measuring,
    submit_sample_job,
)
from innobelt.resources.models import SampleJob
from innobelt.vouchers import domain
from innobelt.vouchers.domain.spending import InsufficientBalance
from innobelt.vouchers.models import Reservation, Use
from innobelt.vouchers.queries import city_pairs
from tests.factories import AccessRequestFactory, MembershipFactory, OrganisationFactory
from tests.vouchers.conftest import PDF, issue
from tests.vouchers.test_domain import _balanced

pytestmark = pytest.mark.django_db


def _accepted_job(scene, count=3):
    job = submit_sample_job(actor=scene.sme_member, access_request=scene.access, samples=count,
                            description="Sensor housings, PA66", method="Salt-spray test")
    job = quote_sample_job(actor=scene.lab_admin, job=job, turnaround_days=5)
    return accept_sample_quote(actor=scene.sme_member, job=job)


def test_reserved_after_the_quote_redeemed_with_the_results(samples):
    voucher = issue(samples, 1_000_00)
    job = _accepted_job(samples)  # 3 × ¥120 = ¥360: the voucher pays 70 %
    reservation, created = domain.reserve_for_sample_job(actor=samples.sme_member, voucher=voucher, job=job,
                                                         idempotency_key="job-1")
    assert created and (reservation.total_fen, reservation.amount_fen, reservation.co_payment_fen) == (360_00, 252_00, 108_00)
    assert reservation.use == Use.SAMPLE_TESTING and reservation.provider == samples.lab
    again, created = domain.reserve_for_sample_job(actor=samples.sme_member, voucher=voucher, job=job,
                                                   idempotency_key="job-1")
    assert (again.pk, created) == (reservation.pk, False)  # a retry reserves once
    voucher.refresh_from_db()
    assert (voucher.available_fen, voucher.reserved_fen) == (1_000_00 - 252_00, 252_00)
    receive_samples(actor=samples.lab_admin, job=job)
    start_measuring(actor=samples.lab_admin, job=job)
    report_sample_results(actor=samples.lab_admin, job=job,
                          upload=SimpleUploadedFile("results.pdf", PDF, content_type="application/pdf"))
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.REDEEMED
    voucher.refresh_from_db()
    assert (voucher.available_fen, voucher.reserved_fen) == (1_000_00 - 252_00, 0)
    _balanced(voucher)
    pairs = city_pairs(samples.suzhou_operator)
    assert [(p["issuer_en"], p["spent_en"], p["count"], p["amount_fen"]) for p in pairs] == [("Suzhou", "Pudong", 1, 252_00)]
    claim = domain.submit_claim(actor=samples.lab_admin, provider=samples.lab, programme=samples.programme)
    assert claim.amount_fen == 252_00


def test_cancelling_the_job_releases_the_share(samples):
    voucher = issue(samples, 1_000_00)
    job = _accepted_job(samples)
    reservation, _created = domain.reserve_for_sample_job(actor=samples.sme_member, voucher=voucher, job=job,
                                                          idempotency_key="job-2")
    cancel_sample_job(actor=samples.sme_member, job=job, reason="The prototype changed.")
    reservation.refresh_from_db()
    voucher.refresh_from_db()
    assert reservation.status == Reservation.Status.RELEASED and (voucher.available_fen, voucher.reserved_fen) == (1_000_00, 0)
    _balanced(voucher)


def test_a_job_being_measured_may_be_paid_and_closing_it_settles_nothing_more(samples):
    voucher = issue(samples, 1_000_00)
    job = start_measuring(actor=samples.lab_admin, job=receive_samples(actor=samples.lab_admin, job=_accepted_job(samples)))
    reservation, created = domain.reserve_for_sample_job(actor=samples.sme_member, voucher=voucher, job=job,
                                                         idempotency_key="measuring-1")
    assert created and reservation.status == Reservation.Status.RESERVED
    job = report_sample_results(actor=samples.lab_admin, job=job,
                                upload=SimpleUploadedFile("results.pdf", PDF, content_type="application/pdf"))
    close_sample_job(actor=samples.lab_admin, job=job)
    reservation.refresh_from_db()
    voucher.refresh_from_db()
    assert reservation.status == Reservation.Status.REDEEMED and (voucher.available_fen, voucher.reserved_fen) == (1_000_00 - 252_00, 0)
    assert Reservation.objects.filter(sample_job=job).count() == 1
    _balanced(voucher)
    closed = SampleJob.objects.get(pk=job.pk)
    assert closed.status == "closed"
    unpaid = _accepted_job(samples, count=1)
    unpaid = start_measuring(actor=samples.lab_admin, job=receive_samples(actor=samples.lab_admin, job=unpaid))
    unpaid = close_sample_job(actor=samples.lab_admin, job=report_sample_results(
        actor=samples.lab_admin, job=unpaid, upload=SimpleUploadedFile("results.pdf", PDF, content_type="application/pdf")))
    with pytest.raises(ValidationError, match="quote was accepted"):  # delivered and closed: too late to pay
        domain.reserve_for_sample_job(actor=samples.sme_member, voucher=voucher, job=unpaid, idempotency_key="late-2")


def test_what_a_voucher_may_not_pay(samples):
    voucher = issue(samples, 1_000_00)
    quoted_only = quote_sample_job(actor=samples.lab_admin, turnaround_days=3, job=submit_sample_job(
        actor=samples.sme_member, access_request=samples.access, samples=1, description="x", method="y"))
    with pytest.raises(ValidationError, match="quote was accepted"):  # the price is not fixed yet
        domain.reserve_for_sample_job(actor=samples.sme_member, voucher=voucher, job=quoted_only, idempotency_key="a")
    other = OrganisationFactory(kind="sme", city=samples.suzhou, verification="verified")
    stranger = MembershipFactory(organisation=other).user
    other_job = _accepted_job_of(samples, other, stranger)
    with pytest.raises(ValidationError):  # someone else's job: the firm does not act for it
        domain.reserve_for_sample_job(actor=samples.sme_member, voucher=voucher, job=other_job, idempotency_key="b")
    small = voucher
    job = _accepted_job(samples, count=10)  # ¥1,200: the share ¥840 > the ¥748 left after a first job
    domain.reserve_for_sample_job(actor=samples.sme_member, voucher=small, job=_accepted_job(samples), idempotency_key="c")
    with pytest.raises(InsufficientBalance):
        domain.reserve_for_sample_job(actor=samples.sme_member, voucher=small, job=job, idempotency_key="d")
    paid = _accepted_job(samples, count=1)
    domain.reserve_for_sample_job(actor=samples.sme_member, voucher=small, job=paid, idempotency_key="e")
    with pytest.raises(ConflictError):  # one voucher share per job
        domain.reserve_for_sample_job(actor=samples.sme_member, voucher=small, job=paid, idempotency_key="f")
    assert Reservation.objects.filter(sample_job__in=[quoted_only, other_job, job]).count() == 0
    _balanced(small)


def _accepted_job_of(scene, organisation, person):
    access = AccessRequestFactory(resource=scene.equipment, organisation=organisation, requested_by=person)
    job = submit_sample_job(actor=person, access_request=access, samples=1, description="x", method="y")
    job = quote_sample_job(actor=scene.lab_admin, job=job, turnaround_days=2)
    return accept_sample_quote(actor=person, job=job)


def test_the_api_pays_a_sample_job_and_tells_nothing_of_other_firms_jobs(samples):
    voucher = issue(samples, 1_000_00)
    job = _accepted_job(samples)
    client = Client()
    client.force_login(samples.sme_member)
    url = f"/api/v1/vouchers/{voucher.pk}/reservations"
    made = client.post(url, {"sample_job": job.pk, "idempotency_key": "api-1"}, content_type="application/json")
    assert made.status_code == 201 and made.json()["sample_job"] == job.pk and made.json()["amount_fen"] == 252_00
    other = OrganisationFactory(kind="sme", city=samples.suzhou, verification="verified")
    theirs = _accepted_job_of(samples, other, MembershipFactory(organisation=other).user)
    refused = client.post(url, {"sample_job": theirs.pk, "idempotency_key": "api-2"}, content_type="application/json")
    unknown = client.post(url, {"sample_job": 2**31 - 1, "idempotency_key": "api-3"}, content_type="application/json")
    assert refused.status_code == unknown.status_code == 400
    assert refused.json()["error"]["message"] == unknown.json()["error"]["message"]  # existence is not told apart
    both = client.post(url, {"sample_job": job.pk, "booking": 1, "idempotency_key": "api-4"}, content_type="application/json")
    neither = client.post(url, {"idempotency_key": "api-5"}, content_type="application/json")
    assert both.status_code == neither.status_code == 400
    assert Reservation.objects.count() == 1
