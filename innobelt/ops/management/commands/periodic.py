"""`innobelt periodic`: the periodic schedule in this process (the embedded default's Celery beat).

    innobelt periodic            run each entry when it is due, until stopped (`make run` starts it)
    innobelt periodic --once     run the entries due now, then stop
    innobelt periodic --run NAME run one entry now
    innobelt periodic --list     each entry, its schedule, its last run and outcome

Run by `make run` beside the development server with `--parent PID` (the shell that starts both): it
stops when that process is no longer its parent, also when it died before this one finished starting, so
a server killed by any signal leaves no schedule running behind it.
"""

import datetime
import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from innobelt.ops import periodic


class Command(BaseCommand):
    help = "Run the periodic schedule (settings.CELERY_BEAT_SCHEDULE) in this process; production uses Celery beat."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--once", action="store_true", help="run the entries due now, then stop")
        group.add_argument("--run", metavar="NAME", help="run one entry now")
        group.add_argument("--list", action="store_true", help="show the schedule with last runs")
        parser.add_argument("--every", type=float, default=30.0, help="seconds between checks (default 30)")
        parser.add_argument("--parent", type=int, metavar="PID", help="stop when process PID is no longer this one's parent")

    def handle(self, *args, once=False, run=None, list=False, every=30.0, parent=None, **options):
        if list:
            for e in periodic.schedule_status():
                last = (
                    f"{timezone.localtime(e.last_run.started_at):%Y-%m-%d %H:%M} {e.last_run.status} {e.last_run.result}"
                    if e.last_run
                    else "not run yet"
                )
                self.stdout.write(f"{e.name:28} {e.schedule:18} {last}")
            return
        if run:
            if run not in periodic.entries():
                raise CommandError(f"no entry {run!r}; the entries: {', '.join(periodic.entries())}")
            self._report([periodic.run_entry(run)])
            return
        started = timezone.now()
        if once:
            self._report(periodic.run_due(started=started - _A_DAY))
            return
        self.stdout.write(f"running the periodic schedule ({len(periodic.entries())} entries), checking every {every:g} s")
        while parent is None or os.getppid() == parent:
            self._report(periodic.run_due(started=started))
            _sleep_watching(every, parent)
        self.stdout.write(f"process {parent} that started the schedule has ended: stopping")

    def _report(self, runs) -> None:
        for r in runs:
            self.stdout.write(f"{timezone.localtime(r.started_at):%H:%M:%S} {r.task}: {r.status} {r.result}")


_A_DAY = datetime.timedelta(days=1)


def _sleep_watching(seconds: float, parent: int | None) -> None:
    """Sleep `seconds`, waking each second to see whether the parent is still the one that started us."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        if parent is not None and os.getppid() != parent:
            return
        time.sleep(min(1.0, left))
