"""Who may change the Belt's shared records."""

import rules

from innobelt.accounts.rules import is_platform_operator
from innobelt.permissions import is_active_user


@rules.predicate
def is_district_operator_of_agreement(user, agreement) -> bool:
    if not is_active_user(user) or agreement is None:
        return False
    return user.operator_cities.filter(pk__in=agreement.cities.values("pk")).exists()


rules.add_perm("belt.view_city", rules.always_allow)
rules.add_perm("belt.view_cooperationagreement", rules.always_allow)
rules.add_perm("belt.change_cooperationagreement", is_platform_operator | is_district_operator_of_agreement)
rules.add_perm("belt.change_city", is_platform_operator)
