import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import Workbook

from innobelt.organisations.models import Membership
from innobelt.resources.importing import import_equipment
from innobelt.resources.models import Resource
from innobelt.tabular_import import ImportRejected
from tests.factories import CityFactory, IndustryFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

HEADER = ("name,name_zh,description,manufacturer,model,category,location,contact_name,contact_email,city,industries,"
          "opening_hours,slot_minutes,training_required,capacity,terms,publish\n")


@pytest.fixture
def owner():
    city = CityFactory(slug="baoshan-test", name_zh="宝山测试区", name_en="Baoshan Test")
    IndustryFactory(code="new-materials")
    IndustryFactory(code="new-energy")
    org = OrganisationFactory(city=city)
    admin = MembershipFactory(organisation=org, role=Membership.Role.ADMIN).user
    return org, admin


def test_a_good_file_imports_every_row(owner):
    org, admin = owner
    data = (HEADER
            + "X-ray diffractometer,X射线衍射仪,Phase analysis,Bruker,D8 Advance,XRD,A102,Li,li@example.com,,new-materials,"
              "Mon-Fri 09:00-17:00,60,yes,2,cost_price,yes\n"
            + ",拉曼光谱仪,,HORIBA,LabRAM,Raman,A215,,,宝山测试区,new-materials;new-energy,周一至周五 09:00-12:00,30,否,,,\n").encode()
    created = import_equipment(actor=admin, owner=org, data=data, filename="equipment.csv")
    with translation.override("zh-hans"):
        assert [(r.title, r.status, r.kind) for r in created] == [("X射线衍射仪", "published", "equipment"), ("拉曼光谱仪", "draft", "equipment")]
    xrd, raman = created
    assert (xrd.maker, xrd.model_number, xrd.category, xrd.slot_minutes, xrd.training_required, xrd.capacity, xrd.terms) == (
        "Bruker", "D8 Advance", "XRD", 60, True, 2, "cost_price")
    assert xrd.opening_hours == [[d, "09:00", "17:00"] for d in range(5)]
    assert raman.opening_hours == [[d, "09:00", "12:00"] for d in range(5)]
    assert (raman.city, raman.slot_minutes, raman.terms) == (org.city, 30, "negotiable")
    assert sorted(raman.industries.values_list("code", flat=True)) == ["new-energy", "new-materials"]
    assert "拉曼光谱仪" in raman.search_document


def test_one_bad_row_imports_nothing_and_every_error_is_named(owner):
    org, admin = owner
    data = (HEADER
            + "Good instrument,,,,,,,,,,,,,,,,\n"
            + ",,,,,,,,,,,,,,,,\n"  # empty rows are skipped
            + ",,no name,,,,,,not-an-email,atlantis,warp-drive,Mon 25:00-26:00,abc,perhaps,,free-ish,\n"
            + "Publish me,,,,,,,,,,,,,,,,yes\n").encode()
    with pytest.raises(ImportRejected) as exc:
        import_equipment(actor=admin, owner=org, data=data, filename="equipment.csv")
    found = sorted((e.line, e.column) for e in exc.value.errors)
    assert found == [(4, "city"), (4, "industries"), (4, "name"), (4, "opening_hours"), (4, "slot_minutes"), (4, "terms"),
                     (4, "training_required"), (5, "contact_name"), (5, "description")]
    assert not Resource.objects.exists()


def test_xlsx_uniquip_column_names_and_gb18030(owner):
    org, admin = owner
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", "Description", "Manufacturer", "Model", "Technique", "Contact Name", "Contact Email", "Contact Telephone"])
    ws.append(["Rheometer", "Melt rheology", "Anton Paar", "MCR 302", "rheology", "Dr. Wu", "wu@example.com", "021-12345678"])
    buffer = io.BytesIO()
    wb.save(buffer)
    (rheometer,) = import_equipment(actor=admin, owner=org, data=buffer.getvalue(), filename="uniquip.xlsx")
    assert (rheometer.maker, rheometer.model_number, rheometer.category, rheometer.contact_phone) == (
        "Anton Paar", "MCR 302", "rheology", "021-12345678")
    assert rheometer.opening_hours == [[d, "09:00", "17:00"] for d in range(5)]  # the documented default
    gb = "name_zh,manufacturer\n差示扫描量热仪,NETZSCH\n".encode("gb18030")
    assert import_equipment(actor=admin, owner=org, data=gb, filename="dsc.csv")[0].title_zh == "差示扫描量热仪"


def test_only_the_owner_s_admins_import_and_a_file_without_names_is_refused(owner):
    org, _admin = owner
    member = MembershipFactory(organisation=org).user
    with pytest.raises(PermissionDenied):
        import_equipment(actor=member, owner=org, data=b"name\nX\n", filename="a.csv")
    with pytest.raises(ImportRejected) as exc:
        import_equipment(actor=_admin, owner=org, data=b"model\nX\n", filename="a.csv")
    assert [(e.line, e.column) for e in exc.value.errors] == [(1, "name")]
    with pytest.raises(ImportRejected):
        import_equipment(actor=_admin, owner=org, data=b"\x00" * 10, filename="a.exe")
    assert not Resource.objects.exists()
