"""Quarterly reports: every figure of a scope counted over a quarter (China time) beside the quarter before,
and every breakdown of the scope (members by kind and by industry as the quarter ended, pairs declined by
reason during it), as a printable page, an XLSX download (a sheet a breakdown) and a PDF in both languages
(WeasyPrint, the Noto Sans CJK SC font embedded, as the showcase's brochure)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy

from innobelt.insights import breakdowns, registry
from innobelt.insights.breakdowns import Breakdown
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
class ReportSplit:
    """A breakdown in a report: each category's number in the quarter and in the one before (keys only; the
    labels are looked up when written, in the report's language or both)."""

    breakdown: Breakdown
    this: dict
    before: dict

    def rows(self) -> list[tuple[object, str, int, int]]:
        """(key, label, this quarter, the one before) in the active language, the largest first, then by label.
        Not suppressed: a report is read by those who may open the area's dashboard, which shows every number
        (open data, public, leaves out a category below `INSIGHTS_MIN_COUNT`)."""
        labels = self.breakdown.labels()
        keys = set(self.this) | set(self.before)
        rows = [(k, labels.get(k, str(k)), self._n(self.this, k), self._n(self.before, k)) for k in keys]
        return sorted(rows, key=lambda r: (-r[2], -r[3], r[1]))

    @staticmethod
    def _n(found: dict, key) -> int:
        return found[key].count if key in found else 0


@dataclass(frozen=True)
class Report:
    scope: Scope
    quarter: Quarter
    groups: list[tuple[str, list[ReportLine]]]
    splits: list[ReportSplit]


AS_AT_NOTE = gettext_lazy(
    "Members by kind and by industry are the members who had joined by the quarter's end, each counted by the "
    "kind and industries recorded now: the platform keeps no history of a member's kind or industries, and a "
    "member removed since is not counted. A member in several industries counts in each."
)
DECLINED_NOTE = gettext_lazy("Pairs declined are counted in the quarter of their last step, by the reason given.")
NOT_SUPPRESSED_NOTE = gettext_lazy(
    "Every number is shown, as on the area's dashboard; open data, which is public, leaves out a category of "
    "fewer than %(min)s records."
)


def report_notes() -> list[str]:
    """What a reader of the breakdowns needs to know, in the active language."""
    return [str(AS_AT_NOTE), str(DECLINED_NOTE), str(NOT_SUPPRESSED_NOTE) % {"min": settings.INSIGHTS_MIN_COUNT}]


def report_size(scope: Scope) -> int:
    """How many steps counting a report of the scope takes (its progress bar): its figures and breakdowns."""
    return len(report_figures(scope)) + len(breakdowns.breakdowns_for(scope))


def report_figures(scope: Scope) -> list[Figure]:
    """The figures a report of the scope holds, in the order of its sections."""
    figures = registry.figures_for(scope)
    return [f for group in GROUPS for f in figures if f.group == group]


def quarterly_report(scope: Scope, quarter: Quarter, progress: Callable[[int, int], None] | None = None) -> Report:
    """Two queries a figure and a breakdown: the quarter and the one before. `progress(counted, total)` is told
    after each (the background run shows it)."""
    figures = report_figures(scope)
    splits_of = breakdowns.breakdowns_for(scope)
    total = len(figures) + len(splits_of)
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
                progress(counted, total)
        if lines:
            groups.append((str(label), lines))
    splits = []
    for b in splits_of:
        splits.append(ReportSplit(
            b,
            breakdowns.counts_between(b, scope, quarter.start, quarter.end),
            breakdowns.counts_between(b, scope, quarter.previous.start, quarter.previous.end),
        ))
        counted += 1
        if progress is not None:
            progress(counted, total)
    return Report(scope=scope, quarter=quarter, groups=groups, splits=splits)


def report_rows(report: Report) -> tuple[list[str], list[list]]:
    from django.utils.translation import gettext as _

    header = [_("Section"), _("Figure"), report.quarter.label, report.quarter.previous.label]
    rows = [[group, str(line.figure.label), line.this.value, line.before.value] for group, lines in report.groups for line in lines]
    return header, rows


def page_splits(report: Report) -> list[dict]:
    """The breakdowns for the report's page, in the active language, each category linking to its records
    (the directory narrowed to it: members as they are now) where the breakdown has a drill-down."""
    out = []
    for split in report.splits:
        link = split.breakdown.link
        rows = [{"key": key, "label": label, "this": this, "before": before, "link": link(report.scope, key) if link else ""}
                for key, label, this, before in split.rows()]
        out.append({"key": split.breakdown.key, "label": str(split.breakdown.label), "rows": rows})
    return out


def report_sheets(report: Report) -> list[tuple[str, list[str], list[list]]]:
    """The XLSX's sheets in the active language: the figures, a sheet a breakdown (its categories, this quarter
    and the one before), then the notes on the breakdowns. (title, header, rows) each."""
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    header, rows = report_rows(report)
    sheets = [(report.quarter.label, header, rows)]
    split_header = [pgettext("a breakdown of a figure", "Category"), report.quarter.label, report.quarter.previous.label]
    for split in report.splits:
        cells = [[label, this, before] for _key, label, this, before in split.rows()]
        sheets.append((str(split.breakdown.short_label or split.breakdown.label), split_header, cells))
    sheets.append((_("Notes"), [_("Notes")], [[note] for note in report_notes()]))
    return sheets


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
    return {"report": report, "title_zh": title_zh, "title_en": title_en, "sections": sections,
            "splits": [_split_context(split) for split in report.splits], "notes": list(zip(*in_both_notes(), strict=True))}


def _split_context(split: ReportSplit) -> dict:
    """A breakdown's table in the PDF: each category in Chinese and in English (in the Chinese order), its
    numbers and bars."""
    from django.utils import translation

    with translation.override("zh-hans"):
        rows = split.rows()
    with translation.override("en"):
        en_labels = split.breakdown.labels()
    top = max([r[2] for r in rows] + [r[3] for r in rows] + [1])
    zh, en = in_both(split.breakdown.label)
    lines = [
        {"key": key, "zh": label, "en": en_labels.get(key, str(key)), "this": number_text(this), "before": number_text(before),
         "this_width": round(100 * this / top), "before_width": round(100 * before / top)}
        for key, label, this, before in rows
    ]
    return {"key": split.breakdown.key, "zh": zh, "en": en, "rows": lines}


def in_both_notes() -> tuple[list[str], list[str]]:
    from django.utils import translation

    out = []
    for code in ("zh-hans", "en"):
        with translation.override(code):
            out.append(report_notes())
    return out[0], out[1]


def report_pdf(report: Report, title_zh: str, title_en: str) -> bytes:
    """The quarterly report as an A4 PDF in Chinese and English, its bar chart drawn by WeasyPrint."""
    from django.template.loader import render_to_string
    from weasyprint import HTML  # type: ignore[import-untyped]  # lazy: WeasyPrint loads Pango; only the PDF needs it

    html = render_to_string("insights/quarterly_pdf.html", pdf_context(report, title_zh, title_en))
    return HTML(string=html).write_pdf()
