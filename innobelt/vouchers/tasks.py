"""Background work of innovation vouchers: ids in, a domain call out."""

from celery import shared_task


@shared_task
def task_expire_vouchers() -> int:
    """Expire the vouchers whose last day has passed (daily, after midnight China time)."""
    from innobelt.vouchers.domain import expire_vouchers  # lazy: keeps the task module free of the domain at import

    return expire_vouchers()


@shared_task
def task_redeem_completed() -> int:
    """Redeem the reserved shares of bookings that ended after their outcome report was filed, release those
    of no-shows (hourly)."""
    from innobelt.vouchers.domain import redeem_due, release_stale  # lazy: keeps the task module free of the domain

    return redeem_due() + release_stale()
