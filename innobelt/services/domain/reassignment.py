"""Operators reassign a request to another provider (ADR 0901, "Reassigning").

The district operators of a request's cities (the provider's, the firm's, the target city) and platform
operators may hand an open request to another provider serving the target city: one of the active services
of the request's category offered there, of an active provider other than the firm and the current
provider. The operator decides: the load limit is shown, not enforced. The request starts again as `new`
with the new provider, its clocks counted from the day of the reassignment (the new provider had no chance
before), its conversation with the old provider left behind. The old provider is told and no longer sees
it; the new one and the firm are told; the history shows who reassigned it from whom, and why.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.kit.api_errors import ConflictError
from innobelt.notifications.domain import notify
from innobelt.permissions import require
from innobelt.services.calendar import WorkingDays, local_day
from innobelt.services.domain.requests import members_of
from innobelt.services.models import Provider, RequestStep, Service, ServiceRequest

if TYPE_CHECKING:
    from innobelt.accounts.models import User

S = ServiceRequest.Status
MAX_REASON = 2000


def reassignment_candidates(request: ServiceRequest) -> QuerySet[Service]:
    """The services a request may be reassigned to: its category, offered in its target city, of an active
    provider that is neither the firm nor the current provider; each annotated with its provider's open load."""
    qs = (Service.objects.filter(is_active=True, provider__is_active=True, category=request.category,
                                 cities=request.target_city_id)
          .exclude(provider__organisation=request.firm_id))
    if request.provider_id is not None:
        qs = qs.exclude(provider=request.provider_id)
    return (qs.select_related("provider__organisation")
            .annotate(open_load=Count("provider__requests", distinct=True,
                                      filter=Q(provider__requests__status__in=ServiceRequest.OPEN)))
            .order_by("provider__organisation__name_en", "pk"))


@transaction.atomic
def reassign_request(*, actor: "User", request: ServiceRequest, service: Service, reason: str,
                     now: datetime | None = None) -> ServiceRequest:
    """An operator hands an open request to the provider of `service` (one of `reassignment_candidates`).

    Raises PermissionDenied unless the actor operates one of the request's cities (or the platform),
    ValidationError without a reason or for a service that is not a candidate, ConflictError (409) when the
    request is no longer open. Side effects: a step, audit entry; the old provider, the new one and the firm
    are told.
    """
    require(actor, "services.reassign_request", request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why you reassign it.")]})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": [_("Write at most %(n)d characters.") % {"n": MAX_REASON}]})
    request = (ServiceRequest.objects.select_for_update(of=("self",))
               .select_related("firm", "provider__organisation", "target_city").get(pk=request.pk))
    if not request.is_open:
        raise ConflictError(_("This request is %(status)s: it cannot be reassigned.")
                            % {"status": request.get_status_display()}, details={"status": request.status})
    if not reassignment_candidates(request).filter(pk=service.pk).exists():
        raise ValidationError({"service": [_("Choose a service of another provider offered in %(city)s.")
                                           % {"city": request.target_city.name}]})
    now = now or timezone.now()
    service = Service.objects.select_related("provider__organisation").get(pk=service.pk)
    old, before = request.provider, request.status
    counter = WorkingDays()
    start = local_day(now)
    request.service, request.provider, request.routed_at = service, service.provider, now
    request.status, request.thread = S.NEW, None
    request.response_due_on = counter.add(start, service.response_days)
    request.resolution_due_on = counter.add(start, service.resolution_days)
    request.calendar_fallback = counter.fallback
    request.responded_at = request.waiting_since = request.overdue_since = None
    request.paused_days = 0
    request.save()
    Provider.objects.filter(pk=service.provider_id).update(last_routed_at=now)
    RequestStep.objects.create(request=request, actor=actor, from_status=before, to_status=S.NEW,
                               provider=service.provider, reassigned_from=old, reason=reason, at=now)
    record_action(actor=actor, action="service_request.reassigned", target=request,
                  data={"from": old.pk if old else None, "to": service.provider_id, "service": service.pk,
                        "status_before": before})
    _tell(request, old, reason)
    return request


def _tell(request: ServiceRequest, old: Provider | None, reason: str) -> None:
    link = request.get_absolute_url()
    if old is not None:
        # the old provider no longer sees the request: no link, and not whom it went to
        notify(members_of(old.organisation), kind="services.request_status",
               subject=lambda: _("Service request #%(n)d was reassigned to another provider") % {"n": request.pk},
               body=lambda: reason)
    assert request.provider is not None
    provider = request.provider
    notify(members_of(provider.organisation), kind="services.request_routed",
           subject=lambda: _("New service request #%(n)d from %(firm)s") % {"n": request.pk, "firm": request.firm.name},
           body=lambda: request.need[:300], link=link)
    notify(members_of(request.firm), kind="services.request_status",
           subject=lambda: _("Your service request #%(n)d was reassigned to %(provider)s")
           % {"n": request.pk, "provider": provider.organisation.name},
           body=lambda: reason, link=link)


__all__ = ["reassign_request", "reassignment_candidates"]
