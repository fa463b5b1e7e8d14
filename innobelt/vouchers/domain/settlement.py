"""Settlement periods: the issuing authority closes a period and every approved redemption (a provider's claim)
and reimbursement (a firm's claim, in programmes that reimburse) of its programmes is fixed on one statement line.

Closing queues on the row locks of the authority's programmes (the same rows approvals lock), so two operators
closing the same period at once are served one after the other: the second finds the period closed (409). A
redemption is settled once, ever: `SettlementLine.reservation` is unique (the database refuses a second line)
and the lines are gathered among reservations not yet on one. A redemption approved after its period was closed
is settled in the next period closed (docs/adr/0801-vouchers.md). A share is settled net of what was clawed back
before; a claw-back of a share settled before is a negative line of the next period closed.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innobelt.audit.domain import record_action
from innobelt.belt.models import City
from innobelt.kit.api_errors import ConflictError
from innobelt.kit.spreadsheets import Cell
from innobelt.notifications.domain import notify
from innobelt.organisations.models import Organisation
from innobelt.organisations.queries import admins_of
from innobelt.permissions import require
from innobelt.vouchers.models import (
    Claim,
    ClawBack,
    Programme,
    Reservation,
    SettlementLine,
    SettlementPeriod,
    yuan,
)

if TYPE_CHECKING:
    from innobelt.accounts.models import User

LONGEST_DAYS = 366
# the label of the notice's kind in notifications/kinds.py (which imports no app): translated in this app's catalogue
SETTLEMENT_NOTICE = gettext_lazy("A settlement statement of vouchers paying your organisation is ready")


class PeriodClosed(ConflictError):
    """The period (or one overlapping it) was closed already (409)."""

    def __init__(self, period: SettlementPeriod):
        super().__init__(
            _("The period from %(start)s to %(end)s is closed already.")
            % {"start": period.starts_on.isoformat(), "end": period.ends_on.isoformat()},
            {"period": period.pk, "starts_on": period.starts_on.isoformat(), "ends_on": period.ends_on.isoformat()},
        )


def _check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The period must end on or after its first day.")})
    if (ends_on - starts_on).days >= LONGEST_DAYS:
        raise ValidationError({"ends_on": _("A period is at most a year long.")})
    if ends_on > timezone.localdate():
        raise ValidationError({"ends_on": _("A period can be closed once its last day has come.")})


def settleable(authority: City, ends_on: date) -> "Q":
    """Redemptions of the authority's programmes, redeemed by the end of `ends_on` (China time), whose claim was
    approved, and on no statement yet."""
    end = timezone.make_aware(datetime.combine(ends_on + timedelta(days=1), time.min))
    return Q(
        voucher__programme__authority=authority,
        status=Reservation.Status.REDEEMED,
        settled_at__lt=end,
        claim__status=Claim.Status.APPROVED,
        settlement_lines__isnull=True,
        clawed_back_fen__lt=F("amount_fen"),  # wholly clawed back before it was settled: nothing to pay
    )


def settleable_claw_backs(authority: City, ends_on: date) -> "Q":
    """Claw-backs of shares settled before, made by the end of `ends_on`, on no statement yet: negative lines."""
    end = timezone.make_aware(datetime.combine(ends_on + timedelta(days=1), time.min))
    return Q(reservation__voucher__programme__authority=authority, settled_before=True, created_at__lt=end,
             settlement_line__isnull=True)


def close_period(*, actor: "User", authority: City, starts_on: date, ends_on: date) -> SettlementPeriod:
    """Close the period and fix its statements. Raises PermissionDenied, ValidationError (dates; nothing to settle
    is allowed: an empty statement is a statement), PeriodClosed (409). Side effects: period and lines, audit
    entry, notices to the payees' admins."""
    require(actor, "vouchers.close_period", authority)
    _check_dates(starts_on, ends_on)
    with transaction.atomic():
        programmes = list(Programme.objects.select_for_update().filter(authority=authority).order_by("pk"))
        if not programmes:
            raise ValidationError(_("This city or district issues no voucher programme."))
        overlapping = SettlementPeriod.objects.filter(
            authority=authority, starts_on__lte=ends_on, ends_on__gte=starts_on
        ).first()
        if overlapping is not None:
            raise PeriodClosed(overlapping)
        shares = list(
            Reservation.objects.filter(settleable(authority, ends_on))
            .select_for_update(of=("self",))
            .select_related("claim")
            .order_by("pk")
        )
        claims: dict[int, Claim] = {s.pk: s.claim for s in shares if s.claim is not None}  # all: approved claims
        taken = list(
            ClawBack.objects.filter(settleable_claw_backs(authority, ends_on)).select_for_update(of=("self",))
            .select_related("claim").order_by("pk")
        )
        lines = [
            SettlementLine(reservation=s, claim=claims[s.pk], payee_id=claims[s.pk].provider_id,
                           kind=claims[s.pk].kind, amount_fen=s.net_fen)
            for s in shares
        ] + [
            SettlementLine(reservation_id=c.reservation_id, claim=c.claim, payee_id=c.claim.provider_id,
                           kind=SettlementLine.Kind.CLAW_BACK, amount_fen=-c.amount_fen, claw_back=c)
            for c in taken if c.claim is not None  # settled before: always on a claim
        ]
        try:
            with transaction.atomic():
                period = SettlementPeriod.objects.create(
                    authority=authority, starts_on=starts_on, ends_on=ends_on, closed_by=actor,
                    amount_fen=sum(line.amount_fen for line in lines),
                )
                for line in lines:
                    line.period = period
                SettlementLine.objects.bulk_create(lines)
        except IntegrityError as exc:  # the constraints behind the lock: never reached while the lock holds
            raise ConflictError(_("This period or one of its redemptions was settled already."), {}) from exc
        record_action(
            actor=actor, action="vouchers.period_closed", target=period,
            data={"authority": authority.slug, "amount_fen": period.amount_fen, "lines": len(lines)},
        )
        payees: dict[int, int] = defaultdict(int)
        for line in lines:
            payees[line.payee_id] += line.amount_fen
        for payee in Organisation.objects.filter(pk__in=payees):
            notify(
                admins_of(payee),
                kind="vouchers.settlement_closed",
                subject=partial(_notice_subject, starts_on, ends_on, payees[payee.pk], payee),
                body=lambda: _("The statement can be downloaded as XLSX or CSV."),
                link=period.get_absolute_url(),
            )
    return period


