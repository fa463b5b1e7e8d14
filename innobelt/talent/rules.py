"""Who may do what with positions, talent profiles, applications and recognitions (django-rules predicates).

A profile is read by its owner and, by visibility: public → everyone; verified → members of verified
organisations; hidden → nobody else (not even operators). `can_see_profile` must agree with
queries.visible_profiles (tests check both). An application is read by the applicant and the position's
organisation; recognitions are granted by the district's operators (platform operators anywhere).
"""

import rules

from innobelt.accounts.rules import is_district_operator_for_city
from innobelt.organisations.models import Membership, Organisation
from innobelt.organisations.rules import is_org_admin, is_org_member
from innobelt.permissions import is_active_user


@rules.predicate
def is_profile_owner(user, profile) -> bool:
    return profile is not None and is_active_user(user) and profile.user_id == user.pk


@rules.predicate
def is_public_profile(user, profile) -> bool:
    return profile is not None and profile.visibility == "public"


@rules.predicate
def is_verified_reader(user, profile) -> bool:
    return (
        profile is not None
        and profile.visibility == "verified"
        and is_active_user(user)
        and Membership.objects.filter(user=user, organisation__verification=Organisation.Verification.VERIFIED).exists()
    )


@rules.predicate
def is_position_member(user, position) -> bool:
    return position is not None and is_org_member(user, position.organisation)


@rules.predicate
def is_applicant(user, application) -> bool:
    return application is not None and is_active_user(user) and application.applicant_id == user.pk


@rules.predicate
def is_employer(user, application) -> bool:
    return application is not None and is_org_member(user, application.position.organisation)


@rules.predicate
def is_operator_of(user, city) -> bool:
    """A platform operator, or a district operator of this city (object: the city)."""
    if city is None or not is_active_user(user):
        return False
    return bool(user.is_platform_operator) or is_district_operator_for_city(user, city)


can_see_profile = is_profile_owner | is_public_profile | is_verified_reader

rules.add_perm("talent.view_profile", can_see_profile)
rules.add_perm("talent.post_position", is_org_admin)  # object: the organisation
rules.add_perm("talent.change_position", is_position_member)
rules.add_perm("talent.apply", is_active_user)
rules.add_perm("talent.view_application", is_applicant | is_employer)
rules.add_perm("talent.move_application", is_employer)
rules.add_perm("talent.grant_recognition", is_operator_of)  # object: the district
