"""A small Belt with known numbers: every figure of the insights tests is checked against them."""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from innobelt.belt.models import CooperationAgreement, FollowUpAction
from innobelt.organisations.models import Organisation
from tests.challenges.factories import ChallengeFactory, NeedFactory, ProposalFactory
from tests.factories import (
    AccessRequestFactory,
    BookingFactory,
    CityFactory,
    EventFactory,
    OrganisationFactory,
    RegistrationFactory,
    ResourceFactory,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@dataclass
class Known:
    city_w: object
    city_x: object
    lab: object
    smes: list
    extra: dict = field(default_factory=dict)


def make_known() -> Known:
    """City W: a laboratory (verified) and three SMEs; city X: two SMEs and a startup.
    The laboratory shares three published instruments and a draft; the SMEs of X asked for access six times
    (four granted, one declined, one pending) and booked four hours (one more booking cancelled).
    A past forum of the laboratory in W had three registrations; a future one has none.
    An SME of X posted a need; the laboratory published a challenge, answered by two proposals (one a draft).
    An agreement of W and X has an open action in W and a done one in X."""
    w, x = CityFactory(slug="known-w"), CityFactory(slug="known-x")
    lab = OrganisationFactory(city=w, kind=Organisation.Kind.LABORATORY, verification="verified", slug="known-lab")
    smes = [OrganisationFactory(city=w, kind=Organisation.Kind.SME) for _ in range(3)]
    smes += [OrganisationFactory(city=x, kind=Organisation.Kind.SME) for _ in range(2)]
    smes.append(OrganisationFactory(city=x, kind=Organisation.Kind.STARTUP))
    resources = [ResourceFactory(owner=lab) for _ in range(3)]
    ResourceFactory(owner=lab, status="draft", published_at=None)
    granted = [AccessRequestFactory(resource=resources[r], organisation=smes[o]) for r, o in [(0, 3), (1, 4), (2, 5), (1, 5)]]
    AccessRequestFactory(resource=resources[2], organisation=smes[3], status="declined", decline_reason="fully_booked")
    AccessRequestFactory(resource=resources[0], organisation=smes[4], status="pending", terms_accepted_at=None)
    # in this month (China time), whatever the factory's sequence has reached in this process: its default start
    # moves an hour later with every booking made, and a by-month count covers the months up to this one
    month_start = timezone.localtime().replace(day=1, hour=9, minute=0, second=0, microsecond=0)
    for i in range(4):
        BookingFactory(access_request=granted[i], start=month_start + timedelta(hours=i), end=month_start + timedelta(hours=i + 1))
    BookingFactory(access_request=granted[0], status="cancelled", start=month_start, end=month_start + timedelta(hours=1))
    past = EventFactory(organiser=lab, starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=8))
    EventFactory(organiser=lab)
    for sme in smes[3:]:
        RegistrationFactory(event=past, organisation=sme)
    NeedFactory(owner=smes[3])
    challenge = ChallengeFactory(owner=lab)
    ProposalFactory(challenge=challenge, organisation=smes[4])
    ProposalFactory(challenge=challenge, organisation=smes[5], status="draft", submitted_at=None)
    agreement = CooperationAgreement.objects.create(
        slug="known-agreement", name_zh="合作备忘录", name_en="Memorandum", signed_on=timezone.localdate(), status="signed"
    )
    agreement.cities.set([w, x])
    FollowUpAction.objects.create(agreement=agreement, description_en="Open", owner_city=w)
    FollowUpAction.objects.create(agreement=agreement, description_en="Done", owner_city=x, status="done")
    return Known(city_w=w, city_x=x, lab=lab, smes=smes, extra={"resources": resources, "past_event": past})


@pytest.fixture
def known(db):
    return make_known()
