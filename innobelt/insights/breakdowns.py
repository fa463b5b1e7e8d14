"""Breakdowns (ADR 1201, "Breakdowns"): a count of records split by one of their fields (members by kind and by
industry, pairs declined by reason), where a single figure would hide the spread. Like a figure, each is
one query for a scope and one for every city together (grouped by city and the field), computed by the
periodic refresh; a category's label is looked up when shown, in the reader's language, so the cache holds
only keys and numbers. On a public screen or in open data a category below `INSIGHTS_MIN_COUNT` is left out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from innobelt.belt.models import Industry
from innobelt.challenges.models import Pipeline
from innobelt.insights import registry
from innobelt.insights.registry import BELT, CHINA, Scope, Value
from innobelt.organisations.models import Organisation


@dataclass(frozen=True)
class Breakdown:
    key: str
    label: Promise | str
    group: str  # the dashboard section it is shown under (figures.GROUPS)
    records: Callable[[], QuerySet]
    by: str  # the field (path) whose values are the categories
    labels: Callable[[], dict[Any, str]]  # category → its label in the active language (read when shown)
    city_path: str | None = "city"
    org_path: str | None = None  # None: not shown on an organisation's dashboard
    link: Callable[[Scope, Any], str] | None = None  # a category's drill-down
    public: bool = True
    # for a quarterly report: the date a record counts on, and whether the breakdown is a state (`as_at`: the
    # records there were as the period ended, e.g. members who had joined) or events of the period
    date_path: str = "created_at"
    as_at: bool = False
    short_label: Promise | str = ""  # a report's sheet title (at most 31 characters); "": the label

    def scoped(self, scope: Scope) -> QuerySet:
        qs = self.records()
        if scope.organisation is not None:
            if self.org_path is None:
                return qs.none()
            qs = qs.filter(**{self.org_path: scope.organisation.pk})
        if scope.cities:
            if self.city_path is None:
                return qs.none()
            qs = qs.filter(**{f"{self.city_path}__in": [c.pk for c in scope.cities]})
        return qs.filter(**{f"{self.by}__isnull": False})  # an organisation of no industry is in no category


BREAKDOWNS: dict[str, Breakdown] = {}


def register(breakdown: Breakdown) -> Breakdown:
    if breakdown.key in BREAKDOWNS:
        raise ValueError(f"breakdown {breakdown.key!r} registered twice")
    BREAKDOWNS[breakdown.key] = breakdown
    return breakdown


def breakdowns_for(scope: Scope, *, public: bool = False) -> list[Breakdown]:
    return [b for b in BREAKDOWNS.values() if (scope.organisation is None or b.org_path is not None) and (b.public or not public)]


def counts(breakdown: Breakdown, scope: Scope = BELT) -> dict[Any, Value]:
    """One query: the number of records of each category in the scope."""
    rows = breakdown.scoped(scope).order_by().values(breakdown.by).annotate(n=Count("pk"))
    return {row[breakdown.by]: Value(row["n"], row["n"]) for row in rows}


def counts_by_city(breakdown: Breakdown, cities: list[int]) -> dict[int, dict[Any, Value]]:
    """One query: `counts` of each of the cities (by id) at once, grouped by city and category."""
    out: dict[int, dict[Any, Value]] = {pk: {} for pk in cities}
    if breakdown.city_path is None:
        return out
    qs = breakdown.scoped(BELT).filter(**{f"{breakdown.city_path}__in": cities})
    for row in qs.order_by().values(breakdown.city_path, breakdown.by).annotate(n=Count("pk")):
        out[row[breakdown.city_path]][row[breakdown.by]] = Value(row["n"], row["n"])
    return out


def counts_between(breakdown: Breakdown, scope: Scope, start: date, end: date) -> dict[Any, Value]:
    """One query: `counts` over a period, days in China time from `start` up to (not including) `end`: for a
    breakdown of a state (`as_at`), the records there were as the period ended (each in the category it is in
    now: no history of a member's kind or industries is kept); otherwise the records dated in the period."""
    since, until = (datetime(d.year, d.month, d.day, tzinfo=CHINA) for d in (start, end))
    qs = breakdown.scoped(scope).filter(**{f"{breakdown.date_path}__lt": until})
    if not breakdown.as_at:
        qs = qs.filter(**{f"{breakdown.date_path}__gte": since})
    # distinct: a member in several industries is one record of each, never twice in one
    rows = qs.order_by().values(breakdown.by).annotate(n=Count("pk", distinct=True))
    return {row[breakdown.by]: Value(row["n"], row["n"]) for row in rows}


@dataclass(frozen=True)
class Category:
    key: Any
    label: str
    value: Value
    link: str


def categories(breakdown: Breakdown, found: dict[Any, Value], scope: Scope, *, public: bool = False) -> list[Category]:
    """The categories to show, the largest first (then by label); on a public screen those below the threshold
    are left out, and with them enough others that the total (the Belt's figure, shown beside) minus the
    categories shown tells none of them (`registry.hidden_publicly`). Labels in the active language."""
    labels = breakdown.labels()
    hidden: set = set()
    if public:
        empty = Value(0, 0)
        hidden = registry.hidden_publicly({key: found.get(key, empty) for key in [*labels, *found]})
    rows = [
        Category(key, labels.get(key, str(key)), value, breakdown.link(scope, key) if breakdown.link else "")
        for key, value in found.items()
        if key not in hidden
    ]
    return sorted(rows, key=lambda c: (-c.value.count, c.label))


def _directory(param: str) -> Callable[[Scope, Any], str]:
    def link(scope: Scope, key: Any) -> str:
        query = {param: key}
        if len(scope.cities) == 1:
            query["city"] = scope.cities[0].slug
        return f"{reverse('organisations:directory')}?{urlencode(query)}"

    return link


def _declined_pairs(scope: Scope, key: Any) -> str:
    """The pairs declined for a reason: the operators' counts of pairs (by city, industry and stage; operators read
    no proposal), narrowed to the reason and the scope's city; an organisation's dashboard: its own pairs declined
    for the reason, whose proposals its people read."""
    query = {"stage": Pipeline.Stage.DECLINED, "reason": key}
    if scope.organisation is not None:
        return f"{reverse('challenges:owned_pipelines')}?{urlencode({'organisation': scope.organisation.slug, **query})}"
    if len(scope.cities) == 1:
        query["city"] = scope.cities[0].slug
    return f"{reverse('challenges:pipeline_stalls')}?{urlencode(query)}"


def _industry_names() -> dict[Any, str]:
    return {code: name for code, name in ((i.code, i.name) for i in Industry.objects.all())}


for breakdown in [
    Breakdown(
        "members_by_kind",
        _("Members by kind"),
        "members",
        Organisation.objects.all,
        by="kind",
        labels=lambda: {k: str(v) for k, v in Organisation.Kind.choices},
        link=_directory("kind"),
        as_at=True,
        short_label=_("Members by kind"),
    ),
    Breakdown(
        "members_by_industry",
        _("Members by industry (a member may be in several)"),
        "members",
        Organisation.objects.all,
        by="industries__code",
        labels=_industry_names,
        link=_directory("industry"),
        as_at=True,
        short_label=_("Members by industry"),
    ),
    Breakdown(
        "decline_reasons",
        _("Why proposals and pairs were declined"),
        "demand",
        lambda: Pipeline.objects.filter(stage=Pipeline.Stage.DECLINED),
        by="decline_reason",
        labels=lambda: {k: str(v) for k, v in Pipeline.Reason.choices},
        city_path="proposal__challenge__owner__city",
        org_path="proposal__challenge__owner",
        link=_declined_pairs,
        date_path="moved_at",  # the day of its last step: the day it was declined (a pipeline only moves forward)
        short_label=_("Decline reasons"),
    ),
]:
    register(breakdown)
