"""Counts the operations and cases schemathesis ran, for the summary line."""

from collections import Counter

CASES: Counter = Counter()


def record(case) -> None:
    CASES[case.operation.label] += 1
