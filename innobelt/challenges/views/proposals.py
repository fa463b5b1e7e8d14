"""Pages of proposals: writing one (a draft), changing it, attaching PDFs, submitting and withdrawing it, and
reading it with its attachments. Only the solver organisation and, once submitted, the challenge owner's people
read a proposal (queries.visible_proposals): anyone else gets 404, on every page and file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.challenges import domain, queries
from innobelt.challenges.forms import (
    AttachmentForm,
    ConcludeForm,
    DeclineProposalForm,
    LeavePipelineForm,
    MeetingForm,
    NdaForm,
    OrganisationChoiceForm,
    PilotBookingForm,
    PilotForm,
    ProposalForm,
    ReviewerForm,
)
from innobelt.files.domain import file_response
from innobelt.kit.forms import add_validation_errors
from innobelt.permissions import can


def pipeline_context(user, proposal) -> dict:
    """The pipeline of the pair (for the owner's and the solver's people) and the owner's forms for its next step."""
    pipeline = queries.pipeline_of(user, proposal)
    moves = can(user, "challenges.move_pipeline", proposal) and proposal.status == proposal.Status.SUBMITTED
    stage = pipeline.stage if pipeline else ""
    return {
        "pipeline": pipeline,
        "can_shortlist": moves and pipeline is None,
        "decline_form": DeclineProposalForm() if moves and (pipeline is None or not pipeline.is_final) else None,
        "meeting_form": MeetingForm() if moves and stage == "shortlisted" else None,
        "nda_form": NdaForm() if moves and stage == "meeting" else None,
        "pilot_form": PilotForm() if moves and stage == "nda" and pipeline and pipeline.nda_done else None,
        "conclude_form": ConcludeForm() if moves and stage == "pilot" else None,
        "can_accept_nda": bool(pipeline and stage == "nda" and not pipeline.nda_done and can(user, "challenges.accept_nda", proposal)),
        "leave_form": LeavePipelineForm() if pipeline and not pipeline.is_final and can(user, "challenges.leave_pipeline", proposal) else None,
        **_pilot_context(user, pipeline),
    }


def _pilot_context(user, pipeline) -> dict:
    """At the pilot stage the solver's people see what they may book, and link their bookings to the pilot."""
    if pipeline is None or pipeline.stage != "pilot" or not can(user, "challenges.book_for_pilot", pipeline.proposal):
        return {"pilot_resources": [], "pilot_booking_form": None, "pilot_booking_unlink": False}
    choices = queries.pilot_booking_choices(user, pipeline)
    return {
        "pilot_resources": queries.pilot_resources_for(user, pipeline),
        "pilot_booking_form": PilotBookingForm(bookings=choices) if choices.exists() else None,
        "pilot_booking_unlink": True,
    }


def _fields(form: ProposalForm) -> dict:
    return {name: form.cleaned_data.get(name) for name in ("text", "team", "trl", "budget")}


