"""Load the Belt's demo data: cities, industries, agreements, the seeds'
organisations, demo accounts and (optionally) synthetic organisations."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from innobelt.web.demo import load_demo


class Command(BaseCommand):
    help = "Load the Belt's demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--synthetic", type=int, default=200, help="synthetic organisations to add (default 200)")
        parser.add_argument("--no-index", action="store_true", help="skip building the matching index")

    def handle(self, *args, synthetic, **options):
        summary = load_demo(stdout=self.stdout)
        if synthetic:
            call_command("generate", orgs=synthetic, seed=1, stdout=self.stdout)
        if not options["no_index"]:
            from innobelt.matching.domain import rebuild_index

            stats = rebuild_index(progress=True)
            self.stdout.write(f"matching index: {stats.records} records, {stats.encoded} texts encoded")
        for key, value in summary.items():
            self.stdout.write(f"{key}: {value}")
