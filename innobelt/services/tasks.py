"""Background work of the service zone: ids in, a domain call out."""

from celery import shared_task


@shared_task
def task_escalate_overdue_requests() -> int:
    """Escalate the requests that became overdue (every half hour)."""
    from innobelt.services.domain import escalate_overdue_requests  # lazy: the domain may import this module

    return escalate_overdue_requests()
