from dataclasses import dataclass

import pytest

from innobelt.organisations.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, ResourceFactory, UserFactory


@dataclass
class Scene:
    lab: object  # owns the resource
    firm: object  # wants to use it
    lab_admin: object
    lab_member: object
    firm_admin: object
    firm_member: object
    outsider: object  # admin of a third organisation
    third: object
    resource: object


@pytest.fixture
def scene(db):
    lab, firm, third = OrganisationFactory(name_en="Lab"), OrganisationFactory(name_en="Firm"), OrganisationFactory(name_en="Third")
    return Scene(
        lab=lab, firm=firm, third=third,
        lab_admin=MembershipFactory(organisation=lab, role=Membership.Role.ADMIN, user=UserFactory(preferred_language="zh-hans")).user,
        lab_member=MembershipFactory(organisation=lab).user,
        firm_admin=MembershipFactory(organisation=firm, role=Membership.Role.ADMIN).user,
        firm_member=MembershipFactory(organisation=firm, user=UserFactory(preferred_language="en")).user,
        outsider=MembershipFactory(organisation=third, role=Membership.Role.ADMIN).user,
        resource=ResourceFactory(owner=lab, title_en="Electron microscope", title_zh="电子显微镜"),
    )
