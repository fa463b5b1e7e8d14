"""The one order in which the challenges app locks a proposal's rows.

Submitting and withdrawing a proposal, shortlisting and declining it and assigning its reviewers all lock the
challenge's row first and the proposal's row second. With a second order somewhere (the proposal's row with its
joined challenge in one statement), a withdrawal and a shortlisting at the same moment could each hold one row
and wait for the other, and PostgreSQL would end one of them with a deadlock error.
"""

from innobelt.challenges.models import Challenge, Proposal


def lock_proposal(proposal: Proposal) -> Proposal:
    """The proposal read again under its challenge's lock and its own (with its challenge and organisation)."""
    list(Challenge.objects.select_for_update().filter(pk=proposal.challenge_id).values_list("pk", flat=True))
    return Proposal.objects.select_for_update(of=("self",)).select_related("challenge", "organisation").get(pk=proposal.pk)


__all__ = ["lock_proposal"]
