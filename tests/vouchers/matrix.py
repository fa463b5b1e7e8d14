"""Permission matrix rows of innovation vouchers (loaded by tests/test_permission_matrix.py and tests/test_id_guessing.py).

The world: city W issues programme `prog` (operator_w runs it; open to unverified firms; spendable in
accepting cities, and city X accepted it). Org A (city W) holds `voucher_a` and has `app_pending`
waiting. Org B (city X) owns a priced instrument; org A booked it four times: `res_reserved` holds a
share, `res_claimed` was redeemed and claimed (`claim_b`), `res_redeemed` was redeemed and not yet
claimed, and `free_booking` has no voucher yet. Before those, `res_settled` was redeemed, claimed, approved and
settled in `period` (the last 30 days, closed by operator_w): org B's statement. Org A's `sample_job` at org B's
instrument has its quote accepted (the page where org A pays it with a voucher). What the caller may not see is
404, never 403.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from innobelt.organisations.models import Membership
from innobelt.resources.domain.pricing import set_prices
from innobelt.resources.domain.samples import accept_sample_quote, quote_sample_job, submit_sample_job
from innobelt.resources.domain.statements import issue_booking_line
from innobelt.vouchers import domain
from innobelt.vouchers.domain.settlement import close_period
from innobelt.vouchers.domain.spending import _settle
from innobelt.vouchers.models import LedgerEntry, Programme, Reservation, Use
from tests.factories import (
    AccessRequestFactory,
    BookingFactory,
    MembershipFactory,
    OrganisationFactory,
    ResourceFactory,
)

L = "login"
ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


def everyone(status):
    return row(*[status] * 7)


def make_programme(world, **changes):
    today = timezone.localdate()
    values = dict(
        authority=world.city_w,
        name_zh="W 市科技创新券",
        name_en="City W vouchers",
        budget_fen=10_000_000,
        per_firm_cap_fen=1_000_000,
        co_payment_percent=30,
        uses=[Use.INSTRUMENT_TIME],
        verified_only=False,
        spendable=Programme.Spendable.ACCEPTING,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
    )
    values.update(changes)
    return domain.create_programme(actor=world.users["operator_w"], **values)


def make_booking(world, access, n):
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=3, hours=n)
    booking = BookingFactory(access_request=access, start=start, end=start + timedelta(hours=1))
    issue_booking_line(booking=booking)
    return booking


def reserve(world, voucher, booking, key, *, redeem=False):
    reservation, _ = domain.reserve_voucher(
        actor=world.users["member"], voucher=voucher, booking=booking, idempotency_key=key
    )
    if redeem:
        with transaction.atomic():
            reservation = _settle(reservation, LedgerEntry.Kind.REDEEM, actor=None)
    return reservation


def extend_world(world):
    operator_w = world.users["operator_w"]
    prog = make_programme(world)
    domain.accept_programme(actor=world.users["operator_x"], programme=prog, city=world.city_x)
    member = world.users["member"]
    issued = domain.apply_for_voucher(
        actor=member,
        programme=prog,
        organisation=world.org_a,
        requested_fen=500_000,
        purpose="Instrument time for our pilot.",
    )
    voucher_a = domain.approve_application(actor=operator_w, application=issued, amount_fen=500_000)
    app_pending = domain.apply_for_voucher(
        actor=member,
        programme=prog,
        organisation=world.org_a,
        requested_fen=100_000,
        purpose="SECRET-PURPOSE-2218 more testing",
    )
    equipment = ResourceFactory(owner=world.org_b, city=world.city_x)
    set_prices(actor=world.users["admin_b"], resource=equipment, prices={("sme", "hour"): "100"})
    access = AccessRequestFactory(resource=equipment, organisation=world.org_a, requested_by=member)
    res_reserved = reserve(world, voucher_a, make_booking(world, access, 0), "k-reserved")
    res_settled = reserve(world, voucher_a, make_booking(world, access, 4), "k-settled", redeem=True)
    settled_claim = domain.submit_claim(actor=world.users["admin_b"], provider=world.org_b, programme=prog)
    domain.decide_claim(actor=operator_w, claim=settled_claim, approve=True)
    today = timezone.localdate()
    period = close_period(actor=operator_w, authority=world.city_w, starts_on=today - timedelta(days=30), ends_on=today)
    equipment.accepts_samples = True
    equipment.save()
    set_prices(actor=world.users["admin_b"], resource=equipment, prices={("sme", "hour"): "100", ("sme", "sample"): "80"})
    job = submit_sample_job(actor=member, access_request=access, samples=2, description="Two housings", method="XRF")
    job = quote_sample_job(actor=world.users["admin_b"], job=job, turnaround_days=3)
    sample_job = accept_sample_quote(actor=member, job=job)
    res_claimed = reserve(world, voucher_a, make_booking(world, access, 1), "k-claimed", redeem=True)
    claim_b = domain.submit_claim(actor=world.users["admin_b"], provider=world.org_b, programme=prog)
    res_redeemed = reserve(world, voucher_a, make_booking(world, access, 2), "k-redeemed", redeem=True)
    world.extra.update(
        prog=prog,
        voucher_a=voucher_a,
        app_pending=app_pending,
        res_reserved=res_reserved,
        res_claimed=res_claimed,
        res_redeemed=res_redeemed,
        claim_b=claim_b,
        free_booking=make_booking(world, access, 3),
        res_settled=res_settled,
        period=period,
        sample_job=sample_job,
    )


def _x(world, name):
    return world.extra[name].pk


OPERATORS = row(L, 403, 403, 403, 200, 200, 200)
SETTLEMENT_READERS = row(L, 404, 404, 200, 200, 404, 200)
SAMPLE_JOB_PAGE = row(L, 200, 200, 403, 404, 404, 403)  # org B and platform operators see the job


def _days_ago(days):
    return (timezone.localdate() - timedelta(days=days)).isoformat()

HOLDER_OR_RUNNER = row(L, 200, 200, 404, 200, 404, 200)
PAGES = {
    "vouchers:home": ("get", lambda w: "/vouchers/", None, everyone(200)),
    "vouchers:new_programme": ("get", lambda w: "/vouchers/programmes/new/", None, OPERATORS),
    "vouchers:programme": ("get", lambda w: f"/vouchers/programmes/{_x(w, 'prog')}/", None, everyone(200)),
    "vouchers:apply": (
        "post",
        lambda w: f"/vouchers/programmes/{_x(w, 'prog')}/apply/",
        lambda w: {"organisation": w.org_a.pk, "amount": "100", "purpose": "More"},
        row(L, 302, 302, 302, 302, 302, 302),
    ),  # every answer goes back to the programme with a message
    "vouchers:accept": (
        "post",
        lambda w: f"/vouchers/programmes/{_x(w, 'prog')}/accept/",
        lambda w: {"city": w.city_x.pk},
        row(L, 302, 302, 302, 302, 302, 302),
    ),
    "vouchers:applications": ("get", lambda w: "/vouchers/applications/", None, OPERATORS),
    "vouchers:application": (
        "get",
        lambda w: f"/vouchers/applications/{_x(w, 'app_pending')}/",
        None,
        HOLDER_OR_RUNNER,
    ),
    "vouchers:decide_application": (
        "post",
        lambda w: f"/vouchers/applications/{_x(w, 'app_pending')}/decide/",
        lambda w: {"decision": "reject", "reason": "Budget kept for others."},
        row(L, 403, 403, 404, 302, 404, 302),
    ),
    "vouchers:voucher": ("get", lambda w: f"/vouchers/{_x(w, 'voucher_a')}/", None, HOLDER_OR_RUNNER),
    "vouchers:reserve": (
        "post",
        lambda w: f"/vouchers/{_x(w, 'voucher_a')}/reserve/",
        lambda w: {"booking": _x(w, "free_booking"), "idempotency_key": "page-1"},
        row(L, 302, 302, 404, 302, 404, 302),
    ),  # operators: no booking to choose, back with a message
    "vouchers:release": (
        "post",
        lambda w: f"/vouchers/reservations/{_x(w, 'res_reserved')}/release/",
        None,
        row(L, 302, 302, 403, 403, 404, 403),
    ),
    "vouchers:claw_back": (
        "get",
        lambda w: f"/vouchers/reservations/{_x(w, 'res_redeemed')}/claw-back/",
        None,
        row(L, 403, 403, 403, 200, 404, 200),
    ),  # the firm and the provider see the share; only the issuing authority's operators claw back
    "vouchers:claims": ("get", lambda w: "/vouchers/claims/", None, row(L, 403, 200, 200, 200, 200, 200)),
    "vouchers:submit_claim": (
        "post",
        lambda w: "/vouchers/claims/new/",
        lambda w: {"provider": w.org_b.pk, "programme": _x(w, "prog")},
        row(L, 404, 404, 302, 404, 404, 404),
    ),
    "vouchers:claim": (
        "get",
        lambda w: f"/vouchers/claims/{_x(w, 'claim_b')}/",
        None,
        row(L, 404, 404, 200, 200, 404, 200),
    ),
    "vouchers:claim_evidence": (  # the records of the work a share of the claim paid: whoever sees the claim
        "get",
        lambda w: f"/vouchers/claims/{_x(w, 'claim_b')}/evidence/{_x(w, 'res_claimed')}/",
        None,
        row(L, 404, 404, 200, 200, 404, 200),
    ),
    "vouchers:decide_claim": (
        "post",
        lambda w: f"/vouchers/claims/{_x(w, 'claim_b')}/decide/",
        lambda w: {"decision": "approve"},
        row(L, 404, 404, 403, 302, 404, 302),
    ),
    "vouchers:answer_claim": (  # claim_b waits for a decision: its provider may answer only once more is asked
        "post",
        lambda w: f"/vouchers/claims/{_x(w, 'claim_b')}/answer/",
        lambda w: {"answer": "The check-in record is attached."},
        row(L, 404, 404, 302, 403, 404, 403),
    ),
    "vouchers:figures": ("get", lambda w: "/vouchers/figures/", None, OPERATORS),
    "vouchers:figures_download": ("get", lambda w: "/vouchers/figures/city-pairs.csv", None, OPERATORS),
    "vouchers:claims_download": ("get", lambda w: "/vouchers/claims.xlsx", None, row(L, 403, 200, 200, 200, 200, 200)),
    "vouchers:issued_download": ("get", lambda w: f"/vouchers/programmes/{_x(w, 'prog')}/vouchers.csv", None,
                                 row(L, 403, 403, 403, 200, 403, 200)),  # the programme's runners only
    "vouchers:settlements": ("get", lambda w: "/vouchers/settlements/", None, row(L, 403, 200, 200, 200, 200, 200)),
    "vouchers:close_settlement": (
        "post",
        lambda w: "/vouchers/settlements/close/",
        lambda w: {"authority": w.city_w.pk, "starts_on": _days_ago(60), "ends_on": _days_ago(31)},
        row(L, 403, 403, 403, 302, 302, 302),
    ),  # operator_x: city W is not among its cities, back with a message
    "vouchers:settlement": (
        "get",
        lambda w: f"/vouchers/settlements/{_x(w, 'period')}/",
        None,
        SETTLEMENT_READERS,
    ),  # org B's admin reads its own statement; org A (the firm) is no payee of this period
    "vouchers:settlement_statement": (
        "get",
        lambda w: f"/vouchers/settlements/{_x(w, 'period')}/statement.xlsx",
        None,
        SETTLEMENT_READERS,
    ),
    "vouchers:sample_job": (
        "get",
        lambda w: f"/vouchers/sample-jobs/{_x(w, 'sample_job')}/",
        None,
        SAMPLE_JOB_PAGE,
    ),  # org B owns the instrument, platform operators see every job: neither pays it
    "vouchers:pay_sample_job": (
        "post",
        lambda w: f"/vouchers/sample-jobs/{_x(w, 'sample_job')}/pay/",
        lambda w: {"voucher": _x(w, "voucher_a"), "idempotency_key": "page-job"},
        row(L, 302, 302, 403, 404, 404, 403),
    ),  # the firm: back to the page with the answer (this programme pays instrument time only)
}


def _new_programme(w):
    today = timezone.localdate()
    return {
        "authority": "city-w",
        "name_zh": "新券",
        "budget_fen": 100_000,
        "per_firm_cap_fen": 10_000,
        "uses": ["instrument_time"],
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=9)).isoformat(),
    }


API_SIGNED_IN = row(401, 200, 200, 200, 200, 200, 200)
API = {
    "GET /api/v1/vouchers/programmes": (lambda w: ("/api/v1/vouchers/programmes", None), everyone(200)),
    "POST /api/v1/vouchers/programmes": (
        lambda w: ("/api/v1/vouchers/programmes", _new_programme(w)),
        row(401, 403, 403, 403, 201, 403, 201),
    ),
    "GET /api/v1/vouchers/programmes/{programme_id}": (
        lambda w: (f"/api/v1/vouchers/programmes/{_x(w, 'prog')}", None),
        everyone(200),
    ),
    "POST /api/v1/vouchers/programmes/{programme_id}/acceptance": (
        lambda w: (f"/api/v1/vouchers/programmes/{_x(w, 'prog')}/acceptance", {"city": "city-x", "accept": False}),
        row(401, 403, 403, 403, 400, 200, 200),
    ),
    "POST /api/v1/vouchers/programmes/{programme_id}/applications": (
        lambda w: (
            f"/api/v1/vouchers/programmes/{_x(w, 'prog')}/applications",
            {"organisation": "org-b", "requested_fen": 100, "purpose": "x"},
        ),
        row(401, 403, 403, 400, 403, 403, 403),
    ),  # org B is in city X: not eligible for W's programme
    "GET /api/v1/vouchers/applications": (lambda w: ("/api/v1/vouchers/applications", None), API_SIGNED_IN),
    "GET /api/v1/vouchers/applications/{application_id}": (
        lambda w: (f"/api/v1/vouchers/applications/{_x(w, 'app_pending')}", None),
        row(401, 200, 200, 404, 200, 404, 200),
    ),
    "POST /api/v1/vouchers/applications/{application_id}/approve": (
        lambda w: (f"/api/v1/vouchers/applications/{_x(w, 'app_pending')}/approve", {"amount_fen": 50_000}),
        row(401, 403, 403, 404, 200, 404, 200),
    ),
    "POST /api/v1/vouchers/applications/{application_id}/reject": (
        lambda w: (f"/api/v1/vouchers/applications/{_x(w, 'app_pending')}/reject", {"reason": "No."}),
        row(401, 403, 403, 404, 200, 404, 200),
    ),
    "GET /api/v1/vouchers": (lambda w: ("/api/v1/vouchers", None), API_SIGNED_IN),
    "GET /api/v1/vouchers/{voucher_id}": (
        lambda w: (f"/api/v1/vouchers/{_x(w, 'voucher_a')}", None),
        row(401, 200, 200, 404, 200, 404, 200),
    ),
    "POST /api/v1/vouchers/{voucher_id}/reservations": (
        lambda w: (
            f"/api/v1/vouchers/{_x(w, 'voucher_a')}/reservations",
            {"booking": _x(w, "free_booking"), "idempotency_key": "api-1"},
        ),
        row(401, 201, 201, 404, 403, 404, 403),
    ),
    "GET /api/v1/vouchers/reservations": (lambda w: ("/api/v1/vouchers/reservations", None), API_SIGNED_IN),
    "POST /api/v1/vouchers/reservations/{reservation_id}/release": (
        lambda w: (f"/api/v1/vouchers/reservations/{_x(w, 'res_reserved')}/release", None),
        row(401, 200, 200, 403, 403, 404, 403),
    ),
    "POST /api/v1/vouchers/reservations/{reservation_id}/claw-back": (
        lambda w: (f"/api/v1/vouchers/reservations/{_x(w, 'res_redeemed')}/claw-back",
                   {"amount_fen": 1, "reason": "Evidence was false."}),
        row(401, 403, 403, 403, 201, 404, 201),
    ),
    "GET /api/v1/vouchers/claims": (lambda w: ("/api/v1/vouchers/claims", None), API_SIGNED_IN),
    "POST /api/v1/vouchers/claims": (
        lambda w: ("/api/v1/vouchers/claims", {"provider": "org-b", "programme": _x(w, "prog")}),
        row(401, 403, 403, 201, 403, 403, 403),
    ),
    "GET /api/v1/vouchers/claims/{claim_id}": (
        lambda w: (f"/api/v1/vouchers/claims/{_x(w, 'claim_b')}", None),
        row(401, 404, 404, 200, 200, 404, 200),
    ),
    "GET /api/v1/vouchers/claims/{claim_id}/evidence": (
        lambda w: (f"/api/v1/vouchers/claims/{_x(w, 'claim_b')}/evidence", None),
        row(401, 404, 404, 200, 200, 404, 200),
    ),
    "POST /api/v1/vouchers/claims/{claim_id}/approve": (
        lambda w: (f"/api/v1/vouchers/claims/{_x(w, 'claim_b')}/approve", None),
        row(401, 404, 404, 403, 200, 404, 200),
    ),
    "POST /api/v1/vouchers/claims/{claim_id}/reject": (
        lambda w: (f"/api/v1/vouchers/claims/{_x(w, 'claim_b')}/reject", {"reason": "No evidence."}),
        row(401, 404, 404, 403, 200, 404, 200),
    ),
    "POST /api/v1/vouchers/claims/{claim_id}/ask-for-more": (
        lambda w: (f"/api/v1/vouchers/claims/{_x(w, 'claim_b')}/ask-for-more", {"question": "The outcome report?"}),
        row(401, 404, 404, 403, 200, 404, 200),
    ),
    "POST /api/v1/vouchers/claims/{claim_id}/answer": (  # claim_b waits for a decision: nothing asked yet (409)
        lambda w: (f"/api/v1/vouchers/claims/{_x(w, 'claim_b')}/answer", {"answer": "Attached."}),
        row(401, 404, 404, 409, 403, 404, 403),
    ),
    "GET /api/v1/vouchers/figures/city-pairs": (lambda w: ("/api/v1/vouchers/figures/city-pairs", None), API_SIGNED_IN),
    "GET /api/v1/vouchers/settlements": (lambda w: ("/api/v1/vouchers/settlements", None), API_SIGNED_IN),
    "POST /api/v1/vouchers/settlements": (
        lambda w: ("/api/v1/vouchers/settlements", {"authority": "city-w", "starts_on": _days_ago(60),
                                                    "ends_on": _days_ago(31)}),
        row(401, 403, 403, 403, 201, 403, 201),
    ),
    "GET /api/v1/vouchers/settlements/{settlement_id}": (
        lambda w: (f"/api/v1/vouchers/settlements/{_x(w, 'period')}", None),
        row(401, 404, 404, 200, 200, 404, 200),
    ),
}


def secret_application(world):
    """Org A's waiting application: org B's admin (and city X's operator) read none of it."""
    app = world.extra["app_pending"]
    a = app.pk
    return [
        ("get", f"/vouchers/applications/{a}/"),
        ("post", f"/vouchers/applications/{a}/decide/"),
        ("get", f"/api/v1/vouchers/applications/{a}"),
        ("get", "/api/v1/vouchers/applications"),
        ("post", f"/api/v1/vouchers/applications/{a}/approve", {"amount_fen": 1}),
        ("post", f"/api/v1/vouchers/applications/{a}/reject", {"reason": "x"}),
    ], "SECRET-PURPOSE-2218"


def secret_voucher(world):
    """Org A's voucher and its ledger: an outsider sees neither (the issued amount is the secret)."""
    prog = make_programme(world, name_en="SECRET-PROGRAMME-8812")
    application = domain.apply_for_voucher(
        actor=world.users["member"], programme=prog, organisation=world.org_a, requested_fen=777_777, purpose="x"
    )
    voucher = domain.approve_application(actor=world.users["operator_w"], application=application, amount_fen=777_777)
    v = voucher.pk
    # org B as a firm with an active request at a third party's instrument, which takes samples: paying its own booking
    # or its own quote with org A's voucher id is a 404, the same as an unknown id
    third = OrganisationFactory(city=world.city_w)
    third_admin = MembershipFactory(organisation=third, role=Membership.Role.ADMIN).user
    equipment = ResourceFactory(owner=third, city=world.city_w, accepts_samples=True)
    set_prices(actor=third_admin, resource=equipment, prices={("sme", "hour"): "100", ("sme", "sample"): "80"})
    access = AccessRequestFactory(resource=equipment, organisation=world.org_b, requested_by=world.users["admin_b"])
    job = submit_sample_job(actor=world.users["admin_b"], access_request=access, samples=1, description="x", method="y")
    job = quote_sample_job(actor=third_admin, job=job, turnaround_days=3)
    start = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=5), time(10)))  # open hours
    booking_body = {"start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat(), "voucher": v,
                    "idempotency_key": "guess"}
    return [
        ("post", f"/api/v1/resources/{equipment.pk}/bookings", booking_body),
        ("post", f"/api/v1/sample-jobs/{job.pk}/accept", {"voucher": v, "idempotency_key": "guess"}),
        ("get", f"/vouchers/{v}/"),
        ("post", f"/vouchers/{v}/reserve/"),
        ("get", f"/api/v1/vouchers/{v}"),
        ("get", "/api/v1/vouchers"),
        ("get", "/vouchers/"),
        ("post", f"/api/v1/vouchers/{v}/reservations", {"booking": _x(world, "free_booking"), "idempotency_key": "x"}),
    ], "777777"


