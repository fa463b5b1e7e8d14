"""Reads of innovation vouchers, scoped to the caller, and one `<object>_or_404` per object.

Programmes are public (a firm must find them to apply). Applications and vouchers are seen by the
firm's members and the programme's operators; reservations also by the provider's admins; claims by
the provider's admins and the programme's operators. These agree with rules.py.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet, Sum

from innobelt.kit.lookups import or_404
from innobelt.organisations.models import Membership, Organisation
from innobelt.organisations.queries import my_organisations
from innobelt.permissions import can, is_active_user
from innobelt.vouchers import redeemables
from innobelt.vouchers.models import (
    Application,
    Claim,
    Programme,
    Reservation,
    SettlementLine,
    SettlementPeriod,
    Voucher,
)


def _operated(user, prefix: str) -> Q:
    """Rows whose programme's authority the user operates (everything for platform operators)."""
    if not is_active_user(user):
        return Q(pk__in=[])
    if user.is_platform_operator:
        return Q(pk__isnull=False)  # not Q(): an empty Q vanishes when OR-ed with another
    return Q(**{f"{prefix}authority__in": user.operator_cities.values("pk")})


def operates_any(user) -> bool:
    return is_active_user(user) and (user.is_platform_operator or user.operator_cities.exists())


def programmes(user=None, *, open_only: bool = False) -> QuerySet[Programme]:
    qs = Programme.objects.select_related("authority").prefetch_related("accepted_in", "industries")
    return qs.filter(status=Programme.Status.OPEN) if open_only else qs


def operated_programmes(user) -> QuerySet[Programme]:
    return programmes(user).filter(_operated(user, ""))


def programme_or_404(user, pk, *, perm: str = "") -> Programme:
    programme = or_404(programmes(user).filter(pk=pk).first())
    if perm and not can(user, perm, programme):
        raise PermissionDenied
    return programme


def _mine(user) -> QuerySet:
    return my_organisations(user).values("pk")


def applications(user) -> QuerySet[Application]:
    if not is_active_user(user):
        return Application.objects.none()
    return Application.objects.filter(Q(organisation__in=_mine(user)) | _operated(user, "programme__")).select_related(
        "programme", "programme__authority", "organisation", "applied_by"
    )


def application_or_404(user, pk) -> Application:
    return or_404(applications(user).filter(pk=pk).first())


def vouchers(user) -> QuerySet[Voucher]:
    if not is_active_user(user):
        return Voucher.objects.none()
    return Voucher.objects.filter(Q(organisation__in=_mine(user)) | _operated(user, "programme__")).select_related(
        "programme", "programme__authority", "organisation"
    )


def my_vouchers(user) -> QuerySet[Voucher]:
    return vouchers(user).filter(organisation__in=_mine(user))


def issued_vouchers(user, programme: Programme) -> QuerySet[Voucher]:
    """The vouchers issued under the programme that the person sees (its operators: all), oldest first."""
    return vouchers(user).filter(programme=programme).select_related("organisation").order_by("issued_at", "pk")


def voucher_or_404(user, pk) -> Voucher:
    return or_404(vouchers(user).filter(pk=pk).first())


def reservations(user) -> QuerySet[Reservation]:
    if not is_active_user(user):
        return Reservation.objects.none()
    admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values("organisation")
    return Reservation.objects.filter(
        Q(voucher__organisation__in=_mine(user)) | Q(provider__in=admin_of) | _operated(user, "voucher__programme__")
    ).select_related(
        "voucher",
        "voucher__programme",
        "voucher__programme__authority",
        "booking",
        "booking__resource",
        "service_request",
        "provider",
        "provider_city",
    )


def reservation_or_404(user, pk) -> Reservation:
    return or_404(reservations(user).filter(pk=pk).first())


def claims(user) -> QuerySet[Claim]:
    if not is_active_user(user):
        return Claim.objects.none()
    admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values("organisation")
    return Claim.objects.filter(Q(provider__in=admin_of) | _operated(user, "programme__")).select_related(
        "programme", "programme__authority", "provider", "submitted_by"
    )


def claim_or_404(user, pk) -> Claim:
    return or_404(claims(user).filter(pk=pk).first())


def provider_organisations(user) -> QuerySet[Organisation]:
    """The organisations the person administers (who may claim for them)."""
    if not is_active_user(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Membership.Role.ADMIN).order_by("pk")


