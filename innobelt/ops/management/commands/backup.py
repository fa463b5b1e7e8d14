"""`innobelt backup --out FILE`: every row and every stored file in one checked archive (innobelt/ops/backup.py)."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from innobelt.ops.backup import make_backup


class Command(BaseCommand):
    help = "Write a backup of the database and the stored files to FILE (a .tar.gz with a manifest of checksums)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, metavar="FILE")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    def handle(self, *args, out, no_progress=False, **options):
        bar = None

        def progress(stage: str, done: int, total: int) -> None:
            nonlocal bar
            if no_progress:
                return
            if bar is None:
                bar = tqdm(total=total, desc=stage, unit="file", file=sys.stderr)
            bar.update(1)

        summary = make_backup(out, progress=progress)
        if bar is not None:
            bar.close()
        self.stdout.write(f"backup written to {out}: {summary.rows} rows, {summary.files} files, {summary.bytes} bytes")
