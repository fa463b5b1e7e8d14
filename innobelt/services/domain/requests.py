"""Requests for a service: made by a firm, routed to a provider, worked through, confirmed and rated.

Routing (ADR 0901): the services of the request's category offered in the city where the service is
needed, whose provider takes requests, is not the firm itself, has not passed this request on and is below
its load limit (open requests). Among those providers the one routed to longest ago (never first, then the
oldest) gets it: round-robin among equal ones. The service the firm asked for wins when its provider is
eligible. A request whose two cities lie in different provinces is cross-provincial.

Statuses: new → accepted → in progress ⇄ waiting for the client → resolved → closed (the firm confirms and
rates), or rejected with a reason. Every change locks the request's row; a change its status does not allow
raises ConflictError (409 in the API) saying what the status is.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.conversations.domain import start_thread
from innobelt.kit.api_errors import ConflictError
from innobelt.notifications.domain import notify
from innobelt.organisations.models import Membership
from innobelt.organisations.queries import operators_of
from innobelt.permissions import require
from innobelt.services import hooks
from innobelt.services.calendar import WorkingDays, local_day
from innobelt.services.domain.attachments import attachment_errors
from innobelt.services.models import Category, Provider, RequestStep, Service, ServiceLanguage, ServiceRequest

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.belt.models import City
    from innobelt.files.models import StoredFile
    from innobelt.organisations.models import Organisation

S = ServiceRequest.Status
MAX_TEXT = 2000
#: the statuses the provider may move a request to, and the statuses it may come from
MOVES: dict[str, tuple[str, ...]] = {
    S.ACCEPTED: (S.NEW,),
    S.IN_PROGRESS: (S.ACCEPTED, S.WAITING),
    S.WAITING: (S.ACCEPTED, S.IN_PROGRESS),
    S.RESOLVED: (S.ACCEPTED, S.IN_PROGRESS, S.WAITING),
    S.REJECTED: (S.NEW, S.ACCEPTED, S.IN_PROGRESS, S.WAITING),
}


def members_of(organisation: "Organisation | None") -> list["User"]:
    """The active members of an organisation."""
    if organisation is None:
        return []
    return [m.user for m in Membership.objects.filter(organisation=organisation, user__is_active=True)
            .select_related("user")]


def _clean(text: str, field: str, *, required: bool, message: str = "") -> str:
    text = (text or "").strip()
    if required and not text:
        raise ValidationError({field: [message or _("This field is required.")]})
    if len(text) > MAX_TEXT and field != "need":
        raise ValidationError({field: [_("Write at most %(n)d characters.") % {"n": MAX_TEXT}]})
    return text


def _locked(request: ServiceRequest) -> ServiceRequest:
    return (ServiceRequest.objects.select_for_update(of=("self",))
            .select_related("firm", "provider", "provider__organisation", "service", "firm_city", "target_city")
            .get(pk=request.pk))


def _conflict(request: ServiceRequest, action: str) -> ConflictError:
    return ConflictError(_("This request is %(status)s: it cannot be %(action)s.")
                         % {"status": request.get_status_display(), "action": action},
                         details={"status": request.status})


def _step(request: ServiceRequest, actor: "User | None", before: str, *, reason: str = "",
          passed_on: bool = False) -> None:
    RequestStep.objects.create(request=request, actor=actor, from_status=before, to_status=request.status,
                               provider=request.provider, passed_on=passed_on, reason=reason)


def _candidates(request: ServiceRequest, excluded: Iterable[int]) -> list[Service]:
    """The services a request may be routed to, their providers locked, in routing order."""
    services = list(Service.objects.filter(is_active=True, provider__is_active=True, category=request.category,
                                           cities=request.target_city)
                    .exclude(provider__organisation=request.firm_id).exclude(provider__in=list(excluded))
                    .select_related("provider").order_by("pk"))
    provider_ids = sorted({s.provider_id for s in services})
    # the providers' rows are locked first (in one order), then their loads counted: two requests routed at once
    # see each other's assignment, so a provider never goes over its limit
    providers = {p.pk: p for p in Provider.objects.select_for_update().filter(pk__in=provider_ids).order_by("pk")}
    loads = dict(ServiceRequest.objects.filter(provider__in=provider_ids, status__in=ServiceRequest.OPEN)
                 .values("provider").annotate(n=Count("pk")).values_list("provider", "n"))
    eligible = [s for s in services if loads.get(s.provider_id, 0) < providers[s.provider_id].load_limit]
    for service in eligible:
        service.provider = providers[service.provider_id]
    return sorted(eligible, key=lambda s: (s.pk != request.wanted_service_id,
                                           s.provider.last_routed_at is not None,
                                           s.provider.last_routed_at or timezone.now(), s.provider_id, s.pk))


def _route(request: ServiceRequest, *, now: datetime) -> Provider | None:
    """Give the request to the next eligible provider (or to nobody); set its service and due dates."""
    excluded: list[int] = []
    if request.pk is not None:
        excluded = [pk for pk in RequestStep.objects.filter(request=request, passed_on=True)
                    .values_list("provider_id", flat=True) if pk]
    candidates = _candidates(request, excluded)
    if not candidates:
        request.service = request.provider = None
        request.response_due_on = request.resolution_due_on = None
        return None
    service = candidates[0]
    counter = WorkingDays()
    start = local_day(request.created_at)
    request.service, request.provider, request.routed_at = service, service.provider, now
    request.response_due_on = counter.add(start, service.response_days)
    request.resolution_due_on = counter.add(start, service.resolution_days)
    request.calendar_fallback = counter.fallback
    Provider.objects.filter(pk=service.provider_id).update(last_routed_at=now)
    return service.provider


def _tell_routed(request: ServiceRequest) -> None:
    if request.provider is None:
        notify(operators_of(request.target_city), kind="services.request_unrouted",
               subject=lambda: _("No provider could take service request #%(n)d") % {"n": request.pk},
               body=lambda: _("Nobody offers “%(category)s” in %(city)s with room for another request.")
               % {"category": request.get_category_display(), "city": request.target_city.name},
               link=request.get_absolute_url())
        return
    notify(members_of(request.provider.organisation), kind="services.request_routed",
           subject=lambda: _("New service request #%(n)d from %(firm)s") % {"n": request.pk, "firm": request.firm.name},
           body=lambda: request.need[:300], link=request.get_absolute_url())


@transaction.atomic
def request_service(*, actor: "User", firm: "Organisation", category: str, need: str, firm_city: "City",
                    target_city: "City", language: str = ServiceLanguage.ZH, wanted_service: Service | None = None,
                    attachments: "Iterable[StoredFile]" = (), now: datetime | None = None) -> ServiceRequest:
    """Ask for a service for one's organisation and route it to a provider (or to nobody, when none is free:
    the request waits for an operator).

    Attachments must be files of the firm; `now` is the moment of the request (the present by default; tests
    give real dates). Raises ValidationError with nothing stored.
    Side effects: the request, its first step, audit entry; the provider's members (or the target city's
    operators) are told.
    """
    require(actor, "services.request_service", firm)
    errors: dict[str, list[str]] = {}
    if category not in Category.values:
        errors["category"] = [_("Choose a category.")]
    if language not in ServiceLanguage.values:
        errors["language"] = [_("Choose Chinese or English.")]
    try:
        need = _clean(need, "need", required=True, message=_("Say what you need."))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    files = list({f.pk: f for f in attachments}.values())
    if problems := attachment_errors(firm, files):
        errors["attachments"] = problems
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    request = ServiceRequest(firm=firm, requested_by=actor, category=category, need=need, firm_city=firm_city,
                             target_city=target_city, language=language, wanted_service=wanted_service,
                             created_at=now,
                             cross_provincial=firm_city.province_en != target_city.province_en)
    request.full_clean(exclude=["attachments"])
    _route(request, now=now)
    request.save()
    request.attachments.set(files)
    _step(request, actor, "")
    record_action(actor=actor, action="service_request.made", target=request,
                  data={"firm": firm.pk, "category": category, "provider": request.provider_id,
                        "cross_provincial": request.cross_provincial})
    _tell_routed(request)
    return request


@transaction.atomic
def pass_on_request(*, actor: "User", request: ServiceRequest, reason: str) -> ServiceRequest:
    """The provider hands a new request on, with a reason; it is routed to the next eligible provider
    (never back to one that passed it on).

    Side effects: a step, audit entry; the next provider (or the operators) and the firm are told.
    """
    require(actor, "services.handle_request", request)
    reason = _clean(reason, "reason", required=True, message=_("Say why you pass it on."))
    request = _locked(request)
    if request.status != S.NEW:
        raise _conflict(request, _("passed on"))
    before_provider = request.provider
    RequestStep.objects.create(request=request, actor=actor, from_status=S.NEW, to_status=S.NEW,
                               provider=before_provider, passed_on=True, reason=reason)
    _route(request, now=timezone.now())
    request.save()
    record_action(actor=actor, action="service_request.passed_on", target=request,
                  data={"from": before_provider.pk if before_provider else None, "to": request.provider_id})
    _tell_routed(request)
    notify(members_of(request.firm), kind="services.request_status",
           subject=lambda: _("Your service request #%(n)d was passed on") % {"n": request.pk},
           body=lambda: reason, link=request.get_absolute_url())
    return request


def _open_thread(actor: "User", request: ServiceRequest) -> None:
    """The conversation of the provider and the firm about the request (started on acceptance)."""
    assert request.provider is not None
    thread, _created = start_thread(actor=actor, from_org=request.provider.organisation, to_org=request.firm,
                                    subject=request, subject_title=_("Service request #%(n)d: %(category)s")
                                    % {"n": request.pk, "category": request.get_category_display()})
    request.thread = thread


def _pause_ends(request: ServiceRequest, now: datetime) -> None:
    """Waiting for the client ends: the resolution clock moves on by the working days it stood still."""
    if request.waiting_since is None:
        return
    counter = WorkingDays()
    paused = counter.between(local_day(request.waiting_since), local_day(now))
    if paused and request.resolution_due_on is not None:
        request.resolution_due_on = counter.add(request.resolution_due_on, paused)
        request.calendar_fallback = request.calendar_fallback or counter.fallback
    request.paused_days += paused
    request.waiting_since = None


@transaction.atomic
def change_status(*, actor: "User", request: ServiceRequest, to: str, reason: str = "",
                  now: datetime | None = None) -> ServiceRequest:
    """The provider moves a request on: accept, start, wait for the client, resolve, or reject (with a reason).

    Raises ConflictError when the request's status does not allow it, ValidationError without a reason for a
    rejection. Side effects: a step, audit entry; the firm's members are told; accepting opens the
    conversation with the firm.
    """
    require(actor, "services.handle_request", request)
    if to not in MOVES:
        raise ValidationError({"status": [_("Choose a status the provider may set.")]})
    reason = _clean(reason, "reason", required=to == S.REJECTED, message=_("Say why you reject it."))
    request = _locked(request)
    if request.status not in MOVES[to]:
        raise ConflictError(_("This request is %(status)s: it cannot become %(to)s.")
                            % {"status": request.get_status_display(), "to": S(to).label},
                            details={"status": request.status})
    now, before = now or timezone.now(), request.status
    if before == S.WAITING:
        _pause_ends(request, now)
    if to == S.WAITING:
        request.waiting_since = now
    if to == S.ACCEPTED:
        request.responded_at = now
        _open_thread(actor, request)
    if to == S.RESOLVED:
        request.resolved_at = now
    if to == S.REJECTED:
        request.reason, request.closed_at = reason, now
        request.responded_at = request.responded_at or now
    request.status = to
    request.save()
    if to == S.ACCEPTED:
        hooks.request_accepted(request=request, actor=actor)  # vouchers reserves the chosen voucher's share
    if to == S.REJECTED:
        hooks.request_ended(request=request, actor=actor)  # vouchers releases it
    _step(request, actor, before, reason=reason)
    record_action(actor=actor, action="service_request.status_changed", target=request,
                  data={"from": before, "to": to})
    label = S(to).label
    notify(members_of(request.firm), kind="services.request_status",
           subject=lambda: _("Your service request #%(n)d is %(status)s") % {"n": request.pk, "status": label},
           body=lambda: reason or _("See the request for details."), link=request.get_absolute_url())
    return request


@transaction.atomic
def confirm_request(*, actor: "User", request: ServiceRequest, rating: int, comment: str = "") -> ServiceRequest:
    """The firm confirms a resolved request and rates it (1 to 5, with a comment); it is closed.

    Raises ConflictError unless the request is resolved. Side effects: a step, audit entry; the provider's
    members are told.
    """
    require(actor, "services.confirm_request", request)
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": [_("Rate from 1 to 5.")]})
    comment = _clean(comment, "comment", required=False)
    request = _locked(request)
    if request.status != S.RESOLVED:
        raise _conflict(request, _("confirmed"))
    before = request.status
    request.status, request.closed_at = S.CLOSED, timezone.now()
    request.rating, request.rating_comment = rating, comment
    request.save()
    hooks.request_confirmed(request=request, actor=actor)  # vouchers redeems the voucher's share
    _step(request, actor, before)
    record_action(actor=actor, action="service_request.confirmed", target=request, data={"rating": rating})
    provider = request.provider
    notify(members_of(provider.organisation if provider else None), kind="services.request_rated",
           subject=lambda: _("%(firm)s rated service request #%(n)d: %(rating)d of 5")
           % {"firm": request.firm.name, "n": request.pk, "rating": rating},
           body=lambda: comment or _("No comment."), link=request.get_absolute_url())
    return request


def open_load(provider: Provider) -> int:
    """How many open requests a provider holds."""
    return ServiceRequest.objects.filter(provider=provider, status__in=ServiceRequest.OPEN).count()


__all__ = ["change_status", "confirm_request", "open_load", "pass_on_request", "request_service"]
