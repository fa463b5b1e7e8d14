"""Background work of imports (ids in, a domain call out). On the embedded default the job runs in a
daemon thread of the web process (innobelt.imports.domain._enqueue), in production on a worker."""

from celery import shared_task


@shared_task
def task_run_import(job_id: str) -> str:
    from innobelt.imports.domain import run_import  # lazy: the domain imports this module to queue it

    return run_import(job_id=job_id).status
