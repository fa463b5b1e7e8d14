"""Background work of the meeting zone (ids in or none, a domain call out).

Run `task_send_event_reminders` periodically (hourly is enough): with Celery beat in
production, or `manage.py send_event_reminders` from cron. Without REDIS_URL Celery
runs it in-process.
"""

from celery import shared_task


@shared_task
def task_send_event_reminders(event_id: int | None = None) -> int:
    """Remind the people of events starting within a day (of one event, given its id)."""
    from innobelt.events.domain import send_event_reminders  # lazy: the domain may import its tasks, never the reverse

    return send_event_reminders(event_id=event_id)


@shared_task
def task_deliver_event_message(message_id: int) -> int:
    """Send an organiser's message to its recipients (once; a retry sends nothing more)."""
    from innobelt.events.domain import deliver_event_message  # lazy: the domain imports this module to queue it

    return deliver_event_message(message_id=message_id)
