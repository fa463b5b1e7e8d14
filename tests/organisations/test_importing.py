import io

import pytest
from openpyxl import Workbook

from innobelt.organisations.importing import import_organisations
from innobelt.organisations.models import Organisation
from innobelt.tabular_import import ImportRejected

pytestmark = pytest.mark.django_db

HEADER = "name_zh,name_en,kind,city,industries,credit_code,country,founded_year,size_band,website,is_goi_member,description,description_language\n"


def test_good_csv_imports_every_row(belt):
    before = Organisation.objects.count()
    data = (HEADER + "无锡芯测科技有限公司,Wuxi Chiptest Co.,sme,wuxi,integrated-circuits,91350100M000100Y43,CN,2019,small,,否,晶圆测试,zh\n"
            + ",Suzhou Bio Ltd,startup,苏州市,biomedicine;healthcare,,US,2022,micro,https://example.com,no,Biotech,en\n").encode()
    created = import_organisations(actor=None, data=data, filename="orgs.csv")
    assert [o.name for o in created] == ["无锡芯测科技有限公司", "Suzhou Bio Ltd"]
    assert Organisation.objects.count() == before + 2
    assert sorted(created[1].industries.values_list("code", flat=True)) == ["biomedicine", "healthcare"]


def test_one_bad_row_imports_nothing_and_every_error_is_named(belt):
    before = Organisation.objects.count()
    data = (HEADER + "好企业,Good Co,sme,wuxi,,,CN,,,,,,zh\n"
            + ",,sme,wuxi,,,CN,,,,,,zh\n"
            + "坏企业,Bad Co,spaceship,atlantis,warp,91350100M000100Y44,CN,19x9,,,,,zh\n").encode()
    with pytest.raises(ImportRejected) as exc:
        import_organisations(actor=None, data=data, filename="orgs.csv")
    found = {(e.line, e.column) for e in exc.value.errors}
    assert found == {(3, "name_zh"), (4, "kind"), (4, "city"), (4, "industries"), (4, "founded_year")}
    assert Organisation.objects.count() == before


def test_bad_check_character_is_reported(belt):
    data = (HEADER + "企业,Co,sme,wuxi,,91350100M000100Y44,CN,,,,,,zh\n").encode()
    with pytest.raises(ImportRejected) as exc:
        import_organisations(actor=None, data=data, filename="orgs.csv")
    assert [(e.line, e.column) for e in exc.value.errors] == [(2, "credit_code")]


def test_xlsx_and_gb18030_csv(belt):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.strip().split(","))
    ws.append(["常州新能源有限公司", "Changzhou Energy", "sme", "changzhou", "new-energy", None, "CN", 2015, "", "", "", "", "zh"])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert len(import_organisations(actor=None, data=buffer.getvalue(), filename="orgs.xlsx")) == 1
    gb = (HEADER + "南通材料有限公司,,sme,南通市,,,CN,,,,,,zh\n").encode("gb18030")
    assert import_organisations(actor=None, data=gb, filename="orgs.csv")[0].name_zh == "南通材料有限公司"


def test_missing_columns_and_wrong_type(belt):
    with pytest.raises(ImportRejected) as exc:
        import_organisations(actor=None, data=b"name_en\nX\n", filename="a.csv")
    assert {e.column for e in exc.value.errors} == {"name_zh", "kind", "city"}
    with pytest.raises(ImportRejected):
        import_organisations(actor=None, data=b"MZ\x90\x00", filename="a.exe")
