"""Reading uploads: limits are enforced while reading, not after (innobelt/tabular_import.py)."""

import io
import re
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from innobelt.organisations.importing import import_organisations
from innobelt.tabular_import import MAX_ROWS, ImportRejected, open_table

ROW_LIMIT = f"At most {MAX_ROWS} rows can be imported at once."


@pytest.fixture(autouse=True)
def _english():
    translation.activate("en")


@pytest.fixture(scope="module")
def huge_xlsx() -> bytes:
    """200,000 rows in a small file (about 1.5 MB), written as spreadsheet programs stream them."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["name_zh", "name_en", "kind", "city"])
    for i in range(200_000):
        sheet.append([i])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_dimension(xlsx: bytes, ref: str) -> bytes:
    """The same workbook, its first sheet declaring `ref` as its <dimension>."""
    source, out = zipfile.ZipFile(io.BytesIO(xlsx)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<dimension[^>]*/>", b"", data).replace(b"<sheetViews>", f'<dimension ref="{ref}"/><sheetViews>'.encode(), 1)
            target.writestr(item, data)
    return out.getvalue()


def read_until_refused(data: bytes, filename: str) -> tuple[int, list]:
    """Read rows as an importer does; return how many were handed out before the refusal, and its errors."""
    count = 0
    with pytest.raises(ImportRejected) as refused:
        for _row in open_table(data, filename).rows():
            count += 1
    return count, [(e.line, e.message) for e in refused.value.errors]


def test_a_200k_row_xlsx_is_refused_after_reading_no_more_than_the_limit(huge_xlsx):
    count, errors = read_until_refused(huge_xlsx, "big.xlsx")  # the sheet declares no dimension: rows are counted
    assert errors == [(0, ROW_LIMIT)]
    assert count == MAX_ROWS  # reading stopped at the first row over the limit, not at row 200,001


def test_a_declared_dimension_refuses_unread_but_a_small_one_is_not_trusted(huge_xlsx):
    declared_huge = with_dimension(huge_xlsx, "A1:C200001")
    count, errors = read_until_refused(declared_huge, "big.xlsx")
    assert (count, errors) == (0, [(0, ROW_LIMIT)])  # refused before a single row was read
    lying = with_dimension(huge_xlsx, "A1:C2")
    count, errors = read_until_refused(lying, "big.xlsx")
    assert (count, errors) == (MAX_ROWS, [(0, ROW_LIMIT)])


def test_a_sheet_declaring_fewer_rows_than_it_has_is_read_to_its_end():
    workbook = Workbook()
    for i in range(6):
        workbook.active.append([f"row {i}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = open_table(with_dimension(buffer.getvalue(), "A1:A2"), "short.xlsx")
    assert [row["row 0"] for _line, row in table.rows()] == ["row 1", "row 2", "row 3", "row 4", "row 5"]


def test_the_importer_refuses_the_huge_file_as_a_whole(huge_xlsx, db):
    with pytest.raises(ImportRejected) as refused:
        import_organisations(actor=None, data=huge_xlsx, filename="big.xlsx")
    assert [e.message for e in refused.value.errors] == [ROW_LIMIT]


def test_too_many_empty_lines_are_refused_too():
    data = b"name_en\n" + b",\n" * 200_000 + b"X\n"
    count, errors = read_until_refused(data, "empty.csv")
    assert (count, errors) == (0, [(0, ROW_LIMIT)])


def test_a_file_over_the_byte_limit_is_refused_before_parsing(settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ImportRejected) as refused:
        open_table(b"name_en\n" + b"x" * (1024 * 1024), "big.csv")
    assert [e.message for e in refused.value.errors] == ["The file is larger than 1 MB."]


def test_a_nul_character_in_a_cell_is_an_error_of_that_row(db):
    data = b"name_zh,name_en,kind,city\n\xe5\xa5\xbd,Good,sme,\n\xe5\x9d\x8f,Bad\x00Name,sme,\n"
    with pytest.raises(ImportRejected) as refused:
        import_organisations(actor=None, data=data, filename="orgs.csv")
    assert [(e.line, e.column) for e in refused.value.errors if "NUL" in e.message] == [(3, "name_en")]
