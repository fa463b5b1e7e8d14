"""A challenge pilot on an achievement's trail (issue 26: "linked to a challenge pilot and two bookings"): a
pipeline of the organisation's challenge or proposal that reached the pilot stage; one that did not, or another
organisation's, is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from innobelt.challenges.models import Pipeline, PipelineStep
from innobelt.showcase.domain.achievements import (
    confirm_achievement,
    draft_achievement,
    publish_achievement,
    submit_achievement,
)
from innobelt.showcase.trail import linkable
from tests.challenges.factories import ChallengeFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def _draft(scene, items):
    return draft_achievement(actor=scene.comac_member, organisation=scene.comac, partners=[scene.partner],
                             cities=[scene.pudong], industries=[scene.industry], title_zh="机库检测试点",
                             title_en="Hangar inspection pilot", story_en="Piloted in the hangar.", year=2026,
                             trail_items=items)


def test_a_pilot_and_two_bookings_on_the_trail(scene):
    pilot = Pipeline.objects.create(proposal=scene.proposal, stage=Pipeline.Stage.PILOT)
    shortlisted = Pipeline.objects.create(proposal=ProposalFactory(challenge=scene.challenge))
    strangers = Pipeline.objects.create(proposal=ProposalFactory(challenge=ChallengeFactory(owner=scene.stranger_org)),
                                        stage=Pipeline.Stage.PILOT)
    concluded = Pipeline.objects.create(proposal=ProposalFactory(challenge=scene.challenge),
                                        stage=Pipeline.Stage.CONTRACT)
    PipelineStep.objects.create(pipeline=concluded, stage=Pipeline.Stage.PILOT)  # past the pilot: still a pilot
    assert set(linkable("pilot", scene.comac)) == {pilot, concluded}
    assert set(linkable("pilot", scene.partner)) == {pilot}

    for refused in (shortlisted, strangers):
        with pytest.raises(ValidationError):
            _draft(scene, [{"kind": "pilot", "id": refused.pk}])
    achievement = _draft(scene, [{"kind": "pilot", "id": pilot.pk}, {"kind": "booking", "id": scene.bookings[0].pk},
                                 {"kind": "booking", "id": scene.bookings[1].pk}])
    first = achievement.trail.order_by("pk").first()
    assert first.kind == "pilot"
    assert first.label_en == "Pilot of Coating Startup on “Composite inspection”"
    assert "涂层初创" in first.label_zh and "复合材料检测" in first.label_zh

    submit_achievement(actor=scene.comac_member, achievement=achievement)
    achievement.refresh_from_db()
    confirm_achievement(actor=scene.partner_member, achievement=achievement)
    achievement.refresh_from_db()
    publish_achievement(actor=scene.operator, achievement=achievement)
    page = Client().get(f"/en/showcase/achievements/{achievement.pk}/").content.decode()
    assert "Pilot of Coating Startup on “Composite inspection”" in page
