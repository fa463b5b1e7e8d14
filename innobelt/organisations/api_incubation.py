"""The API of incubation under /api/v1/: an incubator names a startup, the startup confirms or declines.

Endpoints only translate (`organisations.incubation` changes, `organisations.queries` reads)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from innobelt.kit.api_auth import PUBLIC_OPERATION, SIGNED_IN
from innobelt.kit.api_errors import InputSchema, errors
from innobelt.kit.schema_types import IsoDate
from innobelt.organisations import incubation as domain
from innobelt.organisations import queries
from innobelt.organisations.models import Organisation

router = Router(tags=["organisations"])


class IncubationOut(Schema):
    id: int
    incubator: str = Field(description="The incubator's slug.")
    incubator_name: str
    startup: str = Field(description="The startup's slug.")
    startup_name: str
    status: str = Field(description="named (awaiting the startup), confirmed or declined.")
    started_on: date
    ended_on: date | None
    named_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_incubator(obj):
        return obj.incubator.slug

    @staticmethod
    def resolve_incubator_name(obj):
        return obj.incubator.name

    @staticmethod
    def resolve_startup(obj):
        return obj.startup.slug

    @staticmethod
    def resolve_startup_name(obj):
        return obj.startup.name


class IncubationIn(InputSchema):
    startup: str = Field(max_length=80, description="The slug of the startup the organisation incubates.")
    started_on: IsoDate = Field(description="Incubated since (not in the future).")
    ended_on: IsoDate | None = Field(None, description="Incubated until (a graduated startup); null while it is.")


@router.get("/organisations/{slug}/incubations", response={200: list[IncubationOut], **errors(404)},
            **PUBLIC_OPERATION)
def list_incubations(request, slug: str):
    """The organisation's incubations both ways: confirmed ones for everyone; those awaiting the startup or
    declined also for the organisation's people."""
    organisation = get_object_or_404(Organisation, slug=slug)
    return list(queries.incubations_of(organisation, request.auth)[:200])


@router.post("/organisations/{slug}/incubations", response={201: IncubationOut, **errors(400, 403, 404)},
             auth=SIGNED_IN)
def name_startup(request, slug: str, payload: IncubationIn):
    """The incubator's admin names a startup it incubates; the startup's admins are asked to confirm."""
    incubator = get_object_or_404(Organisation, slug=slug)
    startup = Organisation.objects.filter(slug=payload.startup).first()
    if startup is None:
        raise ValidationError({"startup": _("Unknown organisation.")})
    made = domain.name_incubated_startup(actor=request.auth, incubator=incubator, startup=startup,
                                         started_on=payload.started_on, ended_on=payload.ended_on)
    return Status(201, made)


@router.post("/incubations/{incubation_id}/confirm", response={200: IncubationOut, **errors(403, 404, 409)},
             auth=SIGNED_IN)
def confirm(request, incubation_id: int):
    """The startup's admin confirms it; then it is public and counts. Already decided: 409."""
    found = queries.incubation_or_404(request.auth, incubation_id, perm="organisations.decide_incubation")
    return domain.confirm_incubation(actor=request.auth, incubation=found)


@router.post("/incubations/{incubation_id}/decline", response={200: IncubationOut, **errors(403, 404, 409)},
             auth=SIGNED_IN)
def decline(request, incubation_id: int):
    """The startup's admin declines being named. Already decided: 409."""
    found = queries.incubation_or_404(request.auth, incubation_id, perm="organisations.decide_incubation")
    return domain.decline_incubation(actor=request.auth, incubation=found)
