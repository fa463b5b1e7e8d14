"""1:1 meeting scheduler of innobelt (pure Python + HiGHS; no Django).

Public API::

    from innobelt.meetings.scheduling import load_instance, schedule_meetings, dump_schedule
    inst = load_instance("event.json")
    result = schedule_meetings(inst, time_limit=30, fairness="tiebreak", keep=())
    print(result.value, result.bound, result.gap, result.method)
    dump_schedule("schedule.json", inst, result)

See :mod:`.solver` for the method and ``docs/adr/0101-meeting-scheduler.md`` for the design.
"""

from .generator import generate
from .greedy import by_weight, fcfs
from .instance import (
    Instance,
    InstanceError,
    Meeting,
    Participant,
    Request,
    Slot,
    dump_schedule,
    load_instance,
    parse_instance,
)
from .solver import ScheduleResult, greedy_result, schedule_meetings

__all__ = [
    "Instance", "InstanceError", "Meeting", "Participant", "Request", "ScheduleResult", "Slot",
    "by_weight", "dump_schedule", "fcfs", "generate", "greedy_result", "load_instance",
    "parse_instance", "schedule_meetings",
]
