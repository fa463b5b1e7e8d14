"""The API of innovation vouchers spent across the Belt under /api/v1/.

Endpoints only translate: look the object up among those the caller may see (404 otherwise), call the
domain, answer in the kit's error shape. A reservation the balance does not cover, and an approval
the budget does not cover, answer 409 naming what is left.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from innobelt.belt.models import City
from innobelt.bilingual import active_is_chinese
from innobelt.kit.api_auth import PUBLIC_OPERATION, SIGNED_IN
from innobelt.kit.api_errors import errors
from innobelt.organisations.models import Organisation
from innobelt.permissions import require
from innobelt.vouchers import domain, queries, redeemables
from innobelt.vouchers.domain import claw_backs, settlement
from innobelt.vouchers.schemas import (
    VouchersAcceptIn,
    VouchersAnswerIn,
    VouchersApplicationIn,
    VouchersApplicationOut,
    VouchersApproveIn,
    VouchersCityPairOut,
    VouchersClaimIn,
    VouchersClaimOut,
    VouchersClawBackIn,
    VouchersClawBackOut,
    VouchersEvidenceOut,
    VouchersProgrammeIn,
    VouchersProgrammeOut,
    VouchersQuestionIn,
    VouchersReasonIn,
    VouchersReservationOut,
    VouchersReserveIn,
    VouchersSettlementIn,
    VouchersSettlementOut,
    VouchersVoucherDetailOut,
    VouchersVoucherOut,
)

router = Router(tags=["vouchers"])
LIMIT = 200


def _city(slug: str, field: str) -> City:
    found = City.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: "Unknown city or district."})
    return found


def _organisation(slug: str, field: str) -> Organisation:
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: "Unknown organisation."})
    return found


@router.get("/vouchers/programmes", response={200: list[VouchersProgrammeOut], **errors()}, **PUBLIC_OPERATION)
def list_programmes(request):
    """Open programmes (public)."""
    return list(queries.programmes(request.auth, open_only=True)[:LIMIT])


@router.post("/vouchers/programmes", response={201: VouchersProgrammeOut, **errors(400)}, auth=SIGNED_IN)
def create_programme(request, payload: VouchersProgrammeIn):
    data = payload.dict()
    authority = _city(data.pop("authority"), "authority")
    programme = domain.create_programme(actor=request.auth, authority=authority, **data)
    return Status(201, queries.programme_or_404(request.auth, programme.pk))


@router.get(
    "/vouchers/programmes/{programme_id}", response={200: VouchersProgrammeOut, **errors(404)}, **PUBLIC_OPERATION
)
def get_programme(request, programme_id: int):
    return queries.programme_or_404(request.auth, programme_id)


@router.post(
    "/vouchers/programmes/{programme_id}/acceptance",
    response={200: VouchersProgrammeOut, **errors(400, 404)},
    auth=SIGNED_IN,
)
def accept_programme(request, programme_id: int, payload: VouchersAcceptIn):
    """An Alliance city's operator accepts (or stops accepting) the programme at the city's providers."""
    programme = queries.programme_or_404(request.auth, programme_id)
    domain.accept_programme(
        actor=request.auth, programme=programme, city=_city(payload.city, "city"), accept=payload.accept
    )
    return queries.programme_or_404(request.auth, programme_id)


@router.post(
    "/vouchers/programmes/{programme_id}/applications",
    response={201: VouchersApplicationOut, **errors(400, 404)},
    auth=SIGNED_IN,
)
def apply(request, programme_id: int, payload: VouchersApplicationIn):
    programme = queries.programme_or_404(request.auth, programme_id)
    application = domain.apply_for_voucher(
        actor=request.auth,
        programme=programme,
        organisation=_organisation(payload.organisation, "organisation"),
        requested_fen=payload.requested_fen,
        purpose=payload.purpose,
    )
    return Status(201, queries.application_or_404(request.auth, application.pk))


@router.get("/vouchers/applications", response={200: list[VouchersApplicationOut], **errors()}, auth=SIGNED_IN)
def list_applications(request):
    """The caller's organisations' applications and those to the programmes they run."""
    return list(queries.applications(request.auth).select_related("voucher")[:LIMIT])


@router.get(
    "/vouchers/applications/{application_id}", response={200: VouchersApplicationOut, **errors(404)}, auth=SIGNED_IN
)
def get_application(request, application_id: int):
    return queries.application_or_404(request.auth, application_id)


@router.post(
    "/vouchers/applications/{application_id}/approve",
    response={200: VouchersApplicationOut, **errors(400, 404, 409)},
    auth=SIGNED_IN,
)
def approve_application(request, application_id: int, payload: VouchersApproveIn):
    """Approve an amount and issue the voucher; 409 when the programme's remaining budget is smaller."""
    application = queries.application_or_404(request.auth, application_id)
    domain.approve_application(actor=request.auth, application=application, amount_fen=payload.amount_fen)
    return queries.application_or_404(request.auth, application_id)


