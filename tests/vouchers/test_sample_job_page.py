"""The firm pays a sample job with a voucher on its page (linked from the job's page once the quote is accepted):
it chooses one of its vouchers, sees its co-payment, may release the share before the results; errors in the
user's language."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.resources.domain.samples import receive_samples, report_sample_results, start_measuring
from innobelt.vouchers.models import Reservation
from tests.vouchers.conftest import PDF, issue
from tests.vouchers.test_sample_spending import _accepted_job

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_choose_see_the_co_payment_release_and_pay_again(samples):
    voucher = issue(samples, 1_000_00)
    job = _accepted_job(samples)  # 3 × ¥120 = ¥360: the voucher pays ¥252.00, the firm ¥108.00
    firm = _client(samples.sme_member)
    job_page = firm.get(f"/en/resources/sample-jobs/{job.pk}/").content.decode()
    assert f'href="/en/vouchers/sample-jobs/{job.pk}/"' in job_page
    page = firm.get(f"/en/vouchers/sample-jobs/{job.pk}/").content.decode()
    assert "¥252.00" in page and "¥108.00" in page and 'id="sample-voucher-form"' in page
    paid = firm.post(f"/en/vouchers/sample-jobs/{job.pk}/pay/", {"voucher": voucher.pk, "idempotency_key": "p-1"},
                     follow=True).content.decode()
    assert "your co-payment is ¥108.00" in paid and 'id="release-sample-voucher"' in paid
    firm.post(f"/vouchers/sample-jobs/{job.pk}/pay/", {"voucher": voucher.pk, "idempotency_key": "p-1"})  # double submit
    reservation = Reservation.objects.get()
    released = firm.post(f"/en/vouchers/reservations/{reservation.pk}/release/", follow=True)
    assert released.redirect_chain[-1][0] == f"/en/vouchers/sample-jobs/{job.pk}/"
    assert "The reservation was released." in released.content.decode()
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.RELEASED
    firm.post(f"/vouchers/sample-jobs/{job.pk}/pay/", {"voucher": voucher.pk, "idempotency_key": "p-2"})
    receive_samples(actor=samples.lab_admin, job=job)
    start_measuring(actor=samples.lab_admin, job=job)
    report_sample_results(actor=samples.lab_admin, job=job,
                          upload=SimpleUploadedFile("results.pdf", PDF, content_type="application/pdf"))
    page = firm.get(f"/en/vouchers/sample-jobs/{job.pk}/").content.decode()
    assert "redeemed" in page and 'id="release-sample-voucher"' not in page  # no release after the results


def test_errors_in_the_users_language_and_who_may_open_the_page(samples):
    voucher = issue(samples, 100_00)  # ¥100 does not cover the ¥252.00 share
    job = _accepted_job(samples)
    firm = _client(samples.sme_member)
    refused = firm.post(f"/vouchers/sample-jobs/{job.pk}/pay/", {"voucher": voucher.pk, "idempotency_key": "z"},
                        follow=True).content.decode()
    assert "该创新券可用余额为 ¥100.00；本次费用需由创新券支付 ¥252.00。" in refused  # Chinese, the default
    english = firm.post(f"/en/vouchers/sample-jobs/{job.pk}/pay/", {"voucher": voucher.pk, "idempotency_key": "y"},
                        follow=True).content.decode()
    assert "The voucher has ¥100.00 available" in english
    assert not Reservation.objects.exists()
    assert _client(samples.lab_admin).get(f"/vouchers/sample-jobs/{job.pk}/").status_code == 403  # the owner sees the job
    stranger = _client(samples.local_lab.memberships.first().user)
    assert stranger.get(f"/vouchers/sample-jobs/{job.pk}/").status_code == 404
