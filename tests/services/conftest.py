from dataclasses import dataclass

import pytest

from innobelt.organisations.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.services.factories import jiangsu_city, service_of, shanghai_district


@dataclass
class Scene:
    putuo: object
    jingan: object
    wuxi: object
    firm: object  # a Wuxi startup
    founder: object
    provider_org: object  # a Putuo consultancy offering market entry in Shanghai
    consultant: object
    service: object
    putuo_operator: object
    wuxi_operator: object


@pytest.fixture
def scene(db) -> Scene:
    putuo, jingan, wuxi = shanghai_district(), shanghai_district("jingan", "Jing'an District", "静安区"), jiangsu_city()
    firm = OrganisationFactory(city=wuxi, name_en="Wuxi Sensor Startup", name_zh="无锡传感初创")
    provider_org = OrganisationFactory(city=putuo, name_en="Putuo Market Entry Consultancy", name_zh="普陀市场准入咨询")
    service = service_of(provider_org, cities=[putuo, jingan], title_en="Shanghai market entry",
                         title_zh="上海市场准入", resolution_days=5)
    return Scene(
        putuo=putuo, jingan=jingan, wuxi=wuxi, firm=firm,
        founder=MembershipFactory(organisation=firm, role=Membership.Role.ADMIN).user,
        provider_org=provider_org,
        consultant=MembershipFactory(organisation=provider_org, role=Membership.Role.ADMIN).user,
        service=service,
        putuo_operator=UserFactory(operator_for=[putuo]),
        wuxi_operator=UserFactory(operator_for=[wuxi]),
    )
