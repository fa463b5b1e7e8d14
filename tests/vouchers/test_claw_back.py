"""Claw-backs: the issuing authority takes back (part of) a redemption that should not have been paid, with a reason.

Never more than was redeemed and not yet clawed back (409, nothing stored); the money leaves the voucher's redeemed
pot through a `claw_back` ledger entry and returns to the programme's budget; an unsettled claim is reduced, a
settled share gets a negative line in the next period closed; the payee's and the firm's admins are told in their
language; two simultaneous claw-backs whose sum exceeds the share: one wins, the other gets 409 (PostgreSQL and
SQLite, threads through the API, as tests/vouchers/test_concurrency.py).
"""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone, translation

from innobelt.accounts.domain import create_api_token
from innobelt.audit.models import AuditEntry
from innobelt.kit.api_errors import ConflictError
from innobelt.notifications.models import Notification
from innobelt.vouchers import domain
from innobelt.vouchers.domain.claims import claimable
from innobelt.vouchers.domain.claw_backs import ClawBackTooLarge, claw_back
from innobelt.vouchers.domain.ledger import ledger_sums, redeemed_sum
from innobelt.vouchers.domain.settlement import close_period, statement_rows
from innobelt.vouchers.models import ClawBack, LedgerEntry, Reservation, SettlementLine
from tests.factories import UserFactory
from tests.resources.test_concurrency import _post, concurrent_server  # noqa: F401 (the fixture)
from tests.vouchers.conftest import booking, issue
from tests.vouchers.test_settlement import SHARE, claimed, redeemed


def _close(scene, start_days_ago, end_days_ago):
    today = timezone.localdate()
    return close_period(actor=scene.suzhou_operator, authority=scene.suzhou,
                        starts_on=today - timedelta(days=start_days_ago), ends_on=today - timedelta(days=end_days_ago))


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_claw_back_leaves_the_redeemed_pot_returns_to_the_budget_and_tells_payee_and_firm(scene):
    voucher = issue(scene, 5_000_00)
    share = redeemed(scene, voucher, 0)
    scene.programme.refresh_from_db()
    issued_before = scene.programme.issued_fen
    scene.sme_admin.preferred_language = "en"  # the lab admin keeps the default, Chinese
    scene.sme_admin.save(update_fields=["preferred_language"])

    taken = claw_back(actor=scene.suzhou_operator, reservation=share, amount_fen=100_00, reason="Evidence was false.")

    voucher.refresh_from_db()
    share.refresh_from_db()
    scene.programme.refresh_from_db()
    assert (taken.amount_fen, taken.claim, taken.settled_before) == (100_00, None, False)
    assert share.clawed_back_fen == 100_00 and share.net_fen == SHARE - 100_00
    assert voucher.redeemed_fen == SHARE - 100_00 == redeemed_sum(voucher.pk)
    assert ledger_sums(voucher.pk) == (voucher.available_fen, voucher.reserved_fen) == (5_000_00 - SHARE, 0)
    entry = voucher.entries.get(kind=LedgerEntry.Kind.CLAW_BACK)
    assert (entry.available_change_fen, entry.reserved_change_fen, entry.redeemed_change_fen) == (0, 0, -100_00)
    assert scene.programme.issued_fen == issued_before - 100_00
    assert AuditEntry.objects.filter(action="vouchers.clawed_back").count() == 1
    lab_notice = Notification.objects.get(kind="vouchers.clawed_back", recipient=scene.lab_admin)
    assert "追回" in lab_notice.subject and "¥100.00" in lab_notice.subject  # in the lab admin's language
    firm_notice = Notification.objects.get(kind="vouchers.clawed_back", recipient=scene.sme_admin)
    assert "clawed back" in firm_notice.subject and firm_notice.link.endswith(f"/vouchers/{voucher.pk}/")

    claim = domain.submit_claim(actor=scene.lab_admin, provider=scene.lab, programme=scene.programme)
    assert claim.amount_fen == SHARE - 100_00  # the provider claims what is left


def test_never_more_than_is_left_and_a_reason_and_the_right_operator(scene):
    voucher = issue(scene, 5_000_00)
    share = redeemed(scene, voucher, 0)
    claw_back(actor=scene.suzhou_operator, reservation=share, amount_fen=SHARE - 50_00, reason="Half the hours.")
    with pytest.raises(ClawBackTooLarge) as too_much:
        claw_back(actor=scene.suzhou_operator, reservation=share, amount_fen=50_01, reason="More.")
    assert "¥50.00" in too_much.value.message and too_much.value.details["clawable_fen"] == 50_00
    with pytest.raises(ValidationError):
        claw_back(actor=scene.suzhou_operator, reservation=share, amount_fen=10_00, reason="  ")
    with pytest.raises(PermissionDenied):  # Pudong accepted the programme; Suzhou issued it
        claw_back(actor=scene.pudong_operator, reservation=share, amount_fen=10_00, reason="No.")
    reserved, _ = domain.reserve_voucher(actor=scene.sme_member, voucher=voucher, booking=booking(scene, 5),
                                         idempotency_key="still-reserved")
    with pytest.raises(ConflictError, match="redeemed share"):
        claw_back(actor=scene.suzhou_operator, reservation=reserved, amount_fen=10_00, reason="Not yet spent.")
    assert ClawBack.objects.count() == 1
    claw_back(actor=scene.suzhou_operator, reservation=share, amount_fen=50_00, reason="The rest.")
    assert Reservation.objects.get(pk=share.pk).net_fen == 0
    assert not claimable(scene.lab).exists()  # wholly clawed back: nothing to claim


