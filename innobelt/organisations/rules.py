"""Who may do what with organisations (django-rules predicates)."""

import rules

from innobelt.accounts.rules import has_confirmed_email, is_district_operator_for_city, is_platform_operator
from innobelt.organisations.models import Membership
from innobelt.permissions import is_active_user


@rules.predicate
def is_district_operator_of_org(user, organisation) -> bool:
    return organisation is not None and is_district_operator_for_city(user, organisation.city_id)


@rules.predicate
def is_org_admin(user, organisation) -> bool:
    if not is_active_user(user) or organisation is None:
        return False
    return Membership.objects.filter(user=user, organisation=organisation, role=Membership.Role.ADMIN).exists()


@rules.predicate
def is_org_member(user, organisation) -> bool:
    if not is_active_user(user) or organisation is None:
        return False
    return Membership.objects.filter(user=user, organisation=organisation).exists()


@rules.predicate
def can_decide_claim(user, claim) -> bool:
    if claim is None:
        return False
    if claim.kind == "join":
        return is_platform_operator(user) or is_org_admin(user, claim.organisation)
    return is_platform_operator(user) or is_district_operator_of_org(user, claim.organisation)


@rules.predicate
def is_incubation_party(user, incubation) -> bool:
    return incubation is not None and (is_org_member(user, incubation.incubator) or is_org_member(user, incubation.startup))


@rules.predicate
def is_confirmed_incubation(user, incubation) -> bool:
    return incubation is not None and incubation.status == "confirmed"


@rules.predicate
def is_incubated_startup_admin(user, incubation) -> bool:
    return incubation is not None and is_org_admin(user, incubation.startup)


@rules.predicate
def is_incubator_admin(user, incubation) -> bool:
    return incubation is not None and is_org_admin(user, incubation.incubator)


rules.add_perm("organisations.view_organisation", rules.always_allow)
# incubation: the incubator's admins name a startup (object: the incubator), the startup's admins confirm or
# decline; a confirmed incubation is public, one awaiting or declined is seen by both organisations' people only
rules.add_perm("organisations.name_incubated_startup", is_org_admin)
rules.add_perm("organisations.view_incubation", is_confirmed_incubation | is_incubation_party | is_platform_operator)
# ... and never an admin of the incubator: its claim would confirm itself (an organisation its admin made) and count
# as evidence for the incubator's awards (showcase/evidence.py)
rules.add_perm("organisations.decide_incubation", is_incubated_startup_admin & ~is_incubator_admin)
rules.add_perm("organisations.change_organisation", is_platform_operator | is_district_operator_of_org | is_org_admin)
rules.add_perm("organisations.verify_organisation", is_platform_operator | is_district_operator_of_org)
rules.add_perm("organisations.invite_to_organisation", is_platform_operator | is_org_admin)
rules.add_perm("organisations.claim_organisation", has_confirmed_email)
rules.add_perm("organisations.decide_claim", can_decide_claim)
rules.add_perm("organisations.add_organisation", has_confirmed_email)
rules.add_perm("organisations.import_organisations", is_platform_operator)