@router.post(
    "/vouchers/applications/{application_id}/reject",
    response={200: VouchersApplicationOut, **errors(400, 404, 409)},
    auth=SIGNED_IN,
)
def reject_application(request, application_id: int, payload: VouchersReasonIn):
    application = queries.application_or_404(request.auth, application_id)
    domain.reject_application(actor=request.auth, application=application, reason=payload.reason)
    return queries.application_or_404(request.auth, application_id)


@router.get("/vouchers", response={200: list[VouchersVoucherOut], **errors()}, auth=SIGNED_IN)
def list_vouchers(request):
    return list(queries.vouchers(request.auth)[:LIMIT])


@router.get("/vouchers/{int:voucher_id}", response={200: VouchersVoucherDetailOut, **errors(404)}, auth=SIGNED_IN)
def get_voucher(request, voucher_id: int):
    """The voucher with its ledger: the entries add up to the available and reserved amounts."""
    return queries.voucher_or_404(request.auth, voucher_id)


@router.post(
    "/vouchers/{int:voucher_id}/reservations",
    response={200: VouchersReservationOut, 201: VouchersReservationOut, **errors(400, 404, 409)},
    auth=SIGNED_IN,
)
def reserve(request, voucher_id: int, payload: VouchersReserveIn):
    """Reserve the voucher's share of what it pays (201): send `kind` (one of the registry's keys: `booking`,
    `sample_job`, …) and `paid` (its id), or, as before, `booking` or `sample_job` alone. A retry with the same
    idempotency key answers the first reservation (200). 409 when the available balance does not cover the share.
    Another firm's booking or job and an unknown id get the same 400."""
    voucher = queries.voucher_or_404(request.auth, voucher_id)
    require(request.auth, "vouchers.spend_voucher", voucher)  # its programme's operators see it, only the firm spends
    asked = [(key, pk) for key, pk in (("booking", payload.booking), ("sample_job", payload.sample_job),
                                       (payload.kind, payload.paid)) if pk is not None]
    if len(asked) != 1 or not asked[0][0]:
        raise ValidationError({"kind": _("Send one thing to pay: a kind and its id (or a booking, or a sample job).")})
    key, pk = asked[0]
    kind = redeemables.KINDS.get(key or "")
    if kind is None or kind.may_pay is None:
        raise ValidationError({"kind": _("A voucher cannot be reserved for this kind here.")})
    paid = kind.load(pk)
    if paid is None or not kind.may_pay(request.auth, paid):  # another firm's is not told apart from an unknown id
        field = "paid" if payload.kind is not None else kind.key
        raise ValidationError({field: _("Unknown %(kind)s.") % {"kind": kind.label()}})
    reservation, created = domain.reserve_paid(
        actor=request.auth, voucher=voucher, kind=kind, paid=paid, idempotency_key=payload.idempotency_key)
    return Status(201 if created else 200, queries.reservation_or_404(request.auth, reservation.pk))


@router.get("/vouchers/reservations", response={200: list[VouchersReservationOut], **errors()}, auth=SIGNED_IN)
def list_reservations(request):
    """Reservations of the caller's vouchers, at the organisations they administer, and of programmes they run."""
    return list(queries.reservations(request.auth)[:LIMIT])


