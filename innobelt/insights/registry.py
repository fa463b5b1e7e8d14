"""The registry of figures: one small definition per figure, each computed by one query from the records.

A figure names the records behind it (`records`, a queryset of another app's model), where each record
sits on the map (`city_path`, the path to a `belt.City`), which organisation it belongs to (`org_path`),
the date it counts on (`date_path`, for trends by month) and, for a sum, the field summed (`total`). The
dashboards, the display wall and open data all read figures through `value`, `by_city` and `by_month`, so a
new app adds its figures with `register(Figure(...))` in a module of this app (insights may import every
app; ADR 1201) and every screen shows them.

Small-count suppression: every answer carries the number of records behind it (`count`); `shown_publicly`
says whether a public screen may show it (at least `settings.INSIGHTS_MIN_COUNT` records).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import Promise

CHINA = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Scope:
    """Whose figures: the whole Belt (no cities, no organisation), some cities or districts, or one organisation."""

    cities: tuple = ()  # belt.City objects; empty: the whole Belt
    organisation: Any = None  # an organisations.Organisation, or None

    @property
    def is_belt(self) -> bool:
        return not self.cities and self.organisation is None

    @property
    def cache_key(self) -> str:
        if self.organisation is not None:
            return f"org-{self.organisation.pk}"
        if self.cities:
            return "cities-" + "-".join(str(c.pk) for c in sorted(self.cities, key=lambda c: c.pk))
        return "belt"


BELT = Scope()


@dataclass(frozen=True)
class Figure:
    key: str
    label: Promise | str
    group: str  # the dashboard section it is shown in (a key of GROUPS in figures.py)
    records: Callable[[], QuerySet]
    date_path: str
    city_path: str | None = "city"
    org_path: str | None = None  # None: not a figure of one organisation
    total: str | None = None  # a field summed; None: the figure is a count of records
    distinct: bool = False  # count distinct records (the records query joins a many-valued relation)
    link: Callable[[Scope], str] | None = None
    no_link: Promise | str = ""  # why a scope's link is empty (its viewers may not read the records), shown instead
    # a trend's month: the list narrowed to the records the month counts (China time, as `by_month`); "" or None:
    # the month is no link (the list cannot be narrowed so)
    month_link: Callable[[Scope, date], str] | None = None
    public: bool = True  # shown on the display wall and in open data (suppressed below the threshold)
    unit: Promise | str = field(default="")
    # a figure of what is in force at a moment (a pledge), not of what happened on a day: its records at that
    # moment; `records` are those in force now, a period's value those in force as it ended (`value_between`)
    in_force: Callable[[datetime], QuerySet] | None = None

    def scoped(self, scope: Scope, at: datetime | None = None) -> QuerySet:
        qs = self.in_force(at) if self.in_force is not None and at is not None else self.records()
        if scope.organisation is not None:
            if self.org_path is None:
                return qs.none()
            qs = qs.filter(**{self.org_path: scope.organisation.pk})
        if scope.cities:
            if self.city_path is None:
                return qs.none()
            qs = qs.filter(**{f"{self.city_path}__in": [c.pk for c in scope.cities]})
        return qs

    def aggregates(self) -> dict:
        agg: dict = {"n": Count("pk", distinct=self.distinct)}
        if self.total:
            agg["v"] = Sum(self.total)
        return agg

    def drill_down(self, scope: Scope) -> str:
        return self.link(scope) if self.link else ""

    def month_drill_down(self, scope: Scope, first: date) -> str:
        return self.month_link(scope, first) if self.month_link else ""


@dataclass(frozen=True)
class Value:
    """A figure's value and the number of records behind it."""

    count: int
    value: int | Decimal

    @property
    def shown_publicly(self) -> bool:
        return self.count >= settings.INSIGHTS_MIN_COUNT


FIGURES: dict[str, Figure] = {}


def register(figure: Figure) -> Figure:
    if figure.key in FIGURES:
        raise ValueError(f"figure {figure.key!r} registered twice")
    FIGURES[figure.key] = figure
    return figure


def figures_for(scope: Scope, *, public: bool = False) -> list[Figure]:
    """The figures that make sense for the scope (an organisation's own only where the figure has an owner)."""
    return [f for f in FIGURES.values() if (scope.organisation is None or f.org_path is not None) and (f.public or not public)]


