from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innobelt.organisations.importing import import_organisations
from innobelt.tabular_import import ImportRejected


class Command(BaseCommand):
    help = "Import organisations from a CSV or XLSX file: every row or none."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        file = Path(path)
        if not file.exists():
            raise CommandError(f"{path}: no such file")
        try:
            created = import_organisations(actor=None, data=file.read_bytes(), filename=file.name)
        except ImportRejected as exc:
            for e in exc.errors:
                self.stderr.write(f"line {e.line} {e.column}: {e.message}")
            raise CommandError("nothing was imported") from None
        self.stdout.write(f"imported {len(created)} organisations")
