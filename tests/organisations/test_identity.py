"""A verified organisation that changes its name or credit code is verified again, and names
carry no hidden characters (issue 17, item 10)."""

import io

import pytest
from django.test import Client
from django.utils import translation

from innobelt.accounts.domain import create_api_token
from innobelt.audit.models import AuditEntry
from innobelt.names import normalise_name
from innobelt.notifications.models import Notification
from innobelt.organisations import domain
from innobelt.organisations.credit_code import check_character
from innobelt.organisations.forms import OrganisationProfileForm
from innobelt.organisations.importing import import_organisations
from innobelt.organisations.models import Membership, Organisation
from innobelt.tabular_import import ImportRejected
from tests.factories import CityFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

RLO, ZWSP = "\u202e", "\u200b"
CODE_A = "91350100M000100Y43"
CODE_B = "91310000MA1FL0000" + check_character("91310000MA1FL0000")


@pytest.fixture
def scene():
    city = CityFactory()
    operator = UserFactory(operator_for=[city])
    org = OrganisationFactory(city=city, name_zh="中国商飞创新谷", name_en="COMAC Innovation Valley", credit_code=CODE_A)
    domain.verify_organisation(actor=operator, organisation=org)
    admin = UserFactory()
    MembershipFactory(user=admin, organisation=org, role=Membership.Role.ADMIN)
    return type("Scene", (), {"city": city, "operator": operator, "org": org, "admin": admin})


def _profile(org, **changes):
    data = {"name_zh": org.name_zh, "name_en": org.name_en, "kind": org.kind, "city": org.city_id, "description": "",
            "description_language": "zh", "credit_code": org.credit_code or "", "country": "CN", "founded_year": "",
            "size_band": "", "website": ""}
    return {**data, **changes}


def test_a_verified_organisation_renamed_on_its_page_is_verified_again(scene):
    client = Client()
    client.force_login(scene.admin)
    response = client.post(f"/en/organisations/{scene.org.slug}/edit/", _profile(scene.org, name_zh="华为", name_en="Huawei"))
    assert response.status_code == 302
    scene.org.refresh_from_db()
    assert (scene.org.name_en, scene.org.verification, scene.org.verified_at) == ("Huawei", "pending", None)
    note = Notification.objects.get(recipient=scene.operator, kind="organisation.reverification")
    assert "Huawei" in note.subject or "华为" in note.subject
    entry = AuditEntry.objects.get(action="organisation.reverification_needed", target_id=str(scene.org.pk))
    assert entry.data["previous"]["name_en"] == "COMAC Innovation Valley"
    assert sorted(entry.data["fields"]) == ["name_en", "name_zh"]


def test_a_verified_organisation_renamed_through_the_api_is_verified_again(scene):
    _token, secret = create_api_token(user=scene.admin, name="t")
    response = Client().patch(f"/api/v1/organisations/{scene.org.slug}", {"name_en": "Huawei"}, content_type="application/json",
                              HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200, response.content
    assert response.json()["verification"] == "pending"


def test_a_new_credit_code_sends_it_back_to_verification(scene):
    domain.update_organisation_profile(actor=scene.admin, organisation=scene.org, changes={"credit_code": CODE_B.lower()})
    scene.org.refresh_from_db()
    assert (scene.org.credit_code, scene.org.verification) == (CODE_B, "pending")


def test_other_changes_and_a_respelling_of_the_same_name_keep_the_badge(scene):
    domain.update_organisation_profile(actor=scene.admin, organisation=scene.org, changes={
        "description": "New text", "name_en": "  COMAC   Innovation Valley ", "credit_code": CODE_A.lower()})
    scene.org.refresh_from_db()
    assert (scene.org.name_en, scene.org.credit_code, scene.org.verification) == ("COMAC Innovation Valley", CODE_A, "verified")
    assert not Notification.objects.filter(kind="organisation.reverification").exists()


def test_the_operator_who_may_verify_it_renames_it_and_it_stays_verified(scene):
    domain.update_organisation_profile(actor=scene.operator, organisation=scene.org, changes={"name_en": "COMAC Valley"})
    scene.org.refresh_from_db()
    assert (scene.org.name_en, scene.org.verification) == ("COMAC Valley", "verified")


@pytest.mark.parametrize("bad", [RLO, ZWSP, "\u2066", "\u200f", "\u061c", "\ufeff", "\u2060", "\u00ad", "\x07", "\u3164"])
def test_names_with_hidden_or_direction_characters_are_refused_in_forms(scene, bad):
    form = OrganisationProfileForm(_profile(scene.org, name_en=f"COMAC{bad}Valley"), instance=scene.org)
    with translation.override("en"):
        assert not form.is_valid()
        assert "invisible or text-direction characters" in form.errors["name_en"][0]


def test_the_page_shows_the_refusal_in_chinese(scene):
    client = Client()
    client.force_login(scene.admin)
    response = client.post(f"/organisations/{scene.org.slug}/edit/", _profile(scene.org, name_zh=f"商飞{RLO}创新谷"))
    assert response.status_code == 200
    assert "不可见字符或文字方向控制字符" in response.content.decode()
    scene.org.refresh_from_db()
    assert scene.org.name_zh == "中国商飞创新谷"


def test_the_api_refuses_hidden_characters_in_names(scene):
    _token, secret = create_api_token(user=scene.admin, name="t")
    response = Client().patch(f"/api/v1/organisations/{scene.org.slug}", {"name_en": f"Huawei{ZWSP}"},
                              content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "name_en"
    scene.org.refresh_from_db()
    assert scene.org.name_en == "COMAC Innovation Valley"


def test_names_are_stored_in_nfc_with_single_spaces_and_full_width_punctuation_kept(scene):
    org = domain.create_organisation(actor=scene.admin, kind="sme", city=scene.city,
                                     name_zh="\u3000上海（浦东）  新材料\t有限公司 ", name_en="Cafe\u0301   Lab")
    org.refresh_from_db()
    assert (org.name_zh, org.name_en) == ("上海（浦东） 新材料 有限公司", "Café Lab")
    assert normalise_name("ＣＯＭＡＣ，商飞") == "ＣＯＭＡＣ，商飞"  # NFC, not NFKC: full-width text stays


def test_an_import_row_with_a_hidden_character_is_refused(belt):
    header = "name_zh,name_en,kind,city\n"
    data = (header + f"企业{ZWSP},Co,sme,wuxi\n").encode()
    with pytest.raises(ImportRejected) as exc:
        import_organisations(actor=None, data=data, filename="orgs.csv")
    assert {(e.line, e.column) for e in exc.value.errors} == {(2, "name_zh")}
    assert not Organisation.objects.filter(name_en="Co").exists()


def test_a_spreadsheet_name_is_normalised_on_import(belt):
    data = io.BytesIO("name_zh,name_en,kind,city\n  新  企业 ,New   Co,sme,wuxi\n".encode()).getvalue()
    [org] = import_organisations(actor=None, data=data, filename="orgs.csv")
    org.refresh_from_db()
    assert (org.name_zh, org.name_en) == ("新 企业", "New Co")
