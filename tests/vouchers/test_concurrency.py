"""Fifty clients spend one voucher, and fifty approvals draw one programme's budget, at the same moment.

The voucher's balance covers 7 of the 50 reservations: exactly 7 succeed (201), 43 get a 409 naming the
balance left, nothing answers 5xx, and the voucher's sums equal its ledger. Likewise a budget covering 7
of 50 approvals. Runs on SQLite (IMMEDIATE transactions serialise writers) and on PostgreSQL (row locks
on the voucher and the programme); see tests/resources/test_concurrency.py for the server fixture.
"""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from innobelt.accounts.domain import create_api_token
from innobelt.organisations.models import Organisation
from innobelt.vouchers import domain
from innobelt.vouchers.domain.ledger import ledger_sums
from innobelt.vouchers.models import Programme, Voucher
from tests.factories import MembershipFactory, OrganisationFactory
from tests.resources.test_concurrency import _post, concurrent_server  # noqa: F401 (the fixture)
from tests.vouchers.conftest import booking, issue

CLIENTS = 50
WINNERS = 7
SHARE = 350_00  # the voucher's share of one hour at ¥500 with a 30 % co-payment


def _race(url_and_bodies, tokens):
    barrier = threading.Barrier(CLIENTS)
    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(
            pool.map(lambda i: _post(url_and_bodies[i][0], tokens[i], url_and_bodies[i][1], barrier), range(CLIENTS))
        )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_fifty_reservations_against_a_balance_for_seven(concurrent_server, scene):  # noqa: F811 (the fixture)
    voucher = issue(scene, WINNERS * SHARE + 100_00)
    bookings = [booking(scene, n) for n in range(CLIENTS)]
    tokens = [
        create_api_token(user=MembershipFactory(organisation=scene.sme).user, name="race")[1] for _ in range(CLIENTS)
    ]
    server = concurrent_server
    server.open()
    url = f"{server.url}/api/v1/vouchers/{voucher.pk}/reservations"
    results = _race(
        [(url, {"booking": b.pk, "idempotency_key": f"client-{i}"}) for i, b in enumerate(bookings)], tokens
    )

    assert Counter(status for status, _body in results) == {201: WINNERS, 409: CLIENTS - WINNERS}, results[:3]
    for status, body in results:
        if status == 409:
            assert body["error"]["code"] == "conflict"
            assert "¥100.00" in body["error"]["message"], body
            assert body["error"]["details"]["available_fen"] == 100_00
    state = server.run(
        lambda: (
            Voucher.objects.values_list("available_fen", "reserved_fen").get(pk=voucher.pk),
            ledger_sums(voucher.pk),
        )
    )
    assert state[0] == state[1] == (100_00, WINNERS * SHARE)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_fifty_approvals_against_a_budget_for_seven(concurrent_server, scene):  # noqa: F811 (the fixture)
    programme = scene.programme
    Programme.objects.filter(pk=programme.pk).update(budget_fen=WINNERS * 1_000_00 + 500_00)
    applications = []
    for _ in range(CLIENTS):
        firm = OrganisationFactory(kind=Organisation.Kind.SME, city=scene.suzhou, verification="verified")
        member = MembershipFactory(organisation=firm).user
        applications.append(
            domain.apply_for_voucher(
                actor=member, programme=programme, organisation=firm, requested_fen=1_000_00, purpose="Testing."
            )
        )
    token = create_api_token(user=scene.suzhou_operator, name="race")[1]
    server = concurrent_server
    server.open()
    results = _race(
        [(f"{server.url}/api/v1/vouchers/applications/{a.pk}/approve", {"amount_fen": 1_000_00}) for a in applications],
        [token] * CLIENTS,
    )

    assert Counter(status for status, _body in results) == {200: WINNERS, 409: CLIENTS - WINNERS}, results[:3]
    for status, body in results:
        if status == 409:
            assert "¥500.00" in body["error"]["message"], body
            assert body["error"]["details"]["remaining_fen"] == 500_00
    issued, vouchers = server.run(
        lambda: (
            Programme.objects.get(pk=programme.pk).issued_fen,
            sorted(Voucher.objects.filter(programme=programme).values_list("issued_fen", flat=True)),
        )
    )
    assert issued == WINNERS * 1_000_00
    assert vouchers == [1_000_00] * WINNERS
