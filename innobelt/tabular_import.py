"""Reading CSV and XLSX uploads row by row, for the importers of each app (innobelt.imports runs them).

The file is refused before it is parsed when it is larger than IMPORT_MAX_BYTES. Rows are read
lazily: reading stops, with one error for the whole file, as soon as there are more than MAX_ROWS
non-empty rows (or MAX_LINES lines counting empty ones), so a huge sheet is never read to its end.
Errors name the line (as a spreadsheet shows it: the header is line 1) and the reason in the
user's language.
"""

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

MAX_ROWS = 20_000  # non-empty rows after the header
MAX_LINES = 5 * MAX_ROWS  # lines counting empty ones (a sheet of empty rows is not free to read)
NUL = "\x00"


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


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def check_size(size: int | None) -> None:
    """Refuse a file larger than IMPORT_MAX_BYTES (call it with the upload's size, before reading it)."""
    if size is not None and size > max_bytes():
        raise ImportRejected([RowError(0, "", _("The file is larger than %(n)d MB.") % {"n": max(max_bytes() // (1024 * 1024), 1)})])


def _too_many_rows() -> ImportRejected:
    return ImportRejected([RowError(0, "", _("At most %(n)d rows can be imported at once.") % {"n": MAX_ROWS})])


class Table:
    """A header and lazily read rows. `columns` are the header names after `key` (lower case by default)."""

    def __init__(self, raw: Iterator[list], *, key: Callable[[str], str], size_hint: int | None):
        self._raw = raw
        self.size_hint = size_hint  # an estimate of the number of data rows (for progress), or None
        header = next(self._raw, None)
        if header is None:
            raise ImportRejected([RowError(1, "", _("The file is empty."))])
        self.columns = [key(str(h or "").replace(NUL, "").strip()) for h in header]

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Yield (line number, {column: text}) for every non-empty row; raise ImportRejected past the limits."""
        width = len(self.columns)
        count = 0
        for line, raw in enumerate(self._raw, start=2):
            if line > MAX_LINES + 1:
                raise _too_many_rows()
            values = ["" if v is None else str(v).strip() for v in raw]
            if not any(values):
                continue
            count += 1
            if count > MAX_ROWS:
                raise _too_many_rows()
            yield line, dict(zip(self.columns, values + [""] * (width - len(values)), strict=False))


def open_table(data: bytes, filename: str, *, key: Callable[[str], str] = str.lower) -> Table:
    """Open a CSV (UTF-8 or GB18030) or XLSX (first sheet) file; raises ImportRejected for the whole file."""
    check_size(len(data))
    check_filename(filename)
    raw, hint = _xlsx_rows(data) if filename.lower().endswith(".xlsx") else _csv_rows(data)
    return Table(raw, key=key, size_hint=hint)


def check_filename(filename: str) -> None:
    if not filename.lower().endswith((".xlsx", ".csv", ".txt")):
        raise ImportRejected([RowError(0, "", _("Upload a .csv or .xlsx file."))])


def _csv_rows(data: bytes) -> tuple[Iterator[list], int]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRejected([RowError(0, "", _("The file is neither UTF-8 nor GB18030 text."))])
    return csv.reader(io.StringIO(text)), max(text.count("\n") - 1, 0)


def _xlsx_rows(data: bytes) -> tuple[Iterator[list], int | None]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        declared = sheet.max_row  # from the sheet's <dimension>, when it has one (None otherwise)
        sheet.reset_dimensions()  # openpyxl would stop at the declared last row: read to the real end (rows() counts)
    except Exception:
        raise ImportRejected([RowError(0, "", _("This is not a readable XLSX workbook."))]) from None
    if declared is not None and declared > MAX_LINES + 1:
        raise _too_many_rows()  # declared too large: refused unread; declared small is not trusted (rows() counts)
    return (list(row) for row in sheet.iter_rows(values_only=True)), (declared - 1 if declared else None)


def nul_errors(line: int, row: dict[str, str]) -> list[RowError]:
    """A cell holding a NUL character cannot be stored (PostgreSQL refuses it): a per-row error."""
    return [RowError(line, column, _("This cell contains a NUL character, which cannot be stored."))
            for column, value in row.items() if NUL in value]


def missing_columns(columns: list[str], required: set[str]) -> list[RowError]:
    return [RowError(1, col, _("The column “%(column)s” is missing.") % {"column": col}) for col in sorted(required - set(columns))]
