"""Role predicates every app builds on."""

import rules

from innobelt.permissions import is_active_user


@rules.predicate
def is_platform_operator(user) -> bool:
    return is_active_user(user) and user.is_platform_operator


@rules.predicate
def is_district_operator(user) -> bool:
    return is_active_user(user) and user.operator_cities.exists()


@rules.predicate
def is_district_operator_for_city(user, city) -> bool:
    if not is_active_user(user) or city is None:
        return False
    return user.operator_cities.filter(pk=getattr(city, "pk", city)).exists()


@rules.predicate
def has_confirmed_email(user) -> bool:
    return is_active_user(user) and user.email_confirmed_at is not None


@rules.predicate
def is_signed_in(user) -> bool:
    return is_active_user(user)


rules.add_perm("accounts.manage_own_tokens", is_signed_in)
rules.add_perm("audit.view_auditentry", is_platform_operator)
rules.add_perm("accounts.reset_second_factor", is_platform_operator)  # someone who lost phone and recovery codes
