"""Operators' view of funding demand against supply (issue 25: "Operators see funding demand vs supply by
sector and city"; ADR 1001, "Demand and supply").

Demand: open funding needs that their teams show to investors (a hidden or closed need never counts), of
the operator's cities (a need's city, or its organisation's when it has none; the whole Belt for platform
operators): how many and the amount sought, by sector, city, stage and amount band. A need in two sectors
counts in both.

Supply: the theses of verified investors that may invest there (naming one of the operator's cities, or
no city at all: anywhere): how many, and their ticket ranges (lowest "from", highest "up to"), by sector,
city (naming the city; those investing anywhere are counted once beside), stage and amount band (a thesis
whose ticket range meets the band). Every figure is one database query (an aggregate or a grouped count),
never a count in Python.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import CharField, Count, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext as _

from innobelt.belt.models import City, Industry
from innobelt.financing.models import FundingNeed, Stage, Thesis
from innobelt.organisations.models import Organisation
from innobelt.permissions import is_active_user

MILLION = Decimal("1000000")
#: amount bands in yuan: [low, high), the last one open
BANDS: list[tuple[Decimal, Decimal | None]] = [
    (Decimal("0"), 1 * MILLION),
    (1 * MILLION, 5 * MILLION),
    (5 * MILLION, 20 * MILLION),
    (20 * MILLION, 100 * MILLION),
    (100 * MILLION, None),
]


@dataclass
class Scope:
    """The cities an operator looks after; None: the whole Belt (platform operators)."""

    cities: list[City] | None

    @property
    def whole_belt(self) -> bool:
        return self.cities is None


@dataclass
class Row:
    label: str
    needs: int = 0
    sought: Decimal = Decimal("0")
    investors: int = 0
    ticket_from: Decimal | None = None
    ticket_to: Decimal | None = None


@dataclass
class Table:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)
    note: str = ""


def scope_of(user) -> Scope | None:
    """The operator's scope, or None for anybody who is not an operator."""
    if not is_active_user(user):
        return None
    if user.is_platform_operator:
        return Scope(None)
    cities = list(user.operator_cities.order_by("position", "slug"))
    return Scope(cities) if cities else None


def demand_of(scope: Scope) -> QuerySet[FundingNeed]:
    needs = FundingNeed.objects.filter(status=FundingNeed.Status.OPEN, visibility=FundingNeed.Visibility.INVESTORS)
    needs = needs.annotate(where=Coalesce("city", "organisation__city"))
    if scope.cities is not None:
        needs = needs.filter(where__in=[c.pk for c in scope.cities])
    return needs


def supply_of(scope: Scope) -> QuerySet[Thesis]:
    theses = Thesis.objects.filter(organisation__kind=Organisation.Kind.INVESTOR, organisation__verification=Organisation.Verification.VERIFIED)
    if scope.cities is not None:
        naming = Thesis.cities.through.objects.filter(city__in=[c.pk for c in scope.cities]).values("thesis")
        theses = theses.filter(Q(pk__in=naming) | Q(cities__isnull=True))
    return Thesis.objects.filter(pk__in=theses.values("pk"))  # one row per thesis, whatever the joins above


def _by_sector(needs, theses) -> Table:
    demand = {r["industries"]: r for r in needs.values("industries").annotate(n=Count("pk", distinct=True), amount=Sum("amount"))}
    supply = {r["sectors"]: r for r in theses.values("sectors").annotate(n=Count("pk", distinct=True), low=Min("ticket_min"), high=Max("ticket_max"))}
    industries = {i.pk: i for i in Industry.objects.filter(pk__in=[k for k in {*demand, *supply} if k is not None])}
    rows = []
    for key in sorted({*demand, *supply}, key=lambda k: (k is None, industries[k].code if k is not None else "")):
        d, s = demand.get(key, {}), supply.get(key, {})
        rows.append(
            Row(
                industries[key].name if key is not None else _("no sector given"),
                d.get("n", 0),
                d.get("amount") or Decimal("0"),
                s.get("n", 0),
                s.get("low"),
                s.get("high"),
            )
        )
    return Table("sector", _("By sector"), rows, _("A need in two sectors counts in both; so does a thesis."))


