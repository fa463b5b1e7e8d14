"""Booking and paying at once, many firms' people at the same moment with one voucher (domain/paid_bookings.py):
the voucher covers three hours' shares; of eight simultaneous book-and-pay steps for eight different hours, exactly
three leave a booking and its reservation, five leave nothing at all (no booking without its share), and the voucher's
sums equal its ledger. Real threads, each with its own database connection, on PostgreSQL (row locks: the instrument,
the booking, the voucher). On SQLite every writing transaction is IMMEDIATE, so the steps cannot interleave, and the
test database is in memory, which threads cannot share: the all-or-nothing itself is tested on both databases in
test_booking_page.py."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from innobelt.kit.api_errors import ConflictError
from innobelt.resources.domain.paid_bookings import book_and_pay
from innobelt.resources.models import Booking
from innobelt.vouchers.domain.ledger import ledger_sums
from innobelt.vouchers.models import Reservation, Voucher
from tests.factories import MembershipFactory
from tests.resources.conftest import at
from tests.vouchers.conftest import issue

PEOPLE = 8
COVERED = 3
SHARE = 350_00


@pytest.mark.slow
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's; SQLite serialises writers")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_book_and_pay_never_leaves_a_booking_without_its_share(scene):
    voucher = issue(scene, COVERED * SHARE + 10_00)
    people = [MembershipFactory(organisation=scene.sme).user for _ in range(PEOPLE)]
    barrier = threading.Barrier(PEOPLE)

    def attempt(i):
        try:
            barrier.wait()
            start = at(7, 8 + i)
            book_and_pay(actor=people[i], access_request=scene.access, runs=[(start, at(7, 9 + i))],
                         payment=f"vouchers:{voucher.pk}", key=f"race-{i}")
            return "booked"
        except ConflictError as exc:
            return "409 " + str(exc.details.get("available_fen"))
        except ValidationError as exc:
            return "400 " + " ".join(exc.messages)
        finally:
            connection.close()

    with ThreadPoolExecutor(PEOPLE) as pool:
        results = Counter(pool.map(attempt, range(PEOPLE)))
    assert results == {"booked": COVERED, "409 1000": PEOPLE - COVERED}, results
    bookings = set(Booking.objects.values_list("pk", flat=True))
    paid = set(Reservation.objects.values_list("booking_id", flat=True))
    assert len(bookings) == COVERED and bookings == paid
    state = Voucher.objects.values_list("available_fen", "reserved_fen").get(pk=voucher.pk)
    assert state == ledger_sums(voucher.pk) == (10_00, COVERED * SHARE)