def _value(figure: Figure, row: dict) -> Value:
    n = row.get("n") or 0
    v = row.get("v") if figure.total else n
    return Value(count=n, value=v if v is not None else Decimal("0"))


def value(figure: Figure, scope: Scope = BELT) -> Value:
    """One query: the count (and sum) of the figure's records in the scope."""
    return _value(figure, figure.scoped(scope).aggregate(**figure.aggregates()))


def by_city(figure: Figure, scope: Scope = BELT) -> dict[int, Value]:
    """One query: the figure per city or district (by the city's id); records without a city are left out."""
    if figure.city_path is None:
        return {}
    return _grouped(figure, figure.scoped(scope))


def by_city_pair(figure: Figure, scope: Scope, other_city_path: str, city_path: str | None = None) -> dict[tuple[int, int], Value]:
    """One query: the figure per pair of cities (from the record's `other_city_path` to its `city_path`, or to
    `city_path` when given, e.g. the other side of a meeting), pairs of two different cities only: the flows
    across the Belt."""
    to_path = city_path or figure.city_path
    if to_path is None:
        return {}
    return _pairs(figure, figure.scoped(scope), other_city_path, to_path)


def pairs_touching(figure: Figure, scope: Scope, other_city_path: str, city_path: str | None = None) -> dict[tuple[int, int], Value]:
    """One query: as `by_city_pair`, but for a city's dashboard the pairs with the city at either end (what
    came in from elsewhere and what went out), not only those whose record sits in it."""
    to_path = city_path or figure.city_path
    if to_path is None:
        return {}
    if not scope.cities:
        return _pairs(figure, figure.scoped(scope), other_city_path, to_path)
    ids = [c.pk for c in scope.cities]
    qs = figure.scoped(Scope(organisation=scope.organisation))
    qs = qs.filter(models.Q(**{f"{other_city_path}__in": ids}) | models.Q(**{f"{to_path}__in": ids}))
    return _pairs(figure, qs, other_city_path, to_path)


def _pairs(figure: Figure, qs: QuerySet, from_path: str, to_path: str) -> dict[tuple[int, int], Value]:
    rows = (
        qs.exclude(**{f"{to_path}__isnull": True})
        .exclude(**{f"{from_path}__isnull": True})
        .exclude(**{from_path: models.F(to_path)})
        .order_by()
        .values(from_path, to_path)
        .annotate(**figure.aggregates())
    )
    return {(row[from_path], row[to_path]): _value(figure, row) for row in rows}


def either_way(pairs: dict[tuple[int, int], Value]) -> dict[tuple[int, int], Value]:
    """Pairs of cities without a direction (a meeting of A's organisation with B's is one of B's with A's):
    A → B and B → A added up under the pair in ascending order of the cities' ids."""
    out: dict[tuple[int, int], Value] = {}
    for (a, b), v in pairs.items():
        key = (min(a, b), max(a, b))
        found = out.get(key)
        out[key] = v if found is None else Value(found.count + v.count, found.value + v.value)
    return out


def month_starts(months: int, today: date | None = None) -> list[date]:
    """The first days of the last `months` months in China time, oldest first, this month last."""
    today = today or timezone.localtime(timezone.now(), CHINA).date()
    year, month = today.year, today.month
    out = []
    for _ in range(months):
        out.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def by_month(figure: Figure, scope: Scope = BELT, months: int = 12) -> list[tuple[date, Value]]:
    """One query: the figure per month (China time) over the last `months` months, months without records as 0."""
    starts = month_starts(months)
    if figure.in_force is not None:  # a query a month: what was in force as each month ended
        return [(start, _value(figure, figure.scoped(scope, _month_end(start)).aggregate(**figure.aggregates()))) for start in starts]
    found = _monthly(figure, figure.scoped(scope), starts, None).get(None, {})
    return [(start, found.get(start, zero(figure))) for start in starts]


