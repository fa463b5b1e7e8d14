"""The `innobelt` command: a friendlier front to the management commands.

    innobelt generate --orgs 1000 --seed 1
    innobelt matching rebuild
    innobelt schedule-meetings INSTANCE.json --out SCHEDULE.json

Words with hyphens map to the management command with underscores. The meeting
scheduler runs without Django so that it can be used on any machine.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "schedule-meetings":
        from innobelt.meetings.scheduling.cli import main as schedule_main

        return schedule_main(argv[1:])
    if argv and argv[0] == "matching" and len(argv) > 1 and argv[1] == "eval":
        from innobelt.matching.engine.cli import main as matching_main

        return matching_main(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innobelt.settings")
    os.environ.setdefault("INNOBELT_EMBEDDED", "true")
    from django.core.management import execute_from_command_line

    if argv:
        argv[0] = argv[0].replace("-", "_")
    execute_from_command_line(["innobelt", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
