"""A voucher chosen when accepting a sample-testing quote (resources/sample_payments.py, vouchers/sample_payer.py): the
firm sees its usable vouchers with the co-payment on the job's accept step and accepts and reserves in one step, all or
nothing, on the page and in the API; the share is redeemed with the results and released on cancelling."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.resources.domain.samples import (
    cancel_sample_job,
    quote_sample_job,
    receive_samples,
    report_sample_results,
    start_measuring,
    submit_sample_job,
)
from innobelt.resources.models import SampleJob, StatementLine
from innobelt.vouchers.domain.ledger import ledger_sums
from innobelt.vouchers.models import Programme, Reservation, Use, Voucher
from tests.factories import OrganisationFactory
from tests.resources.conftest import at
from tests.vouchers.conftest import PDF, issue

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _quoted(scene, count=3):  # 3 × ¥120 = ¥360: the voucher pays ¥252.00, the firm ¥108.00
    job = submit_sample_job(actor=scene.sme_member, access_request=scene.access, samples=count,
                            description="Sensor housings, PA66", method="Salt-spray test")
    return quote_sample_job(actor=scene.lab_admin, job=job, turnaround_days=5)


def _options(page) -> dict[str, str]:
    soup = BeautifulSoup(page.content, "html.parser")
    return {i["value"]: i.parent.parent.get_text(" ", strip=True)
            for i in soup.select('#sample-payment-choice input[name="payment"]')}


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _unchanged(job, voucher, amount_fen):
    job.refresh_from_db()
    voucher.refresh_from_db()
    assert job.status == SampleJob.Status.QUOTED and not StatementLine.objects.filter(sample_job=job).exists()
    assert (voucher.available_fen, voucher.reserved_fen) == (amount_fen, 0) == ledger_sums(voucher.pk)
    assert not Reservation.objects.exists()


def test_the_accept_step_offers_the_voucher_with_the_co_payment_and_pays_in_the_same_step(samples):
    voucher = issue(samples, 1_000_00)
    job = _quoted(samples)
    firm = _client(samples.sme_member)
    page = firm.get(f"/en/resources/sample-jobs/{job.pk}/")
    options = _options(page)
    assert set(options) == {"", f"vouchers:{voucher.pk}"}
    assert "The voucher pays ¥252.00; your co-payment is ¥108.00." in options[f"vouchers:{voucher.pk}"]
    response = firm.post(f"/en/resources/sample-jobs/{job.pk}/accept/",
                         {"payment": f"vouchers:{voucher.pk}", "payment_key": "accept-1"})
    assert response.status_code == 302
    assert "¥252.00 of the voucher is reserved; your co-payment is ¥108.00." in _messages(response)
    job.refresh_from_db()
    (reservation,) = Reservation.objects.all()
    assert job.status == SampleJob.Status.ACCEPTED and reservation.sample_job_id == job.pk
    assert (reservation.total_fen, reservation.amount_fen, reservation.co_payment_fen) == (360_00, 252_00, 108_00)
    page = firm.get(f"/en/resources/sample-jobs/{job.pk}/").content.decode()
    assert "your co-payment is ¥108.00" in page and 'id="sample-payment-choice"' not in page
    assert f'href="/en/vouchers/sample-jobs/{job.pk}/"' in page  # releasing or changing it stays on the voucher page
    # the results redeem the share; a second job's cancellation releases its own
    receive_samples(actor=samples.lab_admin, job=job)
    start_measuring(actor=samples.lab_admin, job=job)
    report_sample_results(actor=samples.lab_admin, job=job,
                          upload=SimpleUploadedFile("results.pdf", PDF, content_type="application/pdf"))
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.REDEEMED
    assert "The voucher paid ¥252.00 of the quote; your co-payment was ¥108.00." in firm.get(
        f"/en/resources/sample-jobs/{job.pk}/").content.decode()
    lines = firm.get(f"/api/v1/sample-jobs/{job.pk}/statement").json()
    assert [(x["amount"], x["paid_by_voucher"], x["firm_pays"]) for x in lines] == [("360.00", "252.00", "108.00")]
    second = _quoted(samples, count=1)
    firm.post(f"/en/resources/sample-jobs/{second.pk}/accept/", {"payment": f"vouchers:{voucher.pk}", "payment_key": "a2"})
    cancel_sample_job(actor=samples.sme_member, job=second)
    assert Reservation.objects.get(sample_job=second).status == Reservation.Status.RELEASED
    voucher.refresh_from_db()
    assert (voucher.available_fen, voucher.reserved_fen, voucher.redeemed_fen) == (748_00, 0, 252_00)
    assert ledger_sums(voucher.pk) == (748_00, 0)


def test_a_balance_too_small_or_a_forged_voucher_accepts_nothing(samples):
    voucher = issue(samples, 100_00)  # does not cover ¥252.00
    job = _quoted(samples)
    firm = _client(samples.sme_member)
    refused = firm.post(f"/en/resources/sample-jobs/{job.pk}/accept/",
                        {"payment": f"vouchers:{voucher.pk}", "payment_key": "k"})
    assert _messages(refused) == ["Nothing was accepted or paid: The voucher has ¥100.00 available; its share of this "
                                  "bill is ¥252.00."]
    other = OrganisationFactory(city=samples.suzhou)
    theirs = Voucher.objects.create(programme=samples.programme, organisation=other, issued_fen=1_000_00,
                                    available_fen=0, expires_on=at(90, 0).date())
    for forged in (f"vouchers:{theirs.pk}", "vouchers:999999", "vouchers:x", "nobody:1"):
        response = firm.post(f"/en/resources/sample-jobs/{job.pk}/accept/", {"payment": forged, "payment_key": "k2"})
        assert _messages(response)[-1] in ("Nothing was accepted or paid: Choose one of your organisation's vouchers.",
                                          "Nothing was accepted or paid: Choose how to pay from the list."), forged
    _unchanged(job, voucher, 100_00)
    chinese = firm.post(f"/resources/sample-jobs/{job.pk}/accept/", {"payment": f"vouchers:{voucher.pk}",
                                                                     "payment_key": "k3"})
    assert "未接受报价，也未支付" in _messages(chinese)[-1] and "¥100.00" in _messages(chinese)[-1]


def test_only_vouchers_that_pay_sample_testing_here_are_offered(samples):
    usable = issue(samples, 1_000_00)
    hours_only = Programme.objects.create(authority=samples.suzhou, name_zh="仅机时", name_en="Hours only",
                                          budget_fen=1_000_00, per_firm_cap_fen=1_000_00, co_payment_percent=30, uses=[Use.INSTRUMENT_TIME],
                                          opens_on=at(-1, 0).date(), closes_on=at(60, 0).date(), validity_days=90)
    Voucher.objects.create(programme=hours_only, organisation=samples.sme, issued_fen=1_000_00, available_fen=1_000_00,
                           expires_on=at(90, 0).date())
    job = _quoted(samples)
    assert set(_options(_client(samples.sme_member).get(f"/en/resources/sample-jobs/{job.pk}/"))) == {
        "", f"vouchers:{usable.pk}"}
    assert 'id="sample-payment-choice"' not in _client(samples.lab_admin).get(
        f"/en/resources/sample-jobs/{job.pk}/").content.decode()  # the owner's people are not offered the firm's


def test_the_api_accepts_and_pays_in_one_step_retries_once_and_refuses_cleanly(samples):
    voucher = issue(samples, 300_00)  # covers one ¥252.00 share, not two
    job, other_job = _quoted(samples), _quoted(samples)
    firm = _client(samples.sme_member)
    url = f"/api/v1/sample-jobs/{job.pk}/accept"
    body = {"voucher": voucher.pk, "idempotency_key": "api-1"}
    assert firm.post(url, {"voucher": voucher.pk}, content_type="application/json").status_code == 400
    answer = firm.post(url, body, content_type="application/json")
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert data["status"] == "accepted"
    assert data["payment"] == {"message": "¥252.00 of the voucher is reserved; your co-payment is ¥108.00.",
                               "share": "252.00", "co_payment": "108.00"}
    retried = firm.post(url, body, content_type="application/json")
    assert retried.status_code == 200 and retried.json()["payment"]["share"] == "252.00"
    assert Reservation.objects.count() == 1
    other_key = firm.post(url, {"voucher": voucher.pk, "idempotency_key": "api-2"}, content_type="application/json")
    assert other_key.status_code == 409  # accepted already: another key does not pay it twice
    short = firm.post(f"/api/v1/sample-jobs/{other_job.pk}/accept", {"voucher": voucher.pk, "idempotency_key": "api-3"},
                      content_type="application/json")
    assert short.status_code == 409
    error = short.json()["error"]
    assert error["details"] == {"available_fen": 48_00, "needed_fen": 252_00, "voucher": voucher.pk}
    assert "¥48.00" in error["message"]
    other_job.refresh_from_db()
    assert other_job.status == SampleJob.Status.QUOTED
    theirs = Voucher.objects.create(programme=samples.programme, organisation=OrganisationFactory(city=samples.suzhou),
                                    issued_fen=1_000_00, available_fen=1_000_00, expires_on=at(90, 0).date())
    for voucher_id in (theirs.pk, 999_999):
        missing = firm.post(f"/api/v1/sample-jobs/{other_job.pk}/accept", {"voucher": voucher_id, "idempotency_key": "x"},
                            content_type="application/json")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    plain = firm.post(f"/api/v1/sample-jobs/{other_job.pk}/accept")  # no body: accepted as before, nothing paid
    assert plain.status_code == 200 and plain.json()["payment"] is None
    assert Reservation.objects.count() == 1
    assert ledger_sums(voucher.pk) == (48_00, 252_00)


def test_the_programmes_operator_sees_the_voucher_but_may_not_pay_with_it(samples):
    voucher = issue(samples, 1_000_00)
    job = _quoted(samples)
    operator = _client(samples.suzhou_operator)
    answer = operator.post(f"/api/v1/sample-jobs/{job.pk}/accept", {"voucher": voucher.pk, "idempotency_key": "o"},
                           content_type="application/json")
    assert answer.status_code in (403, 404)  # the job itself is not the operator's to see: 404 first
    assert not Reservation.objects.exists()


def test_bad_bodies_on_the_accept_step_are_structured_and_change_nothing(samples):
    job = _quoted(samples)
    firm = _client(samples.sme_member)
    url = f"/api/v1/sample-jobs/{job.pk}/accept"
    for body, status in (("[1]", 422), ("{not json", 400), ('{"voucher": 1, "extra": 2}', 422),
                         ('{"voucher": 0, "idempotency_key": "k"}', 422), ('{"voucher": "x"}', 422)):
        answer = firm.post(url, body, content_type="application/json")
        assert answer.status_code == status, (body, answer.content)
        assert set(answer.json()["error"]) >= {"code", "message"}
    job.refresh_from_db()
    assert job.status == SampleJob.Status.QUOTED and not Reservation.objects.exists()
