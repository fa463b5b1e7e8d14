"""Background work of needs and challenges: ids in, a domain call out."""

from celery import shared_task


@shared_task
def task_expire_needs() -> int:
    """Expire the open needs whose deadline has passed (daily, after midnight China time)."""
    from innobelt.challenges.domain import expire_needs  # lazy: the domain imports this module

    return expire_needs()