def secret_reservation(world):
    """A reservation of org A at a provider other than org B: org B's admin sees nothing of it."""
    other = OrganisationFactory(city=world.city_x)
    MembershipFactory(organisation=other, role=Membership.Role.ADMIN)
    equipment = ResourceFactory(owner=other, city=world.city_x)
    set_prices(actor=other.memberships.first().user, resource=equipment, prices={("sme", "hour"): "123.45"})
    access = AccessRequestFactory(resource=equipment, organisation=world.org_a, requested_by=world.users["member"])
    reservation = reserve(world, world.extra["voucher_a"], make_booking(world, access, 5), "secret")
    r = reservation.pk
    return [
        ("post", f"/vouchers/reservations/{r}/release/"),
        ("get", "/api/v1/vouchers/reservations"),
        ("post", f"/api/v1/vouchers/reservations/{r}/release"),
        ("get", f"/vouchers/reservations/{r}/claw-back/"),
        ("post", f"/vouchers/reservations/{r}/claw-back/", {"amount": "1", "reason": "x"}),
        ("post", f"/api/v1/vouchers/reservations/{r}/claw-back", {"amount_fen": 1, "reason": "x"}),
    ], "12345"


def secret_claim(world):
    """Another provider's claim: org B's admin reads none of it."""
    other = OrganisationFactory(city=world.city_x)
    admin = MembershipFactory(organisation=other, role=Membership.Role.ADMIN).user
    equipment = ResourceFactory(owner=other, city=world.city_x)
    set_prices(actor=admin, resource=equipment, prices={("sme", "hour"): "654.32"})
    access = AccessRequestFactory(resource=equipment, organisation=world.org_a, requested_by=world.users["member"])
    reserve(world, world.extra["voucher_a"], make_booking(world, access, 6), "secret-claim", redeem=True)
    claim = domain.submit_claim(actor=admin, provider=other, programme=world.extra["prog"])
    c, r = claim.pk, claim.reservations.get().pk
    return [
        ("get", f"/vouchers/claims/{c}/"),
        ("get", f"/vouchers/claims/{c}/evidence/{r}/"),
        ("get", f"/api/v1/vouchers/claims/{c}/evidence"),
        ("get", f"/vouchers/claims/{_x(world, 'claim_b')}/evidence/{r}/"),  # its share under org B's own claim
        ("post", f"/vouchers/claims/{c}/decide/"),
        ("get", "/vouchers/claims/"),
        ("get", f"/api/v1/vouchers/claims/{c}"),
        ("get", "/api/v1/vouchers/claims"),
        ("post", f"/api/v1/vouchers/claims/{c}/approve"),
        ("post", f"/api/v1/vouchers/claims/{c}/reject", {"reason": "x"}),
        ("post", f"/vouchers/claims/{c}/answer/", {"answer": "x"}),
        ("post", f"/api/v1/vouchers/claims/{c}/ask-for-more", {"question": "x"}),
        ("post", f"/api/v1/vouchers/claims/{c}/answer", {"answer": "x"}),
    ], "45802"