@login_required
def write_proposal(request, pk):
    challenge = queries.challenge_or_404(request.user, pk)
    accepted = queries.accepted_organisations(request.user, challenge)
    if not accepted:
        messages.error(request, _("Accept the challenge's agreement first."))
        return redirect(challenge)
    chooser = OrganisationChoiceForm(request.POST or request.GET or None, organisations=accepted)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and chooser.is_valid() and form.is_valid():
        try:
            proposal = domain.save_proposal(
                actor=request.user, challenge=challenge, organisation=chooser.cleaned_data["organisation"], **_fields(form)
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your draft was saved. Attach files, then submit it before the deadline."))
            return redirect("challenges:proposal_detail", pk=proposal.pk)
    return render(request, "challenges/proposal_form.html", {"challenge": challenge, "form": form, "chooser": chooser})


def _proposal(request, pk, perm=""):
    proposal = queries.proposal_or_404(request.user, pk)
    if perm and not can(request.user, perm, proposal):
        raise PermissionDenied
    return proposal


@login_required
def proposal_detail(request, pk):
    proposal = _proposal(request, pk)
    solver = can(request.user, "challenges.change_proposal", proposal)
    editable = solver and proposal.status == proposal.Status.DRAFT
    can_assign = can(request.user, "challenges.assign_reviewer", proposal)
    return render(
        request,
        "challenges/proposal_detail.html",
        {
            "proposal": proposal,
            "challenge": proposal.challenge,
            "solver": solver,
            "reviews": queries.reviews_of(request.user, proposal),
            **pipeline_context(request.user, proposal),
            "can_assign": can_assign,
            "reviewer_form": ReviewerForm() if can_assign else None,
            "show_solver": can(request.user, "challenges.see_solver", proposal),
            "form": ProposalForm(instance=proposal) if editable else None,
            "attach_form": AttachmentForm() if editable else None,
            "can_withdraw": solver and proposal.status != proposal.Status.WITHDRAWN and proposal.challenge.takes_proposals,
            "can_award": proposal.challenge.status == "closed"
            and proposal.status == proposal.Status.SUBMITTED
            and can(request.user, "challenges.change_challenge", proposal.challenge),
        },
    )


@require_POST
@login_required
def edit_proposal(request, pk):
    proposal = _proposal(request, pk, "challenges.change_proposal")
    form = ProposalForm(request.POST, instance=proposal)
    if form.is_valid():
        try:
            domain.save_proposal(actor=request.user, challenge=proposal.challenge, organisation=proposal.organisation, **_fields(form))
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your draft was saved."))
            return redirect("challenges:proposal_detail", pk=proposal.pk)
    proposal = queries.proposal_or_404(request.user, pk)
    return render(
        request,
        "challenges/proposal_detail.html",
        {
            "proposal": proposal,
            "challenge": proposal.challenge,
            "solver": True,
            "show_solver": True,
            "form": form,
            "attach_form": AttachmentForm(),
            "can_withdraw": proposal.challenge.takes_proposals,
        },
    )


def _act(request, pk, action, done: str):
    proposal = _proposal(request, pk, "challenges.change_proposal")
    try:
        action(actor=request.user, proposal=proposal)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("challenges:proposal_detail", pk=proposal.pk)


@require_POST
@login_required
def submit_proposal(request, pk):
    return _act(request, pk, domain.submit_proposal, _("Your proposal was submitted. The firm reads it now."))


@require_POST
@login_required
def withdraw_proposal(request, pk):
    return _act(request, pk, domain.withdraw_proposal, _("Your proposal was withdrawn."))


@require_POST
@login_required
def attach_file(request, pk):
    proposal = _proposal(request, pk, "challenges.change_proposal")
    form = AttachmentForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a PDF file."))
        domain.attach_to_proposal(actor=request.user, proposal=proposal, upload=form.cleaned_data["file"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The file is attached."))
    return redirect("challenges:proposal_detail", pk=proposal.pk)


@login_required
def download_attachment(request, pk, file_id):
    proposal = _proposal(request, pk)
    stored = next((f for f in proposal.attachments.all() if f.pk == file_id), None)
    if stored is None:
        raise Http404
    return file_response(stored)


@require_POST
@login_required
def award(request, pk):
    """The owner awards its closed challenge to this proposal (as POST /api/v1/challenges/{id}/award)."""
    proposal = _proposal(request, pk)
    if not can(request.user, "challenges.change_challenge", proposal.challenge):
        raise PermissionDenied
    try:
        domain.award_challenge(actor=request.user, challenge=proposal.challenge, proposal=proposal)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The challenge is awarded to this proposal; its solver was told."))
    return redirect("challenges:proposal_detail", pk=proposal.pk)


@login_required
def my_proposals(request):
    return render(request, "challenges/my_proposals.html", {"proposals": queries.my_proposals(request.user)[:200]})
