"""A voucher chosen on the booking page itself (resources/booking_payments.py, vouchers/booking_payer.py): the firm
sees its usable vouchers offered beside the slots and books and reserves in one step, all or nothing."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.test import Client

from innobelt.resources.models import Booking
from innobelt.vouchers.domain.ledger import ledger_sums
from innobelt.vouchers.models import LedgerEntry, Programme, Reservation, Voucher
from tests.factories import BookingFactory, MembershipFactory, OrganisationFactory
from tests.resources.conftest import at
from tests.vouchers.conftest import issue

pytestmark = pytest.mark.django_db
WEEK = f"{at(7, 0):%Y-%m-%d}"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _book(client, scene, slots, payment, *, language="/en"):
    return client.post(f"{language}/resources/{scene.equipment.pk}/book/", {
        "week": WEEK, "slot": [s.isoformat() for s in slots], "repeat_weekly": 1, "payment": payment,
        "payment_key": "form-key-1"})


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _options(page) -> dict[str, str]:
    soup = BeautifulSoup(page.content, "html.parser")
    return {i["value"]: i.parent.get_text(" ", strip=True) for i in soup.select('#payment-choice input[name="payment"]')}


def _unchanged(voucher, amount_fen):
    voucher.refresh_from_db()
    assert (voucher.available_fen, voucher.reserved_fen) == (amount_fen, 0)
    assert ledger_sums(voucher.pk) == (amount_fen, 0)
    assert list(voucher.entries.values_list("kind", flat=True)) == [LedgerEntry.Kind.ISSUE]


def test_a_usable_voucher_is_offered_and_paid_in_the_same_step(scene):
    voucher = issue(scene, 1_000_00)
    sme = _client(scene.sme_member)
    page = sme.get(f"/en/resources/{scene.equipment.pk}/book/?week={WEEK}")
    options = _options(page)
    assert set(options) == {"", f"vouchers:{voucher.pk}"}
    assert f"Voucher #{voucher.pk}, Suzhou innovation vouchers: ¥1,000.00 available" in options[f"vouchers:{voucher.pk}"]
    assert "your co-payment is 30 %" in page.content.decode()
    response = _book(sme, scene, [at(7, 10)], f"vouchers:{voucher.pk}")
    assert response.status_code == 302 and response["Location"] == "/en/resources/bookings/"
    (booking,) = Booking.objects.all()
    (reservation,) = Reservation.objects.all()
    assert (reservation.booking_id, reservation.kind, reservation.voucher_id) == (booking.pk, "booking", voucher.pk)
    assert (reservation.total_fen, reservation.amount_fen, reservation.co_payment_fen) == (500_00, 350_00, 150_00)
    assert "¥350.00 of the voucher is reserved; your co-payment is ¥150.00." in _messages(response)
    voucher.refresh_from_db()
    assert (voucher.available_fen, voucher.reserved_fen) == (650_00, 350_00) == ledger_sums(voucher.pk)


def test_in_chinese_the_choice_reads_in_chinese(scene):
    voucher = issue(scene, 1_000_00)
    page = _client(scene.sme_member).get(f"/resources/{scene.equipment.pk}/book/?week={WEEK}").content.decode()
    assert f"vouchers:{voucher.pk}" in page and "创新券" in page and "自付" in page


def test_a_balance_too_small_books_nothing(scene):
    voucher = issue(scene, 100_00)  # the voucher's share of an hour is ¥350.00
    response = _book(_client(scene.sme_member), scene, [at(7, 10)], f"vouchers:{voucher.pk}")
    assert response.status_code == 200
    assert _messages(response) == ["Nothing was booked or paid: The voucher has ¥100.00 available; its share of this "
                                   "bill is ¥350.00."]
    assert not Booking.objects.exists() and not Reservation.objects.exists()
    _unchanged(voucher, 100_00)


def test_two_runs_one_voucher_covering_one_books_neither(scene):
    voucher = issue(scene, 500_00)  # covers one hour's share (¥350.00), not two
    response = _book(_client(scene.sme_member), scene, [at(7, 10), at(7, 14)], f"vouchers:{voucher.pk}")
    assert response.status_code == 200 and "¥150.00 available" in _messages(response)[0]
    assert not Booking.objects.exists() and not Reservation.objects.exists()
    _unchanged(voucher, 500_00)


def test_a_taken_slot_reserves_nothing(scene):
    voucher = issue(scene, 1_000_00)
    rival = BookingFactory(resource=scene.equipment, start=at(7, 10), end=at(7, 11))
    response = _book(_client(scene.sme_member), scene, [at(7, 10)], f"vouchers:{voucher.pk}")
    assert response.status_code == 200 and "overlaps booking" in _messages(response)[0]
    assert list(Booking.objects.all()) == [rival] and not Reservation.objects.exists()
    _unchanged(voucher, 1_000_00)


def test_another_firms_voucher_id_is_refused_and_nothing_is_booked(scene):
    other = OrganisationFactory(city=scene.suzhou)
    theirs = Voucher.objects.create(programme=scene.programme, organisation=other, issued_fen=1_000_00,
                                    available_fen=0, expires_on=at(90, 0).date())
    for forged in (f"vouchers:{theirs.pk}", "vouchers:999999", "vouchers:x", "nobody:1"):
        response = _book(_client(scene.sme_member), scene, [at(7, 10)], forged)
        assert response.status_code == 200, forged
        assert _messages(response)[0] in ("Nothing was booked or paid: Choose one of your organisation's vouchers.",
                                          "Nothing was booked or paid: Choose how to pay from the list.")
    assert not Booking.objects.exists() and not Reservation.objects.exists()


def test_no_voucher_chosen_books_as_before(scene):
    voucher = issue(scene, 1_000_00)
    response = _book(_client(scene.sme_member), scene, [at(7, 10)], "")
    assert response.status_code == 302 and Booking.objects.count() == 1 and not Reservation.objects.exists()
    _unchanged(voucher, 1_000_00)


def test_only_usable_vouchers_are_offered(scene):
    usable = issue(scene, 1_000_00)
    own_city_only = Programme.objects.create(
        authority=scene.suzhou, name_zh="只在苏州", budget_fen=1_000_000_00, per_firm_cap_fen=1_000_00,
        uses=["instrument_time"], spendable=Programme.Spendable.OWN_CITY, verified_only=False,
        opens_on=scene.programme.opens_on, closes_on=scene.programme.closes_on)
    not_here = issue(scene, 1_000_00, programme=own_city_only)  # the Pudong instrument is not in Suzhou
    empty = issue(scene, 1_000_00)
    Voucher.objects.filter(pk=empty.pk).update(available_fen=0, reserved_fen=1_000_00)
    sme = _client(scene.sme_member)
    options = _options(sme.get(f"/en/resources/{scene.equipment.pk}/book/?week={WEEK}"))
    assert set(options) == {"", f"vouchers:{usable.pk}"}
    local = _options(sme.get(f"/en/resources/{scene.local_equipment.pk}/book/?week={WEEK}"))
    assert f"vouchers:{not_here.pk}" in local and f"vouchers:{usable.pk}" in local  # both pay in Suzhou
    outsider = MembershipFactory(organisation=OrganisationFactory()).user  # no access request: not even the page
    assert _client(outsider).get(f"/en/resources/{scene.equipment.pk}/book/?week={WEEK}").status_code == 403


def test_the_offer_reads_every_voucher_in_a_fixed_number_of_queries(scene, django_assert_max_num_queries):
    issue(scene, 1_000_00)
    sme = _client(scene.sme_member)
    url = f"/en/resources/{scene.equipment.pk}/book/?week={WEEK}"
    sme.get(url)
    with django_assert_max_num_queries(100) as counted:
        sme.get(url)
    few = len(counted.captured_queries)
    for _ in range(4):
        issue(scene, 1_000_00)
    with django_assert_max_num_queries(few) as counted:
        assert len(_options(sme.get(url))) == 6
