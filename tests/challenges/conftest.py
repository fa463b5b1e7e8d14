from dataclasses import dataclass

import pytest

from innobelt.organisations.models import Membership, Organisation
from tests.factories import CityFactory, IndustryFactory, MembershipFactory, OrganisationFactory


@dataclass
class Scene:
    city: object
    industry: object
    owner_org: object  # a verified large firm
    owner_admin: object
    owner_member: object
    solver_org: object  # a verified startup in another city
    solver: object  # a member of the startup
    solver_admin: object
    unverified_org: object
    unverified_member: object


@pytest.fixture
def scene(db) -> Scene:
    city, industry = CityFactory(), IndustryFactory()
    verified = Organisation.Verification.VERIFIED
    owner_org = OrganisationFactory(kind=Organisation.Kind.LARGE_FIRM, city=city, verification=verified, name_zh="中国商飞", name_en="COMAC")
    solver_org = OrganisationFactory(kind=Organisation.Kind.STARTUP, verification=verified, name_en="Coating Startup")
    unverified_org = OrganisationFactory(kind=Organisation.Kind.SME)
    return Scene(
        city=city,
        industry=industry,
        owner_org=owner_org,
        owner_admin=MembershipFactory(organisation=owner_org, role=Membership.Role.ADMIN).user,
        owner_member=MembershipFactory(organisation=owner_org, role=Membership.Role.MEMBER).user,
        solver_org=solver_org,
        solver=MembershipFactory(organisation=solver_org, role=Membership.Role.MEMBER).user,
        solver_admin=MembershipFactory(organisation=solver_org, role=Membership.Role.ADMIN).user,
        unverified_org=unverified_org,
        unverified_member=MembershipFactory(organisation=unverified_org, role=Membership.Role.ADMIN).user,
    )
