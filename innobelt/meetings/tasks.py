"""Background work of 1:1 meetings (ids in, a domain call out). Without REDIS_URL Celery
runs it in-process (CELERY_TASK_ALWAYS_EAGER)."""

from celery import shared_task

from innobelt.meetings import domain


@shared_task
def task_run_scheduler(run_id: int) -> str:
    return domain.run_scheduler(run_id=run_id).status