def _notice_subject(starts_on: date, ends_on: date, amount_fen: int, payee: Organisation) -> str:
    return _("Voucher settlement %(start)s–%(end)s: ¥%(amount)s for %(payee)s") % {
        "start": starts_on.isoformat(), "end": ends_on.isoformat(), "amount": yuan(amount_fen), "payee": payee.name}


def closed_message(period: SettlementPeriod) -> str:
    return _("The period %(start)s–%(end)s is closed: %(n)d lines, ¥%(amount)s.") % {
        "start": period.starts_on.isoformat(), "end": period.ends_on.isoformat(), "n": period.lines.count(),
        "amount": yuan(period.amount_fen)}


# statements ---------------------------------------------------------------------------------------------------


def money(fen: int) -> Decimal:
    """Fen as a Decimal of yuan with two places (exact)."""
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


@dataclass
class PayeeTotal:
    payee: Organisation
    kind: str
    count: int
    amount_fen: int

    @property
    def kind_label(self) -> str:
        return str(SettlementLine.Kind(self.kind).label)


def totals(period: SettlementPeriod, payees: "QuerySet[Organisation] | None" = None) -> list[PayeeTotal]:
    """The period's statement per payee and kind (providers' redemptions, firms' reimbursements); of `payees`
    only when given."""
    rows: dict[tuple[int, str], PayeeTotal] = {}
    for line in _lines(period, payees):
        found = rows.setdefault((line.payee_id, line.kind), PayeeTotal(line.payee, line.kind, 0, 0))
        found.count += 1
        found.amount_fen += line.amount_fen
    return sorted(rows.values(), key=lambda t: (t.kind, t.payee.pk))


def _lines(period: SettlementPeriod, payees: "QuerySet[Organisation] | None") -> QuerySet[SettlementLine]:
    qs = period.lines.select_related(
        "payee", "payee__city", "claim", "reservation", "reservation__voucher", "reservation__voucher__programme",
        "reservation__voucher__organisation", "reservation__provider", "reservation__provider_city",
    ).order_by("kind", "payee_id", "reservation_id")
    return qs.filter(payee__in=payees) if payees is not None else qs


def statement_header() -> list[str]:
    return [
        _("Period"), _("Paid to"), _("Kind"), _("Claim"), _("Programme"), _("Voucher"), _("Firm"), _("Provider"),
        _("Where spent"), _("Use"), _("Paid for"), _("Redeemed on"), _("Bill (CNY)"), _("Voucher share (CNY)"),
        _("Co-payment (CNY)"),
    ]


def _paid_for(reservation: Reservation) -> str:
    if reservation.booking_id:
        return _("booking #%(id)s") % {"id": reservation.booking_id}
    if reservation.sample_job_id:
        return _("sample job #%(id)s") % {"id": reservation.sample_job_id}
    return _("service request #%(id)s") % {"id": reservation.service_request_id}


def statement_rows(period: SettlementPeriod, payees: "QuerySet[Organisation] | None" = None) -> list[list[Cell]]:
    """Every line of the period (or of `payees`) with the evidence the platform holds, amounts in Decimal yuan."""
    label = f"{period.starts_on.isoformat()}–{period.ends_on.isoformat()}"
    rows: list[list[Cell]] = []
    for line in _lines(period, payees):
        r = line.reservation
        rows.append([
            label, line.payee.name, line.get_kind_display(), line.claim_id, r.voucher.programme.name, r.voucher_id,
            r.voucher.organisation.name, r.provider.name, r.provider_city.name if r.provider_city is not None else "",
            r.get_use_display(), _paid_for(r), timezone.localdate(r.settled_at) if r.settled_at else None,
            money(r.total_fen), money(line.amount_fen), money(r.co_payment_fen),
        ])
    return rows
