from dataclasses import dataclass

import pytest

from innobelt.organisations.models import Membership, Organisation
from tests.factories import CityFactory, IndustryFactory, MembershipFactory, OrganisationFactory, UserFactory

VERIFIED = Organisation.Verification.VERIFIED


@dataclass
class Scene:
    wuxi: object
    shanghai: object
    ic: object
    bio: object
    startup: object  # a Wuxi IC-design startup (not verified: posting needs no verification)
    founder: object  # its admin
    investor: object  # a verified Shanghai VC
    partner: object  # its admin
    other_investor: object  # verified, biomedicine only
    unverified_investor: object
    unverified_partner: object
    bystander: object  # a member of a verified SME: not an investor
    operator: object  # district operator of Wuxi
    reviewers: list


def _admin(org):
    return MembershipFactory(organisation=org, role=Membership.Role.ADMIN).user


@pytest.fixture
def scene(db) -> Scene:
    wuxi, shanghai = CityFactory(slug="wuxi", name_en="Wuxi", name_zh="无锡"), CityFactory(slug="pudong")
    ic = IndustryFactory(code="integrated-circuits", name_zh="集成电路", name_en="Integrated circuits")
    bio = IndustryFactory(code="biomedicine", name_zh="生物医药", name_en="Biomedicine")
    startup = OrganisationFactory(kind="startup", city=wuxi, name_en="Wuxi Chip Design", industries=[ic])
    investor = OrganisationFactory(kind="investor", city=shanghai, verification=VERIFIED, name_en="Shanghai VC")
    other = OrganisationFactory(kind="investor", city=shanghai, verification=VERIFIED, name_en="Bio Angels")
    unverified = OrganisationFactory(kind="investor", city=shanghai, name_en="Unverified Capital")
    sme = OrganisationFactory(kind="sme", city=shanghai, verification=VERIFIED)
    return Scene(
        wuxi=wuxi,
        shanghai=shanghai,
        ic=ic,
        bio=bio,
        startup=startup,
        founder=_admin(startup),
        investor=investor,
        partner=_admin(investor),
        other_investor=other,
        unverified_investor=unverified,
        unverified_partner=_admin(unverified),
        bystander=MembershipFactory(organisation=sme).user,
        operator=UserFactory(operator_for=[wuxi]),
        reviewers=[UserFactory(), UserFactory()],
    )
