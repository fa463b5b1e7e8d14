"""A pilot can book resources (issue 21): at the pilot stage the solver organisation books, through the resources
app's own flow, the equipment the challenge offers (or, when it offers none, the owner's equipment), then links
the booking to the pilot here. The resources app's models are not changed: the link is a PilotBooking.

Concurrency (ADR 0702 "Linking and unlinking at once"): both functions lock the pipeline's row first, then the
booking's row (the order the resources app never inverts: it locks bookings only), and decide on what they read
under the locks. Two links of one booking (on one pilot or on two) queue on the booking's row: the first links,
the second finds the link and is refused (AlreadyLinked, a 409 in the API). A link and an unlink queue on the
pipeline's row; an unlink of a link already gone is refused (LinkGone, a 404 in the API). A booking cancelled in
the register while it is being linked is read cancelled and refused; a stage change (declined, concluded) while
a link or an unlink waits is read under the lock and refused.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.challenges.domain.phases import PhaseOver, phase_end, refuse_after_phase_end
from innobelt.challenges.models import PilotBooking, Pipeline
from innobelt.challenges.queries import pilot_resources
from innobelt.kit.local_time import local, span
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import admins_of
from innobelt.permissions import require
from innobelt.resources.models import Booking

if TYPE_CHECKING:
    from innobelt.accounts.models import User


class AlreadyLinked(ValidationError):
    """The booking is already linked to a pilot (this one or another): a booking serves one pilot (409 in the API)."""


class LinkGone(ValidationError):
    """The link was removed meanwhile (a concurrent unlink; 404 in the API)."""


class PilotOver(ValidationError):
    """The pair has left the pilot stage: its linked bookings are the pilot's record and stay (ADR 0702)."""


def _already_linked() -> AlreadyLinked:
    return AlreadyLinked({"booking": [_("This booking is already linked to a pilot.")]})


def _pilot_over(pipeline: Pipeline) -> PilotOver:
    return PilotOver(
        _("This pair is at the stage “%(stage)s”, past the pilot: the bookings linked to its pilot stay on record and cannot be removed.")
        % {"stage": pipeline.get_stage_display()}
    )


def _lock_pipeline(pk: int) -> Pipeline:
    # of=("self",): only the pipeline's row; the joined owner and solver organisations stay unlocked, so a booking's
    # cancellation (which locks the booking, its resource and the resource's owner) never waits in a cycle with us
    return Pipeline.objects.select_for_update(of=("self",)).select_related("proposal__challenge__owner", "proposal__organisation").get(pk=pk)


@transaction.atomic
def link_pilot_booking(*, actor: "User", pipeline: Pipeline, booking: Booking) -> PilotBooking:
    """Link a booking of the solver organisation to its pilot with the challenge's owner. The pair must be at the
    pilot stage; the booking must be the solver organisation's, hold its time (confirmed or awaiting approval)
    and be of a resource the pilot may book (queries.pilot_resources); while the challenge's pilot phase lasts, and
    ending by its end (domain/phases.py). Side effects: audit entry; the owner's admins are told."""
    require(actor, "challenges.book_for_pilot", pipeline.proposal)
    pipeline = _lock_pipeline(pipeline.pk)
    proposal = pipeline.proposal
    if pipeline.stage != Pipeline.Stage.PILOT:
        raise ValidationError(_("Bookings are linked to a pair at the pilot stage."))
    refuse_after_phase_end(
        proposal.challenge, "pilot", _("The pilot phase ended on %(end)s (China time): bookings are no longer linked to the pilot.")
    )
    # the booking as it is now, under its lock: a concurrent cancellation or link of it has committed or waits
    current = Booking.objects.select_for_update(of=("self",)).select_related("resource").filter(pk=booking.pk).first()
    if current is None or current.organisation_id != proposal.organisation_id:
        raise ValidationError({"booking": [_("Link a booking of your organisation.")]})
    booking = current
    if booking.status not in Booking.HOLDING:
        raise ValidationError({"booking": [_("Link a booking that is confirmed or awaits the owner's approval.")]})
    if not pilot_resources(proposal.challenge).filter(pk=booking.resource_id).exists():
        raise ValidationError({"booking": [_("Link a booking of a resource offered for this pilot.")]})
    pilot_end = phase_end(proposal.challenge, "pilot")
    if pilot_end is not None and booking.end > pilot_end:
        refusal = _("The pilot phase ends on %(end)s (China time): link a booking that ends by then.") % {"end": local(pilot_end)}
        raise PhaseOver({"booking": [refusal]})
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
    stays in the resources register as it is (cancel it there). Refused once the pair has left the pilot stage
    (PilotOver: the links are the record of what the pilot used). Side effects: audit entry; the owner's admins
    are told."""
    pipeline = _lock_pipeline(link.pipeline_id)
    proposal = pipeline.proposal
    require(actor, "challenges.book_for_pilot", proposal)
    if pipeline.stage != Pipeline.Stage.PILOT:
        raise _pilot_over(pipeline)  # a link exists only once the pilot started, and stages only move on
    booking = Booking.objects.select_for_update(of=("self",)).select_related("resource").filter(pk=link.booking_id).first()
    if booking is None or not PilotBooking.objects.filter(pk=link.pk, pipeline=pipeline).delete()[0]:
        raise LinkGone(_("This booking is no longer linked to the pilot."))
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
