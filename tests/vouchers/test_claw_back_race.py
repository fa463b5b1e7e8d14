"""A claw-back at the same moment as the issuing authority closes a settlement period (PostgreSQL, real threads).

The outcome decided (docs/adr/0801-vouchers.md, "A claw-back while a period closes"): the two are serialised on the
programme's row (closing locks the authority's programmes first; a claw-back locks the voucher with its programme in
one statement, then the share). Whichever commits first decides:
- claw-back first: an unsettled share is settled net (its claim reduced); a claw-back of a share settled before is a
  negative line of the period being closed;
- close first: the share is settled in full and the claw-back (`settled_before`) waits for the next period closed as
  a negative line.
Either way the payee is paid the share less the claw-back exactly once: never lost, never counted twice.

Each order is forced: a third transaction holds the programme's row lock while the two queue behind it in a known
order (PostgreSQL grants a row lock to its waiters first come, first served); the last case starts both at once.
"""

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from innobelt.vouchers.domain.claw_backs import claw_back
from innobelt.vouchers.domain.ledger import redeemed_sum
from innobelt.vouchers.domain.settlement import close_period, settleable_claw_backs
from innobelt.vouchers.models import Claim, ClawBack, Programme, Reservation, SettlementLine
from tests.vouchers.conftest import issue
from tests.vouchers.test_settlement import SHARE, claimed, redeemed

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and their queue are PostgreSQL's; "
                       "SQLite serialises every writing transaction (IMMEDIATE)"),
]

TAKEN = 100_00


def _waiting_for_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return int(cursor.fetchone()[0])


def _until_waiting(n: int) -> None:
    deadline = time.monotonic() + 60
    while _waiting_for_locks() < n:
        assert time.monotonic() < deadline, f"fewer than {n} transactions queued for the lock"
        time.sleep(0.02)


def _run(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except Exception as exc:  # the test looks at it
        return exc
    finally:
        connection.close()  # each thread's own connection


def _in_order(programme: Programme, first: Callable[[], Any], second: Callable[[], Any]) -> tuple[Any, Any]:
    """Both queued behind a transaction holding the programme's row, `first` queued first, then both let go."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            Programme.objects.select_for_update().get(pk=programme.pk)
            held.set()
            release.wait(60)

    with ThreadPoolExecutor(3) as pool:
        blocker = pool.submit(_run, hold)
        assert held.wait(30)
        one = pool.submit(_run, first)
        _until_waiting(1)  # the first waits for the programme's row …
        two = pool.submit(_run, second)
        _until_waiting(2)  # … and the second behind it
        release.set()
        assert blocker.result(60) is None
        return one.result(60), two.result(60)


def _at_once(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[Any, Any]:
    barrier = threading.Barrier(2)

    def go(call: Callable[[], Any]) -> Callable[[], Any]:
        def started() -> Any:
            barrier.wait()
            return call()
        return started

    with ThreadPoolExecutor(2) as pool:
        one, two = pool.submit(_run, go(first)), pool.submit(_run, go(second))
        return one.result(60), two.result(60)


def _paid_for(share: Reservation) -> int:
    """What the payee is paid for the share over every statement, and what the next period closed will take off."""
    on_statements = sum(SettlementLine.objects.filter(reservation=share).values_list("amount_fen", flat=True))
    waiting = ClawBack.objects.filter(settleable_claw_backs(share.voucher.programme.authority,
                                                            timezone.localdate() + timedelta(days=1)),
                                      reservation=share)
    return on_statements - sum(c.amount_fen for c in waiting)


def _race(scene, share: Reservation, order: str):
    today = timezone.localdate()

    def take() -> ClawBack:
        return claw_back(actor=scene.suzhou_operator, reservation=share, amount_fen=TAKEN, reason="Hours overbilled.")

    def close():
        return close_period(actor=scene.suzhou_operator, authority=scene.suzhou, starts_on=today - timedelta(days=20),
                            ends_on=today)

    if order == "claw-back first":
        taken, period = _in_order(scene.programme, take, close)
    elif order == "close first":
        period, taken = _in_order(scene.programme, close, take)
    else:
        taken, period = _at_once(take, close)
    assert isinstance(taken, ClawBack), taken
    assert period.__class__.__name__ == "SettlementPeriod", period
    return taken, period


ORDERS = ["claw-back first", "close first", "at once"]


@pytest.mark.parametrize("order", ORDERS)
def test_a_claw_back_of_an_unsettled_share_while_its_period_closes(scene, order):
    voucher = issue(scene, 5_000_00)
    share = redeemed(scene, voucher, 0, days_ago=5)
    claim = claimed(scene)

    taken, period = _race(scene, share, order)

    share.refresh_from_db()
    claim.refresh_from_db()
    line = SettlementLine.objects.get(period=period, reservation=share, claw_back__isnull=True)
    if order == "claw-back first" or (order == "at once" and not taken.settled_before):
        # reduced before the close: the claim and the line are net, nothing left for a later period
        assert (taken.settled_before, claim.amount_fen, line.amount_fen) == (False, SHARE - TAKEN, SHARE - TAKEN)
    else:
        # settled in full first: the claim stays as paid, the claw-back is a negative line of the next period
        assert (taken.settled_before, claim.amount_fen, line.amount_fen) == (True, SHARE, SHARE)
        assert not SettlementLine.objects.filter(claw_back=taken).exists()
    assert _paid_for(share) == share.net_fen == SHARE - TAKEN  # once, never lost, never twice
    assert period.amount_fen == line.amount_fen
    assert redeemed_sum(voucher.pk) == SHARE - TAKEN
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.APPROVED


@pytest.mark.parametrize("order", ORDERS)
def test_a_claw_back_of_a_share_settled_before_while_the_next_period_closes(scene, order):
    voucher = issue(scene, 5_000_00)
    share = redeemed(scene, voucher, 0, days_ago=40)
    claimed(scene)
    today = timezone.localdate()
    earlier = close_period(actor=scene.suzhou_operator, authority=scene.suzhou, starts_on=today - timedelta(days=50),
                           ends_on=today - timedelta(days=21))
    assert earlier.lines.get().amount_fen == SHARE

    taken, period = _race(scene, share, order)

    assert taken.settled_before  # either way: it was on a statement before
    negative = SettlementLine.objects.filter(claw_back=taken)
    if order == "claw-back first" or (order == "at once" and negative.exists()):
        # the claw-back came first: a negative line of the period being closed
        assert list(negative.values_list("period", "amount_fen")) == [(period.pk, -TAKEN)]
        assert period.amount_fen == -TAKEN
    else:
        # the period closed first: empty of it, the claw-back waits for the next one
        assert not negative.exists() and period.amount_fen == 0
    share.refresh_from_db()
    assert _paid_for(share) == share.net_fen == SHARE - TAKEN
    assert SettlementLine.objects.filter(reservation=share, claw_back__isnull=True).count() == 1
