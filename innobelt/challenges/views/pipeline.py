"""Pages of the pipeline after a match: shortlist or decline a proposal; meeting (with its iCal invitation), NDA,
pilot, result; the operators' page of where pairs stall. They only translate: the domain changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.challenges import domain, queries
from innobelt.challenges.forms import ConcludeForm, DeclineProposalForm, LeavePipelineForm, MeetingForm, NdaForm, PilotBookingForm, PilotForm
from innobelt.challenges.views.proposals import _proposal
from innobelt.files.domain import file_response
from innobelt.kit.ical import add_event, calendar


def _done(request, proposal_pk, action, message: str):
    try:
        action()
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return redirect("challenges:proposal_detail", pk=proposal_pk)


def _invalid(form) -> ValidationError:
    return ValidationError([e for errors in form.errors.values() for e in errors])


@require_POST
@login_required
def shortlist(request, pk):
    proposal = _proposal(request, pk, "challenges.move_pipeline")
    return _done(
        request, pk, lambda: domain.shortlist_proposal(actor=request.user, proposal=proposal), _("The proposal is shortlisted; its solver was told.")
    )


@require_POST
@login_required
def decline(request, pk):
    proposal = _proposal(request, pk, "challenges.move_pipeline")
    form = DeclineProposalForm(request.POST)

    def act():
        if not form.is_valid():
            raise _invalid(form)
        domain.decline_proposal(actor=request.user, proposal=proposal, **form.cleaned_data)

    return _done(request, pk, act, _("The proposal is declined; its solver reads the reason."))


def _pipeline(request, pk, perm="challenges.move_pipeline"):
    return queries.pipeline_or_404(request.user, pk, perm=perm)


@require_POST
@login_required
def meeting(request, pk):
    pipeline = _pipeline(request, pk)
    form = MeetingForm(request.POST)

    def act():
        if not form.is_valid():
            raise _invalid(form)
        domain.schedule_meeting(actor=request.user, pipeline=pipeline, **form.cleaned_data)

    return _done(request, pipeline.proposal_id, act, _("The meeting is set; both sides can add it to their calendar."))


@require_POST
@login_required
def nda(request, pk):
    pipeline = _pipeline(request, pk)
    form = NdaForm(request.POST, request.FILES)

    def act():
        if not form.is_valid():
            raise _invalid(form)
        domain.record_nda(actor=request.user, pipeline=pipeline, upload=form.cleaned_data.get("file"))

    return _done(request, pipeline.proposal_id, act, _("The non-disclosure agreement is recorded."))


@require_POST
@login_required
def accept_nda(request, pk):
    pipeline = _pipeline(request, pk, "challenges.accept_nda")
    return _done(
        request,
        pipeline.proposal_id,
        lambda: domain.accept_nda(actor=request.user, pipeline=pipeline),
        _("You accepted the non-disclosure agreement."),
    )


@require_POST
@login_required
def pilot(request, pk):
    pipeline = _pipeline(request, pk)
    form = PilotForm(request.POST)

    def act():
        if not form.is_valid():
            raise _invalid(form)
        domain.start_pilot(actor=request.user, pipeline=pipeline, plan=form.cleaned_data["plan"])

    return _done(request, pipeline.proposal_id, act, _("The pilot has started."))


@require_POST
@login_required
def conclude(request, pk):
    pipeline = _pipeline(request, pk)
    form = ConcludeForm(request.POST)

    def act():
        if not form.is_valid():
            raise _invalid(form)
        domain.conclude_pipeline(actor=request.user, pipeline=pipeline, **form.cleaned_data)

    return _done(request, pipeline.proposal_id, act, _("The result is recorded."))


@require_POST
@login_required
def leave(request, pk):
    """The solver's admins step out of the pipeline with a reason the firm reads."""
    pipeline = _pipeline(request, pk, "challenges.leave_pipeline")
    form = LeavePipelineForm(request.POST)

    def act():
        if not form.is_valid():
            raise _invalid(form)
        domain.leave_pipeline(actor=request.user, pipeline=pipeline, **form.cleaned_data)

    return _done(request, pipeline.proposal_id, act, _("You stepped out of the pipeline; the firm was told your reason."))


@require_POST
@login_required
def link_booking(request, pk):
    """The solver's people link a booking they made in the resources register to the pilot."""
    pipeline = _pipeline(request, pk, "challenges.book_for_pilot")
    form = PilotBookingForm(request.POST, bookings=queries.pilot_booking_choices(request.user, pipeline))

    def act():
        if not form.is_valid():
            raise _invalid(form)
        domain.link_pilot_booking(actor=request.user, pipeline=pipeline, booking=form.cleaned_data["booking"])

    return _done(request, pipeline.proposal_id, act, _("The booking is linked to the pilot; the firm was told."))


@require_POST
@login_required
def unlink_booking(request, pk, link_pk):
    """The solver's people take a booking off the pilot; the booking stays in the resources register."""
    link = queries.pilot_booking_or_404(request.user, pk, link_pk, perm="challenges.book_for_pilot")
    return _done(
        request,
        link.pipeline.proposal_id,
        lambda: domain.unlink_pilot_booking(actor=request.user, link=link),
        _("The booking is off the pilot; the firm was told. It stays in the register."),
    )


@login_required
def meeting_ics(request, pk):
    """The iCal invitation of a standalone meeting, for both sides."""
    pipeline = _pipeline(request, pk, perm="")
    if pipeline.meeting_starts_at is None or pipeline.meeting_ends_at is None:
        raise Http404
    proposal = pipeline.proposal
    cal = calendar(proposal.challenge.title, prodid="-//innobelt//challenges//ZH-EN")
    add_event(
        cal,
        uid=f"challenge-pipeline-{pipeline.pk}@innobelt",
        stamp=timezone.now(),
        start=pipeline.meeting_starts_at,
        end=pipeline.meeting_ends_at,
        summary=f"{proposal.challenge.owner.name} × {proposal.organisation.name}: {proposal.challenge.title}",
        location=pipeline.meeting_place,
        url=request.build_absolute_uri(f"/proposals/{proposal.pk}/"),
    )
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{pipeline.pk}.ics"'
    return response


@login_required
def nda_file(request, pk):
    pipeline = _pipeline(request, pk, perm="")
    if pipeline.nda_file is None:
        raise Http404
    return file_response(pipeline.nda_file)


@login_required
def stalls(request):
    """Where pairs stall, by city and industry (operators); narrowed by `stage`, `reason`, `city` and `reached` (a
    figure's drill-down: a value not among the choices narrows to nothing)."""
    narrowed = {k: request.GET.get(k, "")[:40] for k in ("stage", "reason", "city", "reached")}
    return render(request, "challenges/pipeline_stalls.html", {
        "rows": queries.pipeline_stalls(request.user, **narrowed), "narrowed": any(narrowed.values())})


@login_required
def owned(request):
    """The pairs of the challenges of the person's organisations, narrowed by `organisation` (slug), `stage`,
    `reason` and `reached` as "Where pairs stall" is (an organisation's drill-down of its own pipeline figures)."""
    narrowed = {k: request.GET.get(k, "")[:60] for k in ("organisation", "stage", "reason", "reached")}
    return render(request, "challenges/owned_pipelines.html", {
        "pipelines": queries.owned_pipelines(request.user, **narrowed)[:500], "narrowed": any(narrowed.values())})
