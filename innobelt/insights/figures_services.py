"""Figures of the service zone (ADR 1201): requests by the city where the service is needed, and SLA
compliance as two figures (resolved; resolved by the resolution day), one query each."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from innobelt.insights.figures import scoped_link
from innobelt.insights.registry import Figure, register
from innobelt.services.models import ServiceRequest


def _resolved():
    return ServiceRequest.objects.filter(resolved_at__isnull=False)


for figure in [
    Figure(
        "service_requests",
        _("Service requests"),
        "services",
        ServiceRequest.objects.all,
        date_path="created_at",
        city_path="target_city",
        org_path="firm",
        link=scoped_link("services:my_requests", "services:operator_requests"),
    ),
    Figure(
        "service_requests_resolved",
        _("Service requests resolved"),
        "services",
        _resolved,
        date_path="resolved_at",
        city_path="target_city",
        org_path="firm",
        link=scoped_link("services:my_requests", "services:operator_requests", resolution="resolved"),
    ),
    Figure(
        "service_requests_in_time",
        _("Service requests resolved by their resolution day (SLA met)"),
        "services",
        # the day in China time (settings.TIME_ZONE), the resolution day counted in working days by services
        lambda: _resolved().filter(resolution_due_on__isnull=False, resolved_at__date__lte=F("resolution_due_on")),
        date_path="resolved_at",
        city_path="target_city",
        org_path="firm",
        link=scoped_link("services:my_requests", "services:operator_requests", resolution="in_time"),
    ),
]:
    register(figure)
