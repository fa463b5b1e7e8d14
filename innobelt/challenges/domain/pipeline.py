"""After a match: shortlisting a proposal, a meeting (standalone with an iCal invitation, or linked to a 1:1 of
the meeting zone), the NDA (uploaded, or accepted on the platform by the solver), a pilot, a contract or an
investment; or declining with a reason from the fixed list, which the solver always reads.

The owner's admins move a pipeline forward; the solver organisation's admins accept a platform NDA and may step out
of the pipeline (leave_pipeline, with a reason from the same list). Every step is kept (PipelineStep), audited, and
told to the other side.
"""

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.challenges.domain.locking import lock_pipeline, lock_proposal
from innobelt.challenges.domain.phases import refuse_after_phase_end
from innobelt.challenges.models import Pipeline, PipelineStep, Proposal
from innobelt.files.domain import save_upload
from innobelt.kit.local_time import aware, in_supported_range, span
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import admins_of
from innobelt.permissions import require

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.meetings.models import Meeting

S = Pipeline.Stage
#: the stage a pipeline may move to from each stage (declining is possible from every stage that is not final)
NEXT: dict[str, set[str]] = {S.SHORTLISTED: {S.MEETING}, S.MEETING: {S.NDA}, S.NDA: {S.PILOT}, S.PILOT: {S.CONTRACT, S.INVESTMENT}}


def _tell(pipeline: Pipeline, *, to_solver: bool, subject: Callable[[], str], body: Callable[[], str]) -> None:
    proposal = pipeline.proposal
    people = admins_of(proposal.organisation) if to_solver else admins_of(proposal.challenge.owner)
    notify(people, kind="challenges.pipeline_step", link=f"/proposals/{proposal.pk}/", subject=subject, body=body)


def _step(pipeline: Pipeline, actor: "User", note: str = "", *, code: str = "") -> None:
    """Keep the step: `note` as someone typed it, or a `code` the readers' pages show in their own language."""
    pipeline.moved_at = timezone.now()
    pipeline.save()
    PipelineStep.objects.create(pipeline=pipeline, stage=pipeline.stage, note=note, code=code, by=actor)
    record_action(actor=actor, action=f"pipeline.{pipeline.stage}", target=pipeline.proposal, data={"pipeline": pipeline.pk})


def _locked(pipeline: Pipeline, target: str) -> Pipeline:
    locked = lock_pipeline(pipeline)  # the challenge's row, the proposal's, then the pipeline's (domain/locking.py)
    if target not in NEXT.get(locked.stage, set()):
        raise ValidationError(_("This pair is at the stage “%(stage)s”: it cannot move there now.") % {"stage": locked.get_stage_display()})
    return locked


@transaction.atomic
def shortlist_proposal(*, actor: "User", proposal: Proposal) -> Pipeline:
    """Start the pipeline of a submitted proposal (until the challenge's shortlisting phase ends, domain/phases.py).
    Side effects: audit entry; the solver's admins are told."""
    require(actor, "challenges.move_pipeline", proposal)
    proposal = lock_proposal(proposal)
    if proposal.status != Proposal.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted proposal can be shortlisted."))
    if Pipeline.objects.filter(proposal=proposal).exists():
        raise ValidationError(_("This proposal was already shortlisted or declined."))
    refuse_after_phase_end(
        proposal.challenge,
        "shortlist",
        _("The shortlisting phase ended on %(end)s (China time): no proposal is shortlisted any more. You can still decline it with a reason."),
    )
    pipeline = Pipeline.objects.create(proposal=proposal, stage=S.SHORTLISTED)
    _step(pipeline, actor)
    challenge = proposal.challenge
    _tell(
        pipeline,
        to_solver=True,
        subject=lambda: _("Your proposal for “%(challenge)s” is shortlisted") % {"challenge": challenge.title},
        body=lambda: _("%(owner)s would like to meet you.") % {"owner": challenge.owner.name},
    )
    return pipeline


