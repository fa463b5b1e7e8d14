"""Factories of the showcase's records (written straight to the database, for tests' worlds)."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from innobelt.showcase.models import Achievement, AchievementPartner, AwardCriterion, AwardProgramme, Nomination
from tests.factories import OrganisationFactory


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement

    organisation = factory.SubFactory(OrganisationFactory)
    title_zh = factory.Sequence(lambda n: f"成果{n}")
    title_en = factory.Sequence(lambda n: f"Achievement {n}")
    story_zh = "我们一起完成了试点。"
    story_en = "We ran the pilot together."
    year = 2026
    status = Achievement.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


def partner(achievement, organisation, confirmed=True):
    return AchievementPartner.objects.create(
        achievement=achievement, organisation=organisation, confirmed_at=timezone.now() if confirmed else None
    )


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """An open programme with two criteria (60, 40), evidence counted over 2020–2030."""

    class Meta:
        model = AwardProgramme
        skip_postgeneration_save = True

    kind = AwardProgramme.Kind.GOI_EXEMPLAR
    title_zh = factory.Sequence(lambda n: f"奖项{n}")
    title_en = factory.Sequence(lambda n: f"Award {n}")
    year = 2026
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    evidence_from = date(2020, 1, 1)
    evidence_to = date(2030, 12, 31)
    status = AwardProgramme.Status.OPEN

    @factory.post_generation
    def criteria(self, create, values, **kwargs):
        if create:
            for n, (name, weight) in enumerate(values or [("Sharing", 60), ("Impact", 40)]):
                AwardCriterion.objects.create(programme=self, name_en=name, weight=weight, position=n)


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    statement = "We share our instruments widely."
    evidence = factory.LazyFunction(lambda: [{"key": "events_held", "value": 0, "records": []}])
    evidence_at = factory.LazyFunction(timezone.now)
