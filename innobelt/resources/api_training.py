"""The training part of the resources API (mounted by resources/api.py): who is trained, requests and sessions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.responses import Status

from innobelt.kit.api_auth import SIGNED_IN
from innobelt.kit.api_errors import ConflictError, errors
from innobelt.permissions import can
from innobelt.resources import domain, queries
from innobelt.resources.domain import training as domain_training
from innobelt.resources.models import AccessRequest, Resource, TrainingRecord
from innobelt.resources.schemas.training import (
    ResourcesTrainingDeclineIn,
    ResourcesTrainingRecordIn,
    ResourcesTrainingRecordOut,
    ResourcesTrainingRequestIn,
    ResourcesTrainingRequestOut,
    ResourcesTrainingScheduleIn,
)

router = Router(tags=["resources"])


def _equipment(request, resource_id: int) -> Resource:
    found = queries.resource_detail(request.auth, resource_id)
    if found is None or not found.is_bookable:
        raise Http404
    return found


@router.get("/resources/{resource_id}/training-records", response={200: list[ResourcesTrainingRecordOut], **errors(404)}, auth=SIGNED_IN)
def list_training_records(request, resource_id: int):
    """Everyone trained on the equipment (the owner's people, platform operators); others see their own record only."""
    return list(queries.training_records(request.auth, _equipment(request, resource_id))[:500])


@router.post("/resources/{resource_id}/training-records", response={201: ResourcesTrainingRecordOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def record_training(request, resource_id: int, payload: ResourcesTrainingRecordIn):
    """Record (or renew) that a person is trained on the equipment; closes their open training request."""
    resource = _equipment(request, resource_id)
    if not can(request.auth, "resources.manage_training", resource):
        raise PermissionDenied
    person = domain_training.trainable_people(resource).filter(pk=payload.person).first()
    if person is None:
        raise ValidationError({"person": "Not a member of an organisation whose request for this equipment was approved."})
    record = domain_training.record_training(
        actor=request.auth, resource=resource, person=person, trained_on=payload.trained_on, expires_on=payload.expires_on, note=payload.note
    )
    return Status(201, record)


@router.delete("/training-records/{record_id}", response={204: None, **errors(403, 404)}, auth=SIGNED_IN)
def remove_training(request, record_id: int):
    record = get_object_or_404(TrainingRecord.objects.select_related("resource"), pk=record_id)
    if not queries.sees_all_training(request.auth, record.resource):
        raise Http404
    domain_training.remove_training(actor=request.auth, record=record)
    return Status(204, None)


@router.post("/resources/{resource_id}/training-requests", response={201: ResourcesTrainingRequestOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def request_training(request, resource_id: int, payload: ResourcesTrainingRequestIn):
    """Ask the owner for training, through your organisation's approved request for the equipment."""
    resource = _equipment(request, resource_id)
    mine = list(
        queries.requests_as_seeker(request.auth)
        .filter(resource=resource, status__in=[AccessRequest.Status.ACTIVE, AccessRequest.Status.APPROVED])
        .order_by("status")[:1]
    )
    if not mine:
        raise PermissionDenied
    training = domain_training.request_training(actor=request.auth, access_request=mine[0], message=payload.message)
    return Status(201, queries.training_request_or_404(request.auth, training.pk))


@router.get("/training-requests", response={200: list[ResourcesTrainingRequestOut], **errors()}, auth=SIGNED_IN)
def list_training_requests(request):
    """Training requests of your organisations, as the people asking or as the owner."""
    return list(queries.visible_training_requests(request.auth).order_by("-created_at", "-pk")[:200])


@router.get("/training-requests/{training_id}", response={200: ResourcesTrainingRequestOut, **errors(404)}, auth=SIGNED_IN)
def get_training_request(request, training_id: int):
    return queries.training_request_or_404(request.auth, training_id)


@router.post("/training-requests/{training_id}/schedule", response={200: ResourcesTrainingRequestOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def schedule_training(request, training_id: int, payload: ResourcesTrainingScheduleIn):
    """Book the training session (a booking of its own, kind `training`); 409 naming the booking in the way."""
    training = queries.training_request_or_404(request.auth, training_id)
    try:
        domain_training.schedule_training(actor=request.auth, training=training, start=payload.start, end=payload.end, note=payload.note)
    except domain.BookingConflict as exc:
        raise ConflictError(exc.message, exc.details()) from None
    return queries.training_request_or_404(request.auth, training_id)


@router.post("/training-requests/{training_id}/decline", response={200: ResourcesTrainingRequestOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def decline_training(request, training_id: int, payload: ResourcesTrainingDeclineIn):
    training = queries.training_request_or_404(request.auth, training_id)
    domain_training.decline_training(actor=request.auth, training=training, answer=payload.answer)
    return queries.training_request_or_404(request.auth, training_id)


@router.post("/training-requests/{training_id}/withdraw", response={200: ResourcesTrainingRequestOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def withdraw_training_request(request, training_id: int):
    training = queries.training_request_or_404(request.auth, training_id)
    if training.person_id != request.auth.pk and not can(request.auth, "resources.manage_training", training.resource):
        raise PermissionDenied
    domain_training.withdraw_training_request(actor=request.auth, training=training)
    return queries.training_request_or_404(request.auth, training_id)
