"""The training page of an instrument: people ask to be trained, the owner schedules sessions and records who is trained."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.kit.forms import add_validation_errors
from innobelt.permissions import can
from innobelt.resources import domain, queries
from innobelt.resources.domain import training as domain_training
from innobelt.resources.domain.training_gate import valid_training
from innobelt.resources.models import AccessRequest, TrainingRecord
from innobelt.resources.training_forms import DeclineTrainingForm, RecordTrainingForm, ScheduleTrainingForm, TrainingRequestForm
from innobelt.resources.views.register import visible_resource_or_404


def _equipment(request, pk):
    resource = visible_resource_or_404(request, pk)
    if not resource.is_bookable:
        raise Http404
    return resource


def _page(request, resource, *, ask_form=None, record_form=None, schedule_forms=None):
    user = request.user
    manages = can(user, "resources.manage_training", resource)
    mine = list(queries.requests_as_seeker(user).filter(resource=resource, status__in=[AccessRequest.Status.APPROVED, AccessRequest.Status.ACTIVE]))
    requests = list(queries.visible_training_requests(user).filter(resource=resource).order_by("-created_at", "-pk")[:200])
    if not manages:
        requests = [r for r in requests if r.person_id == user.pk]
    open_mine = any(r.person_id == user.pk and r.is_open for r in requests)
    trained = valid_training(resource, user, timezone.localdate())
    return render(
        request,
        "resources/training.html",
        {
            "resource": resource,
            "manages": manages,
            "records": list(queries.training_records(user, resource)[:500]),
            "requests": requests,
            "trained": trained,
            "can_ask": bool(mine) and resource.training_required and trained is None and not open_mine,
            "ask_form": ask_form or TrainingRequestForm(),
            "record_form": record_form or (RecordTrainingForm(people=domain_training.trainable_people(resource)) if manages else None),
            "schedule_forms": schedule_forms or {},
            "blank_schedule": ScheduleTrainingForm(),
            "decline_form": DeclineTrainingForm(),
        },
    )


@login_required
def training(request, pk):
    return _page(request, _equipment(request, pk))


@login_required
@require_POST
def ask_training(request, pk):
    resource = _equipment(request, pk)
    mine = list(
        queries.requests_as_seeker(request.user)
        .filter(resource=resource, status__in=[AccessRequest.Status.ACTIVE, AccessRequest.Status.APPROVED])
        .order_by("status")
    )
    if not mine:
        raise PermissionDenied
    form = TrainingRequestForm(request.POST)
    if form.is_valid():
        try:
            domain_training.request_training(actor=request.user, access_request=mine[0], message=form.cleaned_data["message"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your training request was sent to the owner, who will schedule a session."))
            return redirect("resources:training", pk=resource.pk)
    return _page(request, resource, ask_form=form)


@login_required
@require_POST
def record_training(request, pk):
    resource = _equipment(request, pk)
    if not can(request.user, "resources.manage_training", resource):
        raise PermissionDenied
    form = RecordTrainingForm(request.POST, people=domain_training.trainable_people(resource))
    if form.is_valid():
        data = form.cleaned_data
        try:
            domain_training.record_training(
                actor=request.user,
                resource=resource,
                person=data["person"],
                trained_on=data["trained_on"],
                expires_on=data["expires_on"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("%(person)s is recorded as trained.") % {"person": data["person"]})
            return redirect("resources:training", pk=resource.pk)
    return _page(request, resource, record_form=form)


@login_required
@require_POST
def remove_training(request, pk):
    record = get_object_or_404(TrainingRecord.objects.select_related("resource"), pk=pk)
    if not queries.sees_all_training(request.user, record.resource):
        raise Http404
    domain_training.remove_training(actor=request.user, record=record)
    messages.success(request, _("The training record was removed."))
    return redirect("resources:training", pk=record.resource_id)


@login_required
@require_POST
def schedule_training(request, pk):
    training = queries.training_request_or_404(request.user, pk)
    if not can(request.user, "resources.manage_training", training.resource):
        raise PermissionDenied
    form = ScheduleTrainingForm(request.POST)
    if form.is_valid():
        try:
            domain_training.schedule_training(
                actor=request.user, training=training, start=form.cleaned_data["start"], end=form.cleaned_data["end"], note=form.cleaned_data["note"]
            )
        except domain.BookingConflict as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The training session is booked; the person was told."))
            return redirect("resources:training", pk=training.resource_id)
    return _page(request, training.resource, schedule_forms={training.pk: form})


@login_required
@require_POST
def decide_training(request, pk, action):
    training = queries.training_request_or_404(request.user, pk)
    try:
        if action == "decline":
            form = DeclineTrainingForm(request.POST)
            form.is_valid()
            if not can(request.user, "resources.manage_training", training.resource):
                raise PermissionDenied
            domain_training.decline_training(actor=request.user, training=training, answer=form.cleaned_data.get("answer", ""))
        else:
            if training.person_id != request.user.pk and not can(request.user, "resources.manage_training", training.resource):
                raise PermissionDenied
            domain_training.withdraw_training_request(actor=request.user, training=training)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("resources:training", pk=training.resource_id)
