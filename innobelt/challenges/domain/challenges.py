"""Drafting, publishing, closing and awarding challenges; accepting their agreement; writing, submitting and
withdrawing proposals with their attachments.

Every function checks the rule, writes, records the audit trail and tells the people concerned. Deadlines
are aware datetimes; messages show them in China time (kit.local_time.local).
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.challenges.domain.locking import lock_proposal
from innobelt.challenges.domain.phases import check_phase_rows
from innobelt.challenges.models import AgreementAcceptance, Challenge, Criterion, Phase, Pipeline, Proposal
from innobelt.files.domain import save_upload
from innobelt.kit.local_time import EARLIEST, LATEST, aware, local
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import admins_of
from innobelt.permissions import can, require

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.belt.models import Industry
    from innobelt.organisations.models import Organisation
    from innobelt.resources.models import Resource

CHALLENGE_FIELDS = {
    "title_zh",
    "title_en",
    "text_language",
    "statement",
    "desired_outcome",
    "offers",
    "eligibility",
    "agreement",
    "confidential_details",
    "proposal_deadline",
}
PROPOSAL_FIELDS = {"text", "team", "trl", "budget"}
MAX_ATTACHMENTS = 10


def _check_deadline(value: Any, errors: dict[str, list[str]], field: str) -> None:
    if not hasattr(value, "date") or not EARLIEST <= value.date() <= LATEST:
        errors.setdefault(field, []).append(_("Give a date and time between %(first)s and %(last)s.") % {"first": EARLIEST, "last": LATEST})


def _criteria_rows(criteria: Sequence[dict[str, Any]], errors: dict[str, list[str]]) -> list[Criterion]:
    rows: list[Criterion] = []
    for n, item in enumerate(criteria):
        weight = item.get("weight")
        if not (item.get("name_zh") or item.get("name_en")) or not isinstance(weight, int) or not 1 <= weight <= 100:
            errors.setdefault("criteria", []).append(_("Criterion %(n)d needs a name and a weight between 1 and 100.") % {"n": n + 1})
            continue
        rows.append(Criterion(name_zh=item.get("name_zh", ""), name_en=item.get("name_en", ""), weight=weight, position=n))
    if rows and sum(r.weight for r in rows) != 100 and "criteria" not in errors:
        errors["criteria"] = [_("The weights of the criteria add up to %(total)d; they must add up to 100.") % {"total": sum(r.weight for r in rows)}]
    return rows


def _phase_rows(phases: Sequence[dict[str, Any]], errors: dict[str, list[str]]) -> list[Phase]:
    rows: list[Phase] = []
    for n, item in enumerate(phases):
        ends = aware(item.get("ends_at"))
        if not (item.get("name_zh") or item.get("name_en")) or ends is None:
            errors.setdefault("phases", []).append(_("Phase %(n)d needs a name and an end.") % {"n": n + 1})
            continue
        _check_deadline(ends, errors, "phases")
        kind = item.get("kind") or Phase.Kind.OTHER
        rows.append(Phase(name_zh=item.get("name_zh", ""), name_en=item.get("name_en", ""), kind=kind, ends_at=ends, position=n))
    return rows


def _check_challenge(
    challenge: Challenge,
    actor: "User",
    criteria: Sequence[dict[str, Any]],
    phases: Sequence[dict[str, Any]],
    resources: "list[Resource]",
) -> tuple[list[Criterion], list[Phase]]:
    errors: dict[str, list[str]] = {}
    try:
        challenge.full_clean(exclude=["owner", "created_by", "awarded_proposal"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if "proposal_deadline" not in errors:
        _check_deadline(challenge.proposal_deadline, errors, "proposal_deadline")
    criterion_rows = _criteria_rows(criteria, errors)
    phase_rows = _phase_rows(phases, errors)
    if "phases" not in errors:
        check_phase_rows(phase_rows, challenge.proposal_deadline if "proposal_deadline" not in errors else None, errors)
    if any(not can(actor, "resources.view_resource", r) for r in resources):
        errors["offered_resources"] = [_("Offer only resources you can see.")]
    if errors:
        raise ValidationError(errors)
    return criterion_rows, phase_rows


def _store_rows(challenge: Challenge, criterion_rows: list[Criterion], phase_rows: list[Phase]) -> None:
    for row in criterion_rows:
        row.challenge = challenge
    Criterion.objects.bulk_create(criterion_rows)
    for phase in phase_rows:
        phase.challenge = challenge
    Phase.objects.bulk_create(phase_rows)


def _unknown_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - CHALLENGE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    if "proposal_deadline" in fields:
        fields["proposal_deadline"] = aware(fields["proposal_deadline"])


@transaction.atomic
def draft_challenge(
    *,
    actor: "User",
    owner: "Organisation",
    criteria: Sequence[dict[str, Any]] = (),
    phases: Sequence[dict[str, Any]] = (),
    industries: "Iterable[Industry]" = (),
    offered_resources: "Iterable[Resource]" = (),
    **fields: Any,
) -> Challenge:
    """Draft a challenge for the owner organisation (its admin, or an operator for it).

    Criteria: [{"name_zh", "name_en", "weight"}] with weights summing to 100; phases: [{"name_zh", "name_en",
    "ends_at", "kind"}] (kind: Phase.Kind, "other" when left out; the enforced ones are checked by
    domain/phases.py). Raises ValidationError with nothing stored. Side effects: audit entry.
    """
    require(actor, "challenges.add_challenge", owner)
    _unknown_fields(fields)
    challenge = Challenge(owner=owner, created_by=actor, **fields)
    resources = list(offered_resources)
    criterion_rows, phase_rows = _check_challenge(challenge, actor, criteria, phases, resources)
    challenge.save()
    _store_rows(challenge, criterion_rows, phase_rows)
    challenge.industries.set(industries)
    challenge.offered_resources.set(resources)
    record_action(actor=actor, action="challenge.drafted", target=challenge, data={"owner": owner.pk})
    return challenge


@transaction.atomic
def update_challenge(
    *,
    actor: "User",
    challenge: Challenge,
    criteria: Sequence[dict[str, Any]] | None = None,
    phases: Sequence[dict[str, Any]] | None = None,
    industries: "Iterable[Industry] | None" = None,
    offered_resources: "Iterable[Resource] | None" = None,
    **fields: Any,
) -> Challenge:
    """Change a draft or published challenge. Criteria (None: unchanged) change only while it is a draft:
    solvers wrote to the published ones. Phases (None: unchanged; a proposals phase follows a changed deadline)
    are checked as in draft_challenge. Raises ValidationError with nothing stored. Side effects: audit entry.
    """
    require(actor, "challenges.change_challenge", challenge)
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.status not in (Challenge.Status.DRAFT, Challenge.Status.PUBLISHED):
        raise ValidationError(_("A closed challenge cannot change."))
    _unknown_fields(fields)
    if criteria is not None and challenge.status != Challenge.Status.DRAFT:
        current = [(c.name_zh, c.name_en, c.weight) for c in challenge.criteria.all()]
        wanted = [(c.get("name_zh", ""), c.get("name_en", ""), c.get("weight")) for c in criteria]
        if current != wanted:
            raise ValidationError({"criteria": [_("The criteria of a published challenge cannot change.")]})
        criteria = None
    for name, value in fields.items():
        setattr(challenge, name, value)
    resources = list(offered_resources) if offered_resources is not None else list(challenge.offered_resources.all())
    rewrite_phases = phases is not None or "proposal_deadline" in fields
    if phases is None:  # the stored phases, checked against a changed deadline (the proposals phase follows it)
        phases = [
            {"name_zh": p.name_zh, "name_en": p.name_en, "kind": p.kind, "ends_at": p.ends_at}
            | ({"ends_at": challenge.proposal_deadline} if p.kind == Phase.Kind.PROPOSALS else {})
            for p in challenge.phases.all()
        ]
    criterion_rows, phase_rows = _check_challenge(challenge, actor, criteria or [], phases, resources)
    if challenge.status == Challenge.Status.PUBLISHED and challenge.proposal_deadline <= timezone.now():
        raise ValidationError({"proposal_deadline": [_("The deadline for proposals has passed; give a later one.")]})
    challenge.save()
    if criteria is not None:
        challenge.criteria.all().delete()
        _store_rows(challenge, criterion_rows, [])
    if rewrite_phases:
        challenge.phases.all().delete()
        _store_rows(challenge, [], phase_rows)
    if industries is not None:
        challenge.industries.set(industries)
    if offered_resources is not None:
        challenge.offered_resources.set(resources)
    record_action(actor=actor, action="challenge.changed", target=challenge, data={"fields": sorted(fields)})
    return challenge


@transaction.atomic
def publish_challenge(*, actor: "User", challenge: Challenge) -> Challenge:
    """Open a draft to solvers: it needs a statement, criteria weighing 100 and a deadline in the future.

    Side effects: audit entry.
    """
    require(actor, "challenges.change_challenge", challenge)
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.status != Challenge.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    errors: dict[str, list[str]] = {}
    total = sum(c.weight for c in challenge.criteria.all())
    if total != 100:
        errors["criteria"] = [_("The weights of the criteria add up to %(total)d; they must add up to 100.") % {"total": total}]
    if challenge.proposal_deadline <= timezone.now():
        errors["proposal_deadline"] = [_("The deadline for proposals has passed; give a later one.")]
    if errors:
        raise ValidationError(errors)
    challenge.status, challenge.published_at = Challenge.Status.PUBLISHED, timezone.now()
    challenge.save(update_fields=["status", "published_at"])
    record_action(actor=actor, action="challenge.published", target=challenge)
    return challenge


@transaction.atomic
def close_challenge(*, actor: "User", challenge: Challenge) -> Challenge:
    """Stop taking proposals. Side effects: audit entry; the solvers who submitted are told."""
    require(actor, "challenges.change_challenge", challenge)
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.status != Challenge.Status.PUBLISHED:
        raise ValidationError(_("Only a published challenge can be closed."))
    challenge.status, challenge.closed_at = Challenge.Status.CLOSED, timezone.now()
    challenge.save(update_fields=["status", "closed_at"])
    record_action(actor=actor, action="challenge.closed", target=challenge)
    submitted = Proposal.objects.filter(challenge=challenge, status=Proposal.Status.SUBMITTED).select_related("organisation")
    notify(
        [admin for p in submitted for admin in admins_of(p.organisation)],
        kind="challenges.challenge_closed",
        subject=lambda: _("The challenge “%(challenge)s” is closed") % {"challenge": challenge.title},
        body=lambda: _("It takes no more proposals; the firm reviews the ones submitted."),
    )
    return challenge


@transaction.atomic
def award_challenge(*, actor: "User", challenge: Challenge, proposal: Proposal) -> Challenge:
    """Award a closed challenge to one submitted proposal. Side effects: audit entry; the winner is told."""
    require(actor, "challenges.change_challenge", challenge)
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.status != Challenge.Status.CLOSED:
        raise ValidationError(_("Close the challenge before awarding it."))
    if proposal.challenge_id != challenge.pk or proposal.status != Proposal.Status.SUBMITTED:
        raise ValidationError({"proposal": [_("Award a proposal submitted to this challenge.")]})
    if Pipeline.objects.filter(proposal=proposal, stage__in=[Pipeline.Stage.DECLINED, Pipeline.Stage.WITHDRAWN]).exists():
        refusal = _("This pair's pipeline ended without a result (declined, or left by the solver): award another proposal.")
        raise ValidationError({"proposal": [refusal]})
    challenge.status, challenge.awarded_proposal = Challenge.Status.AWARDED, proposal
    challenge.save(update_fields=["status", "awarded_proposal"])
    record_action(actor=actor, action="challenge.awarded", target=challenge, data={"proposal": proposal.pk})
    notify(
        admins_of(proposal.organisation),
        kind="challenges.challenge_awarded",
        subject=lambda: _("Your proposal won “%(challenge)s”") % {"challenge": challenge.title},
        body=lambda: _("%(owner)s awarded the challenge to your proposal.") % {"owner": challenge.owner.name},
    )
    return challenge


@transaction.atomic
def accept_agreement(*, actor: "User", challenge: Challenge, organisation: "Organisation") -> AgreementAcceptance:
    """Accept a published challenge's agreement for one's verified organisation (once; the text is kept).

    Side effects: audit entry.
    """
    require(actor, "challenges.take_part", organisation)
    if not can(actor, "challenges.view_challenge", challenge) or challenge.status != Challenge.Status.PUBLISHED:
        raise ValidationError(_("This challenge takes no new solvers."))
    if challenge.owner_id == organisation.pk:
        raise ValidationError({"organisation": [_("Your organisation runs this challenge.")]})
    acceptance, created = AgreementAcceptance.objects.get_or_create(
        challenge=challenge, organisation=organisation, defaults={"accepted_by": actor, "agreement_text": challenge.agreement}
    )
    if created:
        record_action(actor=actor, action="challenge.agreement_accepted", target=challenge, data={"organisation": organisation.pk})
    return acceptance


def _deadline_passed(challenge: Challenge) -> ValidationError:
    return ValidationError(
        _("The deadline for proposals passed on %(deadline)s (China time); nothing was saved.") % {"deadline": local(challenge.proposal_deadline)}
    )


def _validate_proposal(proposal: Proposal) -> None:
    errors: dict[str, list[str]] = {}
    try:
        proposal.full_clean(exclude=["challenge", "organisation", "created_by"], validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if isinstance(proposal.trl, int) and not 1 <= proposal.trl <= 9:
        errors.setdefault("trl", []).append(_("The technology readiness level is between 1 and 9."))
    if isinstance(proposal.budget, Decimal) and proposal.budget < 0:
        errors.setdefault("budget", []).append(_("A budget cannot be negative."))
    if not (proposal.text or "").strip():
        errors.setdefault("text", []).append(_("Write the proposal."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_proposal(*, actor: "User", challenge: Challenge, organisation: "Organisation", **fields: Any) -> Proposal:
    """Write or change one's organisation's draft proposal (after accepting the agreement, before the deadline).

    Raises ValidationError with nothing stored (also after the deadline). Side effects: audit entry.
    """
    require(actor, "challenges.take_part", organisation)
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    unknown = set(fields) - PROPOSAL_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    if not AgreementAcceptance.objects.filter(challenge=challenge, organisation=organisation).exists():
        raise ValidationError(_("Accept the challenge's agreement first."))
    if not challenge.takes_proposals:
        raise _deadline_passed(challenge)
    proposal = Proposal.objects.select_for_update().filter(challenge=challenge, organisation=organisation).first()
    if proposal is not None and proposal.status != Proposal.Status.DRAFT:
        raise ValidationError(_("This proposal was submitted or withdrawn; it cannot change."))
    proposal = proposal or Proposal(challenge=challenge, organisation=organisation, created_by=actor)
    for name, value in fields.items():
        setattr(proposal, name, value)
    _validate_proposal(proposal)
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        raise ValidationError(_("Your organisation already has a proposal for this challenge.")) from None
    record_action(actor=actor, action="proposal.saved", target=proposal, data={"challenge": challenge.pk})
    return proposal


def _locked(proposal: Proposal) -> tuple[Proposal, Challenge]:
    locked = lock_proposal(proposal)  # the challenge's row, then the proposal's (domain/locking.py)
    return locked, locked.challenge


@transaction.atomic
def submit_proposal(*, actor: "User", proposal: Proposal) -> Proposal:
    """Submit a draft before the deadline: from now on the owner's people read it, and it cannot change.

    Side effects: audit entry; the owner's admins are told.
    """
    require(actor, "challenges.change_proposal", proposal)
    proposal, challenge = _locked(proposal)
    if not challenge.takes_proposals:
        raise _deadline_passed(challenge)
    if proposal.status != Proposal.Status.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."))
    proposal.status, proposal.submitted_at = Proposal.Status.SUBMITTED, timezone.now()
    proposal.save(update_fields=["status", "submitted_at", "updated_at"])
    record_action(actor=actor, action="proposal.submitted", target=proposal, data={"challenge": challenge.pk})
    notify(
        admins_of(challenge.owner),
        kind="challenges.proposal_submitted",
        subject=lambda: _("A proposal for “%(challenge)s”") % {"challenge": challenge.title},
        body=lambda: _("%(organisation)s submitted a proposal.") % {"organisation": proposal.organisation.name},
    )
    return proposal


@transaction.atomic
def withdraw_proposal(*, actor: "User", proposal: Proposal) -> Proposal:
    """Withdraw a draft or submitted proposal before the deadline, unless the owner has shortlisted or declined
    it (its pipeline then follows it to the end). Side effects: audit entry; for a submitted
    proposal (which the owner's people read), the owner's admins are told."""
    require(actor, "challenges.change_proposal", proposal)
    proposal, challenge = _locked(proposal)
    if timezone.now() > challenge.proposal_deadline:
        raise ValidationError(_("The deadline has passed: the proposal can no longer be withdrawn."))
    if proposal.status == Proposal.Status.WITHDRAWN:
        return proposal
    if Pipeline.objects.filter(proposal=proposal).exists():  # the owner decided on it (under the proposal's lock)
        raise ValidationError(_("The firm has already shortlisted or declined this proposal: it can no longer be withdrawn."))
    was_submitted = proposal.status == Proposal.Status.SUBMITTED
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    record_action(actor=actor, action="proposal.withdrawn", target=proposal, data={"challenge": challenge.pk})
    if was_submitted:  # a draft was never the owner's to read
        notify(
            admins_of(challenge.owner),
            kind="challenges.proposal_withdrawn",
            link=f"/challenges/{challenge.pk}/",
            subject=lambda: _("A proposal for “%(challenge)s” was withdrawn") % {"challenge": challenge.title},
            body=lambda: _("%(organisation)s withdrew its proposal.") % {"organisation": proposal.organisation.name},
        )
    return proposal


@transaction.atomic
def attach_to_proposal(*, actor: "User", proposal: Proposal, upload: UploadedFile) -> "Proposal":
    """Attach a PDF to a draft proposal (checked by the files app: type by content, size).

    The file belongs to the solver organisation and is served only through the proposal's rule.
    Side effects: the file, audit entries.
    """
    require(actor, "challenges.change_proposal", proposal)
    proposal, challenge = _locked(proposal)
    if not challenge.takes_proposals:
        raise _deadline_passed(challenge)
    if proposal.status != Proposal.Status.DRAFT:
        raise ValidationError(_("Attach files while the proposal is a draft."))
    if proposal.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError({"file": [_("At most %(n)d files per proposal.") % {"n": MAX_ATTACHMENTS}]})
    stored = save_upload(actor=actor, organisation=proposal.organisation, kind="document", upload=upload)
    proposal.attachments.add(stored)
    record_action(actor=actor, action="proposal.file_attached", target=proposal, data={"file": str(stored.pk)})
    return proposal
