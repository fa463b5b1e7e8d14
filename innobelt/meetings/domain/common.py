"""Kept only for meetings/domain/scheduling.py and participation.py (edited by the cancellation work at
the same time): they import these names from here. Import `agenda_link` from `innobelt.meetings.links` and
`local` from `innobelt.kit.local_time` instead; delete this module once those two imports are switched."""

from innobelt.kit.local_time import local
from innobelt.meetings.links import agenda_link

__all__ = ["agenda_link", "local"]
