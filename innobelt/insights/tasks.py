"""Background work of the Belt's data: the figures computed ahead of the page views."""

from celery import shared_task


@shared_task
def task_refresh_figures() -> int:
    """Compute the whole Belt's, every city's and the wall's figures into the cache (every minute), so that
    a page view reads them instead of counting; returns how many scopes were refreshed."""
    from innobelt.insights.queries import refresh_figures  # lazy: keeps the worker's import light

    return refresh_figures()


@shared_task
def task_generate_report(run_id: str) -> str:
    """Generate a quarterly report asked for by an operator (ids in, the domain call out)."""
    from innobelt.insights.domain import generate_report  # lazy: the domain imports this module to queue it

    return generate_report(run_id=run_id).status


@shared_task
def task_expire_reports() -> int:
    """Delete the files of quarterly reports done more than INSIGHTS_REPORT_KEEP_DAYS ago (daily); returns how many."""
    from innobelt.insights.domain import expire_old_reports  # lazy: the domain imports this module to queue reports

    return expire_old_reports()
