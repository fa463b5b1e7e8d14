"""Review of proposals: assigning reviewers, declaring conflicts of interest, scoring per criterion, hiding
solvers' identities.

A reviewer who is a member of the solver organisation is refused (a conflict the platform knows); any other
conflict the reviewer declares, and then no longer reads or scores the proposal.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from innobelt.audit.domain import record_action
from innobelt.challenges.domain.locking import lock_proposal
from innobelt.challenges.domain.phases import refuse_after_phase_end
from innobelt.challenges.models import Challenge, Proposal, ReviewAssignment, Score
from innobelt.notifications.domain import notify
from innobelt.organisations.models import Membership
from innobelt.organisations.queries import admins_of
from innobelt.permissions import is_active_user, require

if TYPE_CHECKING:
    from innobelt.accounts.models import User


@transaction.atomic
def assign_reviewer(*, actor: "User", proposal: Proposal, reviewer: "User") -> ReviewAssignment:
    """Ask someone to review a submitted proposal (the owner's admins). Refused for a member of the solver
    organisation and after the challenge's review phase (domain/phases.py). Side effects: audit entry; the reviewer
    is told."""
    require(actor, "challenges.assign_reviewer", proposal)
    proposal = lock_proposal(proposal)
    if proposal.status != Proposal.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted proposal is reviewed."))
    refuse_after_phase_end(proposal.challenge, "review", _("The review phase ended on %(end)s (China time): no reviewer is assigned any more."))
    if not is_active_user(reviewer):
        raise ValidationError({"reviewer": [_("This person cannot review.")]})
    if Membership.objects.filter(user=reviewer, organisation=proposal.organisation_id).exists():
        raise ValidationError(
            {
                "reviewer": [
                    _("%(person)s belongs to %(organisation)s, which wrote the proposal: a conflict of interest.")
                    % {"person": reviewer, "organisation": proposal.organisation.name}
                ]
            }
        )
    if ReviewAssignment.objects.filter(proposal=proposal, reviewer=reviewer).exists():
        raise ValidationError({"reviewer": [_("This person already reviews the proposal.")]})
    assignment = ReviewAssignment.objects.create(proposal=proposal, reviewer=reviewer, assigned_by=actor)
    record_action(actor=actor, action="proposal.reviewer_assigned", target=proposal, data={"reviewer": reviewer.pk})
    challenge = proposal.challenge
    notify(
        [reviewer],
        kind="challenges.review_assigned",
        link=f"/reviews/{assignment.pk}/",
        subject=lambda: _("Please review a proposal for “%(challenge)s”") % {"challenge": challenge.title},
        body=lambda: _("Declare a conflict of interest if you have one; otherwise score each criterion."),
    )
    return assignment


@transaction.atomic
def declare_conflict(*, actor: "User", assignment: ReviewAssignment, note: str = "") -> ReviewAssignment:
    """The reviewer declares a conflict of interest: they no longer read or score the proposal.

    Side effects: audit entry; the owner's admins are told."""
    require(actor, "challenges.score_review", assignment)
    assignment = ReviewAssignment.objects.select_for_update().select_related("proposal__challenge__owner").get(pk=assignment.pk)
    assignment.conflict, assignment.conflict_note = True, (note or "").strip()[:2000]
    assignment.save(update_fields=["conflict", "conflict_note"])
    Score.objects.filter(assignment=assignment).delete()
    record_action(actor=actor, action="proposal.conflict_declared", target=assignment.proposal)
    challenge = assignment.proposal.challenge
    notify(
        admins_of(challenge.owner),
        kind="challenges.review_conflict",
        link=challenge.get_absolute_url(),
        subject=lambda: _("A reviewer of “%(challenge)s” declared a conflict of interest") % {"challenge": challenge.title},
        body=lambda: _("Assign another reviewer to the proposal if you need one."),
    )
    return assignment


@transaction.atomic
def score_proposal(*, actor: "User", assignment: ReviewAssignment, scores: Sequence[dict[str, Any]]) -> ReviewAssignment:
    """Score every criterion of the challenge, 0–10, each with an optional comment (a later call replaces the
    scores), until the challenge's review phase ends (domain/phases.py). scores: [{"criterion": id, "value": int,
    "comment": str}]. Side effects: audit entry; the owner's admins are told the scores are in
    (challenges.review_scored)."""
    require(actor, "challenges.score_review", assignment)
    # of=("self",): the assignment's row only (the challenge and proposal rows are locked challenge first, domain/locking.py)
    assignment = (
        ReviewAssignment.objects.select_for_update(of=("self",))
        .select_related("proposal__challenge__owner", "proposal__organisation")
        .get(pk=assignment.pk)
    )
    if assignment.conflict:
        raise ValidationError(_("You declared a conflict of interest: you do not score this proposal."))
    if assignment.proposal.status != Proposal.Status.SUBMITTED:
        raise ValidationError(_("This proposal is no longer under review."))
    refuse_after_phase_end(
        assignment.proposal.challenge, "review", _("The review phase ended on %(end)s (China time): scores are no longer taken; nothing was saved.")
    )
    criteria = {c.pk: c for c in assignment.proposal.challenge.criteria.all()}
    given: dict[int, dict[str, Any]] = {}
    errors: list[str] = []
    for item in scores:
        value = item.get("value")
        if item.get("criterion") not in criteria or not isinstance(value, int) or not 0 <= value <= 10:
            errors.append(_("Give each criterion of the challenge a score from 0 to 10."))
            break
        given[item["criterion"]] = item
    if not errors and set(given) != set(criteria):
        errors.append(_("Score every criterion of the challenge."))
    if errors:
        raise ValidationError({"scores": errors})
    Score.objects.filter(assignment=assignment).delete()
    Score.objects.bulk_create(
        [
            Score(assignment=assignment, criterion=criteria[pk], value=item["value"], comment=(item.get("comment") or "").strip()[:2000])
            for pk, item in given.items()
        ]
    )
    rescored = assignment.scored_at is not None
    assignment.scored_at = timezone.now()
    assignment.save(update_fields=["scored_at"])
    record_action(actor=actor, action="proposal.scored", target=assignment.proposal, data={"rescored": rescored})
    _tell_scores_in(assignment, rescored=rescored)
    return assignment


def _tell_scores_in(assignment: ReviewAssignment, *, rescored: bool) -> None:
    """The owner's admins (who assign reviewers and decide) hear that a reviewer's scores are in, with how many of
    the proposal's reviewers (those without a conflict) have scored it; the link opens the aggregated scores."""
    proposal = assignment.proposal
    challenge = proposal.challenge
    active = ReviewAssignment.objects.filter(proposal=proposal, conflict=False)
    reviewers, scored = active.count(), active.exclude(scored_at=None).count()
    notify(
        admins_of(challenge.owner),
        kind="challenges.review_scored",
        link=f"/challenges/{challenge.pk}/scores/",
        subject=lambda: (
            (
                _("A reviewer changed their scores of a proposal for “%(challenge)s”")
                if rescored
                else _("A reviewer scored a proposal for “%(challenge)s”")
            )
            % {"challenge": challenge.title}
        ),
        body=lambda: (
            ngettext(
                "%(scored)d of %(reviewers)d reviewer has scored the proposal of %(organisation)s.",
                "%(scored)d of %(reviewers)d reviewers have scored the proposal of %(organisation)s.",
                reviewers,
            )
            % {"scored": scored, "reviewers": reviewers, "organisation": proposal.organisation.name}
        ),
    )


@transaction.atomic
def set_identities_hidden(*, actor: "User", challenge: Challenge, hidden: bool) -> Challenge:
    """Hide (or show) solvers' names from reviewers. Side effects: audit entry."""
    require(actor, "challenges.change_challenge", challenge)
    Challenge.objects.filter(pk=challenge.pk).update(hide_identities=hidden)
    challenge.hide_identities = hidden
    record_action(actor=actor, action="challenge.identities_hidden" if hidden else "challenge.identities_shown", target=challenge)
    return challenge
