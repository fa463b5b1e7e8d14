from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from innobelt.showcase import queries
from innobelt.showcase.domain.achievements import (
    confirm_achievement,
    draft_achievement,
    publish_achievement,
    send_back_achievement,
    submit_achievement,
    update_achievement,
)
from innobelt.showcase.models import Achievement

pytestmark = pytest.mark.django_db


def _draft(scene, **extra):
    fields = dict(
        title_zh="复合材料在线检测",
        title_en="In-service composite inspection",
        story_zh="与初创企业合作，在机库里完成了检测试点。",
        story_en="A pilot in the hangar with a startup.",
        year=2026,
        revenue="1200000.005",
        patents_filed=2,
        products_launched=1,
        jobs=12,
    )
    fields.update(extra)
    return draft_achievement(
        actor=scene.comac_member,
        organisation=scene.comac,
        partners=[scene.partner],
        cities=[scene.pudong],
        industries=[scene.industry],
        trail_items=[
            {"kind": "challenge", "id": scene.challenge.pk},
            {"kind": "proposal", "id": scene.proposal.pk},
            {"kind": "booking", "id": scene.bookings[0].pk},
            {"kind": "booking", "id": scene.bookings[1].pk},
        ],
        **fields,
    )


def test_the_whole_flow_to_the_public_showcase(scene):
    achievement = _draft(scene)
    assert achievement.revenue == Decimal("1200000.01")  # half-up to the fen
    assert [link.kind for link in achievement.trail.all()] == ["challenge", "proposal", "booking", "booking"]
    assert "复合材料检测" in achievement.trail.first().label_zh
    assert "Composite inspection" in achievement.trail.first().label_en
    assert not queries.gallery().exists()

    submit_achievement(actor=scene.comac_member, achievement=achievement)
    achievement.refresh_from_db()
    assert achievement.status == Achievement.Status.CONFIRMING
    with pytest.raises(PermissionDenied):
        publish_achievement(actor=scene.operator, achievement=achievement)  # not in review: partners first

    confirm_achievement(actor=scene.partner_member, achievement=achievement)
    achievement.refresh_from_db()
    assert achievement.status == Achievement.Status.IN_REVIEW
    with pytest.raises(PermissionDenied):
        publish_achievement(actor=scene.other_operator, achievement=achievement)  # another district

    publish_achievement(actor=scene.operator, achievement=achievement)
    assert list(queries.gallery(city="pudong", industry=scene.industry.code, year=2026)) == [achievement]
    assert not queries.gallery(year=2025).exists()
    with translation.override("en"):
        assert queries.gallery().get().title == "In-service composite inspection"
    with translation.override("zh-hans"):
        assert queries.gallery().get().title == "复合材料在线检测"


def test_sent_back_with_a_reason_and_resubmitted(scene):
    achievement = _draft(scene, revenue=None)
    achievement.partners.all().delete()
    achievement = submit_achievement(actor=scene.comac_member, achievement=achievement)
    with pytest.raises(ValidationError):
        send_back_achievement(actor=scene.operator, achievement=achievement, reason=" ")
    achievement = send_back_achievement(actor=scene.operator, achievement=achievement, reason="Add the revenue figure.")
    assert achievement.status == Achievement.Status.SENT_BACK
    achievement = update_achievement(actor=scene.comac_member, achievement=achievement, revenue="500000")
    submit_achievement(actor=scene.comac_member, achievement=achievement)
    achievement.refresh_from_db()
    assert achievement.status == Achievement.Status.IN_REVIEW and achievement.send_back_reason == ""


def test_the_trail_takes_only_records_the_organisation_may_see(scene):
    with pytest.raises(ValidationError) as caught:
        draft_achievement(
            actor=scene.comac_member,
            organisation=scene.comac,
            title_en="X",
            story_en="Y",
            trail_items=[{"kind": "booking", "id": scene.stranger_booking.pk}],
        )
    assert "trail" in caught.value.message_dict
    assert not Achievement.objects.exists()


def test_only_members_submit_and_only_partners_confirm(scene):
    with pytest.raises(PermissionDenied):
        draft_achievement(actor=scene.stranger, organisation=scene.comac, title_en="X", story_en="Y")
    achievement = _draft(scene)
    submit_achievement(actor=scene.comac_member, achievement=achievement)
    with pytest.raises(PermissionDenied):
        confirm_achievement(actor=scene.stranger, achievement=achievement)
    assert queries.visible_achievements(scene.stranger).count() == 0
    assert queries.visible_achievements(scene.partner_member).count() == 1
    assert queries.visible_achievements(scene.operator).count() == 1
    assert queries.visible_achievements(scene.other_operator).count() == 0
