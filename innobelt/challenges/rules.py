"""Who may do what with needs (django-rules predicates).

An organisation acts through its people: any member of a verified organisation may post a need for it
and answer others' needs; the owner's admins (and the person who posted it, while a member) change,
close and renew a need; the owner's admins accept or decline answers. `can_see_need` must agree with
queries.visible_needs, and `can_read_need_details` with queries.details_readers (tests check both).
"""

import rules

from innobelt.accounts.rules import is_district_operator_for_city, is_platform_operator
from innobelt.organisations.models import Membership, Organisation
from innobelt.organisations.rules import is_org_admin, is_org_member
from innobelt.permissions import is_active_user


def _member_of_verified(user) -> bool:
    return Membership.objects.filter(user=user, organisation__verification=Organisation.Verification.VERIFIED).exists()


@rules.predicate
def is_verified_org_member(user, organisation) -> bool:
    """A member of this organisation, which is verified (object: the organisation)."""
    return organisation is not None and organisation.verification == Organisation.Verification.VERIFIED and is_org_member(user, organisation)


@rules.predicate
def is_need_owner_member(user, need) -> bool:
    return need is not None and is_org_member(user, need.owner)


@rules.predicate
def is_need_owner_admin(user, need) -> bool:
    return need is not None and is_org_admin(user, need.owner)


@rules.predicate
def is_need_poster(user, need) -> bool:
    return need is not None and is_active_user(user) and need.posted_by_id == user.pk and is_org_member(user, need.owner)


@rules.predicate
def is_need_city_operator(user, need) -> bool:
    return need is not None and is_district_operator_for_city(user, need.owner.city_id)


@rules.predicate
def is_need_responder(user, need) -> bool:
    """A member of an organisation that answered the need (in any state)."""
    if need is None or not is_active_user(user):
        return False
    return need.interests.filter(organisation__memberships__user=user).exists()


@rules.predicate
def is_accepted_responder(user, need) -> bool:
    if need is None or not is_active_user(user):
        return False
    return need.interests.filter(organisation__memberships__user=user, status="accepted").exists()


@rules.predicate
def is_readable_by_confidentiality(user, need) -> bool:
    """Public needs are for everyone; the others for members of verified organisations."""
    if need is None:
        return False
    if need.confidentiality == "public":
        return True
    return is_active_user(user) and _member_of_verified(user)


@rules.predicate
def needs_no_nda(user, need) -> bool:
    return need is not None and need.confidentiality != "nda"


@rules.predicate
def is_interest_owner_admin(user, interest) -> bool:
    return interest is not None and is_org_admin(user, interest.need.owner)


@rules.predicate
def is_interest_owner_member(user, interest) -> bool:
    return interest is not None and is_org_member(user, interest.need.owner)


@rules.predicate
def is_interest_sender(user, interest) -> bool:
    return interest is not None and is_org_member(user, interest.organisation)


can_see_need = is_platform_operator | is_need_owner_member | is_need_city_operator | is_need_responder | is_readable_by_confidentiality

rules.add_perm("challenges.view_need", can_see_need)
rules.add_perm("challenges.read_need_details", is_need_owner_member | is_accepted_responder | (needs_no_nda & can_see_need))
rules.add_perm("challenges.post_need", is_verified_org_member)  # object: the owner organisation
rules.add_perm("challenges.change_need", is_need_owner_admin | is_need_poster)
rules.add_perm("challenges.close_need", is_need_owner_admin | is_need_poster | is_platform_operator | is_need_city_operator)
rules.add_perm("challenges.answer_need", is_verified_org_member)  # object: the answering organisation
rules.add_perm("challenges.view_interest", is_platform_operator | is_interest_owner_member | is_interest_sender)
rules.add_perm("challenges.decide_interest", is_interest_owner_admin)
rules.add_perm("challenges.withdraw_interest", is_interest_sender)


# challenges and proposals ------------------------------------------------------------------------


@rules.predicate
def is_operator_for_organisation(user, organisation) -> bool:
    """A platform operator, or a district operator of the organisation's city (object: the organisation)."""
    if organisation is None or not is_active_user(user):
        return False
    return bool(user.is_platform_operator) or is_district_operator_for_city(user, organisation.city_id)


@rules.predicate
def is_challenge_owner_admin(user, challenge) -> bool:
    return challenge is not None and is_org_admin(user, challenge.owner)


@rules.predicate
def is_challenge_owner_member(user, challenge) -> bool:
    return challenge is not None and is_org_member(user, challenge.owner)


@rules.predicate
def is_challenge_operator(user, challenge) -> bool:
    return challenge is not None and is_operator_for_organisation(user, challenge.owner)


@rules.predicate
def is_published_challenge(user, challenge) -> bool:
    return challenge is not None and challenge.status != "draft"


@rules.predicate
def has_accepted_agreement(user, challenge) -> bool:
    if challenge is None or not is_active_user(user):
        return False
    return challenge.acceptances.filter(organisation__memberships__user=user).exists()


