"""The challenges app's race tests read the shared helper (tests/races.py) under their old import."""

from tests.races import postgresql_only, race

__all__ = ["postgresql_only", "race"]
