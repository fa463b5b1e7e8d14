"""Background work of 1:1 meetings (ids in, a domain call out). Without REDIS_URL Celery
runs it in-process (CELERY_TASK_ALWAYS_EAGER)."""

from celery import shared_task


@shared_task
def task_run_scheduler(run_id: int) -> str:
    from innobelt.meetings.domain import run_scheduler  # lazy: the domain imports this module to queue it

    return run_scheduler(run_id=run_id).status
