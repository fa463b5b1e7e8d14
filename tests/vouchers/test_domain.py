from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innobelt.resources.domain.access import report_outcome
from innobelt.resources.domain.bookings import cancel_booking
from innobelt.vouchers import domain
from innobelt.vouchers.domain import ledger
from innobelt.vouchers.domain.claims import submit_claim
from innobelt.vouchers.models import Application, LedgerEntry, Programme, Reservation, Use, Voucher
from innobelt.vouchers.queries import city_pairs
from tests.factories import OrganisationFactory, UserFactory
from tests.vouchers.conftest import booking, issue


def _balanced(voucher: Voucher) -> None:
    voucher.refresh_from_db()
    assert ledger.ledger_sums(voucher.pk) == (voucher.available_fen, voucher.reserved_fen)


def test_approval_issues_a_voucher_with_an_expiry_and_draws_the_budget(scene):
    voucher = issue(scene, 5_000_00)
    scene.programme.refresh_from_db()
    assert (voucher.issued_fen, voucher.available_fen, voucher.reserved_fen) == (5_000_00, 5_000_00, 0)
    assert voucher.expires_on == timezone.localdate() + timedelta(days=180)
    assert scene.programme.issued_fen == 5_000_00
    assert list(voucher.entries.values_list("kind", "available_change_fen")) == [("issue", 5_000_00)]
    assert voucher.application.status == Application.Status.APPROVED


def test_approval_never_above_the_remaining_budget(scene):
    scene.programme.budget_fen, scene.programme.per_firm_cap_fen = 1_000_00, 1_000_00
    scene.programme.save()
    other = OrganisationFactory(kind="sme", city=scene.suzhou, verification="verified")
    from tests.factories import MembershipFactory

    member = MembershipFactory(organisation=other).user
    first = domain.apply_for_voucher(
        actor=scene.sme_member, programme=scene.programme, organisation=scene.sme, requested_fen=800_00, purpose="x"
    )
    second = domain.apply_for_voucher(
        actor=member, programme=scene.programme, organisation=other, requested_fen=800_00, purpose="y"
    )
    domain.approve_application(actor=scene.suzhou_operator, application=first, amount_fen=800_00)
    with pytest.raises(domain.BudgetExhausted) as exc:
        domain.approve_application(actor=scene.suzhou_operator, application=second, amount_fen=800_00)
    assert "¥200.00" in exc.value.message
    assert exc.value.details == {"remaining_fen": 200_00, "requested_fen": 800_00}
    domain.approve_application(actor=scene.suzhou_operator, application=second, amount_fen=200_00)
    scene.programme.refresh_from_db()
    assert scene.programme.issued_fen == scene.programme.budget_fen


def test_only_the_issuing_citys_operators_decide(scene):
    application = domain.apply_for_voucher(
        actor=scene.sme_member, programme=scene.programme, organisation=scene.sme, requested_fen=100_00, purpose="x"
    )
    with pytest.raises(PermissionDenied):
        domain.approve_application(actor=scene.pudong_operator, application=application, amount_fen=100_00)
    with pytest.raises(PermissionDenied):
        domain.create_programme(
            actor=scene.pudong_operator,
            authority=scene.suzhou,
            name_zh="x",
            budget_fen=1,
            per_firm_cap_fen=1,
            co_payment_percent=0,
            uses=[Use.INSTRUMENT_TIME],
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate(),
        )


def test_eligibility_city_verification_cap(scene):
    elsewhere = OrganisationFactory(kind="sme", city=scene.pudong, verification="verified")
    from tests.factories import MembershipFactory

    member = MembershipFactory(organisation=elsewhere).user
    with pytest.raises(ValidationError, match="registered in Suzhou"):
        domain.apply_for_voucher(
            actor=member, programme=scene.programme, organisation=elsewhere, requested_fen=1, purpose="x"
        )
    with pytest.raises(ValidationError, match="cap per firm"):
        domain.apply_for_voucher(
            actor=scene.sme_member,
            programme=scene.programme,
            organisation=scene.sme,
            requested_fen=scene.programme.per_firm_cap_fen + 1,
            purpose="x",
        )
    scene.sme.verification = "unverified"
    scene.sme.save()
    with pytest.raises(ValidationError, match="verified"):
        domain.apply_for_voucher(
            actor=scene.sme_member, programme=scene.programme, organisation=scene.sme, requested_fen=1, purpose="x"
        )


