"""Quarterly reports: every figure of a scope counted over a quarter (China time) beside the quarter before,
as a printable page, an XLSX download and a PDF in both languages (WeasyPrint, the Noto Sans CJK SC font
embedded, as the showcase's brochure)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

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


def report_figures(scope: Scope) -> list[Figure]:
    """The figures a report of the scope holds, in the order of its sections."""
    figures = registry.figures_for(scope)
    return [f for group in GROUPS for f in figures if f.group == group]


def quarterly_report(scope: Scope, quarter: Quarter, progress: Callable[[int, int], None] | None = None) -> Report:
    """Two queries a figure: the quarter and the one before. `progress(counted, total)` is told after each
    figure (the background run shows it)."""
    figures = report_figures(scope)
    groups = []
    counted = 0
    for group, label in GROUPS.items():
        lines = []
        for f in figures:
            if f.group != group:
                continue
            lines.append(
                ReportLine(
                    f,
                    registry.value_between(f, scope, quarter.start, quarter.end),
                    registry.value_between(f, scope, quarter.previous.start, quarter.previous.end),
                )
            )
            counted += 1
            if progress is not None:
                progress(counted, len(figures))
        if lines:
            groups.append((str(label), lines))
    return Report(scope=scope, quarter=quarter, groups=groups)


def report_rows(report: Report) -> tuple[list[str], list[list]]:
    from django.utils.translation import gettext as _

    header = [_("Section"), _("Figure"), report.quarter.label, report.quarter.previous.label]
    rows = [[group, str(line.figure.label), line.this.value, line.before.value] for group, lines in report.groups for line in lines]
    return header, rows


def number_text(value: int | Decimal) -> str:
    """A figure as text for the PDF: thousands separated, fractions (hours, yuan) to two places when any."""
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def in_both(text) -> tuple[str, str]:
    """A translatable text in Chinese and in English."""
    from django.utils import translation

    out = []
    for code in ("zh-hans", "en"):
        with translation.override(code):
            out.append(str(text))
    return out[0], out[1]


def pdf_context(report: Report, title_zh: str, title_en: str) -> dict:
    """The same lines as the page, each label in both languages, and the bars of the chart beside each line
    (this quarter and the one before, as shares of the larger)."""
    from innobelt.insights.figures import GROUPS

    sections = []
    for group, label in GROUPS.items():
        lines = []
        for line in [ln for _label, lns in report.groups for ln in lns if ln.figure.group == group]:
            this, before = line.this.value, line.before.value
            top = max(this, before) or 1
            zh, en = in_both(line.figure.label)
            unit_zh, unit_en = in_both(line.figure.unit) if line.figure.unit else ("", "")
            lines.append(
                {
                    "key": line.figure.key,
                    "zh": zh,
                    "en": en,
                    "unit_zh": unit_zh,
                    "unit_en": unit_en,
                    "this": number_text(this),
                    "before": number_text(before),
                    "this_width": round(100 * this / top),
                    "before_width": round(100 * before / top),
                }
            )
        if lines:
            zh, en = in_both(label)
            sections.append({"zh": zh, "en": en, "lines": lines})
    return {"report": report, "title_zh": title_zh, "title_en": title_en, "sections": sections}


def report_pdf(report: Report, title_zh: str, title_en: str) -> bytes:
    """The quarterly report as an A4 PDF in Chinese and English, its bar chart drawn by WeasyPrint."""
    from django.template.loader import render_to_string
    from weasyprint import HTML  # type: ignore[import-untyped]  # lazy: WeasyPrint loads Pango; only the PDF needs it

    html = render_to_string("insights/quarterly_pdf.html", pdf_context(report, title_zh, title_en))
    return HTML(string=html).write_pdf()
