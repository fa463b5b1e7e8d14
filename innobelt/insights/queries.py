"""Reads of the Belt's data, scoped to the caller: which dashboards a person may open, and the numbers of
each (computed by the registry, kept `settings.INSIGHTS_CACHE_SECONDS` in the default cache)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from innobelt.belt.models import City
from innobelt.insights import breakdowns, registry
from innobelt.insights.breakdowns import BREAKDOWNS, Category
from innobelt.insights.figures import GROUPS
from innobelt.insights.flows import BeltCounts, OtherPairs, PairRow, flows_for, pair_rows, pair_values
from innobelt.insights.models import ReportRun
from innobelt.insights.registry import FIGURES, Figure, Scope, Value
from innobelt.kit.lookups import or_404
from innobelt.organisations.models import Organisation
from innobelt.organisations.queries import my_organisations
from innobelt.permissions import can, is_active_user

TRENDS = ["organisations", "resources_published", "bookings", "access_requests", "events_held", "needs_posted"]
COMPARED = ["organisations", "resources_published", "bookings", "access_requests", "events_held", "needs_posted", "proposals_submitted", "agreements"]
MONTHS = 12
PAIRS_PER_FLOW = 10  # on the whole Belt's dashboard; a city's lists every pair it is in


@dataclass(frozen=True)
class Card:
    figure: Figure
    value: Value
    link: str


@dataclass(frozen=True)
class Rate:
    """A share of one figure in another (SLA compliance: requests resolved by their day among those resolved),
    from the two figures' numbers, no query of its own."""

    key: str
    label: str
    part: Value
    whole: Value
    link: str = ""  # the part's records (the requests resolved in time), as its figure's drill-down

    @property
    def percent(self) -> int | None:
        """Whole percent, rounded half up in integers (no float); None when the whole is 0."""
        if not self.whole.count:
            return None
        return (200 * self.part.count + self.whole.count) // (2 * self.whole.count)


#: (key, label, the part's figure, the whole's figure, the group it is shown in)
RATES = [
    ("sla_met", _("Service requests resolved by their resolution day (share of those resolved)"),
     "service_requests_in_time", "service_requests_resolved", "services"),
]


@dataclass(frozen=True)
class BreakdownView:
    key: str
    label: str
    categories: list[Category]


@dataclass(frozen=True)
class Group:
    label: str
    cards: list[Card]
    rates: list[Rate] = field(default_factory=list)
    breakdowns: list[BreakdownView] = field(default_factory=list)


@dataclass(frozen=True)
class Trend:
    figure: Figure
    months: list[tuple[date, Value]]
    links: list[str] = field(default_factory=list)  # each month's drill-down ("": the month is no link)

    @property
    def rows(self) -> list[tuple[date, Value, str]]:
        return [(m, v, link) for (m, v), link in zip(self.months, self.links or [""] * len(self.months), strict=True)]


@dataclass(frozen=True)
class CityRow:
    city: City
    values: list[Value]
    links: list[str] = field(default_factory=list)  # each value's drill-down, narrowed to the city

    @property
    def cells(self) -> list[tuple[Value, str]]:
        return list(zip(self.values, self.links or [""] * len(self.values), strict=True))


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    groups: list[Group]
    trends: list[Trend]
    compared: list[Figure]
    cities: list[CityRow]
    pairs: list[PairRow] = field(default_factory=list)  # cross-city flows, under the chart of cities
    other_pairs: list[OtherPairs] = field(default_factory=list)  # a flow's pairs beyond the largest, added up


def cached(key: str, compute):
    """The default cache in front of `compute` (nothing kept when `INSIGHTS_CACHE_SECONDS` is 0)."""
    seconds = settings.INSIGHTS_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    key = f"insights:{key}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, seconds)
    return found


