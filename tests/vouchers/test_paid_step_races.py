"""Paying in the same step, at the same moment (PostgreSQL, real threads: tests/races.py):
- the same API booking with a voucher sent twice at once (one idempotency key): one booking, one reservation; the
  twin answers the same booking (200), never a second share;
- quotes of several sample jobs accepted at once with one voucher that covers two shares: exactly two are accepted
  and paid, the others stay quoted with a 409 naming the balance, and the voucher's sums equal its ledger.
On SQLite every writing transaction is IMMEDIATE and the in-memory database cannot be shared by threads: the
all-or-nothing itself is tested on both in test_sample_acceptance.py and test_booking_api_voucher.py."""

from datetime import timedelta

import pytest
from django.test import Client

from innobelt.kit.api_errors import ConflictError
from innobelt.resources.domain.samples import accept_and_pay, quote_sample_job, submit_sample_job
from innobelt.resources.models import Booking, SampleJob
from innobelt.vouchers.domain.ledger import ledger_sums
from innobelt.vouchers.models import Reservation, Voucher
from tests.races import postgresql_only, race, tally  # noqa: F401 (the fixture)
from tests.resources.conftest import at
from tests.vouchers.conftest import issue

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_one_booking_sent_twice_at_once_books_and_reserves_once(scene, postgresql_only):  # noqa: F811
    voucher = issue(scene, 1_000_00)
    start = at(7, 10)
    body = {"start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat(), "voucher": voucher.pk,
            "idempotency_key": "twin"}
    user_pk = scene.sme_member.pk

    def send():
        from innobelt.accounts.models import User

        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(User.objects.get(pk=user_pk))
        answer = client.post(f"/api/v1/resources/{scene.equipment.pk}/bookings", body, content_type="application/json")
        return answer.status_code, tuple(b["id"] for b in answer.json().get("bookings", []))

    answers = race(send, send)
    (booking,) = Booking.objects.all()
    assert sorted(answers) == [(200, (booking.pk,)), (201, (booking.pk,))]
    assert Reservation.objects.get().booking_id == booking.pk
    voucher.refresh_from_db()
    assert (voucher.available_fen, voucher.reserved_fen) == (650_00, 350_00) == ledger_sums(voucher.pk)


JOBS = 5


def test_simultaneous_acceptances_with_one_voucher_never_overspend(samples, postgresql_only):  # noqa: F811
    voucher = issue(samples, 2 * 252_00 + 10_00)  # covers two shares of ¥252.00
    jobs = []
    for _ in range(JOBS):
        job = submit_sample_job(actor=samples.sme_member, access_request=samples.access, samples=3,
                                description="Housings", method="Salt spray")
        jobs.append(quote_sample_job(actor=samples.lab_admin, job=job, turnaround_days=5))
    member = samples.sme_member

    def accept(job):
        return lambda: accept_and_pay(actor=member, job=job, payment=f"vouchers:{voucher.pk}", key=f"k{job.pk}")[
            1].share and "paid"

    counts = tally(*[accept(job) for job in jobs], refusals={ConflictError: "conflict"})
    assert counts == {"paid": 2, "conflict": JOBS - 2}
    assert SampleJob.objects.filter(status=SampleJob.Status.ACCEPTED).count() == 2
    assert SampleJob.objects.filter(status=SampleJob.Status.QUOTED).count() == JOBS - 2
    assert Reservation.objects.count() == 2
    voucher = Voucher.objects.get(pk=voucher.pk)
    assert (voucher.available_fen, voucher.reserved_fen) == (10_00, 504_00) == ledger_sums(voucher.pk)
