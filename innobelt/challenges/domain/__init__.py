"""State changes of needs (and, later, challenges and proposals).

Every function checks the rule, writes, records the audit trail and tells the people concerned.
Views and API endpoints call these and only translate.
"""

from innobelt.challenges.domain.challenges import (
    accept_agreement,
    attach_to_proposal,
    award_challenge,
    close_challenge,
    draft_challenge,
    publish_challenge,
    save_proposal,
    submit_proposal,
    update_challenge,
    withdraw_proposal,
)
from innobelt.challenges.domain.invitations import AlreadyInvited, invite_solver, suggested_solvers
from innobelt.challenges.domain.needs import (
    accept_interest,
    close_need,
    decline_interest,
    expire_needs,
    express_interest,
    post_need,
    renew_need,
    update_need,
    withdraw_interest,
)
from innobelt.challenges.domain.open_calls import (
    accept_milestone,
    apply_to_open_call,
    post_open_call,
    report_milestone,
    select_team,
    send_back_milestone,
)
from innobelt.challenges.domain.phases import PhaseOver
from innobelt.challenges.domain.pilot_bookings import AlreadyLinked, LinkGone, PilotOver, link_pilot_booking, unlink_pilot_booking
from innobelt.challenges.domain.pipeline import (
    accept_nda,
    conclude_pipeline,
    decline_proposal,
    leave_pipeline,
    record_nda,
    schedule_meeting,
    shortlist_proposal,
    start_pilot,
)
from innobelt.challenges.domain.questions import answer_question, ask_question
from innobelt.challenges.domain.review import assign_reviewer, declare_conflict, score_proposal, set_identities_hidden

__all__ = [
    "AlreadyInvited",
    "AlreadyLinked",
    "LinkGone",
    "PilotOver",
    "invite_solver",
    "suggested_solvers",
    "accept_milestone",
    "apply_to_open_call",
    "post_open_call",
    "report_milestone",
    "select_team",
    "send_back_milestone",
    "accept_nda",
    "conclude_pipeline",
    "decline_proposal",
    "leave_pipeline",
    "PhaseOver",
    "record_nda",
    "schedule_meeting",
    "shortlist_proposal",
    "start_pilot",
    "link_pilot_booking",
    "unlink_pilot_booking",
    "assign_reviewer",
    "declare_conflict",
    "score_proposal",
    "set_identities_hidden",
    "answer_question",
    "ask_question",
    "update_challenge",
    "accept_agreement",
    "attach_to_proposal",
    "award_challenge",
    "close_challenge",
    "draft_challenge",
    "publish_challenge",
    "save_proposal",
    "submit_proposal",
    "withdraw_proposal",
    "accept_interest",
    "close_need",
    "decline_interest",
    "expire_needs",
    "express_interest",
    "post_need",
    "renew_need",
    "update_need",
    "withdraw_interest",
]
