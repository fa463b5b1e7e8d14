"""Models of the demand side: technology needs and answers; challenges, their criteria, phases, agreements
and proposals."""

from innobelt.challenges.models.challenge import AgreementAcceptance, Challenge, Criterion, Phase, Proposal, Question
from innobelt.challenges.models.invitation import SolverInvitation
from innobelt.challenges.models.need import Need, NeedInterest
from innobelt.challenges.models.open_call import Milestone, MilestoneProgress, OpenCall, OpenCallApplication
from innobelt.challenges.models.pipeline import PilotBooking, Pipeline, PipelineStep
from innobelt.challenges.models.review import ReviewAssignment, Score

__all__ = [
    "Milestone",
    "MilestoneProgress",
    "OpenCall",
    "OpenCallApplication",
    "AgreementAcceptance",
    "Challenge",
    "Criterion",
    "Need",
    "NeedInterest",
    "Phase",
    "PilotBooking",
    "Pipeline",
    "PipelineStep",
    "Proposal",
    "Question",
    "ReviewAssignment",
    "Score",
    "SolverInvitation",
]