@router.post(
    "/vouchers/reservations/{reservation_id}/release",
    response={200: VouchersReservationOut, **errors(404, 409)},
    auth=SIGNED_IN,
)
def release(request, reservation_id: int):
    reservation = queries.reservation_or_404(request.auth, reservation_id)
    domain.release_reservation(actor=request.auth, reservation=reservation)
    return queries.reservation_or_404(request.auth, reservation_id)


@router.post(
    "/vouchers/reservations/{reservation_id}/claw-back",
    response={201: VouchersClawBackOut, **errors(400, 404, 409)},
    auth=SIGNED_IN,
)
def claw_back(request, reservation_id: int, payload: VouchersClawBackIn):
    """The issuing authority's operators take back (part of) a redemption that should not have been paid, with a
    reason (201). 409 when it is more than what was redeemed and not yet clawed back (`details.clawable_fen`)."""
    reservation = queries.reservation_or_404(request.auth, reservation_id)
    return Status(201, claw_backs.claw_back(
        actor=request.auth, reservation=reservation, amount_fen=payload.amount_fen, reason=payload.reason))


@router.get("/vouchers/claims", response={200: list[VouchersClaimOut], **errors()}, auth=SIGNED_IN)
def list_claims(request):
    return list(queries.claims(request.auth).prefetch_related("reservations")[:LIMIT])


@router.post("/vouchers/claims", response={201: VouchersClaimOut, **errors(400, 404)}, auth=SIGNED_IN)
def submit_claim(request, payload: VouchersClaimIn):
    """Claim every redeemed, unclaimed share of the programme delivered by the provider."""
    programme = queries.programme_or_404(request.auth, payload.programme)
    claim = domain.submit_claim(
        actor=request.auth, provider=_organisation(payload.provider, "provider"), programme=programme
    )
    return Status(201, queries.claim_or_404(request.auth, claim.pk))


@router.get("/vouchers/claims/{claim_id}", response={200: VouchersClaimOut, **errors(404)}, auth=SIGNED_IN)
def get_claim(request, claim_id: int):
    return queries.claim_or_404(request.auth, claim_id)


@router.get("/vouchers/claims/{claim_id}/evidence", response={200: list[VouchersEvidenceOut], **errors(404)},
            auth=SIGNED_IN)
def claim_evidence(request, claim_id: int):
    """The claim's shares with the records of the work each paid (a booking's check-in and outcome report, a sample
    job's results and outcome, a service's delivery), for those who may see the claim (404 otherwise)."""
    claim = queries.claim_or_404(request.auth, claim_id)
    return [
        {"reservation": row["reservation"].pk, "kind": row["kind"].key, "paid": getattr(row["reservation"],
                                                                                        row["kind"].id_field),
         "title": row["title"], "amount_fen": row["reservation"].amount_fen,
         "records": [{"key": e.key, "label": e.label, "present": e.present, "at": e.at, "by": e.by, "lines": e.lines}
                     for e in row["evidence"]]}
        for row in queries.claim_evidence(claim, limit=LIMIT)
    ]


@router.post(
    "/vouchers/claims/{claim_id}/approve", response={200: VouchersClaimOut, **errors(404, 409)}, auth=SIGNED_IN
)
def approve_claim(request, claim_id: int):
    claim = queries.claim_or_404(request.auth, claim_id)
    domain.decide_claim(actor=request.auth, claim=claim, approve=True)
    return queries.claim_or_404(request.auth, claim_id)


@router.post(
    "/vouchers/claims/{claim_id}/reject", response={200: VouchersClaimOut, **errors(400, 404, 409)}, auth=SIGNED_IN
)
def reject_claim(request, claim_id: int, payload: VouchersReasonIn):
    claim = queries.claim_or_404(request.auth, claim_id)
    domain.decide_claim(actor=request.auth, claim=claim, approve=False, reason=payload.reason)
    return queries.claim_or_404(request.auth, claim_id)