def refresh_figures() -> int:
    """Compute the whole Belt's, every city's, the display wall's and open data's aggregate numbers and keep
    them a minute longer than a page would (`task_refresh_figures` runs every minute): page views and
    downloads read, never count."""
    from innobelt.insights.open_data import refresh_snapshots  # lazy: both read this module
    from innobelt.insights.wall import compute_wall

    seconds = max(settings.INSIGHTS_CACHE_SECONDS, 0) + 60
    belt = _numbers(registry.BELT)
    cache.set(f"insights:dashboard:{registry.BELT.cache_key}", belt, seconds)
    # each figure counted once for the whole Belt and once per city (all cities in one query), then read by
    # every screen: the cities' dashboards, the wall and open data
    counts = BeltCounts(values=dict(belt["values"]), pairs=dict(belt["pairs"]), splits=dict(belt["breakdowns"]))
    cities = list(City.objects.all())
    for city, numbers in _numbers_of_cities(cities, counts).items():
        cache.set(f"insights:dashboard:{Scope(cities=(city,)).cache_key}", numbers, seconds)
    cache.set("insights:wall", compute_wall(counts), seconds)
    refresh_snapshots(counts, seconds)  # open data's downloads, each dataset under its own key
    # last: the dashboards' rendered fragments are kept under this stamp, so a new one retires them all
    cache.set(REFRESH_STAMP, uuid.uuid4().hex, seconds)
    return 1 + len(cities) + 2


def _numbers(scope: Scope) -> dict:
    """Plain numbers of every figure of the scope (what the cache keeps): values, months and cities."""
    figures = registry.figures_for(scope)
    keys = {f.key for f in figures}
    compared = [k for k in COMPARED if k in keys] if scope.organisation is None else []
    return {
        "values": {f.key: registry.value(f, scope) for f in figures},
        "trends": {k: registry.by_month(FIGURES[k], scope, MONTHS) for k in TRENDS if k in keys},
        "cities": {k: registry.by_city(FIGURES[k], scope) for k in compared},
        "pairs": {flow.figure: pair_values(flow, scope, touching=True) for flow in flows_for(scope)},
        "breakdowns": {b.key: breakdowns.counts(b, scope) for b in breakdowns.breakdowns_for(scope)},
    }


def _numbers_of_cities(cities: list[City], counts: BeltCounts | None = None) -> dict[City, dict]:
    """`_numbers` of each city's dashboard, all from the whole Belt's records grouped by city: one query a
    figure (and a trend, a flow) for every city together instead of one per city, so the periodic refresh
    costs about two whole-Belt dashboards however many cities there are (ADR 1201, "The refresh at the
    Belt's scale"); tests/insights/test_views.py checks the numbers equal `_numbers` of each city."""
    if not cities:
        return {}
    counts = counts or BeltCounts()
    scope = Scope(cities=(cities[0],))  # which figures and flows a city's dashboard has (the same for each)
    figures = registry.figures_for(scope)
    keys = {f.key for f in figures}
    ids = [c.pk for c in cities]
    per_city = {f.key: counts.by_city(f) for f in figures}
    months = {k: registry.by_city_month(FIGURES[k], ids, MONTHS) for k in TRENDS if k in keys}
    pairs = {flow.figure: counts.flow(flow) for flow in flows_for(scope)}
    split = {b.key: breakdowns.counts_by_city(b, ids) for b in breakdowns.breakdowns_for(scope)}
    out = {}
    for city in cities:
        pk = city.pk
        out[city] = {
            "values": {f.key: per_city[f.key].get(pk, registry.zero(f)) for f in figures},
            "trends": {k: m[pk] for k, m in months.items()},
            "cities": {k: ({pk: per_city[k][pk]} if pk in per_city[k] else {}) for k in COMPARED if k in keys},
            "pairs": {key: {p: v for p, v in found.items() if pk in p} for key, found in pairs.items()},
            "breakdowns": {key: found[pk] for key, found in split.items()},
        }
    return out


