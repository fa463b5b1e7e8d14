"""Counts the operations and cases schemathesis ran, for the summary lines."""

from collections import Counter

CASES: Counter = Counter()
# Stateful runs: sequences (scenarios), calls made in them, calls whose input came through a link.
STATEFUL: Counter = Counter()


def record(case, *, link: bool | None = None) -> None:
    """Counts a case; `link` is given for stateful steps: True when a link supplied its input."""
    CASES[case.operation.label] += 1
    if link is not None:
        STATEFUL["calls"] += 1
        STATEFUL["links"] += link


def record_sequence() -> None:
    STATEFUL["sequences"] += 1
