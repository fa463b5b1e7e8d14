"""What an achievement's trail may link to: the platform records that led to it.

Each kind says which model it is, which of its records an organisation may link (only records the
organisation may itself see: its own, or ones it took part in), how the record is labelled publicly in both
languages (no more than its owner shows anyway) and which permission shows a reader the record itself.

Kinds: challenges, proposals and challenge pilots (a pipeline that reached the pilot stage), resource bookings
and access outcome reports, 1:1 meetings, service requests
(the firm's or the provider's, once routed and taken on) and innovation-voucher redemptions (the firm whose
voucher paid, or the provider where it was spent). Each is one `TrailKind` here, with no change to the
`TrailLink` table.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innobelt.challenges.models import Challenge, Pipeline, Proposal
from innobelt.kit.local_time import local
from innobelt.meetings.models import Meeting
from innobelt.organisations.models import Organisation
from innobelt.resources.models import Booking, OutcomeReport
from innobelt.services.models import ServiceRequest
from innobelt.vouchers.models import Reservation


@dataclass(frozen=True)
class TrailKind:
    key: str
    name: Any  # lazy text
    model: type[Model]
    linkable: Callable[[Organisation], QuerySet]
    label: Callable[[Any], str]  # in the active language
    view_perm: str
    url: Callable[[Any], str | None]
    guarded: Callable[[Any], Any] = lambda record: record  # the object `view_perm` is checked on
    #: the organisations on either side of the record (offered as partners); None: found by the form's paths
    parties: Callable[[Any], Iterable[int | None]] | None = None


def _challenges(org: Organisation) -> QuerySet:
    took_part = Proposal.objects.filter(organisation=org).exclude(status=Proposal.Status.DRAFT).values("challenge")
    return Challenge.objects.exclude(status=Challenge.Status.DRAFT).filter(Q(owner=org) | Q(pk__in=took_part))


def _proposals(org: Organisation) -> QuerySet:
    return (
        Proposal.objects.exclude(status=Proposal.Status.DRAFT)
        .filter(Q(organisation=org) | Q(challenge__owner=org))
        .select_related("challenge", "organisation")
    )


def _pilots(org: Organisation) -> QuerySet:
    """Pipelines of the organisation's challenges or proposals that reached the pilot stage (at it now, or past
    it: a step at the pilot stage was recorded)."""
    reached = Q(stage=Pipeline.Stage.PILOT) | Q(steps__stage=Pipeline.Stage.PILOT)
    return (
        Pipeline.objects.filter(Q(proposal__organisation=org) | Q(proposal__challenge__owner=org))
        .filter(reached)
        .distinct()
        .select_related("proposal__organisation", "proposal__challenge")
    )


def _bookings(org: Organisation) -> QuerySet:
    return (
        Booking.objects.filter(status=Booking.Status.CONFIRMED)
        .filter(Q(organisation=org) | Q(resource__owner=org))
        .select_related("resource")
    )


def _outcomes(org: Organisation) -> QuerySet:
    return OutcomeReport.objects.filter(Q(request__organisation=org) | Q(request__resource__owner=org)).select_related(
        "request__resource"
    )


def _meetings(org: Organisation) -> QuerySet:
    return (
        Meeting.objects.filter(status=Meeting.Status.SCHEDULED)
        .filter(Q(a__registration__organisation=org) | Q(b__registration__organisation=org))
        .select_related("programme__event", "slot")
    )


def _service_requests(org: Organisation) -> QuerySet:
    """Requests the organisation made or handled as the provider, once a provider took them on."""
    taken_on = ServiceRequest.objects.exclude(status__in=[ServiceRequest.Status.NEW, ServiceRequest.Status.REJECTED])
    return taken_on.filter(provider__isnull=False).filter(Q(firm=org) | Q(provider__organisation=org)).select_related(
        "service", "provider__organisation"
    )


def _redemptions(org: Organisation) -> QuerySet:
    """Voucher shares redeemed: paid by the organisation's voucher, or spent at the organisation."""
    return (
        Reservation.objects.filter(status=Reservation.Status.REDEEMED)
        .filter(Q(voucher__organisation=org) | Q(provider=org))
        .select_related("voucher__programme", "provider")
    )


