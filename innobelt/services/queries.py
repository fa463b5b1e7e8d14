"""Reads of the service zone, scoped to the caller.

The catalogue is public (active services of active providers). Requests: a firm's members see the firm's,
the provider's members the ones routed to it now, district operators those of their cities (the provider's,
the firm's or the target city), platform operators all. What the caller may not see is absent, so pages and the API answer
404. `visible_requests` must agree with rules.can_see_request.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.http import Http404

from innobelt.files.models import StoredFile
from innobelt.kit.lookups import or_404
from innobelt.kit.search_text import filter_by_query
from innobelt.organisations.models import Membership, Organisation
from innobelt.permissions import can, is_active_user
from innobelt.services.models import Provider, Service, ServiceRequest


def _my_orgs(user):
    return Membership.objects.filter(user=user).values("organisation")


def catalogue(*, query: str = "", category: str = "", city: str = "") -> QuerySet[Service]:
    """The services on offer, searched in both languages, by category and by a city served (its slug)."""
    qs = Service.objects.filter(is_active=True, provider__is_active=True)
    if query:
        qs = filter_by_query(qs, query)
    if category:
        qs = qs.filter(category=category)
    if city:
        qs = qs.filter(cities__slug=city)
    return (qs.select_related("provider__organisation", "provider__organisation__city").prefetch_related("cities")
            .distinct().order_by("category", "pk"))


def service_or_404(pk) -> Service:
    return or_404(catalogue().filter(pk=pk).first())


def visible_requests(user) -> QuerySet[ServiceRequest]:
    qs = ServiceRequest.objects.all()
    if not is_active_user(user):
        return qs.none()
    if user.is_platform_operator:
        return qs
    cities = user.operator_cities.values("pk")
    mine = _my_orgs(user)
    return qs.filter(Q(firm__in=mine) | Q(provider__organisation__in=mine) | Q(provider__organisation__city__in=cities)
                     | Q(firm_city__in=cities) | Q(target_city__in=cities))


def _for_lists(qs: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
    return qs.select_related("firm", "provider__organisation", "service", "firm_city", "target_city")


def request_or_404(user, pk, *, perm: str = "") -> ServiceRequest:
    """A request the person may see (404 otherwise); with `perm`, one they may also do that to (403 otherwise)."""
    request = or_404(_for_lists(visible_requests(user)).select_related("thread").prefetch_related("attachments")
                     .filter(pk=pk).first())
    if perm and not can(user, perm, request):
        raise PermissionDenied
    return request


def request_attachment_or_404(user, pk, file_id) -> StoredFile:
    """A file attached to a request, for the firm's and the current provider's people; 404 for anyone else and
    for a file not attached to that request (the same answer whether it exists or not)."""
    request = or_404(visible_requests(user).select_related("firm", "provider__organisation").filter(pk=pk).first())
    if not can(user, "services.view_request_attachments", request):
        raise Http404
    return or_404(request.attachments.filter(pk=file_id).first())


def my_requests(user) -> QuerySet[ServiceRequest]:
    """The requests the person's organisations made."""
    if not is_active_user(user):
        return ServiceRequest.objects.none()
    return _for_lists(ServiceRequest.objects.filter(firm__in=_my_orgs(user))).order_by("-created_at", "-pk")


def provider_queue(user, *, open_only: bool = True) -> QuerySet[ServiceRequest]:
    """The requests routed to the person's organisations as providers, open ones first by due day."""
    if not is_active_user(user):
        return ServiceRequest.objects.none()
    qs = ServiceRequest.objects.filter(provider__organisation__in=_my_orgs(user))
    if open_only:
        qs = qs.filter(status__in=ServiceRequest.OPEN)
    return _for_lists(qs).order_by("resolution_due_on", "created_at", "pk")


def operator_queue(user) -> QuerySet[ServiceRequest]:
    """Open requests that are overdue or that no provider took, in the operator's cities (all for platform
    operators): the provider's city, or the firm's or target city when no provider has it."""
    if not is_active_user(user) or not (user.is_platform_operator or user.operator_cities.exists()):
        return ServiceRequest.objects.none()
    qs = ServiceRequest.objects.filter(status__in=ServiceRequest.OPEN).filter(
        Q(overdue_since__isnull=False) | Q(provider__isnull=True))
    if not user.is_platform_operator:
        cities = user.operator_cities.values("pk")
        qs = qs.filter(Q(provider__organisation__city__in=cities)
                       | Q(provider__organisation__city__isnull=True, firm_city__in=cities)
                       | Q(provider__isnull=True, target_city__in=cities))
    return _for_lists(qs).order_by("overdue_since", "created_at", "pk")


def requesting_organisations(user) -> QuerySet[Organisation]:
    """The organisations the person may request a service for."""
    if not is_active_user(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).select_related("city").order_by("name_en", "name_zh")


def is_provider(user) -> bool:
    return is_active_user(user) and Provider.objects.filter(organisation__in=_my_orgs(user)).exists()



def operator_requests(requests: QuerySet[ServiceRequest], *, month=None, category: str = "", provider: str = "",
                      city=None, from_city=None, resolution: str = "") -> QuerySet[ServiceRequest]:
    """`requests` (the operator's) made in `month` (China time), of a category, a provider ("none": unrouted), a
    target city and a firm's city, resolved ("resolved") or resolved by their resolution day ("in_time", China
    date, as insights' SLA figure counts): the requests behind a figure."""
    if month is not None:
        start = month.replace(day=1)
        end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
        requests = requests.filter(created_at__date__gte=start, created_at__date__lt=end)
    if category:
        requests = requests.filter(category=category)
    if provider == "none":
        requests = requests.filter(provider__isnull=True)
    elif provider:
        requests = requests.filter(provider_id=int(provider))
    if city is not None:
        requests = requests.filter(target_city=city)
    if from_city is not None:
        requests = requests.filter(firm_city=from_city)
    if resolution:
        requests = requests.filter(resolved_at__isnull=False)
    if resolution == "in_time":
        requests = requests.filter(resolution_due_on__isnull=False, resolved_at__date__lte=F("resolution_due_on"))
    return _for_lists(requests).order_by("-created_at", "-pk")


def managed_organisations(user) -> QuerySet[Organisation]:
    """The organisations whose catalogue the person edits (those they are an admin of)."""
    if not is_active_user(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Membership.Role.ADMIN
                                       ).order_by("name_en", "name_zh")


def my_services(user) -> QuerySet[Service]:
    """The services of the organisations the person is an admin of, retired ones included."""
    return (Service.objects.filter(provider__organisation__in=managed_organisations(user).values("pk"))
            .select_related("provider__organisation").prefetch_related("cities").order_by("-is_active", "category", "pk"))


def managed_service_or_404(user, pk) -> Service:
    """A service (retired ones too; 404 when there is none); 403 unless the person is an admin of its provider."""
    service = or_404(Service.objects.select_related("provider__organisation").filter(pk=pk).first())
    if not can(user, "services.manage_catalogue", service.provider.organisation):
        raise PermissionDenied
    return service