@router.post(
    "/vouchers/claims/{claim_id}/ask-for-more", response={200: VouchersClaimOut, **errors(400, 404, 409)},
    auth=SIGNED_IN,
)
def ask_for_more(request, claim_id: int, payload: VouchersQuestionIn):
    """The issuing authority asks the claimant for more evidence before it decides (409 unless the claim waits for a
    decision)."""
    claim = queries.claim_or_404(request.auth, claim_id)
    domain.ask_for_more(actor=request.auth, claim=claim, question=payload.question)
    return queries.claim_or_404(request.auth, claim_id)


@router.post(
    "/vouchers/claims/{claim_id}/answer", response={200: VouchersClaimOut, **errors(400, 404, 409)}, auth=SIGNED_IN
)
def answer_claim(request, claim_id: int, payload: VouchersAnswerIn):
    """The claimant answers what the issuing authority asked for; the claim waits for a decision again (409 when
    nothing was asked)."""
    claim = queries.claim_or_404(request.auth, claim_id)
    domain.answer_claim(actor=request.auth, claim=claim, answer=payload.answer)
    return queries.claim_or_404(request.auth, claim_id)


@router.get("/vouchers/figures/city-pairs", response={200: list[VouchersCityPairOut], **errors()}, auth=SIGNED_IN)
def city_pairs(request):
    """Redemptions by (issuing authority → where spent) for the cities the caller operates: amounts net of
    claw-backs, and what of them was settled."""
    chinese = active_is_chinese()
    return [
        {
            "issued_by": p["issuer_zh"] if chinese else p["issuer_en"],
            "spent_in": p["spent_zh"] if chinese else p["spent_en"],
            "cross_city": p["cross_city"],
            "count": p["count"],
            "amount_fen": p["amount_fen"],
            "settled_fen": p["settled_fen"],
        }
        for p in queries.city_pairs(request.auth)
    ]


def _settlements_out(user, periods):
    """The periods as the caller may read them: every payee's statement for the authority's operators, their own
    for a payee (the amount is then their own total). Two queries whatever the number of periods."""
    periods = list(periods)
    totals: dict[int, dict[tuple[str, str], dict]] = {p.pk: {} for p in periods}
    for line in queries.settlement_lines(user, [p.pk for p in periods]).order_by("kind", "payee_id"):
        row = totals[line.period_id].setdefault(
            (line.payee.slug, line.kind), {"payee": line.payee.slug, "kind": line.kind, "count": 0, "amount_fen": 0})
        row["count"] += 1
        row["amount_fen"] += line.amount_fen
    return [
        {
            "id": p.pk,
            "authority": p.authority.slug,
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "amount_fen": sum(r["amount_fen"] for r in totals[p.pk].values()),
            "closed_at": p.closed_at,
            "statements": list(totals[p.pk].values()),
            "links": {
                fmt: reverse("vouchers:settlement_statement", kwargs={"pk": p.pk, "file_format": fmt})
                for fmt in ("xlsx", "csv")
            },
        }
        for p in periods
    ]


@router.get("/vouchers/settlements", response={200: list[VouchersSettlementOut], **errors()}, auth=SIGNED_IN)
def list_settlements(request):
    """Closed settlement periods of the cities the caller operates, and those with a statement for an organisation
    they administer (only their own statement)."""
    return _settlements_out(request.auth, queries.settlements(request.auth)[:LIMIT])


@router.post("/vouchers/settlements", response={201: VouchersSettlementOut, **errors(400, 409)}, auth=SIGNED_IN)
def close_settlement(request, payload: VouchersSettlementIn):
    """Close a period of the issuing city or district: every approved, unsettled redemption and reimbursement
    redeemed by its last day is settled in it, once. 409 when the period (or one overlapping it) is closed."""
    period = settlement.close_period(
        actor=request.auth, authority=_city(payload.authority, "authority"), starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, _settlements_out(request.auth, [queries.settlement_or_404(request.auth, period.pk)])[0])


@router.get(
    "/vouchers/settlements/{settlement_id}", response={200: VouchersSettlementOut, **errors(404)}, auth=SIGNED_IN
)
def get_settlement(request, settlement_id: int):
    """One period with the statements the caller may read; `links` download them (XLSX, CSV)."""
    return _settlements_out(request.auth, [queries.settlement_or_404(request.auth, settlement_id)])[0]
