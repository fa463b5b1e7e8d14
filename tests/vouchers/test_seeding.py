from innobelt.vouchers.models import Application, Claim, Programme, Reservation, SettlementLine, SettlementPeriod, Voucher
from innobelt.vouchers.queries import city_pairs


def test_the_demo_has_a_suzhou_programme_accepted_in_pudong_and_a_pudong_programme(belt):
    suzhou = Programme.objects.get(authority__slug="suzhou")
    assert {c.slug for c in suzhou.accepted_in.all()} == {"pudong", "baoshan"}
    assert Programme.objects.filter(authority__slug="pudong").count() == 1
    voucher = Voucher.objects.get()
    assert voucher.organisation.slug == "suzhou-wafertest"
    assert Application.objects.filter(status="pending").count() == 1

    # One cross-city redemption: a Pudong climate chamber, ¥150 for half an hour, the voucher paid 70 %.
    redeemed = Reservation.objects.select_related("booking", "provider", "provider_city").get()
    assert (redeemed.status, redeemed.total_fen, redeemed.amount_fen, redeemed.co_payment_fen) == ("redeemed", 150_00, 105_00, 45_00)
    assert (redeemed.provider.slug, redeemed.provider_city.slug) == ("comac-innovation-valley", "pudong")
    assert redeemed.booking.checked_in_at is not None and hasattr(redeemed.booking.access_request, "outcome")
    assert (voucher.available_fen, voucher.reserved_fen) == (50_000_00 - 105_00, 0)
    claim = Claim.objects.get()
    assert (claim.status, claim.amount_fen, claim.programme) == ("approved", 105_00, suzhou)
    platform = claim.decided_by
    assert [(p["issuer_en"], p["spent_en"], p["count"], p["amount_fen"]) for p in city_pairs(platform)] == [("Suzhou", "Pudong New Area", 1, 105_00)]

    # Suzhou closed the month so far: one period, COMAC's line of ¥105.
    period = SettlementPeriod.objects.get()
    assert (period.authority.slug, period.amount_fen) == ("suzhou", 105_00)
    line = SettlementLine.objects.get()
    assert (line.period, line.reservation, line.payee.slug, line.amount_fen) == (period, redeemed, "comac-innovation-valley", 105_00)