def _service_label(request: ServiceRequest) -> str:
    service = request.service.title if request.service is not None else request.get_category_display()
    provider = request.provider.organisation.name if request.provider is not None else ""
    return _("Service “%(service)s” from %(provider)s") % {"service": service, "provider": provider}


KINDS: dict[str, TrailKind] = {
    kind.key: kind
    for kind in [
        TrailKind(
            "challenge",
            gettext_lazy("challenge"),
            Challenge,
            _challenges,
            lambda c: _("Challenge “%(title)s” of %(owner)s") % {"title": c.title, "owner": c.owner.name},
            "challenges.view_challenge",
            lambda c: c.get_absolute_url(),
        ),
        TrailKind(
            "proposal",
            gettext_lazy("proposal"),
            Proposal,
            _proposals,
            lambda p: (
                _("Proposal of %(solver)s to “%(title)s”") % {"solver": p.organisation.name, "title": p.challenge.title}
            ),
            "challenges.view_proposal",
            lambda p: None,
        ),
        TrailKind(
            "pilot",
            gettext_lazy("challenge pilot"),
            Pipeline,
            _pilots,
            lambda p: (
                _("Pilot of %(solver)s on “%(title)s”")
                % {"solver": p.proposal.organisation.name, "title": p.proposal.challenge.title}
            ),
            "challenges.view_proposal",
            lambda p: None,
            lambda p: p.proposal,
            parties=lambda p: (p.proposal.organisation_id, p.proposal.challenge.owner_id),
        ),
        TrailKind(
            "booking",
            gettext_lazy("booking"),
            Booking,
            _bookings,
            lambda b: (
                _("Booking of %(resource)s from %(start)s") % {"resource": b.resource.title, "start": local(b.start)}
            ),
            "resources.view_booking",
            lambda b: b.get_absolute_url(),
        ),
        TrailKind(
            "outcome_report",
            gettext_lazy("outcome report"),
            OutcomeReport,
            _outcomes,
            lambda o: _("Outcome report on %(resource)s") % {"resource": o.request.resource.title},
            "resources.view_accessrequest",
            lambda o: o.request.get_absolute_url(),
            lambda o: o.request,
        ),
        TrailKind(
            "meeting",
            gettext_lazy("1:1 meeting"),
            Meeting,
            _meetings,
            lambda m: _("1:1 meeting at %(event)s") % {"event": m.programme.event.title},
            "meetings.view_meeting",
            lambda m: None,
        ),
        TrailKind(
            "service_request",
            gettext_lazy("service request"),
            ServiceRequest,
            _service_requests,
            _service_label,
            "services.view_request",
            lambda r: r.get_absolute_url(),
            parties=lambda r: (r.firm_id, r.provider.organisation_id),
        ),
        TrailKind(
            "voucher_redemption",
            gettext_lazy("innovation voucher"),
            Reservation,
            _redemptions,
            lambda r: (
                _("Innovation voucher of “%(programme)s” spent at %(provider)s")
                % {"programme": r.voucher.programme.name, "provider": r.provider.name}
            ),
            "vouchers.view_voucher",
            lambda r: r.voucher.get_absolute_url(),
            lambda r: r.voucher,
            parties=lambda r: (r.voucher.organisation_id, r.provider_id),
        ),
    ]
}


def linkable(kind: str, org: Organisation) -> QuerySet:
    """The records of this kind the organisation may link to one of its achievements."""
    return KINDS[kind].linkable(org)


def labels(kind: str, record: Any) -> tuple[str, str]:
    """The record's public label in Chinese and in English."""
    out = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            out.append(str(KINDS[kind].label(record))[:300])
    return out[0], out[1]


def records_of(links: list[Any]) -> dict[int, Any]:
    """The linked records, by link id, in one query per kind (a link whose record is gone is left out)."""
    by_kind: dict[str, list[Any]] = {}
    for link in links:
        if link.kind in KINDS:
            by_kind.setdefault(link.kind, []).append(link)
    found: dict[int, Any] = {}
    for key, rows in by_kind.items():
        records = KINDS[key].model._default_manager.in_bulk([link.object_id for link in rows])
        for link in rows:
            if link.object_id in records:
                found[link.pk] = records[link.object_id]
    return found
