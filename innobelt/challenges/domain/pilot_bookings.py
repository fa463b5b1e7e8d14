"""A pilot can book resources (issue 21): at the pilot stage the solver organisation books, through the resources
app's own flow, the equipment the challenge offers (or, when it offers none, the owner's equipment), then links
the booking to the pilot here. The resources app's models are not changed: the link is a PilotBooking.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.challenges.models import PilotBooking, Pipeline
from innobelt.challenges.queries import pilot_resources
from innobelt.kit.local_time import span
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import admins_of
from innobelt.permissions import require
from innobelt.resources.models import Booking

if TYPE_CHECKING:
    from innobelt.accounts.models import User


def _already_linked() -> ValidationError:
    return ValidationError({"booking": [_("This booking is already linked to a pilot.")]})


@transaction.atomic
def link_pilot_booking(*, actor: "User", pipeline: Pipeline, booking: Booking) -> PilotBooking:
    """Link a booking of the solver organisation to its pilot with the challenge's owner. The pair must be at the
    pilot stage; the booking must be the solver organisation's, hold its time (confirmed or awaiting approval)
    and be of a resource the pilot may book (queries.pilot_resources). Side effects: audit entry; the owner's
    admins are told."""
    require(actor, "challenges.book_for_pilot", pipeline.proposal)
    pipeline = Pipeline.objects.select_for_update().select_related("proposal__challenge__owner", "proposal__organisation").get(pk=pipeline.pk)
    proposal = pipeline.proposal
    if pipeline.stage != Pipeline.Stage.PILOT:
        raise ValidationError(_("Bookings are linked to a pair at the pilot stage."))
    if booking.organisation_id != proposal.organisation_id:
        raise ValidationError({"booking": [_("Link a booking of your organisation.")]})
    if booking.status not in Booking.HOLDING:
        raise ValidationError({"booking": [_("Link a booking that is confirmed or awaits the owner's approval.")]})
    if not pilot_resources(proposal.challenge).filter(pk=booking.resource_id).exists():
        raise ValidationError({"booking": [_("Link a booking of a resource offered for this pilot.")]})
    if PilotBooking.objects.filter(booking=booking).exists():
        raise _already_linked()
    try:
        with transaction.atomic():
            link = PilotBooking.objects.create(pipeline=pipeline, booking=booking, linked_by=actor)
    except IntegrityError:  # a concurrent link of the same booking won
        raise _already_linked() from None
    record_action(actor=actor, action="pipeline.pilot_booking", target=proposal, data={"pipeline": pipeline.pk, "booking": booking.pk})
    challenge, resource, when = proposal.challenge, booking.resource, span(booking.start, booking.end)
    notify(
        admins_of(challenge.owner),
        kind="challenges.pipeline_step",
        link=f"/proposals/{proposal.pk}/",
        subject=lambda: (
            _("%(solver)s booked %(resource)s for the pilot of “%(challenge)s”")
            % {"solver": proposal.organisation.name, "resource": resource.title, "challenge": challenge.title}
        ),
        body=lambda: _("%(when)s (China time). The booking is on the proposal's page.") % {"when": when},
    )
    return link


@transaction.atomic
def unlink_pilot_booking(*, actor: "User", link: PilotBooking) -> None:
    """Take a booking off its pilot (the solver's people, at the pilot stage): the link goes, the booking itself
    stays in the resources register as it is (cancel it there). Side effects: audit entry; the owner's admins are
    told."""
    pipeline = Pipeline.objects.select_for_update().select_related("proposal__challenge__owner", "proposal__organisation").get(pk=link.pipeline_id)
    proposal = pipeline.proposal
    require(actor, "challenges.book_for_pilot", proposal)
    if pipeline.stage != Pipeline.Stage.PILOT:
        raise ValidationError(_("Bookings are unlinked from a pair at the pilot stage."))
    booking = link.booking
    if not PilotBooking.objects.filter(pk=link.pk).delete()[0]:
        raise ValidationError(_("This booking is no longer linked to the pilot."))
    record_action(actor=actor, action="pipeline.pilot_booking_unlinked", target=proposal, data={"pipeline": pipeline.pk, "booking": booking.pk})
    challenge, resource, when = proposal.challenge, booking.resource, span(booking.start, booking.end)
    notify(
        admins_of(challenge.owner),
        kind="challenges.pipeline_step",
        link=f"/proposals/{proposal.pk}/",
        subject=lambda: (
            _("%(solver)s took the booking of %(resource)s off the pilot of “%(challenge)s”")
            % {"solver": proposal.organisation.name, "resource": resource.title, "challenge": challenge.title}
        ),
        body=lambda: _("%(when)s (China time). The booking itself is unchanged in the resources register.") % {"when": when},
    )
