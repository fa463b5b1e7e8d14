"""Background work of the register: reminders (ids in or none, a domain call out).

Run them periodically (every 15 minutes is enough): with Celery beat in
production, or `manage.py send_resource_reminders` from cron. Without
REDIS_URL Celery runs them in-process.
"""

from celery import shared_task

from innobelt.resources import domain


@shared_task
def task_send_booking_reminders() -> int:
    return domain.send_booking_reminders()


@shared_task
def task_send_outcome_report_reminders() -> int:
    return domain.send_outcome_report_reminders()
