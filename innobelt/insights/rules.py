"""Who may open which dashboard: platform operators the whole Belt, district operators their cities and
districts (and their organisations), an organisation's people their own. The wall and open data are public."""

import rules

from innobelt.accounts.rules import is_district_operator_for_city, is_platform_operator
from innobelt.organisations.rules import is_district_operator_of_org, is_org_member
from innobelt.permissions import can

rules.add_perm("insights.view_belt_dashboard", is_platform_operator)
rules.add_perm("insights.view_city_dashboard", is_platform_operator | is_district_operator_for_city)
rules.add_perm("insights.view_organisation_dashboard", is_platform_operator | is_district_operator_of_org | is_org_member)


@rules.predicate
def may_see_report_area(user, run) -> bool:
    """A quarterly report is seen by whoever may open its area's dashboard (the Belt's, or its city's)."""
    if run is None:
        return False
    if run.city_id is None:
        return can(user, "insights.view_belt_dashboard")
    return can(user, "insights.view_city_dashboard", run.city)


rules.add_perm("insights.view_reportrun", may_see_report_area)
