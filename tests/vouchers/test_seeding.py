from innobelt.vouchers.models import Application, Programme, Voucher


def test_the_demo_has_a_suzhou_programme_accepted_in_pudong_and_a_pudong_programme(belt):
    suzhou = Programme.objects.get(authority__slug="suzhou")
    assert {c.slug for c in suzhou.accepted_in.all()} == {"pudong", "baoshan"}
    assert Programme.objects.filter(authority__slug="pudong").count() == 1
    voucher = Voucher.objects.get()
    assert (voucher.organisation.slug, voucher.available_fen) == ("suzhou-wafertest", 50_000_00)
    assert Application.objects.filter(status="pending").count() == 1
