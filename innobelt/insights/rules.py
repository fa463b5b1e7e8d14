"""Who may open which dashboard: platform operators the whole Belt, district operators their cities and
districts (and their organisations), an organisation's people their own. The wall and open data are public."""

import rules

from innobelt.accounts.rules import is_district_operator_for_city, is_platform_operator
from innobelt.organisations.rules import is_district_operator_of_org, is_org_member

rules.add_perm("insights.view_belt_dashboard", is_platform_operator)
rules.add_perm("insights.view_city_dashboard", is_platform_operator | is_district_operator_for_city)
rules.add_perm("insights.view_organisation_dashboard", is_platform_operator | is_district_operator_of_org | is_org_member)
