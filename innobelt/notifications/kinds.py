"""Every kind of notification (the `kind=` of notify()), named for the person's preferences.

The kinds are plain strings written by the apps below; this catalogue names them (it imports none of
those apps). `tests/notifications/test_kinds.py` fails when notify() is called with a kind missing here.
A kind not in the catalogue is still delivered, in the inbox and by e-mail, and has no preference.

Security kinds are always delivered in the inbox and by e-mail, whatever the preferences say: they tell
the owner of an account what someone holding it did (a password changed, sessions signed out), and the
e-mail is what reaches the owner when someone else holds the account.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise | str
    group: str
    email: bool = True  # False: notify() is called with email=False for this kind, so there is no e-mail to choose


GROUPS: dict[str, Promise | str] = {
    "account": _("Your account"),
    "organisations": _("Organisations"),
    "conversations": _("Messages between organisations"),
    "resources": _("Resources and bookings"),
    "events": _("Events"),
    "meetings": _("1:1 meetings"),
    "challenges": _("Needs and challenges"),
    "vouchers": _("Innovation vouchers"),
    "services": _("Service zone"),
    "financing": _("Financing and dedicated funds"),
    "showcase": _("Achievements and awards"),
    "talent": _("Talent"),
}

SECURITY_KINDS = frozenset({"account.password_changed", "account.sessions_ended", "account.second_factor_changed"})

KINDS: list[Kind] = [
    Kind("account.password_changed", _("Your password was changed"), "account"),
    Kind("account.sessions_ended", _("Your sessions were signed out"), "account"),
    Kind("account.second_factor_changed", _("Two-step sign-in was turned on or off, or a recovery code used"), "account"),
    Kind("organisation.claim", _("Someone asks to act for an organisation you verify"), "organisations"),
    Kind("organisation.claim_approved", _("Your request to act for an organisation was approved"), "organisations"),
    Kind("organisation.claim_rejected", _("Your request to act for an organisation was refused"), "organisations"),
    Kind("organisation.reverification", _("An organisation you verify changed its name or credit code"), "organisations"),
    Kind("organisation.incubation_named", _("An incubator names your organisation as a startup it incubates"), "organisations"),
    Kind("organisation.incubation_confirmed", _("A startup confirmed that your organisation incubates it"), "organisations"),
    Kind("organisation.incubation_declined", _("A startup declined being named as incubated by your organisation"), "organisations"),
    Kind("conversation.message", _("A new message in a conversation"), "conversations"),
    Kind("resources.request_received", _("Someone asks to use your resource"), "resources"),
    Kind("resources.request_answered", _("A requester answered your question"), "resources"),
    Kind("resources.terms_accepted", _("A requester accepted your terms"), "resources"),
    Kind("resources.outcome_reported", _("A requester reported an outcome"), "resources"),
    Kind("resources.request_approved", _("Your request for a resource was approved"), "resources"),
    Kind("resources.request_declined", _("Your request for a resource was declined"), "resources"),
    Kind("resources.more_info_asked", _("An owner asks for more information"), "resources"),
    Kind("resources.outcome_due", _("Report what a resource helped achieve"), "resources"),
    Kind("resources.booking_confirmed", _("A booking was confirmed"), "resources"),
    Kind("resources.booking_cancelled", _("A booking was cancelled"), "resources"),
    Kind("resources.booking_reminder", _("Reminder of a booking"), "resources"),
    Kind("resources.training", _("Training on equipment: asked, scheduled or recorded"), "resources"),
    Kind("resources.slot_offered", _("A slot you wait for became free"), "resources"),
    Kind("resources.no_show", _("A booking was not checked in and was released"), "resources"),
    Kind("resources.booking_pending", _("A booking awaits the owner's approval after repeated no-shows"), "resources"),
    Kind("resources.booking_declined", _("The owner declined a booking awaiting approval"), "resources"),
    Kind("resources.pledge_quarter", _("A new quarter of a sharing pledge begins"), "resources"),
    Kind("resources.sample_job", _("A sample job was submitted, quoted, accepted, received, measured, completed, closed or cancelled"), "resources"),
    Kind("events.registration_confirmed", _("You are registered for an event"), "events"),
    Kind("events.registration_pending", _("Your registration awaits the organiser's approval"), "events"),
    Kind("events.registration_waitlisted", _("You are on an event's waiting list"), "events"),
    Kind("events.registration_promoted", _("A place became free for you"), "events"),
    Kind("events.registration_rejected", _("Your registration was not accepted"), "events"),
    Kind("events.registration_cancelled", _("The organiser cancelled your registration"), "events"),
    Kind("events.registration_to_approve", _("A registration awaits your approval"), "events"),
    Kind("events.reminder", _("Reminder of an event"), "events"),
    Kind("events.organiser_message", _("A message from the organiser of an event you registered for"), "events"),
    Kind("events.pitch_submitted", _("A startup applies to pitch at your roadshow"), "events"),
    Kind("events.pitch_selected", _("Your pitch was selected"), "events"),
    Kind("events.pitch_declined", _("Your pitch was not selected"), "events"),
    Kind("events.meeting_requested", _("Someone would like to meet you after a roadshow"), "events"),
    Kind("meetings.request", _("Someone would like to meet you"), "meetings"),
    Kind("meetings.request_accepted", _("Your request to meet was accepted"), "meetings"),
    Kind("meetings.request_declined", _("Your request to meet was declined"), "meetings"),
    Kind("meetings.agenda_changed", _("Your 1:1 agenda changed"), "meetings"),
    Kind("meetings.fixed", _("A 1:1 meeting was fixed"), "meetings"),
    Kind("meetings.table_changed", _("A 1:1 meeting moved to another table"), "meetings"),
    Kind("meetings.cancelled", _("A 1:1 meeting was cancelled"), "meetings"),
    Kind("meetings.cancelled_for_organiser", _("1:1 meetings of your event were cancelled"),
         "meetings", email=False),
    Kind("meetings.run_failed", _("The 1:1 scheduler failed"), "meetings"),
    Kind("meetings.run_done", _("The 1:1 scheduler finished"), "meetings", email=False),
    Kind("challenges.interest_received", _("Someone is interested in your organisation's need"), "challenges"),
    Kind("challenges.interest_withdrawn", _("Someone withdrew their interest in your need"), "challenges"),
    Kind("challenges.interest_accepted", _("Your interest in a need was accepted"), "challenges"),
    Kind("challenges.interest_declined", _("Your interest in a need was declined"), "challenges"),
    Kind("challenges.need_renewed", _("A need you answered is open for longer"), "challenges"),
    Kind("challenges.need_expired", _("Your organisation's need expired"), "challenges"),
    Kind("challenges.proposal_submitted", _("A solver submitted a proposal to your challenge"), "challenges"),
    Kind("challenges.proposal_withdrawn", _("A solver withdrew a proposal to your challenge"), "challenges"),
    Kind("challenges.challenge_closed", _("A challenge you submitted a proposal to closed"), "challenges"),
    Kind("challenges.solver_invited", _("Your organisation is invited to a challenge"), "challenges"),
    Kind("challenges.challenge_awarded", _("Your proposal won a challenge"), "challenges"),
    Kind("vouchers.application_received", _("A firm applied for a voucher of a programme you run"), "vouchers"),
    Kind("vouchers.application_decided", _("Your voucher application was decided"), "vouchers"),
    Kind("vouchers.claim_received", _("A provider claimed voucher redemptions from a programme you run"), "vouchers"),
    Kind("vouchers.claim_decided", _("Your voucher claim was decided"), "vouchers"),
    Kind("vouchers.settlement_closed", _("A settlement statement of vouchers paying your organisation is ready"), "vouchers"),
    Kind("vouchers.clawed_back", _("A voucher redemption paying your organisation was clawed back"), "vouchers"),
    Kind("services.request_routed", _("A service request was routed to your organisation"), "services"),
    Kind("services.request_unrouted", _("No provider could take a service request in your district"), "services"),
    Kind("services.request_status", _("Your organisation's service request moved on"), "services"),
    Kind("services.request_rated", _("A firm confirmed and rated your service"), "services"),
    Kind("services.request_overdue", _("A service request is overdue"), "services"),
    Kind("challenges.question_asked", _("A solver asked about your organisation's challenge"), "challenges"),
    Kind("challenges.question_answered", _("A question about a challenge you follow was answered"), "challenges"),
    Kind("challenges.review_assigned", _("You are asked to review a proposal"), "challenges"),
    Kind("challenges.review_conflict", _("A reviewer declared a conflict of interest"), "challenges"),
    Kind("challenges.review_scored", _("A reviewer's scores of a proposal to your challenge are in"), "challenges"),
    Kind("challenges.open_call_to_operator", _("An open call you run: a team applied or reported a milestone"), "challenges"),
    Kind("financing.meeting_requested", _("An investor would like to meet about your funding need"), "financing"),
    Kind("financing.application_received", _("An organisation applied to a fund you run"), "financing"),
    Kind("financing.application_decided", _("A fund decided on your application"), "financing"),
    Kind("financing.milestone_released", _("A fund released a milestone of your award"), "financing"),
    Kind("financing.deck_shared", _("A startup shared its pitch deck with your organisation"), "financing"),
    Kind("showcase.confirmation_asked", _("Confirm your part in an achievement"), "showcase"),
    Kind("showcase.review_asked", _("An achievement awaits your review"), "showcase"),
    Kind("showcase.achievement_decided", _("An achievement was published or sent back"), "showcase"),
    Kind("showcase.review_assigned", _("You are asked to review a nomination"), "showcase"),
    Kind("showcase.nomination_decided", _("A nomination was made or decided"), "showcase"),
    Kind("challenges.pipeline_step", _("A step after a match: shortlist, meeting, NDA, pilot, result or decline"),
         "challenges"),
    Kind("talent.application_received", _("Someone applied to your organisation's position"), "talent"),
    Kind("talent.application_changed", _("Your application to a position moved on"), "talent"),
    Kind("talent.recognition_granted", _("You were granted a talent recognition"), "talent"),
    Kind("challenges.open_call_step", _("Your team's open call: selection and milestones"), "challenges"),
]

BY_CODE = {kind.code: kind for kind in KINDS}


def grouped() -> list[tuple[Promise | str, list[Kind]]]:
    """The catalogue by group, in the order of GROUPS."""
    return [(label, [k for k in KINDS if k.group == group]) for group, label in GROUPS.items()]