def dashboard(scope: Scope) -> Dashboard:
    numbers = cached(f"dashboard:{scope.cache_key}", lambda: _numbers(scope))
    figures = [FIGURES[k] for k in numbers["values"] if k in FIGURES]
    values = numbers["values"]
    rates = [
        (group, Rate(key, str(label), values[part], values[whole], FIGURES[part].drill_down(scope)))
        for key, label, part, whole, group in RATES
        if part in values and whole in values
    ]
    split = [
        (BREAKDOWNS[key].group, BreakdownView(key, str(BREAKDOWNS[key].label), breakdowns.categories(BREAKDOWNS[key], found, scope)))
        for key, found in numbers.get("breakdowns", {}).items()
        if key in BREAKDOWNS
    ]
    groups = []
    for group, label in GROUPS.items():
        cards = [Card(f, values[f.key], f.drill_down(scope)) for f in figures if f.group == group]
        if cards:
            groups.append(Group(str(label), cards, [r for g, r in rates if g == group], [b for g, b in split if g == group]))
    other = [Card(f, values[f.key], f.drill_down(scope)) for f in figures if f.group not in GROUPS]
    if other:
        groups.append(Group("", other))
    trends = [Trend(FIGURES[k], months, [FIGURES[k].month_drill_down(scope, m) for m, _v in months]) for k, months in numbers["trends"].items()]
    compared = [FIGURES[k] for k in numbers["cities"]]
    rows = []
    if compared:
        cities = scope.cities or tuple(City.objects.all())
        empty = Value(0, 0)
        rows = [
            CityRow(c, [numbers["cities"][f.key].get(c.pk, empty) for f in compared], [f.drill_down(Scope(cities=(c,))) for f in compared])
            for c in cities
        ]
    # a dashboard is not public: every number; the whole Belt's lists each flow's largest pairs
    pairs, other_pairs = pair_rows(numbers.get("pairs", {}), scope, public=False, limit=PAIRS_PER_FLOW if scope.is_belt else None)
    return Dashboard(scope=scope, groups=groups, trends=trends, compared=compared, cities=rows, pairs=pairs, other_pairs=other_pairs)


# The dashboards' rendered fragments (ADR 1201, "A page view reads its rendered figures")

REFRESH_STAMP = "insights:refreshed"  # a new value each periodic refresh


def viewer_rights(user) -> str:
    """Everything of the viewer that may decide what a dashboard of the Belt or a city shows them (today only its
    scope decides, but its links must lead only where the viewer may go): a platform operator, or a district
    operator of these cities. Two viewers share a rendered fragment only when this is the same for both
    (tests/insights/test_fragments.py renders each viewer's page uncached and checks it)."""
    if can(user, "insights.view_belt_dashboard"):
        return "platform"
    return "operator-" + "-".join(str(pk) for pk in sorted(operator_cities(user).values_list("pk", flat=True)))


def fragment_key(user, scope: Scope) -> str:
    """The cache key of a dashboard's figures as rendered for this viewer (scope, language, rights, the refresh
    they were counted by); "" (render every time) for an organisation's dashboard (no periodic refresh counts
    it) and when nothing is kept or no refresh has run yet."""
    if settings.INSIGHTS_CACHE_SECONDS <= 0 or scope.organisation is not None:
        return ""
    stamp = cache.get(REFRESH_STAMP)
    if stamp is None:
        return ""
    return f"insights:fragment:{scope.cache_key}:{translation.get_language()}:{viewer_rights(user)}:{stamp}"


def fragment_seconds() -> int:
    """How long a dashboard's rendered figures are kept (`{% kept %}`): as long as the refresh keeps its numbers."""
    return max(settings.INSIGHTS_CACHE_SECONDS, 0) + 60


# Who may open which dashboard


def operator_cities(user) -> QuerySet:
    return user.operator_cities.all() if is_active_user(user) else City.objects.none()


def dashboards_of(user) -> dict:
    """The dashboards the person may open: the whole Belt, their cities and districts, their organisations."""
    return {
        "belt": can(user, "insights.view_belt_dashboard"),
        "cities": list(City.objects.all()) if can(user, "insights.view_belt_dashboard") else list(operator_cities(user)),
        "organisations": list(my_organisations(user)) if is_active_user(user) else [],
    }


