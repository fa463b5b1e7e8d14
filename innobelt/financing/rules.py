"""Who may do what with funding needs, theses and dedicated funds (django-rules predicates).

A funding need is read by the startup's own people, operators (platform, or district operators of the
need's city) and, unless hidden, members of verified investor organisations; never anonymously.
`can_see_need` must agree with queries.visible_needs (tests check both). Dedicated funds are public
calls run by the operators of the fund's city (platform operators when it has none); an application is
read by the applicant's people, the fund's operators and its reviewers.
"""

import rules

from innobelt.accounts.rules import is_district_operator_for_city, is_platform_operator
from innobelt.organisations.models import Membership, Organisation
from innobelt.organisations.rules import is_org_admin, is_org_member
from innobelt.permissions import is_active_user


def verified_investor_memberships(user):
    return Membership.objects.filter(
        user=user, organisation__kind=Organisation.Kind.INVESTOR, organisation__verification=Organisation.Verification.VERIFIED
    )


@rules.predicate
def is_verified_investor(user) -> bool:
    return is_active_user(user) and verified_investor_memberships(user).exists()


@rules.predicate
def is_verified_investor_member(user, organisation) -> bool:
    """A member of this organisation, a verified investor (object: the organisation)."""
    return (
        organisation is not None
        and organisation.kind == Organisation.Kind.INVESTOR
        and organisation.verification == Organisation.Verification.VERIFIED
        and is_org_member(user, organisation)
    )


@rules.predicate
def is_need_team(user, need) -> bool:
    return need is not None and is_org_member(user, need.organisation)


@rules.predicate
def is_need_team_admin(user, need) -> bool:
    return need is not None and is_org_admin(user, need.organisation)


@rules.predicate
def is_need_operator(user, need) -> bool:
    return need is not None and is_district_operator_for_city(user, need.city_id or need.organisation.city_id)


@rules.predicate
def is_shown_to_investors(user, need) -> bool:
    return need is not None and need.visibility == "investors" and need.status == "open"


@rules.predicate
def may_post_for(user, organisation) -> bool:
    """A member of a startup or SME (object: the organisation)."""
    return organisation is not None and organisation.kind in ("startup", "sme") and is_org_member(user, organisation)


@rules.predicate
def is_fund_operator(user, fund) -> bool:
    if fund is None or not is_active_user(user):
        return False
    if user.is_platform_operator:
        return True
    return fund.city_id is not None and is_district_operator_for_city(user, fund.city_id)


@rules.predicate
def is_fund_reviewer(user, fund) -> bool:
    return fund is not None and is_active_user(user) and fund.reviewers.filter(pk=user.pk).exists()


@rules.predicate
def is_applicant(user, application) -> bool:
    return application is not None and is_org_member(user, application.organisation)


@rules.predicate
def is_application_operator(user, application) -> bool:
    return application is not None and is_fund_operator(user, application.fund)


@rules.predicate
def is_application_reviewer(user, application) -> bool:
    """A reviewer of the application's fund who does not belong to the applicant (a conflict of interest)."""
    return application is not None and is_fund_reviewer(user, application.fund) and not is_org_member(user, application.organisation)


can_see_need = is_platform_operator | is_need_team | is_need_operator | (is_verified_investor & is_shown_to_investors)

rules.add_perm("financing.view_need", can_see_need)
rules.add_perm("financing.post_need", may_post_for)  # object: the organisation
rules.add_perm("financing.change_need", is_need_team_admin)
rules.add_perm("financing.request_meeting", is_verified_investor_member)  # object: the investor organisation
rules.add_perm("financing.keep_thesis", is_verified_investor_member & is_org_admin)  # object: the investor
rules.add_perm("financing.run_fund", is_fund_operator)
rules.add_perm("financing.apply", is_org_admin)  # object: the applicant organisation
rules.add_perm("financing.view_application", is_applicant | is_application_operator | is_application_reviewer)
rules.add_perm("financing.review_application", is_application_reviewer)
rules.add_perm("financing.decide_application", is_application_operator)


@rules.predicate
def is_thesis_owner(user, thesis) -> bool:
    return thesis is not None and is_org_member(user, thesis.organisation)


@rules.predicate
def is_verified_member(user, thesis) -> bool:
    return is_active_user(user) and Membership.objects.filter(user=user, organisation__verification=Organisation.Verification.VERIFIED).exists()


rules.add_perm("financing.see_investor_matches", is_platform_operator | is_need_team | is_need_operator)
rules.add_perm("financing.view_thesis", is_platform_operator | is_thesis_owner | is_verified_member)


@rules.predicate
def may_download_deck(user, need) -> bool:
    """The need has a pitch deck, and the person belongs to the startup, or is a member of a verified investor
    that may read the need and that the startup shares the deck with (all such investors, or those it chose).
    Operators are not an audience: the deck is the startup's to share."""
    if need is None or need.deck_id is None or not is_active_user(user):
        return False
    if is_need_team(user, need):
        return True
    if need.deck_audience == "team" or not is_shown_to_investors(user, need):
        return False
    investors = verified_investor_memberships(user).values("organisation")
    if need.deck_audience == "investors":
        return investors.exists()
    return need.deck_investors.filter(pk__in=investors).exists()


rules.add_perm("financing.download_deck", may_download_deck)
rules.add_perm("financing.share_deck", is_need_team)  # the startup's people, as posting the need