def test_reserve_shows_the_co_payment_and_cancel_releases(scene):
    voucher = issue(scene, 1_000_00)
    made = booking(scene, hours=2)
    reservation, created = domain.reserve_voucher(
        actor=scene.sme_member, voucher=voucher, booking=made, idempotency_key="k1"
    )
    assert created
    assert (reservation.total_fen, reservation.amount_fen, reservation.co_payment_fen) == (1_000_00, 700_00, 300_00)
    assert reservation.provider_city == scene.pudong
    voucher.refresh_from_db()
    assert (voucher.available_fen, voucher.reserved_fen) == (300_00, 700_00)
    cancel_booking(actor=scene.sme_member, booking=made, reason="plans changed")
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.RELEASED
    voucher.refresh_from_db()
    assert (voucher.available_fen, voucher.reserved_fen) == (1_000_00, 0)
    _balanced(voucher)


def test_a_retried_reservation_with_the_same_key_reserves_once(scene):
    voucher = issue(scene, 1_000_00)
    made = booking(scene)
    first, created = domain.reserve_voucher(
        actor=scene.sme_member, voucher=voucher, booking=made, idempotency_key="same"
    )
    again, created_again = domain.reserve_voucher(
        actor=scene.sme_member, voucher=voucher, booking=made, idempotency_key="same"
    )
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert voucher.entries.filter(kind="reserve").count() == 1
    _balanced(voucher)


def test_insufficient_balance_is_a_conflict_naming_the_balance(scene):
    voucher = issue(scene, 300_00)
    with pytest.raises(domain.InsufficientBalance) as exc:
        domain.reserve_voucher(actor=scene.sme_member, voucher=voucher, booking=booking(scene), idempotency_key="k")
    assert "¥300.00" in exc.value.message and "¥350.00" in exc.value.message


def test_not_spendable_in_a_city_that_did_not_accept(scene):
    domain.accept_programme(actor=scene.pudong_operator, programme=scene.programme, city=scene.pudong, accept=False)
    voucher = issue(scene, 1_000_00)
    with pytest.raises(ValidationError, match="cannot be spent in this equipment's city"):
        domain.reserve_voucher(actor=scene.sme_member, voucher=voucher, booking=booking(scene), idempotency_key="k")
    reservation, _ = domain.reserve_voucher(
        actor=scene.sme_member, voucher=voucher, booking=booking(scene, local=True), idempotency_key="k2"
    )
    assert reservation.provider_city == scene.suzhou


def test_outcome_report_redeems_ended_bookings_then_claim_and_figures(scene):
    voucher = issue(scene, 1_000_00)
    made = booking(scene)
    reservation, _ = domain.reserve_voucher(actor=scene.sme_member, voucher=voucher, booking=made, idempotency_key="k")
    made.start, made.end = timezone.now() - timedelta(hours=3), timezone.now() - timedelta(hours=2)
    made.save()
    report_outcome(user=scene.sme_member, access_request=scene.access, summary="Housings passed the salt-spray test.")
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.REDEEMED
    voucher.refresh_from_db()
    assert (voucher.available_fen, voucher.reserved_fen) == (650_00, 0)
    _balanced(voucher)
    claim = submit_claim(actor=scene.lab_admin, provider=scene.lab, programme=scene.programme)
    assert claim.amount_fen == 350_00
    with pytest.raises(PermissionDenied):
        domain.decide_claim(actor=scene.pudong_operator, claim=claim, approve=True)
    with pytest.raises(ValidationError):
        domain.decide_claim(actor=scene.suzhou_operator, claim=claim, approve=False)
    assert domain.decide_claim(actor=scene.suzhou_operator, claim=claim, approve=True).status == "approved"
    pairs = city_pairs(scene.pudong_operator)
    assert [(p["issuer_en"], p["spent_en"], p["count"], p["amount_fen"], p["cross_city"]) for p in pairs] == [
        ("Suzhou", "Pudong", 1, 350_00, True)
    ]
    with pytest.raises(ValidationError):
        submit_claim(actor=scene.lab_admin, provider=scene.lab, programme=scene.programme)