def test_an_unsettled_claim_is_reduced_and_a_settled_share_is_a_negative_line_next_period(scene):
    voucher = issue(scene, 5_000_00)
    first = redeemed(scene, voucher, 0, days_ago=40)
    second = redeemed(scene, voucher, 1, days_ago=40)
    claim = claimed(scene)
    claw_back(actor=scene.suzhou_operator, reservation=first, amount_fen=50_00, reason="Overbilled.")
    claim.refresh_from_db()
    assert claim.amount_fen == 2 * SHARE - 50_00
    period = _close(scene, 60, 31)
    assert period.amount_fen == 2 * SHARE - 50_00  # settled net
    assert sorted(period.lines.values_list("amount_fen", flat=True)) == [SHARE - 50_00, SHARE]

    taken = claw_back(actor=scene.suzhou_operator, reservation=second, amount_fen=200_00, reason="Results forged.")
    claim.refresh_from_db()
    assert taken.settled_before and claim.amount_fen == 2 * SHARE - 50_00  # the settled claim stays as paid
    period.refresh_from_db()
    assert period.amount_fen == 2 * SHARE - 50_00
    following = _close(scene, 30, 0)
    line = following.lines.get()
    assert (line.kind, line.amount_fen, line.payee_id, line.claw_back_id) == (
        SettlementLine.Kind.CLAW_BACK, -200_00, scene.lab.pk, taken.pk)
    assert following.amount_fen == -200_00
    rows = statement_rows(following)
    assert rows[0][2] == "claw-back" and str(rows[0][13]) == "-200.00"
    with pytest.raises(ClawBackTooLarge):
        claw_back(actor=scene.suzhou_operator, reservation=second, amount_fen=SHARE - 200_00 + 1, reason="x")


def test_the_page_and_the_api(scene):
    voucher = issue(scene, 5_000_00)
    share = redeemed(scene, voucher, 0)
    operator = _client(scene.suzhou_operator)
    url = f"/vouchers/reservations/{share.pk}/claw-back/"
    with translation.override("zh-hans"):
        page = operator.get(url)
    assert page.status_code == 200 and "追回" in page.content.decode()
    refused = operator.post(url, {"amount": "400", "reason": "Too much."})
    assert refused.status_code == 400 and "¥350.00" in refused.content.decode()
    assert not ClawBack.objects.exists()
    done = operator.post(url, {"amount": "100.50", "reason": "Evidence was false."})
    assert done.status_code == 302
    assert ClawBack.objects.get().amount_fen == 100_50
    assert _client(scene.lab_admin).get(url).status_code == 403  # sees the share, may not claw it back

    api = operator.post(f"/api/v1/vouchers/reservations/{share.pk}/claw-back",
                        {"amount_fen": 249_50, "reason": "The rest."}, content_type="application/json")
    assert api.status_code == 201 and api.json()["amount_fen"] == 249_50
    again = operator.post(f"/api/v1/vouchers/reservations/{share.pk}/claw-back",
                          {"amount_fen": 1, "reason": "More."}, content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["details"]["clawable_fen"] == 0


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_claw_backs_at_once_whose_sum_exceeds_the_share(concurrent_server, scene):  # noqa: F811 (the fixture)
    voucher = issue(scene, 5_000_00)
    share = redeemed(scene, voucher, 0)
    second = UserFactory(operator_for=[scene.suzhou])
    tokens = [create_api_token(user=u, name="race")[1] for u in (scene.suzhou_operator, second)]
    server = concurrent_server
    server.open()
    url = f"{server.url}/api/v1/vouchers/reservations/{share.pk}/claw-back"
    barrier = threading.Barrier(2)
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda i: _post(url, tokens[i], {"amount_fen": 200_00, "reason": f"op {i}"}, barrier),
                                range(2)))
    assert Counter(status for status, _ in results) == {201: 1, 409: 1}, results
    loser = next(b for s, b in results if s == 409)
    assert loser["error"]["code"] == "conflict" and loser["error"]["details"]["clawable_fen"] == SHARE - 200_00
    state = server.run(lambda: (
        Reservation.objects.values_list("clawed_back_fen", flat=True).get(pk=share.pk),
        ClawBack.objects.count(), redeemed_sum(voucher.pk),
    ))
    assert state == (200_00, 1, SHARE - 200_00)
