"""Operators' figures of the service zone (ADR 0901, "Figures").

Per month (the month a request was made, China time) and per category, provider, city (where the service is
needed) or city pair (the firm's city to the target city): how many requests, the response and resolution
times in working days as percentiles (p50, p90), SLA compliance (the share of resolved requests resolved by
their resolution day) and satisfaction (mean rating and how many rated). Times count China's working days
(calendar.py) and cannot be computed by the database, so the requests of the scope are read in one query
(their fields only) and the arithmetic is done here.

- response time: working days from the day of the request to the day of the provider's answer (acceptance or
  rejection); 0 when answered the same day.
- resolution time: working days from the day of the request to the day it was resolved, less the working
  days it waited for the client.

The counts of the Belt's dashboards, wall and open data (requests, resolved, resolved in time) are
insights' own figures (`insights/figures_services.py`), with its small-count suppression.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from innobelt.services.calendar import WorkingDays, local_day
from innobelt.services.models import Category, ServiceRequest

DIMENSIONS = {
    "category": _("category"),
    "provider": _("provider"),
    "city": _("city where the service is needed"),
    "pair": _("city pair"),
}
TENTH = Decimal("0.1")
FIELDS = ("pk", "category", "provider_id", "provider__organisation__name_zh", "provider__organisation__name_en",
          "target_city_id", "target_city__slug", "target_city__name_zh", "target_city__name_en", "firm_city_id",
          "firm_city__slug", "firm_city__name_zh", "firm_city__name_en", "created_at", "responded_at", "resolved_at",
          "paused_days", "resolution_due_on", "rating")


def percentile(values: list[int], p: int) -> Decimal | None:
    """The p-th percentile (linear between the closest ranks), to a tenth of a day; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = Decimal(p) / 100 * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    value = ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class Row:
    """The figures of one month and one group (a category, a provider, a city or a city pair)."""

    month: date
    key: str
    label: str
    filters: dict[str, str]
    requests: int = 0
    response: list[int] = field(default_factory=list)
    resolution: list[int] = field(default_factory=list)
    in_time: int = 0
    ratings: list[int] = field(default_factory=list)

    @property
    def response_p50(self) -> Decimal | None:
        return percentile(self.response, 50)

    @property
    def response_p90(self) -> Decimal | None:
        return percentile(self.response, 90)

    @property
    def resolution_p50(self) -> Decimal | None:
        return percentile(self.resolution, 50)

    @property
    def resolution_p90(self) -> Decimal | None:
        return percentile(self.resolution, 90)

    @property
    def resolved(self) -> int:
        return len(self.resolution)

    @property
    def compliance(self) -> Decimal | None:
        """Per cent of the resolved requests resolved by their resolution day."""
        if not self.resolution:
            return None
        return (Decimal(100 * self.in_time) / len(self.resolution)).quantize(TENTH, rounding=ROUND_HALF_UP)

    @property
    def rating_mean(self) -> Decimal | None:
        if not self.ratings:
            return None
        return (Decimal(sum(self.ratings)) / len(self.ratings)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def month_param(self) -> str:
        return self.month.strftime("%Y-%m")


def _name(record: dict, prefix: str, language: str) -> str:
    zh, en = record[f"{prefix}_zh"], record[f"{prefix}_en"]
    return (en or zh) if language == "en" else (zh or en)


def _group(record: dict, by: str, language: str) -> tuple[str, str, dict[str, str]]:
    """(key, label, drill-down filters) of a request's group."""
    if by == "provider":
        if record["provider_id"] is None:
            return "-", str(_("no provider")), {"provider": "none"}
        return (str(record["provider_id"]), _name(record, "provider__organisation__name", language),
                {"provider": str(record["provider_id"])})
    if by == "city":
        return (record["target_city__slug"], _name(record, "target_city__name", language),
                {"city": record["target_city__slug"]})
    if by == "pair":
        return (f"{record['firm_city__slug']}>{record['target_city__slug']}",
                f"{_name(record, 'firm_city__name', language)} → {_name(record, 'target_city__name', language)}",
                {"from": record["firm_city__slug"], "city": record["target_city__slug"]})
    return record["category"], str(Category(record["category"]).label), {"category": record["category"]}


def service_figures(requests: QuerySet[ServiceRequest], *, by: str = "category", since: date | None = None,
                    language: str = "zh") -> list[Row]:
    """The figures of `requests` (already scoped to the viewer) per month and group, newest month first.

    One query: the requests' fields. Months are those the requests were made in (China time)."""
    if by not in DIMENSIONS:
        by = "category"
    qs = requests.order_by()
    if since is not None:
        qs = qs.filter(created_at__date__gte=since)
    counter = WorkingDays()
    rows: dict[tuple[date, str], Row] = {}
    for record in qs.values(*FIELDS):
        made = local_day(record["created_at"])
        month = made.replace(day=1)
        key, label, filters = _group(record, by, language)
        row = rows.get((month, key))
        if row is None:
            row = rows[(month, key)] = Row(month=month, key=key, label=label, filters=filters)
        _count(row, record, made, counter)
    return sorted(rows.values(), key=lambda r: (-r.month.toordinal(), r.label, r.key))


def _count(row: Row, record: dict[str, Any], made: date, counter: WorkingDays) -> None:
    row.requests += 1
    if record["responded_at"] is not None:
        row.response.append(counter.between(made, local_day(record["responded_at"])))
    if record["resolved_at"] is not None:
        resolved_on = local_day(record["resolved_at"])
        row.resolution.append(max(0, counter.between(made, resolved_on) - record["paused_days"]))
        due = record["resolution_due_on"]
        if due is not None and resolved_on <= due:
            row.in_time += 1
    if record["rating"] is not None:
        row.ratings.append(record["rating"])


def months_of(rows: Iterable[Row]) -> list[tuple[date, list[Row]]]:
    """The rows grouped by month, in their order."""
    grouped: dict[date, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row.month].append(row)
    return list(grouped.items())