def test_periodic_redeem_after_the_booking_ends(scene):
    voucher = issue(scene, 1_000_00)
    made = booking(scene)
    domain.reserve_voucher(actor=scene.sme_member, voucher=voucher, booking=made, idempotency_key="k")
    report_outcome(user=scene.sme_member, access_request=scene.access, summary="Done.")
    assert domain.redeem_due() == 0  # not ended yet
    assert domain.redeem_due(now=made.end + timedelta(minutes=1)) == 1
    _balanced(voucher)


def test_outcome_report_redeems_a_checked_in_booking_before_it_ends(scene):
    voucher = issue(scene, 1_000_00)
    done, waiting = booking(scene), booking(scene, 1)
    for made, key in ((done, "k1"), (waiting, "k2")):
        domain.reserve_voucher(actor=scene.sme_member, voucher=voucher, booking=made, idempotency_key=key)
    done.checked_in_at, done.checked_in_by = timezone.now(), scene.sme_member  # at the instrument: the work took place
    done.save(update_fields=["checked_in_at", "checked_in_by"])
    report_outcome(user=scene.sme_member, access_request=scene.access, summary="Done.")
    statuses = dict(Reservation.objects.values_list("booking_id", "status"))
    assert statuses == {done.pk: Reservation.Status.REDEEMED, waiting.pk: Reservation.Status.RESERVED}
    _balanced(voucher)


def test_expiry_takes_what_is_available_and_leaves_reservations(scene):
    voucher = issue(scene, 1_000_00)
    reservation, _ = domain.reserve_voucher(
        actor=scene.sme_member, voucher=voucher, booking=booking(scene), idempotency_key="k"
    )
    assert domain.expire_vouchers(today=voucher.expires_on) == 0
    assert domain.expire_vouchers(today=voucher.expires_on + timedelta(days=1)) == 1
    voucher.refresh_from_db()
    assert (voucher.status, voucher.available_fen, voucher.reserved_fen) == ("expired", 0, 350_00)
    domain.release_reservation(actor=scene.sme_member, reservation=reservation)
    voucher.refresh_from_db()
    assert (voucher.available_fen, voucher.reserved_fen) == (0, 0)
    assert list(voucher.entries.values_list("kind", flat=True)) == ["issue", "reserve", "expire", "release", "expire"]
    _balanced(voucher)


def test_someone_else_cannot_spend_the_voucher(scene):
    voucher = issue(scene, 1_000_00)
    with pytest.raises(PermissionDenied):
        domain.reserve_voucher(actor=UserFactory(), voucher=voucher, booking=booking(scene), idempotency_key="k")
    assert LedgerEntry.objects.filter(kind="reserve").count() == 0
    assert Programme.objects.count() == 1


def test_a_no_show_releases_its_share_in_the_periodic_step(scene):
    from innobelt.resources.domain.checkin import release_no_shows
    from innobelt.vouchers.tasks import task_redeem_completed

    scene.equipment.check_in_grace_minutes = 15
    scene.equipment.save(update_fields=["check_in_grace_minutes"])
    voucher = issue(scene, 1_000_00)
    missed, kept = booking(scene), booking(scene, 1)
    for made, key in ((missed, "k1"), (kept, "k2")):
        domain.reserve_voucher(actor=scene.sme_member, voucher=voucher, booking=made, idempotency_key=key)
    assert release_no_shows(now=missed.start + timedelta(minutes=20)) == 1  # resources' step: the slot goes to the waitlist
    assert task_redeem_completed() == 1
    statuses = dict(Reservation.objects.values_list("booking_id", "status"))
    assert statuses == {missed.pk: Reservation.Status.RELEASED, kept.pk: Reservation.Status.RESERVED}
    voucher.refresh_from_db()
    assert (voucher.available_fen, voucher.reserved_fen) == (650_00, 350_00)
    assert domain.release_stale() == 0  # once
    _balanced(voucher)
