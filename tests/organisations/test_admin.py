"""The operators' admin of organisations and invitations (agreements: tests/belt/test_admin.py): a district operator picks and saves
only rows of their cities, cannot move a row out of them, and saves go through the domain."""

import pytest

from innobelt.audit.models import AuditEntry
from innobelt.organisations.models import Invitation, Membership, Organisation
from tests.admin_helpers import admin_client, admin_form_data, form_errors
from tests.factories import CityFactory, MembershipFactory, OrganisationFactory, ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def belt():
    """Pudong with COMAC and its operator; Baoshan with Wusong; a platform operator."""
    pudong, baoshan = CityFactory(slug="pudong"), CityFactory(slug="baoshan")
    return type("Belt", (), dict(
        pudong=pudong, baoshan=baoshan,
        comac=OrganisationFactory(city=pudong, slug="comac", name_en="COMAC"),
        wusong=OrganisationFactory(city=baoshan, slug="wusong", name_en="Wusong"),
        operator=UserFactory(operator_for=[pudong]),
        platform=UserFactory(is_platform_operator=True, is_staff=True, is_superuser=True),
    ))


def change_page(client, obj):
    opts = obj._meta
    return client.get(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/")


def post_change(client, obj, **changes):
    data = admin_form_data(change_page(client, obj))
    data.update({k: str(v) for k, v in changes.items()})
    opts = obj._meta
    return client.post(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/", data)


def test_an_invitation_cannot_be_pointed_at_another_organisation(belt):
    """The reported attack: an invitation made for COMAC, edited to point at Wusong, made the operator Wusong's admin."""
    invitation = Invitation.objects.create(organisation=belt.comac, email=belt.operator.email, role="admin",
                                           invited_by=belt.platform)
    client = admin_client(belt.operator)
    page = change_page(client, invitation)
    assert page.status_code == 200 and not page.context["has_change_permission"]  # read-only: invitations do not change
    response = client.post(f"/admin/organisations/invitation/{invitation.pk}/change/",
                           {"organisation": belt.wusong.pk, "email": belt.operator.email, "role": "admin"})
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.organisation == belt.comac
    assert client.get("/admin/organisations/invitation/add/").status_code == 403  # as on the pages: org admins invite
    response = client.post("/admin/organisations/invitation/add/", {"organisation": belt.wusong.pk, "email": "x@example.com",
                                                                      "role": "admin"})
    assert response.status_code == 403 and not Invitation.objects.filter(email="x@example.com").exists()
    assert not Membership.objects.filter(user=belt.operator).exists()


def test_platform_operators_invite_through_the_domain(belt):
    client = admin_client(belt.platform)
    response = client.post("/admin/organisations/invitation/add/", {"organisation": belt.wusong.pk, "email": "New@Example.com",
                                                                      "role": "member", "_save": "Save"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.invited_by) == ("new@example.com", belt.platform)  # the domain normalises
    assert AuditEntry.objects.filter(action="organisation.member_invited", target_id=str(belt.wusong.pk)).exists()
    MembershipFactory(organisation=belt.wusong, user=UserFactory(email="member@example.com"))
    response = client.post("/admin/organisations/invitation/add/", {"organisation": belt.wusong.pk, "email": "member@example.com",
                                                                      "role": "member", "_save": "Save"})
    assert response.status_code == 200 and "email" in form_errors(response)  # the domain's refusal, shown on the form
    assert Invitation.objects.count() == 1


def test_a_district_operator_cannot_move_an_organisation_out_of_their_cities(belt):
    client = admin_client(belt.operator)
    for city in (belt.baoshan.pk, ""):
        response = post_change(client, belt.comac, city=city)
        assert response.status_code == 200 and "city" in form_errors(response)
        belt.comac.refresh_from_db()
        assert belt.comac.city == belt.pudong
    response = client.post("/admin/organisations/organisation/add/", {"name_en": "Elsewhere Ltd", "kind": "sme", "slug": "elsewhere",
                                                                         "city": belt.baoshan.pk, "country": "CN",
                                                                         "description_language": "zh", "_save": "Save"})
    assert response.status_code == 200 and "city" in form_errors(response)
    assert not Organisation.objects.filter(slug="elsewhere").exists()


def test_the_organisation_form_offers_only_the_operators_cities_and_saves_through_the_domain(belt):
    client = admin_client(belt.operator)
    page = change_page(client, belt.comac)
    assert list(page.context["adminform"].form.fields["city"].queryset) == [belt.pudong]
    response = post_change(client, belt.comac, name_en="COMAC Ltd", verification="verified", is_synthetic="on")
    assert response.status_code == 302
    belt.comac.refresh_from_db()
    assert belt.comac.name_en == "COMAC Ltd"
    assert (belt.comac.verification, belt.comac.is_synthetic) == ("unverified", False)  # read-only: verified by the action only
    entry = AuditEntry.objects.get(action="organisation.updated", target_id=str(belt.comac.pk))
    assert entry.actor == belt.operator and "name_en" in entry.data["fields"]
    client.post("/admin/organisations/organisation/", {"action": "verify_selected", "_selected_action": [belt.comac.pk, belt.wusong.pk]})
    belt.comac.refresh_from_db(), belt.wusong.refresh_from_db()
    assert (belt.comac.verification, belt.wusong.verification) == ("verified", "unverified")  # Wusong is not theirs
    assert AuditEntry.objects.filter(action="organisation.verified", target_id=str(belt.comac.pk)).count() == 1


def test_a_district_operator_cannot_give_themselves_a_membership_or_staff_flags(belt):
    client = admin_client(belt.operator)
    data = admin_form_data(change_page(client, belt.comac))
    assert "memberships-TOTAL_FORMS" in data  # the inline is shown, read-only
    data.update({"memberships-TOTAL_FORMS": "1", "memberships-0-user": str(belt.operator.pk), "memberships-0-role": "admin",
                 "memberships-0-organisation": str(belt.comac.pk)})
    client.post(f"/admin/organisations/organisation/{belt.comac.pk}/change/", data)
    assert not Membership.objects.filter(user=belt.operator).exists()
    response = client.post(f"/admin/accounts/user/{belt.operator.pk}/change/", {"email": belt.operator.email, "is_active": "on",
                                                                                 "is_staff": "on", "is_platform_operator": "on",
                                                                                 "is_superuser": "on"})
    assert response.status_code == 403
    belt.operator.refresh_from_db()
    assert not (belt.operator.is_platform_operator or belt.operator.is_superuser)
    assert client.get("/admin/autocomplete/?app_label=organisations&model_name=membership&field_name=user").status_code == 403


def test_the_autocomplete_and_the_list_filters_offer_only_the_operators_cities(belt):
    client = admin_client(belt.operator)
    found = client.get("/admin/autocomplete/?app_label=resources&model_name=resource&field_name=owner&term=").json()["results"]
    assert [r["id"] for r in found] == [str(belt.comac.pk)]
    found = client.get("/admin/autocomplete/?app_label=resources&model_name=resource&field_name=city&term=").json()["results"]
    assert [r["id"] for r in found] == [str(belt.pudong.pk)]
    ResourceFactory(owner=belt.wusong, city=belt.baoshan)
    ResourceFactory(owner=belt.comac, city=belt.pudong)
    listing = client.get("/admin/resources/resource/").content.decode()
    assert f"city__id__exact={belt.pudong.pk}" in listing and f"city__id__exact={belt.baoshan.pk}" not in listing


def test_a_resource_of_another_city_cannot_be_added_or_moved_there(belt):
    client = admin_client(belt.operator)
    assert client.get("/admin/resources/resource/add/").status_code == 403  # as on the pages: owners' admins add
    response = client.post("/admin/resources/resource/add/", {"owner": belt.wusong.pk, "kind": "patent", "title_en": "Taken",
                                                              "patent_number": "CN1", "licensing_modes": "royalty"})
    assert response.status_code == 403
    resource = ResourceFactory(owner=belt.comac, city=belt.pudong)
    response = post_change(client, resource, city=belt.baoshan.pk)
    assert response.status_code == 200 and "city" in form_errors(response)
    resource.refresh_from_db()
    assert resource.city == belt.pudong and resource.owner == belt.comac
