"""The one step every `<object>_or_404` in an app's queries.py ends with."""

from typing import TypeVar

from django.http import Http404

T = TypeVar("T")


def or_404(found: T | None) -> T:
    """`found`, or a 404 when the scoped query found nothing (not there, or not the caller's to see: the same answer)."""
    if found is None:
        raise Http404
    return found
