"""Background work of the register: reminders (ids in or none, a domain call out).

Run them periodically (every 15 minutes is enough): with Celery beat in
production, or `manage.py send_resource_reminders` from cron. Without
REDIS_URL Celery runs them in-process.
"""

from celery import shared_task


@shared_task
def task_send_booking_reminders() -> int:
    from innobelt.resources.domain import send_booking_reminders  # lazy: the domain may import its tasks, never the reverse

    return send_booking_reminders()


@shared_task
def task_send_outcome_report_reminders() -> int:
    from innobelt.resources.domain import send_outcome_report_reminders  # lazy: the domain may import its tasks, never the reverse

    return send_outcome_report_reminders()


@shared_task
def task_release_no_shows() -> int:
    from innobelt.resources.domain.approvals import lapse_pending_bookings  # lazy: the domain may import its tasks, never the reverse
    from innobelt.resources.domain.checkin import release_no_shows  # lazy: the domain may import its tasks, never the reverse

    return release_no_shows() + lapse_pending_bookings()  # pending bookings undecided at their start lapse on the same sweep


@shared_task
def task_close_pledge_quarters() -> int:
    from innobelt.resources.domain.statements import close_pledge_quarters  # lazy: the domain may import its tasks, never the reverse

    return close_pledge_quarters()
