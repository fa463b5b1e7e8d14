"""The organiser's pages: settings, slots and their tables, roadshow requests, scheduler runs, the grid of tables × slots."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.bilingual import labelled
from innobelt.kit.forms import add_validation_errors
from innobelt.meetings import domain, queries
from innobelt.meetings.forms import FixMeetingForm, OutcomeForm, ProgrammeForm, RunForm, SlotsForm, SlotTablesForm
from innobelt.meetings.models import Programme, Slot


@login_required
def manage(request, event_id):
    """Settings (creating the programme on first save), slots, runs."""
    event = queries.managed_event_or_404(request.user, event_id)
    programme = Programme.objects.filter(event=event).first()
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            domain.configure_programme(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The settings of the 1:1 meetings were saved."))
            return redirect("meetings:manage", event_id=event.pk)
    context = {"event": event, "programme": programme, "form": form}
    if programme is not None:
        runs = list(queries.runs_of(programme)[:20])
        slots = list(queries.slots_of(programme))
        context.update(slots=slots, slots_form=SlotsForm(initial={"tables": programme.default_tables}),
                       tables_form=SlotTablesForm(slots=slots), runs=runs, run=runs[0] if runs else None, run_form=RunForm(),
                       participant_count=queries.active_participants(programme).count(),
                       event_requests=queries.event_request_pairs(programme),
                       event_requests_scheduled=queries.scheduled_event_request_count(programme),
                       final=queries.schedule_final_reason(programme))
    return render(request, "meetings/manage.html", context)


@login_required
@require_POST
def add_slots(request, event_id):
    programme = queries.managed_programme_or_404(request.user, event_id)
    form = SlotsForm(request.POST)
    if form.is_valid():
        try:
            slots = domain.add_slots(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(n)d slots added.") % {"n": len(slots)})
    else:
        messages.error(request, " ".join(labelled(form.fields[f].label, " ".join(e)) for f, e in form.errors.items()))
    return redirect("meetings:manage", event_id=programme.event_id)


@login_required
@require_POST
def set_tables(request, event_id):
    """The number of tables of every slot (one number per slot, or one for all)."""
    programme = queries.managed_programme_or_404(request.user, event_id)
    form = SlotTablesForm(request.POST, slots=Slot.objects.filter(programme=programme).order_by("starts_at", "pk"))
    if not form.is_valid():
        messages.error(request, " ".join(labelled(form.fields[f].label, " ".join(e)) for f, e in form.errors.items()))
    elif not form.tables():
        messages.error(request, _("Give a number of tables."))
    else:
        try:
            changed = domain.set_slot_tables(actor=request.user, programme=programme, tables=form.tables())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Slots whose tables changed: %(n)d.") % {"n": len(changed)})
    return redirect("meetings:manage", event_id=programme.event_id)


@login_required
@require_POST
def take_in_requests(request, event_id):
    """Take in the roadshow meeting requests (after pitch ratings) now, before the next run."""
    programme = queries.managed_programme_or_404(request.user, event_id)
    result = domain.take_in_event_requests(programme, actor=request.user)
    messages.success(request, _("Taken in: %(created)d new, %(linked)d matched to existing requests, %(waiting)d waiting.")
                     % {"created": result.created, "linked": result.linked, "waiting": len(result.waiting)})
    return redirect("meetings:manage", event_id=programme.event_id)


@login_required
@require_POST
def remove_slot(request, event_id, slot_id):
    programme = queries.managed_programme_or_404(request.user, event_id)
    slot = get_object_or_404(Slot, pk=slot_id, programme=programme)
    try:
        domain.remove_slot(actor=request.user, slot=slot)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The slot was removed."))
    return redirect("meetings:manage", event_id=programme.event_id)


@login_required
@require_POST
def run(request, event_id):
    programme = queries.managed_programme_or_404(request.user, event_id)
    form = RunForm(request.POST)
    form.is_valid()
    try:
        found = domain.request_schedule_run(actor=request.user, programme=programme, full=form.cleaned_data.get("full", False))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("meetings:manage", event_id=programme.event_id)
    return redirect("meetings:run_status", event_id=programme.event_id, run_id=found.pk)


@login_required
def run_status(request, event_id, run_id):
    """A run's status and figures; htmx polls the fragment every 2 s while it is queued or running."""
    programme = queries.managed_programme_or_404(request.user, event_id)
    found = queries.runs_of(programme).filter(pk=run_id).first()
    if found is None:
        raise Http404
    context = {"event": programme.event, "programme": programme, "run": found}
    if request.htmx:
        return render(request, "meetings/_run_status.html", context)
    return render(request, "meetings/run.html", context)


@login_required
def grid(request, event_id):
    """Tables × slots, with each meeting's outcome; the form to fix a meeting by hand."""
    programme = queries.managed_programme_or_404(request.user, event_id)
    slots = list(queries.slots_of(programme))
    meetings = list(queries.scheduled_meetings(programme))
    width = max([s.tables for s in slots] + [0])
    cells = {(m.slot_id, m.table): m for m in meetings}
    rows = [{"slot": s, "cells": [cells.get((s.pk, t)) if t <= s.tables else False for t in range(1, width + 1)]} for s in slots]
    participants = queries.active_participants(programme)
    return render(request, "meetings/grid.html", {
        "event": programme.event, "programme": programme, "rows": rows, "tables": range(1, width + 1),
        "meeting_count": len(meetings), "outcome_form": OutcomeForm(),
        "fix_form": FixMeetingForm(participants=participants, slots=Slot.objects.filter(programme=programme)),
        "latest_run": queries.latest_run(programme), "cancelled": list(queries.cancelled_meetings(programme)), "now": timezone.now(),
    })


@login_required
@require_POST
def fix_meeting(request, event_id):
    programme = queries.managed_programme_or_404(request.user, event_id)
    form = FixMeetingForm(request.POST, participants=queries.active_participants(programme),
                          slots=Slot.objects.filter(programme=programme))
    if form.is_valid():
        try:
            domain.fix_meeting(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The meeting was fixed; every run keeps it."))
    else:
        messages.error(request, _("Choose two participants and a slot."))
    return redirect("meetings:grid", event_id=programme.event_id)
