"""Cross-city flows (ADR 1201): vouchers issued, redeemed and settled, bookings, access requests and 1:1
meetings between a city and another, on the display wall (public, suppressed) and under the dashboards'
charts as a table (every number, each a drill-down link), and in open data (suppressed)."""

from __future__ import annotations

from dataclasses import dataclass, field

from innobelt.belt.models import City
from innobelt.insights import registry
from innobelt.insights.figures_vouchers import ISSUING_CITY
from innobelt.insights.registry import FIGURES, Figure, Scope, Value


@dataclass(frozen=True)
class Flow:
    figure: str  # a registered figure
    from_path: str  # the path to the city the record comes from
    to_path: str | None = None  # where it went, when not the figure's city_path
    either_way: bool = False  # no direction: A → B and B → A are one flow between A and B


FLOWS = [
    Flow("bookings", "organisation__city"),  # the booking firm's city → the instrument's
    Flow("access_requests", "organisation__city"),
    Flow("vouchers_issued", "programme__authority", "organisation__city"),  # the issuing city → the holder's
    Flow("vouchers_redeemed", ISSUING_CITY),  # from the issuing city to where the voucher was spent
    Flow("vouchers_settled", ISSUING_CITY),
    # 1:1 meetings held between an organisation of one city and one of another
    Flow("meetings_held", "a__registration__organisation__city", "b__registration__organisation__city", either_way=True),
]


def flows_for(scope: Scope) -> list[Flow]:
    """The flows whose figure the scope has (an organisation's own only where the figure has an owner)."""
    keys = {f.key for f in registry.figures_for(scope)}
    return [flow for flow in FLOWS if flow.figure in keys]


def pair_values(flow: Flow, scope: Scope, *, touching: bool = False) -> dict[tuple[int, int], Value]:
    """One query: the flow's value per pair of cities (A → B; A ↔ B, the lower id first, when it has no
    direction). `touching`: for a city's dashboard, the pairs with the city at either end."""
    figure = FIGURES[flow.figure]
    compute = registry.pairs_touching if touching else registry.by_city_pair
    pairs = compute(figure, scope, flow.from_path, flow.to_path)
    return registry.either_way(pairs) if flow.either_way else pairs  # suppressed by the total, which is what is shown


@dataclass
class BeltCounts:
    """The whole Belt's numbers counted once by the periodic refresh (every figure's value, per city, and every
    flow's pairs), read by each screen built from them (the wall, open data, the cities' dashboards) instead
    of counting them again; what it does not hold is counted when asked for (an empty one counts everything)."""

    values: dict[str, Value] = field(default_factory=dict)
    per_city: dict[str, dict[int, Value]] = field(default_factory=dict)
    pairs: dict[str, dict[tuple[int, int], Value]] = field(default_factory=dict)
    splits: dict[str, dict] = field(default_factory=dict)  # each breakdown's categories (breakdowns.py)

    def split(self, key: str) -> dict:
        from innobelt.insights import breakdowns  # lazy: breakdowns reads the registry, as this module does

        if key not in self.splits:
            self.splits[key] = breakdowns.counts(breakdowns.BREAKDOWNS[key], registry.BELT)
        return self.splits[key]

    def value(self, figure: Figure) -> Value:
        if figure.key not in self.values:
            self.values[figure.key] = registry.value(figure, registry.BELT)
        return self.values[figure.key]

    def by_city(self, figure: Figure) -> dict[int, Value]:
        if figure.key not in self.per_city:
            self.per_city[figure.key] = registry.by_city(figure, registry.BELT)
        return self.per_city[figure.key]

    def flow(self, flow: Flow) -> dict[tuple[int, int], Value]:
        if flow.figure not in self.pairs:
            self.pairs[flow.figure] = pair_values(flow, registry.BELT)
        return self.pairs[flow.figure]


@dataclass(frozen=True)
class PairRow:
    flow: Flow
    figure: Figure
    source: City
    target: City
    value: Value
    link: str

    @property
    def arrow(self) -> str:
        return "↔" if self.flow.either_way else "→"


@dataclass(frozen=True)
class OtherPairs:
    """The pairs of a flow beyond the largest ones shown: how many, and their records together."""

    figure: Figure
    pairs: int
    value: Value


def pair_rows(pairs: dict[str, dict[tuple[int, int], Value]], scope: Scope, *, public: bool,
              limit: int | None = None) -> tuple[list[PairRow], list[OtherPairs]]:
    """The table of flows: a row per figure and pair of cities, figures in the order of FLOWS, the largest
    pairs first; with `limit`, that many pairs a flow and the others added up (a dashboard of the whole
    Belt: some twenty cities make hundreds of pairs; each city's dashboard lists its own). On a public page
    a pair with fewer than `INSIGHTS_MIN_COUNT` records is left out; the drill-down of a row is the
    figure's, narrowed to the city it went to (an organisation's: its own pages)."""
    cities = {c.pk: c for c in City.objects.all()}
    rows: list[PairRow] = []
    others: list[OtherPairs] = []
    links: dict[tuple[str, int], str] = {}
    for flow in FLOWS:
        found = pairs.get(flow.figure)
        if not found:
            continue
        figure = FIGURES[flow.figure]
        ordered = sorted(found.items(), key=lambda item: (-item[1].count, item[0]))
        shown = [
            (source, target, value)
            for (source, target), value in ordered
            if not (public and not value.shown_publicly) and source in cities and target in cities
        ]
        if limit is not None and len(shown) > limit:
            rest = shown[limit:]
            others.append(OtherPairs(figure, len(rest), Value(sum(v.count for *_p, v in rest), sum(v.value for *_p, v in rest))))
            shown = shown[:limit]
        for source, target, value in shown:
            key = (flow.figure, target)
            if key not in links:
                narrowed = scope if scope.organisation is not None else Scope(cities=(cities[target],))
                links[key] = figure.drill_down(narrowed)
            rows.append(PairRow(flow, figure, cities[source], cities[target], value, links[key]))
    return rows, others
