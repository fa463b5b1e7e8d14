"""The rules and the queries agree for every person and achievement, programme and nomination."""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from innobelt.permissions import can
from innobelt.showcase import queries
from innobelt.showcase.models import Achievement, AwardProgramme, ReviewerAssignment
from tests.factories import UserFactory
from tests.showcase.factories import AchievementFactory, NominationFactory, ProgrammeFactory, partner


def test_the_rules_and_the_queries_agree(scene):
    achievements = []
    for status in Achievement.Status.values:
        for org in (scene.comac, scene.stranger_org, scene.partner):
            achievement = AchievementFactory(
                organisation=org, status=status, published_at=timezone.now() if status == "published" else None
            )
            achievements.append(achievement)
    partner(achievements[0], scene.partner, confirmed=False)
    programmes = [
        ProgrammeFactory(city=city, status=status)
        for status in AwardProgramme.Status.values
        for city in (scene.pudong, scene.other_city, None)
    ]
    reviewer = UserFactory()
    nominations = [
        NominationFactory(programme=programmes[3], organisation=org)
        for org in (scene.comac, scene.partner, scene.stranger_org)
    ]
    ReviewerAssignment.objects.create(nomination=nominations[1], reviewer=reviewer)
    people = [
        AnonymousUser(),
        scene.comac_member,
        scene.partner_member,
        scene.stranger,
        scene.operator,
        scene.other_operator,
        reviewer,
        UserFactory(is_platform_operator=True),
        UserFactory(),
    ]
    for person in people:
        seen = set(queries.visible_achievements(person).values_list("pk", flat=True))
        for achievement in achievements:
            assert can(person, "showcase.view_achievement", achievement) == (achievement.pk in seen), (
                person,
                achievement.status,
            )
        seen = set(queries.visible_programmes(person).values_list("pk", flat=True))
        for programme in programmes:
            assert can(person, "showcase.view_programme", programme) == (programme.pk in seen), (person, programme)
        seen = set(queries.visible_nominations(person).values_list("pk", flat=True))
        for nomination in nominations:
            assert can(person, "showcase.view_nomination", nomination) == (nomination.pk in seen), (person, nomination)