def by_city_month(figure: Figure, cities: list[int], months: int = 12) -> dict[int, list[tuple[date, Value]]]:
    """One query: `by_month` of each of the cities (by id) at once, from the whole Belt's records grouped by
    city; the same numbers as `by_month` with a scope of that one city, with one query for all of them."""
    starts = month_starts(months)
    found: dict[Any, dict[date, Value]] = {}
    if figure.city_path is None:
        pass
    elif figure.in_force is not None:  # a query a month (not a city): what was in force as each month ended
        for start in starts:
            qs = figure.scoped(BELT, _month_end(start)).filter(**{f"{figure.city_path}__in": cities})
            for pk, v in _grouped(figure, qs).items():
                found.setdefault(pk, {})[start] = v
    else:
        qs = figure.scoped(BELT).filter(**{f"{figure.city_path}__in": cities})
        found = _monthly(figure, qs, starts, figure.city_path)
    return {pk: [(start, found.get(pk, {}).get(start, zero(figure))) for start in starts] for pk in cities}


def _month_end(start: date) -> datetime:
    """The moment a month (China time) ended, or now for this month."""
    year, month = (start.year, start.month + 1) if start.month < 12 else (start.year + 1, 1)
    return min(datetime(year, month, 1, tzinfo=CHINA), timezone.now())


def _grouped(figure: Figure, qs: QuerySet) -> dict[int, Value]:
    assert figure.city_path is not None
    rows = qs.exclude(**{f"{figure.city_path}__isnull": True}).order_by().values(figure.city_path).annotate(**figure.aggregates())
    return {row[figure.city_path]: _value(figure, row) for row in rows}


def zero(figure: Figure) -> Value:
    """What a figure is with no record behind it."""
    return Value(0, Decimal("0") if figure.total else 0)


def _monthly(figure: Figure, qs: QuerySet, starts: list[date], group: str | None) -> dict[Any, dict[date, Value]]:
    """The records of `qs` since the first of `starts`, counted per month in China time (and per `group`)."""
    field_obj = _field(qs.model, figure.date_path)
    is_datetime = isinstance(field_obj, models.DateTimeField)
    since = datetime(starts[0].year, starts[0].month, 1, tzinfo=CHINA) if is_datetime else starts[0]
    month = TruncMonth(figure.date_path, tzinfo=CHINA) if is_datetime else TruncMonth(figure.date_path)
    names = ["month", group] if group else ["month"]
    rows = qs.filter(**{f"{figure.date_path}__gte": since}).order_by().annotate(month=month).values(*names).annotate(**figure.aggregates())
    found: dict[Any, dict[date, Value]] = {}
    for row in rows:
        m = row["month"]
        if isinstance(m, datetime):
            m = m.astimezone(CHINA).date()
        found.setdefault(row[group] if group else None, {})[date(m.year, m.month, 1)] = _value(figure, row)
    return found


def _field(model, path: str):
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(parts[-1])


def min_count() -> int:
    return settings.INSIGHTS_MIN_COUNT


K = TypeVar("K")


def hidden_publicly(cells: Mapping[K, Value]) -> set[K]:
    """The cells a public place leaves out of a table whose total it also shows (the Belt's figure beside its
    cities, a breakdown beside the members it splits): those below the threshold and, when any is, enough of the
    smallest others (complementary suppression) that at least two are left out and together they hold at least
    the minimum number of records, so that the total minus the cells shown tells no small count. `cells`: every
    cell of the table, a city or category without records as `Value(0, 0)`."""
    hidden = {key for key, value in cells.items() if not value.shown_publicly}
    others = sorted((key for key in cells if key not in hidden), key=lambda key: cells[key].count)
    while hidden and others and (len(hidden) < 2 or sum(cells[key].count for key in hidden) < min_count()):
        hidden.add(others.pop(0))
    return hidden


def value_between(figure: Figure, scope: Scope, start: date, end: date) -> Value:
    """One query: the figure's records dated from `start` up to (not including) `end`, days in China time; for
    a figure of what is in force, the records in force as the period ended (now, for a period not over)."""
    if figure.in_force is not None:
        until = min(datetime(end.year, end.month, end.day, tzinfo=CHINA), timezone.now())
        return _value(figure, figure.scoped(scope, until).aggregate(**figure.aggregates()))
    qs = figure.scoped(scope)
    if isinstance(_field(qs.model, figure.date_path), models.DateTimeField):
        since, until = (datetime(d.year, d.month, d.day, tzinfo=CHINA) for d in (start, end))
        qs = qs.filter(**{f"{figure.date_path}__gte": since, f"{figure.date_path}__lt": until})
    else:
        qs = qs.filter(**{f"{figure.date_path}__gte": start, f"{figure.date_path}__lt": end})
    return _value(figure, qs.aggregate(**figure.aggregates()))
