"""Service requests and voucher redemptions on an achievement's trail: only records the organisation took part
in, labelled publicly in both languages; others' records planted beside them are neither offered nor taken."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from innobelt.organisations.models import Organisation
from innobelt.services.models import ServiceRequest
from innobelt.showcase import trail
from innobelt.showcase.domain.achievements import draft_achievement
from innobelt.showcase.models import Achievement
from innobelt.vouchers.models import Reservation
from tests.factories import OrganisationFactory
from tests.showcase.platform_records import redemption, service_request, voucher_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(scene):
    consultancy = OrganisationFactory(kind=Organisation.Kind.SERVICE_PROVIDER, name_en="Market Consultancy", name_zh="市场咨询")
    other_sme = OrganisationFactory(kind=Organisation.Kind.SME, name_en="Other SME")
    mine = {
        "served": service_request(scene.comac, consultancy, title_en="Airworthiness consulting"),
        "redeemed": redemption(voucher_of(scene.comac, name_zh="浦东科技创新券", name_en="Pudong vouchers"), consultancy),
    }
    planted = {
        "others_request": service_request(other_sme, consultancy, title_en="PRIVATE-OTHER-SERVICE"),
        "rejected": service_request(scene.comac, consultancy, status=ServiceRequest.Status.REJECTED),
        "others_redemption": redemption(voucher_of(other_sme, name_en="PRIVATE-OTHER-VOUCHERS"), consultancy),
        "reserved_only": redemption(voucher_of(scene.comac), consultancy, status=Reservation.Status.RESERVED),
    }
    return consultancy, mine, planted


def test_only_records_the_organisation_took_part_in_are_linkable(scene, records):
    consultancy, mine, planted = records
    assert list(trail.linkable("service_request", scene.comac)) == [mine["served"]]
    assert list(trail.linkable("voucher_redemption", scene.comac)) == [mine["redeemed"]]
    # the provider took part in both firms' records
    assert set(trail.linkable("service_request", consultancy)) == {mine["served"], planted["others_request"]}
    assert set(trail.linkable("voucher_redemption", consultancy)) == {mine["redeemed"], planted["others_redemption"]}


def test_an_achievement_links_its_own_and_refuses_planted_records(scene, records):
    consultancy, mine, planted = records
    for kind, record in [
        ("service_request", planted["others_request"]),
        ("service_request", planted["rejected"]),
        ("voucher_redemption", planted["others_redemption"]),
        ("voucher_redemption", planted["reserved_only"]),
    ]:
        with pytest.raises(ValidationError) as caught:
            draft_achievement(
                actor=scene.comac_member,
                organisation=scene.comac,
                title_en="X",
                story_en="Y",
                year=2026,
                trail_items=[{"kind": kind, "id": record.pk}],
            )
        assert "trail" in caught.value.message_dict
    achievement = draft_achievement(
        actor=scene.comac_member,
        organisation=scene.comac,
        title_en="Certified with a consultancy",
        story_en="Y",
        year=2026,
        trail_items=[
            {"kind": "service_request", "id": mine["served"].pk},
            {"kind": "voucher_redemption", "id": mine["redeemed"].pk},
        ],
    )
    labels = [(link.kind, link.label_en, link.label_zh) for link in achievement.trail.all()]
    assert labels[0][0] == "service_request" and "Airworthiness consulting" in labels[0][1]
    assert "Market Consultancy" in labels[0][1] and "市场咨询" in labels[0][2]
    assert labels[1][0] == "voucher_redemption" and "Pudong vouchers" in labels[1][1]
    assert "浦东科技创新券" in labels[1][2] and "市场咨询" in labels[1][2]
    assert all("PRIVATE" not in text for _kind, en, zh in labels for text in (en, zh))


def test_the_form_offers_them_and_their_other_side_as_partner(scene, records):
    consultancy, mine, planted = records
    client = Client()
    client.force_login(scene.comac_member)
    body = client.get("/en/showcase/new/").content.decode()
    assert f"service_request:{mine['served'].pk}" in body and f"voucher_redemption:{mine['redeemed'].pk}" in body
    for record in ("others_request", "rejected"):
        assert f"service_request:{planted[record].pk}" not in body
    for record in ("others_redemption", "reserved_only"):
        assert f"voucher_redemption:{planted[record].pk}" not in body
    assert "Market Consultancy" in body and "PRIVATE-OTHER" not in body


def test_the_trail_links_the_record_only_for_readers_who_may_open_it(scene, records):
    _consultancy, mine, _planted = records
    achievement = draft_achievement(
        actor=scene.comac_member,
        organisation=scene.comac,
        title_en="Certified with a consultancy",
        story_en="Y",
        year=2026,
        trail_items=[
            {"kind": "service_request", "id": mine["served"].pk},
            {"kind": "voucher_redemption", "id": mine["redeemed"].pk},
        ],
    )
    Achievement.objects.filter(pk=achievement.pk).update(status=Achievement.Status.PUBLISHED)
    url = f"/en/showcase/achievements/{achievement.pk}/"
    request_page, voucher_page = f"services/requests/{mine['served'].pk}/", f"vouchers/{mine['redeemed'].voucher_id}/"
    client = Client()
    client.force_login(scene.comac_member)
    member_view = client.get(url).content.decode()
    assert request_page in member_view and voucher_page in member_view
    public_view = Client().get(url).content.decode()
    assert "Airworthiness consulting" in public_view and "Pudong vouchers" in public_view
    assert request_page not in public_view and voucher_page not in public_view