def secret_settlement(world):
    """A statement of a provider other than org B, settled in a period of its own: org B's admin reads none of it."""
    other = OrganisationFactory(city=world.city_x)
    admin = MembershipFactory(organisation=other, role=Membership.Role.ADMIN).user
    equipment = ResourceFactory(owner=other, city=world.city_x)
    set_prices(actor=admin, resource=equipment, prices={("sme", "hour"): "432.10"})  # the share: ¥302.47
    access = AccessRequestFactory(resource=equipment, organisation=world.org_a, requested_by=world.users["member"])
    reservation = reserve(world, world.extra["voucher_a"], make_booking(world, access, 7), "secret-settled", redeem=True)
    Reservation.objects.filter(pk=reservation.pk).update(settled_at=timezone.now() - timedelta(days=100))
    claim = domain.submit_claim(actor=admin, provider=other, programme=world.extra["prog"])
    domain.decide_claim(actor=world.users["operator_w"], claim=claim, approve=True)
    today = timezone.localdate()
    period = close_period(actor=world.users["operator_w"], authority=world.city_w,
                          starts_on=today - timedelta(days=120), ends_on=today - timedelta(days=91))
    p = period.pk
    return [
        ("get", f"/vouchers/settlements/{p}/"),
        ("get", f"/vouchers/settlements/{p}/statement.csv"),
        ("get", f"/vouchers/settlements/{p}/statement.xlsx"),
        ("get", "/vouchers/settlements/"),
        ("get", f"/api/v1/vouchers/settlements/{p}"),
        ("get", "/api/v1/vouchers/settlements"),
    ], "302.47"


PRIVATE_PROBES = {
    "vouchers.application": secret_application,
    "vouchers.voucher": secret_voucher,
    "vouchers.reservation": secret_reservation,
    "vouchers.claim": secret_claim,
    "vouchers.settlementperiod": secret_settlement,
}
NOT_EXPOSED = {
    "vouchers.settlementline": "read only inside its period's statement (page, downloads, API), probed there",
    "vouchers.ledgerentry": "read only inside its voucher (GET /api/v1/vouchers/{id}, the voucher page), probed there",
    "vouchers.clawback": "read only on its redemption's claw-back page (addressed by the reservation), probed there",
}
PUBLIC_MODELS = {"vouchers.programme"}  # programmes are published so that firms can apply; budgets only to operators
