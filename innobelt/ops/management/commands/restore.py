"""`innobelt restore FILE`: check the whole archive, then replace every row and write every file."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from innobelt.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Restore a backup made by `innobelt backup`: every byte is checked first; a damaged, partial or "
            "foreign archive is refused and nothing changes. Replaces every row of this database.")

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FILE")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
        parser.add_argument("--no-rebuild-index", action="store_true", help="leave the matching index as it is")

    def handle(self, *args, path, no_progress=False, no_rebuild_index=False, **options):
        bars: dict[str, tqdm] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if no_progress:
                return
            if stage not in bars:
                bars[stage] = tqdm(total=total, desc=stage, unit="file", file=sys.stderr)
            bars[stage].update(1)

        try:
            summary = restore_backup(path, progress=progress, rebuild_index=not no_rebuild_index)
        except BackupError as exc:
            raise CommandError(f"refused, nothing was changed: {exc}") from None
        finally:
            for bar in bars.values():
                bar.close()
        self.stdout.write(f"restored {summary.rows} rows and {summary.files} files from {path}")