@transaction.atomic
def decline_proposal(*, actor: "User", proposal: Proposal, reason: str, note: str = "") -> Pipeline:
    """Decline a submitted proposal, or end its pipeline at any stage that is not final, with a reason from the
    fixed list (and an optional note) that the solver always reads. Side effects: audit entry; the solver's
    admins are told the reason."""
    require(actor, "challenges.move_pipeline", proposal)
    if reason not in Pipeline.Reason.values:
        raise ValidationError({"reason": [_("Choose a reason from the list.")]})
    proposal = lock_proposal(proposal)
    if proposal.status != Proposal.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted proposal can be declined."))
    pipeline = Pipeline.objects.select_for_update().filter(proposal=proposal).first()
    if pipeline is not None and pipeline.is_final:
        raise ValidationError(_("This pair's pipeline has ended."))
    pipeline = pipeline or Pipeline(proposal=proposal)
    pipeline.stage, pipeline.decline_reason, pipeline.decline_note = S.DECLINED, reason, (note or "").strip()[:2000]
    _step(pipeline, actor, code=reason)
    challenge = proposal.challenge
    label = Pipeline.Reason(reason)
    _tell(
        pipeline,
        to_solver=True,
        subject=lambda: _("%(owner)s declined your proposal for “%(challenge)s”") % {"owner": challenge.owner.name, "challenge": challenge.title},
        body=lambda: _("The reason: %(reason)s.") % {"reason": label.label},
    )
    return pipeline


@transaction.atomic
def schedule_meeting(
    *,
    actor: "User",
    pipeline: Pipeline,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    place: str = "",
    meeting: "Meeting | None" = None,
) -> Pipeline:
    """Agree a meeting: a standalone one (start, end, place or video link; both sides get an iCal invitation at
    /pipelines/<id>/meeting.ics) or a 1:1 of the meeting zone between the two organisations.
    Side effects: audit entry; the solver's admins are told."""
    require(actor, "challenges.move_pipeline", pipeline.proposal)
    pipeline = _locked(pipeline, S.MEETING)
    proposal = pipeline.proposal
    if meeting is not None:
        organisations = {meeting.a.registration.organisation_id, meeting.b.registration.organisation_id}
        if organisations != {proposal.organisation_id, proposal.challenge.owner_id}:
            raise ValidationError({"meeting": [_("Link a 1:1 meeting between the two organisations.")]})
        starts_at, ends_at = meeting.slot.starts_at, meeting.slot.ends_at_for(meeting.programme)
    starts_at, ends_at = aware(starts_at), aware(ends_at)
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        raise ValidationError({"starts_at": [_("Give a start and a later end.")]})
    if not in_supported_range(starts_at.date()) or not in_supported_range(ends_at.date()):
        raise ValidationError({"starts_at": [_("Give a start and a later end.")]})
    pipeline.stage, pipeline.meeting = S.MEETING, meeting
    pipeline.meeting_starts_at, pipeline.meeting_ends_at = starts_at, ends_at
    pipeline.meeting_place = (place or "").strip()[:300]
    _step(pipeline, actor, span(starts_at, ends_at))
    when = span(starts_at, ends_at)
    _tell(
        pipeline,
        to_solver=True,
        subject=lambda: _("A meeting about “%(challenge)s”") % {"challenge": proposal.challenge.title},
        body=lambda: (
            _("%(when)s (China time), %(place)s. The invitation is on the proposal's page.") % {"when": when, "place": pipeline.meeting_place or "—"}
        ),
    )
    return pipeline


@transaction.atomic
def record_nda(*, actor: "User", pipeline: Pipeline, upload: UploadedFile | None = None) -> Pipeline:
    """Move to the NDA: with the signed NDA uploaded (a PDF), or with the platform's NDA, which the solver's
    admins then accept (accept_nda). Side effects: the file; audit entry; the solver's admins are told."""
    require(actor, "challenges.move_pipeline", pipeline.proposal)
    pipeline = _locked(pipeline, S.NDA)
    proposal = pipeline.proposal
    if upload is not None:
        pipeline.nda_file = save_upload(actor=actor, organisation=proposal.challenge.owner, kind="document", upload=upload)
    pipeline.stage = S.NDA
    _step(pipeline, actor)
    _tell(
        pipeline,
        to_solver=True,
        subject=lambda: _("A non-disclosure agreement for “%(challenge)s”") % {"challenge": proposal.challenge.title},
        body=lambda: (
            _("The signed agreement is on the proposal's page.")
            if pipeline.nda_file_id
            else _("Accept the platform's agreement on the proposal's page.")
        ),
    )
    return pipeline


@transaction.atomic
def accept_nda(*, actor: "User", pipeline: Pipeline) -> Pipeline:
    """The solver accepts the platform's NDA. Side effects: audit entry; the owner's admins are told."""
    require(actor, "challenges.accept_nda", pipeline.proposal)
    pipeline = lock_pipeline(pipeline)
    if pipeline.stage != S.NDA or pipeline.nda_done:
        raise ValidationError(_("There is no agreement waiting for you."))
    pipeline.nda_accepted_at = timezone.now()
    _step(pipeline, actor, code="nda_accepted")
    challenge = pipeline.proposal.challenge
    _tell(
        pipeline,
        to_solver=False,
        subject=lambda: _("The solver accepted the NDA for “%(challenge)s”") % {"challenge": challenge.title},
        body=lambda: _("You can start the pilot."),
    )
    return pipeline


