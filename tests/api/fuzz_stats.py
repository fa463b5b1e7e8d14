"""Counts the operations and cases schemathesis ran, for the summary lines."""

from collections import Counter

CASES: Counter = Counter()
# Stateful runs: sequences (scenarios), calls made in them, calls whose input came through a link.
STATEFUL: Counter = Counter()


# Cases with a NUL character in a query or path parameter.
NUL_CASES: Counter = Counter()


def has_nul(case) -> bool:
    values = [*(case.query or {}).values(), *(case.path_parameters or {}).values()]
    return any("\x00" in v or "%00" in v for v in values if isinstance(v, str)) or any(
        "\x00" in i for v in values if isinstance(v, list) for i in v if isinstance(i, str))


def record(case, *, link: bool | None = None) -> None:
    """Counts a case; `link` is given for stateful steps: True when a link supplied its input."""
    CASES[case.operation.label] += 1
    if has_nul(case):
        NUL_CASES["query" if any("\x00" in str(v) for v in (case.query or {}).values()) else "path"] += 1
    if link is not None:
        STATEFUL["calls"] += 1
        STATEFUL["links"] += link


def record_sequence() -> None:
    STATEFUL["sequences"] += 1
