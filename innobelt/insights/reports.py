"""Quarterly reports: every figure of a scope counted over a quarter (China time) beside the quarter before,
as a printable page and an XLSX download."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from innobelt.insights import registry
from innobelt.insights.figures import GROUPS
from innobelt.insights.registry import Figure, Scope, Value


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1–4

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        return date(self.year + 1, 1, 1) if self.number == 4 else date(self.year, 3 * self.number + 1, 1)

    @property
    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.number}"

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)


@dataclass(frozen=True)
class ReportLine:
    figure: Figure
    this: Value
    before: Value


@dataclass(frozen=True)
class Report:
    scope: Scope
    quarter: Quarter
    groups: list[tuple[str, list[ReportLine]]]


def quarterly_report(scope: Scope, quarter: Quarter) -> Report:
    """Two queries a figure: the quarter and the one before."""
    groups = []
    for group, label in GROUPS.items():
        lines = [
            ReportLine(
                f,
                registry.value_between(f, scope, quarter.start, quarter.end),
                registry.value_between(f, scope, quarter.previous.start, quarter.previous.end),
            )
            for f in registry.figures_for(scope)
            if f.group == group
        ]
        if lines:
            groups.append((str(label), lines))
    return Report(scope=scope, quarter=quarter, groups=groups)


def report_rows(report: Report) -> tuple[list[str], list[list]]:
    from django.utils.translation import gettext as _

    header = [_("Section"), _("Figure"), report.quarter.label, report.quarter.previous.label]
    rows = [[group, str(line.figure.label), line.this.value, line.before.value] for group, lines in report.groups for line in lines]
    return header, rows
