"""Reading CSV and XLSX uploads into rows, for the atomic importers of each app.

An importer validates every row first and writes only when all rows are good
(inside one transaction), so a bad row imports nothing. Errors name the line
(as a spreadsheet shows it: the header is line 1) and the reason in the user's
language.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_ROWS = 20_000


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": str(self.message)}


class ImportRejected(Exception):
    """The file as a whole, or some rows, are wrong: nothing was imported."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def read_rows(data: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """Return (line number, {column: text}) for every non-empty row."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif name.endswith(".csv") or name.endswith(".txt"):
        rows = _csv_rows(data)
    else:
        raise ImportRejected([RowError(0, "", _("Upload a .csv or .xlsx file."))])
    if not rows:
        raise ImportRejected([RowError(1, "", _("The file is empty."))])
    header = [str(h or "").strip().lower() for h in rows[0]]
    result = []
    for offset, raw in enumerate(rows[1:], start=2):
        values = ["" if v is None else str(v).strip() for v in raw]
        if not any(values):
            continue
        result.append((offset, dict(zip(header, values + [""] * (len(header) - len(values)), strict=False))))
    if len(result) > MAX_ROWS:
        raise ImportRejected([RowError(0, "", _("At most %(n)d rows can be imported at once.") % {"n": MAX_ROWS})])
    return result


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRejected([RowError(0, "", _("The file is neither UTF-8 nor GB18030 text."))])
    return list(csv.reader(io.StringIO(text)))


def _xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception:
        raise ImportRejected([RowError(0, "", _("This is not a readable XLSX workbook."))]) from None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def check_header(rows: list[tuple[int, dict]], required: set[str]) -> None:
    if not rows:
        raise ImportRejected([RowError(1, "", _("The file has a header but no rows."))])
    missing = required - set(rows[0][1])
    if missing:
        raise ImportRejected([RowError(1, col, _("The column “%(column)s” is missing.") % {"column": col}) for col in sorted(missing)])
