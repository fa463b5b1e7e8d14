"""Background work of notifications (a domain call out).

Run `task_send_daily_digests` once a day (say at 18:00): with Celery beat in production, or
`manage.py send_notification_digests` from cron. Without REDIS_URL Celery runs it in-process.
"""

from celery import shared_task


@shared_task
def task_send_daily_digests() -> int:
    """E-mail each person who chose a daily digest the unread notifications waiting for it."""
    from innobelt.notifications.domain import send_daily_digests  # lazy: the domain may import its tasks, never the reverse

    return send_daily_digests()