@rules.predicate
def is_proposal_owner_member(user, proposal) -> bool:
    """A member of the challenge's owner organisation; drafts stay with the solver."""
    return proposal is not None and proposal.status != "draft" and is_org_member(user, proposal.challenge.owner)


@rules.predicate
def is_proposal_solver(user, proposal) -> bool:
    return proposal is not None and is_org_member(user, proposal.organisation)


@rules.predicate
def is_proposal_reviewer(user, proposal) -> bool:
    """An assigned reviewer of a submitted proposal who declared no conflict."""
    if proposal is None or proposal.status == "draft" or not is_active_user(user):
        return False
    return proposal.reviews.filter(reviewer=user, conflict=False).exists()


@rules.predicate
def is_proposal_owner_admin(user, proposal) -> bool:
    return proposal is not None and proposal.status != "draft" and is_org_admin(user, proposal.challenge.owner)


@rules.predicate
def is_proposal_solver_admin(user, proposal) -> bool:
    return proposal is not None and is_org_admin(user, proposal.organisation)


@rules.predicate
def shows_identities(user, proposal) -> bool:
    """The owner did not hide solvers' identities (its people and reviewers read the solver's name)."""
    return proposal is not None and not proposal.challenge.hide_identities


@rules.predicate
def is_assignment_reviewer(user, assignment) -> bool:
    return assignment is not None and is_active_user(user) and assignment.reviewer_id == user.pk


@rules.predicate
def is_assignment_owner_member(user, assignment) -> bool:
    return assignment is not None and is_org_member(user, assignment.proposal.challenge.owner)


rules.add_perm("challenges.add_challenge", is_org_admin | is_operator_for_organisation)  # object: the owner
rules.add_perm("challenges.view_challenge", is_published_challenge | is_challenge_owner_member | is_challenge_operator)
rules.add_perm("challenges.change_challenge", is_challenge_owner_admin | is_challenge_operator)
rules.add_perm("challenges.read_challenge_details", is_challenge_owner_member | has_accepted_agreement)
rules.add_perm("challenges.take_part", is_verified_org_member)  # object: the solver organisation
# the public Q&A: anyone signed in may ask about a published challenge (not its own people); its people answer
rules.add_perm("challenges.ask_question", rules.predicate(is_active_user) & is_published_challenge & ~is_challenge_owner_member)
rules.add_perm("challenges.answer_question", is_challenge_owner_member)
# Proposals: the solver organisation's people, and the owner organisation's people once submitted (assigned
# reviewers join them with the review). Operators do not read proposals: they are the firms' business.
rules.add_perm("challenges.view_proposal", is_proposal_solver | is_proposal_owner_member | is_proposal_reviewer)
rules.add_perm("challenges.assign_reviewer", is_proposal_owner_admin)  # object: a submitted proposal
rules.add_perm("challenges.see_solver", is_proposal_solver | is_proposal_owner_admin | shows_identities)
rules.add_perm("challenges.view_review", is_assignment_reviewer | is_assignment_owner_member)
rules.add_perm("challenges.score_review", is_assignment_reviewer)
rules.add_perm("challenges.move_pipeline", is_proposal_owner_admin)  # object: the proposal
rules.add_perm("challenges.accept_nda", is_proposal_solver_admin)  # object: the proposal
rules.add_perm("challenges.leave_pipeline", is_proposal_solver_admin)  # object: the proposal (its admins step out, as they accept the NDA)
rules.add_perm("challenges.book_for_pilot", is_proposal_solver)  # object: the proposal (its people book through resources)
rules.add_perm("challenges.read_scores", is_challenge_owner_member)  # object: the challenge
rules.add_perm("challenges.invite_solver", is_challenge_owner_admin)  # object: the challenge (as move_pipeline: its admins)
rules.add_perm("challenges.change_proposal", is_proposal_solver)


# open calls with a reward (揭榜挂帅) --------------------------------------------------------------


@rules.predicate
def is_operator_for_city(user, city) -> bool:
    """A platform operator, or a district operator of this city (object: the city)."""
    if city is None or not is_active_user(user):
        return False
    return bool(user.is_platform_operator) or is_district_operator_for_city(user, city.pk)


@rules.predicate
def is_open_call_operator(user, open_call) -> bool:
    return open_call is not None and is_operator_for_city(user, open_call.city)


@rules.predicate
def is_application_team(user, application) -> bool:
    return application is not None and is_org_member(user, application.organisation)


@rules.predicate
def is_application_operator(user, application) -> bool:
    return application is not None and is_operator_for_city(user, application.open_call.city)


rules.add_perm("challenges.run_open_call", is_operator_for_city)  # object: the city
rules.add_perm("challenges.decide_open_call", is_open_call_operator)
rules.add_perm("challenges.apply_open_call", is_verified_org_member)  # object: the team's organisation
rules.add_perm("challenges.view_application", is_application_team | is_application_operator)
rules.add_perm("challenges.report_milestone", is_application_team)
rules.add_perm("challenges.decide_milestone", is_application_operator)
