"""Voucher programmes, applications, and issuing vouchers within a programme's budget.

Approvals of one programme queue on its row lock (SELECT ... FOR UPDATE; on SQLite the IMMEDIATE
transaction): the remaining budget is read and drawn in the same transaction, so simultaneous
approvals never issue more than the budget; a loser gets `BudgetExhausted` (409) naming what is left.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.belt.models import City, Industry
from innobelt.kit.api_errors import ConflictError
from innobelt.notifications.domain import notify
from innobelt.organisations.models import Organisation
from innobelt.organisations.queries import admins_of, operators_of
from innobelt.permissions import require
from innobelt.vouchers.domain import ledger
from innobelt.vouchers.models import Application, LedgerEntry, Programme, Use, Voucher, yuan

if TYPE_CHECKING:
    from innobelt.accounts.models import User

MAX_FEN = 10**13  # ¥100 billion: anything larger is a typing mistake


class BudgetExhausted(ConflictError):
    """The programme's remaining budget does not cover the amount (409)."""

    def __init__(self, programme: Programme, amount_fen: int):
        super().__init__(
            _("The programme has ¥%(remaining)s of its budget left; ¥%(amount)s cannot be approved.")
            % {"remaining": yuan(programme.remaining_fen), "amount": yuan(amount_fen)},
            {"remaining_fen": programme.remaining_fen, "requested_fen": amount_fen},
        )


