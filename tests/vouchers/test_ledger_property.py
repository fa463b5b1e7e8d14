"""Random sequences of issue / reserve / release / redeem / expire / claw back never break the ledger.

After every step: no voucher's available, reserved or redeemed amount is negative, each voucher's amounts equal
the sum of its entries, no share is clawed back beyond itself, and the programme has issued exactly what its
vouchers received less what was clawed back (which returns to the budget), never more than its (small, so it runs
out) budget.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innobelt.kit.api_errors import ConflictError
from innobelt.vouchers import domain
from innobelt.vouchers.domain.claw_backs import claw_back
from innobelt.vouchers.domain.ledger import ledger_sums, redeemed_sum
from innobelt.vouchers.domain.spending import _settle
from innobelt.vouchers.models import ClawBack, LedgerEntry, Programme, Reservation, Voucher
from tests.vouchers.conftest import booking

BUDGET = 3_000_00
BOOKINGS = 6

steps = st.lists(
    st.one_of(
        st.tuples(st.just("issue"), st.integers(1, 1_500_00)),
        st.tuples(st.just("reserve"), st.integers(0, 4), st.integers(0, BOOKINGS - 1)),
        st.tuples(st.just("release"), st.integers(0, 9)),
        st.tuples(st.just("redeem"), st.integers(0, 9)),
        st.tuples(st.just("expire"), st.integers(0, 4)),
        st.tuples(st.just("claw_back"), st.integers(0, 9), st.integers(1, 400_00)),
    ),
    min_size=1,
    max_size=14,
)


def _check(programme: Programme) -> None:
    programme.refresh_from_db()
    assert 0 <= programme.issued_fen <= programme.budget_fen
    vouchers = list(Voucher.objects.filter(programme=programme))
    clawed = ClawBack.objects.filter(reservation__voucher__programme=programme).aggregate(s=Sum("amount_fen"))["s"]
    assert programme.issued_fen == sum(v.issued_fen for v in vouchers) - (clawed or 0)
    for voucher in vouchers:
        assert voucher.available_fen >= 0 and voucher.reserved_fen >= 0 and voucher.redeemed_fen >= 0
        assert ledger_sums(voucher.pk) == (voucher.available_fen, voucher.reserved_fen)
        assert redeemed_sum(voucher.pk) == voucher.redeemed_fen
        spent = voucher.reservations.filter(status=Reservation.Status.REDEEMED)
        assert voucher.redeemed_fen == sum(r.net_fen for r in spent)
        assert all(0 <= r.clawed_back_fen <= r.amount_fen for r in voucher.reservations.all())
        issued = voucher.entries.filter(kind=LedgerEntry.Kind.ISSUE).aggregate(s=Sum("available_change_fen"))["s"]
        assert issued == voucher.issued_fen
        live = voucher.reservations.filter(status=Reservation.Status.RESERVED).aggregate(s=Sum("amount_fen"))["s"] or 0
        assert voucher.reserved_fen == live


def _apply(scene, step) -> None:
    kind, *args = step
    vouchers = list(Voucher.objects.filter(programme=scene.programme).order_by("pk"))
    reservations = list(Reservation.objects.order_by("pk"))
    if kind == "issue":
        application = domain.apply_for_voucher(
            actor=scene.sme_member,
            programme=scene.programme,
            organisation=scene.sme,
            requested_fen=args[0],
            purpose="x",
        )
        domain.approve_application(actor=scene.suzhou_operator, application=application, amount_fen=args[0])
    elif kind == "reserve" and vouchers:
        voucher = vouchers[args[0] % len(vouchers)]
        domain.reserve_voucher(
            actor=scene.sme_member,
            voucher=voucher,
            booking=scene.bookings[args[1]],
            idempotency_key=f"k{args[1]}-{len(reservations)}",
        )
    elif kind == "release" and reservations:
        domain.release_reservation(actor=scene.sme_member, reservation=reservations[args[0] % len(reservations)])
    elif kind == "redeem" and reservations:
        with transaction.atomic():
            _settle(reservations[args[0] % len(reservations)], LedgerEntry.Kind.REDEEM, actor=None)
    elif kind == "claw_back" and reservations:
        claw_back(actor=scene.suzhou_operator, reservation=reservations[args[0] % len(reservations)],
                  amount_fen=args[1], reason="Evidence was false.")
    elif kind == "expire" and vouchers:
        voucher = vouchers[args[0] % len(vouchers)]
        domain.expire_vouchers(today=voucher.expires_on + timedelta(days=1))


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps)
def test_random_sequences_keep_the_ledger_true(scene, sequence):
    Programme.objects.filter(pk=scene.programme.pk).update(budget_fen=BUDGET, per_firm_cap_fen=BUDGET)
    if not hasattr(scene, "bookings"):
        scene.bookings = [booking(scene, n) for n in range(BOOKINGS)]
    with transaction.atomic():
        for step in sequence:
            try:
                with transaction.atomic():
                    _apply(scene, step)
            except (ValidationError, ConflictError):
                pass  # refused: nothing may have changed
            _check(scene.programme)
        transaction.set_rollback(True)
