"""Escalation of overdue requests (a periodic task, innobelt/services/tasks.py).

A request is overdue when its provider has not answered a new request by its response day, or has not
resolved an accepted or running one by its resolution day (days in China time). Waiting for the client
stops the resolution clock, so a waiting request is never overdue. Each overdue request is escalated once:
marked `overdue_since`, and its provider's members and the district operators of the provider's city (the
firm's city when the provider has none) are told; it then stays on the operators' queue while it is open.
"""

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import operators_of
from innobelt.services.domain.requests import members_of
from innobelt.services.models import ServiceRequest

S = ServiceRequest.Status


def overdue_filter(today: date) -> Q:
    """Open requests past a due day (the response day for new ones, the resolution day for the running ones)."""
    return (Q(status=S.NEW, provider__isnull=False, response_due_on__lt=today)
            | Q(status__in=[S.ACCEPTED, S.IN_PROGRESS], resolution_due_on__lt=today))


def escalate_overdue_requests(*, today: date | None = None) -> int:
    """Mark every newly overdue request and tell its provider and district operators. Returns how many.

    Each request in its own short transaction under its row lock, checked again under the lock (a provider
    answering at that moment wins). Side effects: audit entries, notifications.
    """
    today = today or timezone.localdate()
    escalated = 0
    candidates = ServiceRequest.objects.filter(overdue_filter(today), overdue_since__isnull=True)
    for pk in list(candidates.values_list("pk", flat=True)):
        with transaction.atomic():
            request = (ServiceRequest.objects.select_for_update(of=("self",))
                       .select_related("provider__organisation", "firm", "firm_city")
                       .filter(overdue_filter(today), pk=pk, overdue_since__isnull=True).first())
            if request is None:
                continue
            request.overdue_since = timezone.now()
            request.save(update_fields=["overdue_since"])
            which = "response" if request.status == S.NEW else "resolution"
            due = request.response_due_on if which == "response" else request.resolution_due_on
            record_action(actor=None, action="service_request.escalated", target=request,
                          data={"clock": which, "due": due.isoformat() if due else ""})
            organisation = request.provider.organisation if request.provider else None
            city = organisation.city_id if organisation is not None and organisation.city_id else request.firm_city_id
            recipients = {u.pk: u for u in [*members_of(organisation), *operators_of(city)]}
            subject, body = _overdue_message(request, due)
            notify(list(recipients.values()), kind="services.request_overdue", subject=subject, body=body,
                   link=request.get_absolute_url())
            escalated += 1
    return escalated


def _overdue_message(request: ServiceRequest, due: date | None) -> tuple[Callable[[], str], Callable[[], str]]:
    """The subject and body of the overdue notice, rendered in each recipient's language."""
    def subject() -> str:
        return _("Service request #%(n)d is overdue") % {"n": request.pk}

    def body() -> str:
        return _("It was due on %(day)s and is %(status)s.") % {"day": due.isoformat() if due else "",
                                                               "status": request.get_status_display()}
    return subject, body
