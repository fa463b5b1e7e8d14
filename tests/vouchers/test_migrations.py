"""Migration 0005 (claw-backs) on a database that already holds vouchers: its backfill gives every earlier redeem
entry its change of the new `redeemed` pot and every voucher its `redeemed_fen`, so the columns equal what the
ledger sums to (docs/adr/0801-vouchers.md, "Claw-backs"). The rows are written with the models as they were at
0004; the other apps' tables do not change between the two states, so their factories make the bookings paid."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from innobelt.vouchers.domain import ledger
from innobelt.vouchers.domain.claw_backs import claw_back
from innobelt.vouchers.models import LedgerEntry, Reservation, Voucher
from tests.factories import BookingFactory, CityFactory, OrganisationFactory, UserFactory

BEFORE = ("vouchers", "0004_settlement_periods_and_reimbursement")


def _vouchers_at_0004(apps, city, firm, provider, user) -> dict[str, list[int]]:
    """Three vouchers through the old ledger (two pots): one with two redemptions, a reservation still held and
    one released; one with a redemption and an expiry; one never spent. Returns the voucher ids and the redeemed
    shares per voucher."""
    Programme = apps.get_model("vouchers", "Programme")
    Voucher0004 = apps.get_model("vouchers", "Voucher")
    Reservation0004 = apps.get_model("vouchers", "Reservation")
    Entry = apps.get_model("vouchers", "LedgerEntry")
    programme = Programme.objects.create(
        authority_id=city.pk, name_zh="旧项目", budget_fen=100_000_00, issued_fen=3_000_00 + 2_000_00 + 500_00,
        per_firm_cap_fen=50_000_00, uses=["instrument_time"], opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31))
    redeemed: dict[int, list[int]] = {}

    def voucher(issued: int, steps: list[tuple[str, int]]) -> int:
        v = Voucher0004.objects.create(programme_id=programme.pk, organisation_id=firm.pk, issued_fen=issued,
                                       expires_on=date(2027, 6, 30))
        available, reserved = issued, 0
        Entry.objects.create(voucher_id=v.pk, kind="issue", available_change_fen=issued, reserved_change_fen=0)
        redeemed[v.pk] = []
        for what, amount in steps:
            if what == "expire":
                Entry.objects.create(voucher_id=v.pk, kind="expire", available_change_fen=-amount, reserved_change_fen=0)
                available -= amount
                continue
            paid = BookingFactory(access_request__organisation=firm, access_request__resource__owner=provider)
            share = Reservation0004.objects.create(
                voucher_id=v.pk, booking_id=paid.pk, provider_id=provider.pk, provider_city_id=city.pk,
                use="instrument_time", idempotency_key=f"old-{paid.pk}", total_fen=amount * 2, amount_fen=amount,
                co_payment_fen=amount, created_by_id=user.pk,
                status={"hold": "reserved", "redeem": "redeemed", "release": "released"}[what])
            Entry.objects.create(voucher_id=v.pk, kind="reserve", available_change_fen=-amount,
                                 reserved_change_fen=amount, reservation_id=share.pk)
            available, reserved = available - amount, reserved + amount
            if what == "redeem":
                Entry.objects.create(voucher_id=v.pk, kind="redeem", available_change_fen=0,
                                     reserved_change_fen=-amount, reservation_id=share.pk)
                reserved -= amount
                redeemed[v.pk].append(amount)
            elif what == "release":
                Entry.objects.create(voucher_id=v.pk, kind="release", available_change_fen=amount,
                                     reserved_change_fen=-amount, reservation_id=share.pk)
                available, reserved = available + amount, reserved - amount
        Voucher0004.objects.filter(pk=v.pk).update(available_fen=available, reserved_fen=reserved,
                                                   status="expired" if any(s == "expire" for s, _ in steps) else "active")
        return v.pk

    voucher(3_000_00, [("redeem", 350_00), ("hold", 200_00), ("release", 100_00), ("redeem", 125_50)])
    voucher(2_000_00, [("redeem", 999_99), ("expire", 1_000_01)])
    voucher(500_00, [])
    return redeemed


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_backfill_gives_earlier_redemptions_their_redeemed_pot():
    city = CityFactory()
    firm = OrganisationFactory(city=city)
    provider = OrganisationFactory(city=city)
    user = UserFactory()
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    try:
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        redeemed = _vouchers_at_0004(old, city, firm, provider, user)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert sorted(len(shares) for shares in redeemed.values()) == [0, 1, 2]
    for voucher in Voucher.objects.filter(pk__in=redeemed):
        assert voucher.redeemed_fen == ledger.redeemed_sum(voucher.pk) == sum(redeemed[voucher.pk])
        assert ledger.ledger_sums(voucher.pk) == (voucher.available_fen, voucher.reserved_fen)
        shares = Reservation.objects.filter(voucher=voucher, status="redeemed")
        assert voucher.redeemed_fen == sum(s.amount_fen for s in shares)
        assert (voucher.issued_fen == voucher.available_fen + voucher.reserved_fen + voucher.redeemed_fen
                + sum(-e.available_change_fen for e in voucher.entries.filter(kind="expire")))
    entries = LedgerEntry.objects.filter(voucher_id__in=redeemed)
    assert all(e.redeemed_change_fen == -e.reserved_change_fen > 0 for e in entries.filter(kind="redeem"))
    assert set(entries.exclude(kind="redeem").values_list("redeemed_change_fen", flat=True)) == {0}

    # The redeemed pot is real: an earlier redemption can be clawed back in full, and not a fen more.
    share = Reservation.objects.filter(voucher_id__in=redeemed, status="redeemed").order_by("pk").first()
    operator = UserFactory(operator_for=[city])
    claw_back(actor=operator, reservation=share, amount_fen=share.amount_fen, reason="Evidence was false.")
    voucher = Voucher.objects.get(pk=share.voucher_id)
    assert voucher.redeemed_fen == ledger.redeemed_sum(voucher.pk) == sum(redeemed[voucher.pk]) - share.amount_fen
