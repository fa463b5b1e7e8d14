"""Background work for matching: ids in, a domain call out."""

from celery import shared_task


@shared_task
def task_reindex_record(kind: str, pk: str) -> None:
    from innobelt.matching.domain import reindex_record  # lazy: the domain may import its tasks, never the reverse

    reindex_record(kind=kind, pk=pk)