def belt_scope_or_403(user) -> Scope:
    if not can(user, "insights.view_belt_dashboard"):
        raise PermissionDenied
    return registry.BELT


def city_scope_or_404(user, slug: str) -> Scope:
    city = or_404(City.objects.filter(slug=slug).first())
    if not can(user, "insights.view_city_dashboard", city):
        raise PermissionDenied
    return Scope(cities=(city,))


def organisation_scope_or_404(user, slug: str) -> Scope:
    organisation = or_404(Organisation.objects.select_related("city").filter(slug=slug).first())
    if not can(user, "insights.view_organisation_dashboard", organisation):
        raise PermissionDenied
    return Scope(organisation=organisation)


def _number(value: Value) -> int | float:
    """A value for a chart (hours may have fractions; no money is charted)."""
    v = value.value
    return int(v) if v == int(v) else float(v)


def chart_specs(board: Dashboard) -> list[dict]:
    """What the charts of a dashboard draw (the same numbers as its tables), as JSON for insights/charts.js."""
    specs = []
    for trend in board.trends:
        specs.append(
            {
                "id": f"chart-trend-{trend.figure.key}",
                "kind": "line",
                "title": str(trend.figure.label),
                "categories": [m.strftime("%Y-%m") for m, _ in trend.months],
                "series": [{"name": str(trend.figure.label), "data": [_number(v) for _, v in trend.months]}],
            }
        )
    if board.cities:
        specs.append(
            {
                "id": "chart-cities",
                "kind": "bar",
                "title": "",
                "categories": [row.city.name for row in board.cities],
                "series": [{"name": str(f.label), "data": [_number(row.values[i]) for row in board.cities]} for i, f in enumerate(board.compared)],
            }
        )
    for group in board.groups:
        for split in group.breakdowns:
            specs.append(
                {
                    "id": f"chart-breakdown-{split.key}",
                    "kind": "bar",
                    "title": split.label,
                    "categories": [c.label for c in split.categories],
                    "series": [{"name": split.label, "data": [c.value.count for c in split.categories]}],
                }
            )
    if board.pairs:
        specs.append(flow_chart(board.pairs))
    return specs


FLOW_CHART_PAIRS = 12


def flow_chart(rows: list[PairRow]) -> dict:
    """The largest pairs of cities (by all their flows together), a bar per flow; the table under it has
    every pair."""
    totals: dict[str, int] = {}
    for row in rows:
        label = f"{row.source.name} {row.arrow} {row.target.name}"
        totals[label] = totals.get(label, 0) + row.value.count
    labels = [label for label, _n in sorted(totals.items(), key=lambda item: -item[1])[:FLOW_CHART_PAIRS]]
    series: dict[str, dict[str, int | float]] = {}
    for row in rows:
        series.setdefault(str(row.figure.label), {})[f"{row.source.name} {row.arrow} {row.target.name}"] = _number(row.value)
    return {
        "id": "chart-flows",
        "kind": "bar",
        "title": "",
        "categories": labels,
        "series": [{"name": name, "data": [values.get(label, 0) for label in labels]} for name, values in series.items()],
    }


# Quarterly reports generated in the background


def visible_run_or_404(user, run_id) -> ReportRun:
    """The run, for whoever may open its area's dashboard; 404 for everyone else (its existence is not told)."""
    run = ReportRun.objects.select_related("city").filter(pk=run_id).first()
    if run is None or not can(user, "insights.view_reportrun", run):
        raise Http404
    return run


def report_runs(city: City | None, quarter, limit: int = 10) -> list[ReportRun]:
    """The latest runs of a report (the caller may see its area), newest first."""
    runs = ReportRun.objects.filter(city=city, year=quarter.year, quarter=quarter.number).select_related("requested_by")
    return list(runs.order_by("-created_at")[:limit])