def city_pairs(user) -> list[dict]:
    """Redemptions by (issuing authority → where spent): count and amount in fen net of claw-backs, and what of it
    was settled (statement lines, negative claw-back lines included), for the cities the operator runs on either
    side (all for platform operators). Two queries whatever the number of pairs."""
    qs = Reservation.objects.filter(status=Reservation.Status.REDEEMED)
    lines = SettlementLine.objects.all()
    if not (is_active_user(user) and user.is_platform_operator):
        cities = user.operator_cities.values("pk") if is_active_user(user) else []
        qs = qs.filter(Q(voucher__programme__authority__in=cities) | Q(provider_city__in=cities))
        lines = lines.filter(Q(reservation__voucher__programme__authority__in=cities)
                             | Q(reservation__provider_city__in=cities))
    settled = {
        (r["reservation__voucher__programme__authority_id"], r["reservation__provider_city_id"]): int(r["fen"] or 0)
        for r in lines.values("reservation__voucher__programme__authority_id", "reservation__provider_city_id")
        .annotate(fen=Sum("amount_fen")).order_by()
    }
    rows = (
        qs.values(
            "voucher__programme__authority__name_zh",
            "voucher__programme__authority__name_en",
            "voucher__programme__authority_id",
            "provider_city__name_zh",
            "provider_city__name_en",
            "provider_city_id",
        )
        .annotate(n=Count("pk"), fen=Sum(F("amount_fen") - F("clawed_back_fen")))
        .order_by("voucher__programme__authority_id", "provider_city_id")
    )
    return [
        {
            "issuer_zh": r["voucher__programme__authority__name_zh"],
            "issuer_en": r["voucher__programme__authority__name_en"],
            "spent_zh": r["provider_city__name_zh"] or "",
            "spent_en": r["provider_city__name_en"] or "",
            "cross_city": r["voucher__programme__authority_id"] != r["provider_city_id"],
            "count": r["n"],
            "amount_fen": int(r["fen"] or 0),
            "settled_fen": settled.get((r["voucher__programme__authority_id"], r["provider_city_id"]), 0),
        }
        for r in rows
    ]


def _admin_of(user) -> QuerySet:
    return Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values("organisation")


def settlements(user) -> QuerySet[SettlementPeriod]:
    """Periods the person's cities closed, and those with a statement for an organisation they administer."""
    if not is_active_user(user):
        return SettlementPeriod.objects.none()
    paid = SettlementPeriod.objects.filter(lines__payee__in=_admin_of(user)).values("pk")
    return SettlementPeriod.objects.filter(Q(pk__in=paid) | _operated(user, "")).select_related(
        "authority", "closed_by"
    )


def settlement_or_404(user, pk) -> SettlementPeriod:
    return or_404(settlements(user).filter(pk=pk).first())


def settlement_payees(user, period: SettlementPeriod) -> QuerySet[Organisation]:
    """The payees of the period whose statement the person may read: all for its operators, else their own."""
    payees = Organisation.objects.filter(voucher_settlement_lines__period=period).distinct().order_by("pk")
    if can(user, "vouchers.view_settlement", period):
        return payees
    return payees.filter(pk__in=_admin_of(user))


def settlement_lines(user, periods) -> QuerySet[SettlementLine]:
    """The lines of `periods` the person may read (every line for the authority's operators, else their own
    organisations' lines), in one query with their payee."""
    if not is_active_user(user):
        return SettlementLine.objects.none()
    return SettlementLine.objects.filter(period__in=periods).filter(
        Q(payee__in=_admin_of(user)) | _operated(user, "period__")
    ).select_related("payee")


def claim_evidence(claim: Claim, *, reservation_pk: int | None = None, limit: int = 100) -> list[dict]:
    """The claim's shares, each with its kind and the evidence the platform holds for the work it paid (the check-in
    and the outcome report of a booking, the results and outcome of a sample job, the delivery of a service request),
    read in one query through every kind's `select_related` (vouchers/redeemables.py). The caller has checked that
    the person may see the claim (`claim_or_404`): whoever sees the claim sees its evidence, nobody else."""
    related = [f"{kind.field}__{name}" for kind in redeemables.KINDS.values() for name in kind.select_related]
    related += [kind.field for kind in redeemables.KINDS.values()]
    rows = Reservation.objects.filter(claim=claim).select_related(
        "voucher__organisation", "provider", "provider_city", *related).order_by("pk")
    if reservation_pk is not None:
        rows = rows.filter(pk=reservation_pk)
    found = []
    for reservation in rows[:limit]:
        kind = redeemables.kind_of(reservation)
        paid = getattr(reservation, kind.field)
        found.append({"reservation": reservation, "kind": kind, "title": kind.title(paid),
                      "evidence": kind.evidence(paid)})
    return found
