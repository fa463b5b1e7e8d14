"""Who may do what with achievements, award programmes and nominations (django-rules predicates).

Achievements: any member of the organisation writes and submits it; the members of each named partner
confirm; an operator of the organisation's district (or a platform operator) publishes or sends it back.
Published achievements are public; before that only the organisation's and the partners' people and its
operators read one. Programmes: platform operators, or district operators for their own district's
programmes. A nomination, its evidence and its scores: the nominee's people, its assigned reviewers and the
programme's operators; nobody else. `queries.visible_*` must agree with these (tests/showcase/test_visibility.py).
"""

import rules

from innobelt.accounts.rules import is_district_operator_for_city
from innobelt.organisations.models import Membership
from innobelt.organisations.rules import is_org_admin, is_org_member
from innobelt.permissions import is_active_user

EDITABLE = ("draft", "sent_back")


def _operator_for_city(user, city_id) -> bool:
    if not is_active_user(user):
        return False
    return bool(user.is_platform_operator) or (city_id is not None and is_district_operator_for_city(user, city_id))


@rules.predicate
def is_achievement_team(user, achievement) -> bool:
    return achievement is not None and is_org_member(user, achievement.organisation)


@rules.predicate
def is_achievement_partner(user, achievement) -> bool:
    if achievement is None or not is_active_user(user):
        return False
    partners = achievement.partners.values("organisation")
    return Membership.objects.filter(user=user, organisation__in=partners).exists()


@rules.predicate
def has_unconfirmed_partner(user, achievement) -> bool:
    if achievement is None or not is_active_user(user):
        return False
    open_rows = achievement.partners.filter(confirmed_at__isnull=True).values("organisation")
    return Membership.objects.filter(user=user, organisation__in=open_rows).exists()


@rules.predicate
def is_achievement_operator(user, achievement) -> bool:
    return achievement is not None and _operator_for_city(user, achievement.organisation.city_id)


@rules.predicate
def is_published_achievement(user, achievement) -> bool:
    return achievement is not None and achievement.status == "published"


@rules.predicate
def is_editable_achievement(user, achievement) -> bool:
    return achievement is not None and achievement.status in EDITABLE


@rules.predicate
def is_in_review(user, achievement) -> bool:
    return achievement is not None and achievement.status == "in_review"


@rules.predicate
def is_confirming(user, achievement) -> bool:
    return achievement is not None and achievement.status == "confirming"


rules.add_perm("showcase.submit_achievement", is_org_member)  # object: the submitting organisation
rules.add_perm(
    "showcase.view_achievement",
    is_published_achievement | is_achievement_team | is_achievement_partner | is_achievement_operator,
)
rules.add_perm("showcase.change_achievement", is_achievement_team & is_editable_achievement)
rules.add_perm("showcase.confirm_achievement", has_unconfirmed_partner & is_confirming)
rules.add_perm("showcase.review_achievement", is_achievement_operator & is_in_review)


# award programmes and nominations -----------------------------------------------------------------


@rules.predicate
def is_programme_operator(user, programme) -> bool:
    """A platform operator, or a district operator of the district running the programme."""
    if programme is None or not is_active_user(user):
        return False
    return bool(user.is_platform_operator) or (
        programme.city_id is not None and is_district_operator_for_city(user, programme.city_id)
    )


@rules.predicate
def is_public_programme(user, programme) -> bool:
    return programme is not None and programme.status != "draft"


@rules.predicate
def may_create_programme(user, city) -> bool:
    """Object: the district the programme is for, or None (platform operators only)."""
    if not is_active_user(user):
        return False
    return bool(user.is_platform_operator) or (city is not None and is_district_operator_for_city(user, city))


@rules.predicate
def is_nominee_member(user, nomination) -> bool:
    return nomination is not None and is_org_member(user, nomination.organisation)


@rules.predicate
def is_nominee_admin(user, nomination) -> bool:
    return nomination is not None and is_org_admin(user, nomination.organisation)


@rules.predicate
def is_assigned_reviewer(user, nomination) -> bool:
    if nomination is None or not is_active_user(user):
        return False
    return nomination.assignments.filter(reviewer=user).exists()


@rules.predicate
def is_nomination_operator(user, nomination) -> bool:
    return nomination is not None and is_programme_operator(user, nomination.programme)


@rules.predicate
def is_free_reviewer(user, nomination) -> bool:
    """Assigned, and no conflict of interest declared."""
    if nomination is None or not is_active_user(user):
        return False
    return nomination.assignments.filter(reviewer=user, conflict_declared=False).exists()


rules.add_perm("showcase.add_programme", may_create_programme)
rules.add_perm("showcase.view_programme", is_public_programme | is_programme_operator)
rules.add_perm("showcase.manage_programme", is_programme_operator)
rules.add_perm("showcase.nominate_self", is_org_admin)  # object: the nominee organisation
rules.add_perm("showcase.view_nomination", is_nominee_member | is_assigned_reviewer | is_nomination_operator)
rules.add_perm("showcase.withdraw_nomination", is_nominee_admin)
rules.add_perm("showcase.review_nomination", is_assigned_reviewer)
rules.add_perm("showcase.score_nomination", is_free_reviewer)
rules.add_perm("showcase.decide_nomination", is_nomination_operator)
