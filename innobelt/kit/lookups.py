"""Reading scoped querysets: the one step every `<object>_or_404` in an app's queries.py ends with, and the
first rows of a list with its full count (the workbench's queues, the site search's groups)."""

from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import Http404

T = TypeVar("T")


def or_404(found: T | None) -> T:
    """`found`, or a 404 when the scoped query found nothing (not there, or not the caller's to see: the same answer)."""
    if found is None:
        raise Http404
    return found


def first_rows(qs: QuerySet[Any], n: int) -> tuple[list[Any], int]:
    """The first `n` rows of an ordered queryset and how many rows it has in all (no count query when
    there are fewer than `n`)."""
    rows = list(qs[:n])
    return rows, len(rows) if len(rows) < n else qs.count()
