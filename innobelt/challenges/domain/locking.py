"""The one order in which the challenges app locks a proposal's rows.

Submitting and withdrawing a proposal, shortlisting and declining it and assigning its reviewers all lock the
challenge's row first and the proposal's row second; every step of its pipeline (the owner's moves, the solver's
NDA acceptance and the solver leaving the pipeline) locks those two and then the pipeline's row (`lock_pipeline`).
With a second order somewhere (the proposal's row with its joined challenge in one statement), a withdrawal and a
shortlisting at the same moment could each hold one row and wait for the other, and PostgreSQL would end one of them
with a deadlock error.
"""

from innobelt.challenges.models import Challenge, Pipeline, Proposal


def lock_proposal(proposal: Proposal) -> Proposal:
    """The proposal read again under its challenge's lock and its own (with its challenge and organisation)."""
    list(Challenge.objects.select_for_update().filter(pk=proposal.challenge_id).values_list("pk", flat=True))
    return Proposal.objects.select_for_update(of=("self",)).select_related("challenge", "organisation").get(pk=proposal.pk)


def lock_pipeline(pipeline: Pipeline) -> Pipeline:
    """The pipeline read again under its challenge's lock, its proposal's and its own (of=("self",): the joined
    organisations stay unlocked), with its proposal, challenge and both organisations."""
    lock_proposal(pipeline.proposal)
    return Pipeline.objects.select_for_update(of=("self",)).select_related("proposal__challenge__owner", "proposal__organisation").get(pk=pipeline.pk)


__all__ = ["lock_pipeline", "lock_proposal"]