@transaction.atomic
def start_pilot(*, actor: "User", pipeline: Pipeline, plan: str = "") -> Pipeline:
    """Start the pilot once the NDA is signed or accepted, before the challenge's pilot phase ends (domain/phases.py).
    Side effects: audit entry; the solver's admins are told."""
    require(actor, "challenges.move_pipeline", pipeline.proposal)
    pipeline = _locked(pipeline, S.PILOT)
    if not pipeline.nda_done:
        raise ValidationError(_("The non-disclosure agreement is not signed yet."))
    refuse_after_phase_end(pipeline.proposal.challenge, "pilot", _("The pilot phase ended on %(end)s (China time): the pilot can no longer start."))
    pipeline.stage, pipeline.pilot_plan = S.PILOT, (plan or "").strip()[:5000]
    _step(pipeline, actor, pipeline.pilot_plan)
    challenge = pipeline.proposal.challenge
    _tell(
        pipeline,
        to_solver=True,
        subject=lambda: _("The pilot for “%(challenge)s” starts") % {"challenge": challenge.title},
        body=lambda: _("The plan is on the proposal's page."),
    )
    return pipeline


@transaction.atomic
def conclude_pipeline(*, actor: "User", pipeline: Pipeline, outcome: str, amount: Decimal | None = None, note: str = "") -> Pipeline:
    """End a pilot with a contract or an investment (an amount in yuan, optional). Side effects: audit entry;
    the solver's admins are told."""
    require(actor, "challenges.move_pipeline", pipeline.proposal)
    if outcome not in (S.CONTRACT, S.INVESTMENT):
        raise ValidationError({"outcome": [_("Choose a contract or an investment.")]})
    pipeline = _locked(pipeline, outcome)
    if amount is not None and amount < 0:
        raise ValidationError({"amount": [_("An amount cannot be negative.")]})
    pipeline.stage, pipeline.amount = outcome, amount
    _step(pipeline, actor, (note or "").strip()[:2000])
    challenge = pipeline.proposal.challenge
    label = pipeline.get_stage_display()
    _tell(
        pipeline,
        to_solver=True,
        subject=lambda: _("“%(challenge)s”: %(outcome)s") % {"challenge": challenge.title, "outcome": label},
        body=lambda: _("Congratulations: the pilot led to a result."),
    )
    return pipeline


@transaction.atomic
def leave_pipeline(*, actor: "User", pipeline: Pipeline, reason: str, note: str = "") -> Pipeline:
    """The solver organisation's admins step out of the pair's pipeline at any stage that has not ended, with a
    reason from the fixed list (and an optional note) that the owner reads. The proposal stays submitted (the owner
    read it; this is not withdrawing it from the call) but the pair moves no further and the proposal is no longer
    awarded; bookings linked to a pilot stay on record. Locks the challenge, the proposal, then the pipeline
    (domain/locking.py), as the owner's moves do, so a step-out and an owner's move at the same moment queue and
    the second reads the first's result. Side effects: audit entry (pipeline.withdrawn); the owner's admins are
    told the reason."""
    require(actor, "challenges.leave_pipeline", pipeline.proposal)
    if reason not in Pipeline.Reason.values:
        raise ValidationError({"reason": [_("Choose a reason from the list.")]})
    pipeline = lock_pipeline(pipeline)
    if pipeline.is_final:
        raise ValidationError(_("This pair's pipeline has ended at the stage “%(stage)s”.") % {"stage": pipeline.get_stage_display()})
    pipeline.stage, pipeline.decline_reason, pipeline.decline_note = S.WITHDRAWN, reason, (note or "").strip()[:2000]
    _step(pipeline, actor, code=reason)
    proposal = pipeline.proposal
    challenge, label, typed = proposal.challenge, Pipeline.Reason(reason), pipeline.decline_note
    _tell(
        pipeline,
        to_solver=False,
        subject=lambda: (
            _("%(solver)s stepped out of the pipeline of “%(challenge)s”") % {"solver": proposal.organisation.name, "challenge": challenge.title}
        ),
        body=lambda: _("The reason: %(reason)s.") % {"reason": label.label} + (f" {typed}" if typed else ""),
    )
    return pipeline
