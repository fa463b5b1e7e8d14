"""Factories of the challenges app's records (written straight to the database, for tests' worlds)."""

from datetime import timedelta

import factory
from django.utils import timezone

from innobelt.challenges.models import AgreementAcceptance, Challenge, Criterion, Need, NeedInterest, Proposal
from innobelt.challenges.search import need_search_document
from tests.factories import OrganisationFactory, UserFactory


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need
        skip_postgeneration_save = True

    owner = factory.SubFactory(OrganisationFactory)
    title_zh = factory.Sequence(lambda n: f"技术需求{n}")
    title_en = factory.Sequence(lambda n: f"Technology need {n}")
    problem = "We need a coating that survives 1000 hours of salt spray."
    desired_outcome = "A pilot on one production line."
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    confidentiality = Need.Confidentiality.PUBLIC

    @factory.post_generation
    def industries(self, create, values, **kwargs):
        if create and values:
            self.industries.set(values)

    @factory.post_generation
    def search_document(self, create, value, **kwargs):
        """As the domain keeps it (after the industries)."""
        if create:
            self.search_document = need_search_document(self)
            Need.objects.filter(pk=self.pk).update(search_document=self.search_document)


class NeedInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedInterest

    need = factory.SubFactory(NeedFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    submitted_by = factory.SubFactory(UserFactory)
    message = "We make such coatings and would like to try."


class ChallengeFactory(factory.django.DjangoModelFactory):
    """A published challenge with two criteria (60 and 40) and proposals due in 30 days."""

    class Meta:
        model = Challenge
        skip_postgeneration_save = True

    owner = factory.SubFactory(OrganisationFactory)
    title_zh = factory.Sequence(lambda n: f"挑战{n}")
    title_en = factory.Sequence(lambda n: f"Challenge {n}")
    statement = "Find a way to inspect composite panels without taking them off the aircraft."
    agreement = "We keep each other's information confidential for three years."
    confidential_details = "Panel drawings and the current inspection procedure."
    proposal_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    status = Challenge.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def industries(self, create, values, **kwargs):
        if create and values:
            self.industries.set(values)

    @factory.post_generation
    def criteria(self, create, values, **kwargs):
        if create:
            for n, (name, weight) in enumerate(values or [("Feasibility", 60), ("Cost", 40)]):
                Criterion.objects.create(challenge=self, name_en=name, weight=weight, position=n)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    challenge = factory.SubFactory(ChallengeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(UserFactory)
    text = "Ultrasound phased-array scanning on a crawler."
    trl = 5
    status = Proposal.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


def accept(challenge, organisation, user=None):
    return AgreementAcceptance.objects.create(challenge=challenge, organisation=organisation, accepted_by=user)