def _check_programme(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not (values.get("name_zh") or "").strip():
        errors["name_zh"] = _("Give the programme a Chinese name.")
    if not 0 < values["budget_fen"] <= MAX_FEN:
        errors["budget_fen"] = _("The budget must be more than zero.")
    if not 0 < values["per_firm_cap_fen"] <= values["budget_fen"]:
        errors["per_firm_cap_fen"] = _("The cap per firm must be more than zero and at most the budget.")
    if not 0 <= values["co_payment_percent"] <= 90:
        errors["co_payment_percent"] = _("The co-payment is between 0 and 90 percent.")
    uses = values["uses"]
    if not uses or any(u not in Use.values for u in uses):
        errors["uses"] = _("Choose at least one eligible use.")
    bands = values.get("size_bands") or []
    if any(b not in Organisation.SizeBand.values for b in bands):
        errors["size_bands"] = _("Unknown size.")
    if values["closes_on"] < values["opens_on"]:
        errors["closes_on"] = _("Applications must close after they open.")
    if not 1 <= values["validity_days"] <= 1100:
        errors["validity_days"] = _("Vouchers are valid between 1 and 1,100 days.")
    if values["spendable"] not in Programme.Spendable.values:
        errors["spendable"] = _("Choose where the vouchers may be spent.")
    if values.get("mode", Programme.Mode.REDEMPTION) not in Programme.Mode.values:
        errors["mode"] = _("Choose how the voucher pays.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_programme(
    *,
    actor: "User",
    authority: City,
    name_zh: str,
    name_en: str = "",
    description: str = "",
    budget_fen: int,
    per_firm_cap_fen: int,
    co_payment_percent: int,
    uses: Sequence[str],
    spendable: str = Programme.Spendable.OWN_CITY,
    mode: str = Programme.Mode.REDEMPTION,
    verified_only: bool = True,
    size_bands: list[str] | None = None,
    industries: list[Industry] | None = None,
    opens_on: date,
    closes_on: date,
    validity_days: int = 365,
) -> Programme:
    """Define a programme issued by `authority` (the actor must operate it). Side effects: audit entry."""
    values = {
        "name_zh": name_zh,
        "name_en": name_en,
        "description": description,
        "budget_fen": budget_fen,
        "per_firm_cap_fen": per_firm_cap_fen,
        "co_payment_percent": co_payment_percent,
        "uses": list(dict.fromkeys(uses)),
        "spendable": spendable,
        "mode": mode,
        "verified_only": verified_only,
        "size_bands": list(size_bands or []),
        "opens_on": opens_on,
        "closes_on": closes_on,
        "validity_days": validity_days,
    }
    probe = Programme(authority=authority)
    require(actor, "vouchers.manage_programme", probe)
    _check_programme(values)
    programme = Programme.objects.create(authority=authority, created_by=actor, **values)
    programme.industries.set(industries or [])
    record_action(
        actor=actor,
        action="vouchers.programme_created",
        target=programme,
        data={"authority": authority.slug, "budget_fen": budget_fen, "mode": mode},
    )
    return programme


@transaction.atomic
def close_programme(*, actor: "User", programme: Programme) -> Programme:
    require(actor, "vouchers.manage_programme", programme)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    programme.status = Programme.Status.CLOSED
    programme.save(update_fields=["status"])
    record_action(actor=actor, action="vouchers.programme_closed", target=programme)
    return programme


@transaction.atomic
def accept_programme(*, actor: "User", programme: Programme, city: City, accept: bool = True) -> Programme:
    """An Alliance city (or district) accepts another authority's vouchers at its providers, or stops.
    Only its operators (or platform operators) may. Side effects: audit entry."""
    require(actor, "vouchers.accept_programme")
    if not (actor.is_platform_operator or actor.operator_cities.filter(pk=city.pk).exists()):
        raise ValidationError({"city": _("You may accept programmes only for the cities you operate.")})
    if city.pk == programme.authority_id:
        raise ValidationError({"city": _("A programme is always spendable in its own city.")})
    if programme.spendable != Programme.Spendable.ACCEPTING:
        raise ValidationError(_("This programme is spendable in its own city only."))
    (programme.accepted_in.add if accept else programme.accepted_in.remove)(city)
    record_action(
        actor=actor,
        action="vouchers.programme_accepted" if accept else "vouchers.programme_unaccepted",
        target=programme,
        data={"city": city.slug},
    )
    return programme


def eligibility_problems(programme: Programme, organisation: Organisation, *, today: date | None = None) -> list[str]:
    """Why `organisation` may not apply to `programme` now (empty: it may)."""
    today = today or timezone.localdate()
    problems = []
    if programme.status != Programme.Status.OPEN or not programme.opens_on <= today <= programme.closes_on:
        problems.append(_("The programme is not open for applications."))
    if programme.verified_only and organisation.verification != Organisation.Verification.VERIFIED:
        problems.append(_("Only verified organisations may apply."))
    if organisation.city_id != programme.authority_id:
        problems.append(_("Only firms registered in %(city)s may apply.") % {"city": programme.authority.name})
    if programme.size_bands and organisation.size_band not in programme.size_bands:
        problems.append(_("The programme is for firms of another size."))
    wanted = {i.pk for i in programme.industries.all()}
    if wanted and not wanted & {i.pk for i in organisation.industries.all()}:
        problems.append(_("The programme is for firms of other industries."))
    return problems


def approved_for(programme: Programme, organisation: Organisation) -> int:
    return int(
        Application.objects.filter(
            programme=programme, organisation=organisation, status=Application.Status.APPROVED
        ).aggregate(s=Sum("approved_fen"))["s"]
        or 0
    )


@transaction.atomic
def apply_for_voucher(
    *, actor: "User", programme: Programme, organisation: Organisation, requested_fen: int, purpose: str
) -> Application:
    """A firm asks for a voucher. Side effects: audit entry, notice to the programme's operators."""
    require(actor, "vouchers.apply", organisation)
    problems = eligibility_problems(programme, organisation)
    if problems:
        raise ValidationError(problems[0])
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": _("Say what the voucher is for.")})
    room = programme.per_firm_cap_fen - approved_for(programme, organisation)
    if not 0 < requested_fen <= room:
        raise ValidationError(
            {
                "requested_fen": _("Ask for more than zero and at most ¥%(room)s (the cap per firm).")
                % {"room": yuan(max(room, 0))}
            }
        )
    if Application.objects.filter(
        programme=programme, organisation=organisation, status=Application.Status.PENDING
    ).exists():
        raise ValidationError(_("Your organisation already has an application waiting in this programme."))
    application = Application.objects.create(
        programme=programme,
        organisation=organisation,
        applied_by=actor,
        requested_fen=requested_fen,
        purpose=purpose[:3000],
    )
    record_action(actor=actor, action="vouchers.applied", target=application, data={"requested_fen": requested_fen})
    notify(
        operators_of(programme.authority_id),
        kind="vouchers.application_received",
        subject=lambda: (
            _("%(organisation)s applied for a voucher of %(programme)s")
            % {"organisation": organisation.name, "programme": programme.name}
        ),
        body=lambda: purpose,
        link=application.get_absolute_url(),
    )
    return application


def approve_application(*, actor: "User", application: Application, amount_fen: int) -> Voucher:
    """Approve `amount_fen` and issue the voucher. The programme's row is locked while its remaining
    budget is checked and drawn, so simultaneous approvals never exceed the budget (BudgetExhausted,
    409, otherwise). Side effects: voucher, ledger entry, audit entry, notice to the firm's admins."""
    require(actor, "vouchers.decide_application", application)
    with transaction.atomic():
        programme = Programme.objects.select_for_update().select_related("authority").get(pk=application.programme_id)
        application = Application.objects.select_for_update().select_related("organisation").get(pk=application.pk)
        if application.status != Application.Status.PENDING:
            raise ConflictError(_("This application was already decided."), {"status": application.status})
        room = programme.per_firm_cap_fen - approved_for(programme, application.organisation)
        if not 0 < amount_fen <= min(application.requested_fen, room):
            raise ValidationError(
                {
                    "amount_fen": _("Approve more than zero and at most ¥%(most)s.")
                    % {"most": yuan(max(min(application.requested_fen, room), 0))}
                }
            )
        if amount_fen > programme.remaining_fen:
            raise BudgetExhausted(programme, amount_fen)
        programme.issued_fen += amount_fen
        programme.save(update_fields=["issued_fen"])
        now = timezone.now()
        application.status, application.approved_fen = Application.Status.APPROVED, amount_fen
        application.decided_by, application.decided_at = actor, now
        application.save(update_fields=["status", "approved_fen", "decided_by", "decided_at"])
        voucher = Voucher.objects.create(
            programme=programme,
            organisation=application.organisation,
            application=application,
            issued_fen=amount_fen,
            expires_on=timezone.localdate(now) + timedelta(days=programme.validity_days),
        )
        ledger.post(voucher, LedgerEntry.Kind.ISSUE, amount_fen, actor=actor)
        record_action(
            actor=actor,
            action="vouchers.issued",
            target=voucher,
            data={"application": application.pk, "amount_fen": amount_fen},
        )
        notify(
            admins_of(application.organisation) or [application.applied_by],
            kind="vouchers.application_decided",
            subject=lambda: (
                _("Voucher of ¥%(amount)s issued: %(programme)s")
                % {"amount": yuan(amount_fen), "programme": programme.name}
            ),
            body=lambda: _("Valid until %(day)s.") % {"day": voucher.expires_on.isoformat()},
            link=voucher.get_absolute_url(),
        )
    return voucher


@transaction.atomic
def reject_application(*, actor: "User", application: Application, reason: str) -> Application:
    """Reject with a reason. Side effects: audit entry, notice to the applicant."""
    require(actor, "vouchers.decide_application", application)
    application = (
        Application.objects.select_for_update().select_related("programme", "organisation").get(pk=application.pk)
    )
    if application.status != Application.Status.PENDING:
        raise ConflictError(_("This application was already decided."), {"status": application.status})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    application.status, application.reason = Application.Status.REJECTED, reason[:500]
    application.decided_by, application.decided_at = actor, timezone.now()
    application.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    record_action(
        actor=actor, action="vouchers.application_rejected", target=application, data={"reason": application.reason}
    )
    programme = application.programme
    notify(
        [application.applied_by],
        kind="vouchers.application_decided",
        subject=lambda: _("Voucher application not approved: %(programme)s") % {"programme": programme.name},
        body=lambda: application.reason,
        link=application.get_absolute_url(),
    )
    return application


def expire_vouchers(*, today: date | None = None) -> int:
    """Expire the active vouchers whose last day has passed (China time): what is still available
    leaves the voucher as an `expire` entry; reserved shares stay until their bookings end."""
    today = today or timezone.localdate()
    done = 0
    for voucher_id in Voucher.objects.filter(status=Voucher.Status.ACTIVE, expires_on__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            voucher = ledger.lock_voucher(voucher_id)
            if voucher.status != Voucher.Status.ACTIVE:
                continue
            voucher.status = Voucher.Status.EXPIRED
            if voucher.available_fen:
                ledger.post(voucher, LedgerEntry.Kind.EXPIRE, voucher.available_fen)
            else:
                voucher.save(update_fields=["status"])
            record_action(actor=None, action="vouchers.expired", target=voucher)
            done += 1
    return done
