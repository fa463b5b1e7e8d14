from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from innobelt.organisations.importing import import_organisations
from innobelt.tabular_import import ImportRejected, check_size


class Command(BaseCommand):
    help = "Import organisations from a CSV or XLSX file: every row or none (a progress bar on stderr)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, path, no_progress=False, **options):
        file = Path(path)
        if not file.exists():
            raise CommandError(f"{path}: no such file")
        bar = tqdm(desc="checking rows", unit="row", disable=no_progress, file=self.stderr._out)

        def progress(phase, checked, total):
            bar.set_description({"validating": "checking rows", "staging": "preparing", "applying": "saving"}.get(phase, phase))
            bar.total = total
            bar.update(checked - bar.n)

        try:
            check_size(file.stat().st_size)
            created = import_organisations(actor=None, data=file.read_bytes(), filename=file.name, progress=progress)
        except ImportRejected as exc:
            bar.close()
            for e in exc.errors:
                self.stderr.write(f"line {e.line} {e.column}: {e.message}")
            raise CommandError("nothing was imported") from None
        bar.close()
        self.stdout.write(f"imported {len(created)} organisations")
