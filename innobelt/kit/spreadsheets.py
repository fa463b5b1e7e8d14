"""Spreadsheets people download (CSV and XLSX), safe to open in Excel, WPS, LibreOffice and Numbers.

Text that people typed (names, answers, organisation names) may start with a character a spreadsheet reads
as the start of a formula: `=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`. Opened by the organiser who
downloaded it, such a cell would run. Every text cell that starts with one of `FORMULA_TRIGGERS` is
neutralised by a leading single quote, in both formats (OWASP "CSV injection", ASVS 1.2.10, CWE-1236):
the quote shows, and nothing runs. Numbers, dates and times are written as values, never as text.

- `neutralise(text)`: the text itself, or the text after a single quote.
- `csv_bytes(header, rows)`: UTF-8 with a byte-order mark (Excel and WPS then read Chinese correctly),
  RFC 4180 quoting, CRLF line ends.
- `xlsx_bytes(header, rows, sheet=)`: one sheet, the header row bold and frozen; dates and times in the
  platform's time zone; characters XLSX cannot hold (control characters) dropped. `xlsx_book(sheets)`:
  several such sheets, each (title, header, rows).
- `download(content, filename=, file_format=)`: the HTTP response of an attachment, not cached.

Any app that lets people download a spreadsheet builds it here (docs/architecture.md, the kit).
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from django.utils import timezone

__all__ = ["CONTENT_TYPES", "FORMULA_TRIGGERS", "Cell", "csv_bytes", "download", "neutralise", "xlsx_book", "xlsx_bytes"]

#: a text cell starting with one of these is read as a formula (or, TAB and CR, lets the program strip its way to
#: one). The full-width forms are what a Chinese input method types: neutralised too, belt and braces.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
XLSX_CELL_LIMIT = 32767  # characters in one XLSX cell
# characters XML 1.0 (and so XLSX) cannot hold: C0 controls except TAB, LF and CR (openpyxl refuses them)
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BLANKS = " \u00a0\u3000" + "".join(map(chr, range(0x20)))  # spaces (also no-break and ideographic) and C0 controls
_NOT_IN_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")

Cell = str | int | float | Decimal | bool | datetime | date | None  # Decimal: money, written exactly in CSV


def neutralise(text: str) -> str:
    """`text`, or `'text` when a spreadsheet would read it as a formula: it starts with a trigger, or with
    blanks and control characters before one (an import that trims them would leave the formula)."""
    if text.startswith(FORMULA_TRIGGERS) or text.lstrip(_BLANKS).startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def _text(value: Cell) -> str:
    """A cell as CSV text: dates and times in the platform's time zone, formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return neutralise(str(value))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_text(h) for h in header])
    for row in rows:
        writer.writerow([_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_value(value: Cell) -> str | float | Decimal | datetime | None:
    if isinstance(value, datetime):
        return timezone.make_naive(value) if timezone.is_aware(value) else value  # XLSX has no time zones
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if value is None or isinstance(value, int | float | Decimal):
        return value
    return neutralise(_NOT_IN_XML.sub("", str(value))[:XLSX_CELL_LIMIT])


def sheet_title(title: str) -> str:
    """A title XLSX accepts: at most 31 characters, none of []:*?/\\."""
    return _NOT_IN_SHEET_TITLE.sub(" ", title).strip()[:31] or "Sheet1"


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet: str = "Sheet1") -> bytes:
    return xlsx_book([(sheet, header, rows)])


def xlsx_book(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Cell]]]]) -> bytes:
    """An XLSX of several sheets, each (title, header, rows) as `xlsx_bytes` writes one; a title already taken
    (two long ones cut to the same 31 characters) gets a number."""
    from openpyxl import Workbook  # lazy: only the downloads need it
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    taken: set[str] = set()
    for sheet, header, rows in sheets:
        title = sheet_title(sheet)
        n = 1
        while title.lower() in taken:
            n += 1
            title = f"{sheet_title(sheet)[:31 - len(str(n)) - 1]} {n}"
        taken.add(title.lower())
        ws = book.create_sheet(title)
        ws.freeze_panes = "A2"
        titles = []
        for h in header:
            cell = WriteOnlyCell(ws, value=_xlsx_value(str(h)))  # type: ignore[arg-type]  # text: _xlsx_value's Decimal never comes here
            cell.font = bold
            cell.data_type = "s"
            titles.append(cell)
        ws.append(titles)
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value=_xlsx_value(value))  # type: ignore[arg-type]  # openpyxl writes a Decimal's digits as they are; its stubs omit Decimal
                if isinstance(value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(value, Decimal):
                    cell.number_format = "0.00"  # money: shown to the fen
                elif isinstance(cell.value, str):
                    cell.data_type = "s"  # text is text: never a formula, whatever openpyxl would guess
                cells.append(cell)
            ws.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(content: bytes, *, filename: str, file_format: Literal["csv", "xlsx"]) -> HttpResponse:
    """An attachment (`filename` in ASCII), kept by no cache: it holds personal data."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    safe = re.sub(r"[^A-Za-z0-9._-]", "-", filename)
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["Cache-Control"] = "private, no-store"
    return response
