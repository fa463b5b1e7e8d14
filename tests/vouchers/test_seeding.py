from innobelt.vouchers.domain import ledger
from innobelt.vouchers.models import Application, Claim, Programme, Reservation, SettlementLine, SettlementPeriod, Voucher
from innobelt.vouchers.queries import city_pairs


def test_the_demo_has_a_suzhou_programme_accepted_in_pudong_and_a_pudong_programme(belt):
    suzhou = Programme.objects.get(authority__slug="suzhou")
    assert {c.slug for c in suzhou.accepted_in.all()} == {"pudong", "baoshan"}
    assert Programme.objects.filter(authority__slug="pudong").count() == 1
    voucher = Voucher.objects.get(programme=suzhou)
    assert voucher.organisation.slug == "suzhou-wafertest"
    assert Application.objects.filter(status="pending").count() == 1

    # One cross-city redemption: a Pudong climate chamber, ¥150 for half an hour, the voucher paid 70 %.
    redeemed = Reservation.objects.select_related("booking", "provider", "provider_city").get(voucher=voucher)
    assert (redeemed.status, redeemed.total_fen, redeemed.amount_fen, redeemed.co_payment_fen) == ("redeemed", 150_00, 105_00, 45_00)
    assert (redeemed.provider.slug, redeemed.provider_city.slug) == ("comac-innovation-valley", "pudong")
    assert redeemed.booking.checked_in_at is not None and hasattr(redeemed.booking.access_request, "outcome")
    assert (voucher.available_fen, voucher.reserved_fen) == (50_000_00 - 105_00, 0)
    claim = Claim.objects.get(programme=suzhou)
    assert (claim.status, claim.amount_fen, claim.programme) == ("approved", 105_00, suzhou)
    platform = claim.decided_by
    pairs = {(p["issuer_en"], p["spent_en"]): (p["count"], p["amount_fen"], p["cross_city"]) for p in city_pairs(platform)}
    assert pairs[("Suzhou", "Pudong New Area")] == (1, 105_00, True)

    # Suzhou closed the month so far: one period, COMAC's line of ¥105.
    period = SettlementPeriod.objects.get()
    assert (period.authority.slug, period.amount_fen) == ("suzhou", 105_00)
    line = SettlementLine.objects.get()
    assert (line.period, line.reservation, line.payee.slug, line.amount_fen) == (period, redeemed, "comac-innovation-valley", 105_00)


def test_the_demo_has_putuo_and_nanjing_programmes_and_a_reimbursing_programme_with_a_claim(belt):
    putuo = Programme.objects.get(authority__slug="putuo")
    nanjing = Programme.objects.get(authority__slug="nanjing")
    assert {c.slug for c in putuo.accepted_in.all()} == {"suzhou", "nanjing"}
    assert {c.slug for c in nanjing.accepted_in.all()} == {"pudong", "suzhou"}
    assert putuo.spendable == nanjing.spendable == Programme.Spendable.ACCEPTING

    # Baoshan's programme reimburses: MembraneTech paid ¥150 in full at the Pudong chamber, ¥90 (60 %) is its claim.
    baoshan = Programme.objects.get(authority__slug="baoshan")
    assert baoshan.mode == Programme.Mode.REIMBURSEMENT
    voucher = Voucher.objects.get(programme=baoshan)
    assert voucher.organisation.slug == "shanghai-membranetech"
    share = Reservation.objects.select_related("provider", "provider_city").get(voucher=voucher)
    assert (share.status, share.total_fen, share.amount_fen) == ("redeemed", 150_00, 90_00)
    assert (share.provider.slug, share.provider_city.slug) == ("comac-innovation-valley", "pudong")
    claim = Claim.objects.get(programme=baoshan)
    assert (claim.kind, claim.status, claim.provider, claim.amount_fen) == ("reimbursement", "submitted", voucher.organisation, 90_00)
    platform = Claim.objects.get(programme__authority__slug="suzhou").decided_by
    pairs = {(p["issuer_en"], p["spent_en"]): (p["count"], p["cross_city"]) for p in city_pairs(platform)}
    assert pairs[("Baoshan District", "Pudong New Area")] == (1, True)  # two cross-city redemptions in all


def test_the_demo_redeems_under_the_putuo_and_nanjing_programmes_across_cities(belt):
    from innobelt.web.demo import demo_emails

    putuo = Programme.objects.get(authority__slug="putuo")
    nanjing = Programme.objects.get(authority__slug="nanjing")

    # A Nanjing firm's Nanjing voucher pays 50 % of half an hour on the Pudong chamber: redeemed, claimed, approved.
    share = Reservation.objects.select_related("voucher__organisation", "provider", "provider_city", "booking").get(
        voucher__programme=nanjing)
    assert (share.voucher.organisation.slug, share.voucher.organisation.city.slug) == ("demo-nanjing-micronano-sensing", "nanjing")
    assert (share.status, share.use, share.total_fen, share.amount_fen, share.co_payment_fen) == (
        "redeemed", "instrument_time", 150_00, 75_00, 75_00)
    assert (share.provider.slug, share.provider_city.slug) == ("comac-innovation-valley", "pudong")
    assert share.booking.checked_in_at is not None
    assert (share.claim.status, share.claim.amount_fen, share.claim.programme) == ("approved", 75_00, nanjing)

    # A Putuo firm's Putuo voucher pays 60 % of a sample job (2 × ¥400) at a Nanjing laboratory.
    job_share = Reservation.objects.select_related("voucher__organisation", "provider", "provider_city", "sample_job").get(
        voucher__programme=putuo)
    assert (job_share.voucher.organisation.slug, job_share.voucher.organisation.city.slug) == ("demo-putuo-lumin-optics", "putuo")
    assert (job_share.status, job_share.use, job_share.total_fen, job_share.amount_fen, job_share.co_payment_fen) == (
        "redeemed", "sample_testing", 800_00, 480_00, 320_00)
    assert (job_share.provider.slug, job_share.provider_city.slug) == ("demo-nanjing-ic-testing-center", "nanjing")
    assert job_share.sample_job.status == "completed"
    assert (job_share.claim.status, job_share.claim.amount_fen, job_share.claim.provider) == ("approved", 480_00, job_share.provider)

    # The ledger agrees with the columns, the budgets with what was issued.
    for voucher in (share.voucher, job_share.voucher):
        voucher.refresh_from_db()
        assert ledger.ledger_sums(voucher.pk) == (voucher.available_fen, voucher.reserved_fen) == (voucher.issued_fen - voucher.redeemed_fen, 0)
    assert (nanjing.issued_fen, putuo.issued_fen) == (20_000_00, 10_000_00)
    pairs = {(p["issuer_en"], p["spent_en"]): (p["count"], p["amount_fen"], p["cross_city"])
             for p in city_pairs(share.claim.decided_by)}
    assert pairs[("Nanjing", "Pudong New Area")] == (1, 75_00, True)
    assert pairs[("Putuo District", "Nanjing")] == (1, 480_00, True)
    # The demo firms' accounts are demo accounts (the published password, listed for the production check).
    assert {"nanjing-sme@innobelt.local", "putuo-sme@innobelt.local", "nanjing-lab@innobelt.local"} <= demo_emails()


def test_loading_the_demo_again_changes_nothing(belt):
    from innobelt.vouchers.seeding import load_vouchers_demo
    from innobelt.web.demo import load_demo

    counted = [Programme, Voucher, Reservation, Claim, SettlementPeriod]
    before = [model.objects.count() for model in counted]
    assert "demo data" in load_demo() and load_vouchers_demo() == {}
    assert [model.objects.count() for model in counted] == before
