"""Talent in the read-only, city-scoped admin: a district operator reads only their cities' rows; a hidden
profile is in nobody's admin, and what it holds is never shown; who applied to a position is not shown."""

import pytest
from django.test import Client

from innobelt.talent.models import PositionApplication, Recognition, TalentProfile
from tests.factories import CityFactory, OrganisationFactory, UserFactory
from tests.talent.factories import make_position, make_profile

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def place():
    wuxi, suzhou = CityFactory(slug="wuxi"), CityFactory(slug="suzhou")
    firm_w, firm_s = OrganisationFactory(city=wuxi), OrganisationFactory(city=suzhou)
    applicant = UserFactory(display_name="APPLICANT-NAME-4410")
    position_w = make_position(firm_w, title_en="POSITION-WUXI")
    position_s = make_position(firm_s, title_en="POSITION-SUZHOU")
    profile_w = make_profile(applicant, headline="PROFILE-WUXI", cities=[wuxi])
    profile_s = make_profile(headline="PROFILE-SUZHOU", cities=[suzhou])
    hidden = make_profile(headline="HIDDEN-HEADLINE-7731", skills="SECRET-SKILL", cities=[wuxi], visibility=TalentProfile.Visibility.HIDDEN)
    return {
        "operator": UserFactory(operator_for=[wuxi]),
        "platform": UserFactory(is_platform_operator=True, is_staff=True),
        "position_w": position_w,
        "position_s": position_s,
        "profile_w": profile_w,
        "profile_s": profile_s,
        "hidden": hidden,
        "application_w": PositionApplication.objects.create(position=position_w, applicant=applicant, message="MESSAGE-8812"),
        "application_s": PositionApplication.objects.create(position=position_s, applicant=UserFactory()),
        "recognition_w": Recognition.objects.create(profile=hidden, programme="outstanding_engineer", city=wuxi, review_note="Reviewed."),
        "recognition_s": Recognition.objects.create(profile=profile_s, programme="industry_leader", city=suzhou, review_note="Reviewed."),
    }


@pytest.mark.parametrize(
    ("model", "mine", "theirs"),
    [
        ("position", "position_w", "position_s"),
        ("talentprofile", "profile_w", "profile_s"),
        ("positionapplication", "application_w", "application_s"),
        ("recognition", "recognition_w", "recognition_s"),
    ],
)
def test_a_district_operator_reads_only_their_cities_rows(place, model, mine, theirs):
    client = _client(place["operator"])
    response = client.get(f"/en/admin/talent/{model}/")
    assert response.status_code == 200
    assert [row.pk for row in response.context["cl"].result_list] == [place[mine].pk]
    assert client.get(f"/en/admin/talent/{model}/{place[mine].pk}/change/").status_code == 200
    assert client.get(f"/en/admin/talent/{model}/{place[theirs].pk}/change/").status_code == 302  # "does not exist"
    # read-only: nothing to add, change or delete, for platform operators too
    for user in (place["operator"], place["platform"]):
        assert _client(user).get(f"/en/admin/talent/{model}/add/").status_code == 403
        assert _client(user).get(f"/en/admin/talent/{model}/{place[mine].pk}/delete/").status_code == 403
        before = type(place[mine]).objects.filter(pk=place[mine].pk).values().get()
        _client(user).post(f"/en/admin/talent/{model}/{place[mine].pk}/change/", {"status": "closed", "headline": "x"})
        assert type(place[mine]).objects.filter(pk=place[mine].pk).values().get() == before


def test_a_hidden_profile_is_in_nobodys_admin_and_its_data_is_never_shown(place):
    hidden = place["hidden"]
    for user in (place["operator"], place["platform"]):
        client = _client(user)
        listing = client.get("/en/admin/talent/talentprofile/").content.decode()
        assert "HIDDEN-HEADLINE-7731" not in listing
        assert "HIDDEN-HEADLINE-7731" not in client.get("/en/admin/talent/talentprofile/?q=SECRET-SKILL").content.decode()
        assert client.get(f"/en/admin/talent/talentprofile/{hidden.pk}/change/").status_code == 302
        # its recognition is there (operators granted it) and says only that a hidden profile holds it
        for url in (
            "/en/admin/talent/recognition/",
            f"/en/admin/talent/recognition/{place['recognition_w'].pk}/change/",
            f"/en/admin/talent/recognition/{place['recognition_w'].pk}/history/",
        ):
            page = client.get(url).content.decode()
            assert "HIDDEN-HEADLINE-7731" not in page and "SECRET-SKILL" not in page
        assert "a hidden profile" in client.get(f"/en/admin/talent/recognition/{place['recognition_w'].pk}/change/").content.decode()
        assert "隐藏的档案" in client.get(f"/admin/talent/recognition/{place['recognition_w'].pk}/change/").content.decode()


def test_an_application_shows_its_position_and_status_never_who_applied(place):
    client = _client(place["operator"])
    application = place["application_w"]
    for url in (
        "/en/admin/talent/positionapplication/",
        f"/en/admin/talent/positionapplication/{application.pk}/change/",
        f"/en/admin/talent/positionapplication/{application.pk}/history/",
    ):
        page = client.get(url).content.decode()
        assert "POSITION-WUXI" in page
        assert "APPLICANT-NAME-4410" not in page and "MESSAGE-8812" not in page
