"""Prices by user class and unit, and the class a booker's organisation is in.

Money is `Decimal` in CNY, rounded half-up to the fen (0.01) wherever an amount is made
(`to_fen`); floats never touch it. No price for a class and unit means free, the GOI default.
The class rule (docs/adr/0302-prices-pledges-training.md), first match wins:
1. the resource's own organisation: `own`;
2. an SME or startup (kind) that is not large by size band (250 people or more is not an SME),
   and is a GOI member: `goi_sme`; not a GOI member: `sme`;
3. a university, research institute or laboratory: `academic`;
4. anyone else (large firms, investors, agencies, SMEs grown large...): `other`.
"""

from collections.abc import Mapping
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.organisations.models import Organisation
from innobelt.permissions import require
from innobelt.resources.models import Resource, ResourcePrice
from innobelt.resources.models.pricing import MAX_PRICE, PriceUnit, UserClass

if TYPE_CHECKING:
    from innobelt.accounts.models import User

FEN = Decimal("0.01")
SME_KINDS = {Organisation.Kind.SME, Organisation.Kind.STARTUP}
LARGE_SIZES = {Organisation.SizeBand.LARGE, Organisation.SizeBand.HUGE}
ACADEMIC_KINDS = {Organisation.Kind.UNIVERSITY, Organisation.Kind.RESEARCH_INSTITUTE, Organisation.Kind.LABORATORY}
PriceKey = tuple[str, str]


def to_fen(value: Decimal | int | str) -> Decimal:
    """`value` in CNY rounded half-up to the fen (2 places)."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


HOURS_PER_DAY = Decimal(24)


def booking_charge(charged_hours: Decimal, hour_price: Decimal | None, day_price: Decimal | None) -> tuple[str, Decimal, Decimal | None, Decimal]:
    """(unit, charged units, unit price, amount) for `charged_hours` of a booking: per hour at the hour price, or
    per started day (each begun 24 hours of the charged time counts whole) at the day price; with both prices the
    cheaper for the booker (a tie: per hour). No price: free (unit hour, nothing charged)."""
    zero = Decimal("0.00")
    options = []
    if hour_price is not None:
        options.append((to_fen(charged_hours * hour_price), 0, PriceUnit.HOUR, charged_hours, hour_price))
    if day_price is not None:
        days = (charged_hours / HOURS_PER_DAY).to_integral_value(rounding=ROUND_CEILING) if charged_hours > 0 else zero
        options.append((to_fen(days * day_price), 1, PriceUnit.DAY, to_fen(days), day_price))
    if not options:
        return PriceUnit.HOUR, zero, None, zero
    amount, _order, unit, units, price = min(options)
    return unit, units, price, amount


def user_class_of(organisation: Organisation, resource: Resource) -> str:
    """The user class `organisation` pays in for `resource` (the rule in the module's docstring)."""
    if organisation.pk == resource.owner_id:
        return UserClass.OWN
    if organisation.kind in SME_KINDS and organisation.size_band not in LARGE_SIZES:
        return UserClass.GOI_SME if organisation.is_goi_member else UserClass.SME
    if organisation.kind in ACADEMIC_KINDS:
        return UserClass.ACADEMIC
    return UserClass.OTHER


def price_table(resource: Resource) -> dict[PriceKey, Decimal]:
    """Every price set for the resource, by (user class, unit); what is missing is free."""
    return {(p.user_class, p.unit): p.amount for p in ResourcePrice.objects.filter(resource=resource)}


def field_name(user_class: str, unit: str) -> str:
    """The name of a price in forms and in validation errors."""
    return f"{user_class}_{unit}"


def _checked(prices: Mapping[PriceKey, Decimal | str | None]) -> dict[PriceKey, Decimal]:
    problems: dict[str, list[str]] = {}
    checked: dict[PriceKey, Decimal] = {}
    for (user_class, unit), value in prices.items():
        name = field_name(user_class, unit)
        if user_class not in UserClass.values or unit not in PriceUnit.values:
            problems.setdefault("prices", []).append(_("Unknown user class or unit: %(name)s.") % {"name": name})
            continue
        if value is None or value == "":
            continue
        try:
            amount = to_fen(value)
        except (InvalidOperation, TypeError, ValueError):
            problems[name] = [_("Give the price as a number of yuan, e.g. 120.50.")]
            continue
        if not amount.is_finite() or amount < 0 or amount > MAX_PRICE:
            problems[name] = [_("Give a price between 0 and %(max)s yuan.") % {"max": MAX_PRICE}]
        elif amount > 0:
            checked[(user_class, unit)] = amount
    if problems:
        raise ValidationError(problems)
    return checked


@transaction.atomic
def set_prices(*, actor: "User", resource: Resource, prices: Mapping[PriceKey, Decimal | str | None]) -> dict[PriceKey, Decimal]:
    """Replace the resource's prices: each (user class, unit) given a positive amount is priced
    (rounded half-up to the fen), every other one is free. Bad input changes nothing (ValidationError
    naming each price). Issued cost statements keep the price they used.

    Side effects: ResourcePrice rows; an audit entry with the old and new prices."""
    require(actor, "resources.manage_pricing", resource)
    checked = _checked(prices)
    Resource.objects.select_for_update().only("pk").get(pk=resource.pk)  # one price change at a time; bookings read a settled table
    before = price_table(resource)
    for price in ResourcePrice.objects.filter(resource=resource):
        if (price.user_class, price.unit) not in checked:
            price.delete()
    now = timezone.now()
    for (user_class, unit), amount in checked.items():
        ResourcePrice.objects.update_or_create(resource=resource, user_class=user_class, unit=unit,
                                               defaults={"amount": amount, "updated_by": actor, "updated_at": now})
    if before != checked:
        record_action(actor=actor, action="resource.prices_changed", target=resource,
                      data={"before": {field_name(*k): str(v) for k, v in sorted(before.items())},
                            "after": {field_name(*k): str(v) for k, v in sorted(checked.items())}})
    return checked