def _by_city(scope, needs, theses) -> Table:
    demand = {r["where"]: r for r in needs.values("where").annotate(n=Count("pk"), amount=Sum("amount"))}
    supply = {
        r["city"]: r
        for r in Thesis.cities.through.objects.filter(thesis__in=theses)
        .values("city")
        .annotate(n=Count("thesis", distinct=True), low=Min("thesis__ticket_min"), high=Max("thesis__ticket_max"))
    }
    anywhere = theses.filter(cities__isnull=True).count()
    if scope.cities is not None:
        cities = scope.cities
    else:
        cities = list(City.objects.filter(pk__in=[k for k in {*demand, *supply} if k is not None]).order_by("position", "slug"))
    rows = []
    for city in cities:
        d, s = demand.get(city.pk, {}), supply.get(city.pk, {})
        rows.append(Row(city.name, d.get("n", 0), d.get("amount") or Decimal("0"), s.get("n", 0), s.get("low"), s.get("high")))
    if None in demand:
        rows.append(Row(_("no city given"), demand[None]["n"], demand[None]["amount"] or Decimal("0")))
    note = _("Investors: theses naming the city. %(n)s more invest in any city.") % {"n": anywhere}
    return Table("city", _("By city"), rows, note)


def _by_stage(needs, theses) -> Table:
    demand = {r["stage"]: r for r in needs.values("stage").annotate(n=Count("pk"), amount=Sum("amount"))}
    as_text = theses.annotate(stage_list=Cast("stages", CharField()))
    counts: dict[str, Any] = as_text.aggregate(**{code: Count("pk", filter=Q(stage_list__contains=f'"{code}"')) for code in Stage.values})
    rows = []
    for code, label in Stage.choices:
        d = demand.get(code, {})
        rows.append(Row(str(label), d.get("n", 0), d.get("amount") or Decimal("0"), counts[code]))
    return Table("stage", _("By stage"), rows, _("Investors: theses that include the stage."))


def _band_label(low: Decimal, high: Decimal | None) -> str:
    if high is None:
        return _("%(low)s million yuan and more") % {"low": low / MILLION}
    if low == 0:
        return _("below %(high)s million yuan") % {"high": high / MILLION}
    return _("%(low)s to %(high)s million yuan") % {"low": low / MILLION, "high": high / MILLION}


def _band(field_low: str, field_high: str, low: Decimal, high: Decimal | None) -> Q:
    """Amounts in [low, high); for a range (field_low..field_high), one that meets [low, high)."""
    condition = Q(**{f"{field_high}__gte": low})
    if high is not None:
        condition &= Q(**{f"{field_low}__lt": high})
    return condition


def _by_amount(needs, theses) -> Table:
    demand = needs.aggregate(
        **{f"n{i}": Count("pk", filter=_band("amount", "amount", low, high)) for i, (low, high) in enumerate(BANDS)},
        **{f"s{i}": Sum("amount", filter=_band("amount", "amount", low, high)) for i, (low, high) in enumerate(BANDS)},
    )
    supply = theses.aggregate(**{f"n{i}": Count("pk", filter=_band("ticket_min", "ticket_max", low, high)) for i, (low, high) in enumerate(BANDS)})
    rows = [Row(_band_label(low, high), demand[f"n{i}"], demand[f"s{i}"] or Decimal("0"), supply[f"n{i}"]) for i, (low, high) in enumerate(BANDS)]
    return Table("amount", _("By amount"), rows, _("Investors: theses whose ticket range meets the band."))


def demand_and_supply(scope: Scope) -> dict[str, Any]:
    """The four tables (sector, city, stage, amount) and the totals, for the operator's scope."""
    needs, theses = demand_of(scope), supply_of(scope)
    totals = needs.aggregate(n=Count("pk"), amount=Sum("amount"))
    return {
        "needs": totals["n"],
        "sought": totals["amount"] or Decimal("0"),
        "investors": theses.count(),
        "tables": [_by_sector(needs, theses), _by_city(scope, needs, theses), _by_stage(needs, theses), _by_amount(needs, theses)],
    }
