"""Suggested solvers of a challenge and inviting them (issue 21).

The matching engine recommends organisations for the challenge's text; the owner's admins see those that have
not proposed (any status) nor been invited, with the engine's reasons, and invite one: the invitation is kept
(SolverInvitation, once per pair), audited, and told to the organisation's admins with a link to the challenge.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.challenges.models import Challenge, Proposal, SolverInvitation
from innobelt.matching.queries import find_matches
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import admins_of
from innobelt.permissions import require

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.organisations.models import Organisation

LIMIT = 10


class AlreadyInvited(ValidationError):
    """The organisation was already invited to this challenge (409 in the API)."""


@dataclass
class Suggestion:
    organisation: "Organisation"
    score: float
    reasons: list[str]


def suggested_solvers(challenge: Challenge, user: "User") -> list[Suggestion]:
    """At most ten organisations the engine recommends for the challenge's title and statement, best first:
    never the owner, nor one that already proposed (any status) or was invited; each with the engine's reasons."""
    require(user, "challenges.invite_solver", challenge)
    query = " ".join(x for x in (challenge.title_zh, challenge.title_en, challenge.statement) if x)
    taken = set(Proposal.objects.filter(challenge=challenge).values_list("organisation_id", flat=True))
    taken |= set(SolverInvitation.objects.filter(challenge=challenge).values_list("organisation_id", flat=True))
    taken.add(challenge.owner_id)
    results = find_matches(user=user, query=query, kinds=["organisation"], k=LIMIT + len(taken))
    out: list[Suggestion] = []
    for r in results:
        if r.obj.pk in taken:
            continue
        out.append(Suggestion(organisation=r.obj, score=r.score, reasons=list(r.reasons)))
        if len(out) == LIMIT:
            break
    return out


@transaction.atomic
def invite_solver(*, actor: "User", challenge: Challenge, organisation: "Organisation") -> SolverInvitation:
    """Invite an organisation to a published challenge before its deadline. Side effects: audit entry; the
    organisation's admins are told, with a link to the challenge. A second invitation of the pair is refused."""
    require(actor, "challenges.invite_solver", challenge)
    challenge = Challenge.objects.select_for_update().select_related("owner").get(pk=challenge.pk)
    if challenge.status != Challenge.Status.PUBLISHED or timezone.now() > challenge.proposal_deadline:
        raise ValidationError(_("Only a published challenge before its deadline takes invitations."))
    if organisation.pk == challenge.owner_id:
        raise ValidationError({"organisation": [_("Your own organisation cannot be invited.")]})
    if SolverInvitation.objects.filter(challenge=challenge, organisation=organisation).exists():
        raise AlreadyInvited(_("This organisation was already invited to this challenge."))
    try:
        with transaction.atomic():
            invitation = SolverInvitation.objects.create(challenge=challenge, organisation=organisation, invited_by=actor)
    except IntegrityError:  # a concurrent invitation of the same pair won
        raise AlreadyInvited(_("This organisation was already invited to this challenge.")) from None
    record_action(actor=actor, action="challenge.invite_solver", target=challenge, data={"organisation": organisation.pk})
    notify(
        admins_of(organisation),
        kind="challenges.solver_invited",
        link=challenge.get_absolute_url(),
        subject=lambda: _("%(owner)s invites you to the challenge “%(challenge)s”") % {"owner": challenge.owner.name, "challenge": challenge.title},
        body=lambda: _("The matching engine suggested your organisation. Read the challenge and send a proposal."),
    )
    return invitation
