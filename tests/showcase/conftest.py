from dataclasses import dataclass

import pytest

from innobelt.organisations.models import Membership, Organisation
from tests.challenges.factories import ChallengeFactory, ProposalFactory
from tests.factories import (
    AccessRequestFactory,
    BookingFactory,
    CityFactory,
    IndustryFactory,
    MembershipFactory,
    OrganisationFactory,
    ResourceFactory,
    UserFactory,
)


@dataclass
class Scene:
    pudong: object
    other_city: object
    industry: object
    comac: object
    comac_member: object
    comac_admin: object
    partner: object  # a startup that worked with COMAC
    partner_member: object
    stranger_org: object
    stranger: object
    operator: object  # Pudong's district operator
    other_operator: object
    challenge: object
    proposal: object
    bookings: list
    stranger_booking: object


@pytest.fixture
def scene(db) -> Scene:
    pudong, other_city, industry = CityFactory(slug="pudong", name_en="Pudong"), CityFactory(), IndustryFactory()
    verified = Organisation.Verification.VERIFIED
    comac = OrganisationFactory(
        kind=Organisation.Kind.LARGE_FIRM, city=pudong, verification=verified, name_zh="中国商飞", name_en="COMAC"
    )
    partner = OrganisationFactory(
        kind=Organisation.Kind.STARTUP,
        city=other_city,
        verification=verified,
        name_zh="涂层初创",
        name_en="Coating Startup",
    )
    stranger_org = OrganisationFactory(kind=Organisation.Kind.SME, city=pudong, name_en="Stranger SME")
    challenge = ChallengeFactory(owner=comac, title_zh="复合材料检测", title_en="Composite inspection")
    proposal = ProposalFactory(challenge=challenge, organisation=partner)
    lab = ResourceFactory(city=pudong, title_zh="风洞", title_en="Wind tunnel")
    access = AccessRequestFactory(resource=lab, organisation=comac)
    bookings = [BookingFactory(access_request=access), BookingFactory(access_request=access)]
    stranger_access = AccessRequestFactory(resource=lab, organisation=stranger_org)
    return Scene(
        pudong=pudong,
        other_city=other_city,
        industry=industry,
        comac=comac,
        comac_member=MembershipFactory(organisation=comac, role=Membership.Role.MEMBER).user,
        comac_admin=MembershipFactory(organisation=comac, role=Membership.Role.ADMIN).user,
        partner=partner,
        partner_member=MembershipFactory(organisation=partner).user,
        stranger_org=stranger_org,
        stranger=MembershipFactory(organisation=stranger_org).user,
        operator=UserFactory(operator_for=[pudong]),
        other_operator=UserFactory(operator_for=[other_city]),
        challenge=challenge,
        proposal=proposal,
        bookings=bookings,
        stranger_booking=BookingFactory(access_request=stranger_access),
    )
