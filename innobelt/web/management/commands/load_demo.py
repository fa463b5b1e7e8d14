"""Load the Belt's demo data into a new database: cities, industries, agreements, the seeds'
organisations, demo accounts and (optionally) synthetic organisations. Once only: a database
where the demo was loaded is left alone, and so is one that already holds accounts (unless
--force)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from innobelt.accounts.models import User
from innobelt.web.demo import demo_loaded_at, load_demo


class Command(BaseCommand):
    help = "Load the Belt's demo data into a new database (once; does nothing when it is already loaded)."

    def add_arguments(self, parser):
        parser.add_argument("--synthetic", type=int, default=200, help="synthetic organisations to add (default 200)")
        parser.add_argument("--no-index", action="store_true", help="skip building the matching index")
        parser.add_argument("--force", action="store_true",
                            help="load the demo although the database already holds accounts (never a second time)")

    def handle(self, *args, synthetic, force, **options):
        loaded_at = demo_loaded_at()
        if loaded_at is not None:
            self.stdout.write(f"demo data: already loaded on {loaded_at:%Y-%m-%d %H:%M}; nothing was changed")
            return
        if not force and User.objects.exists():
            self.stdout.write("demo data: not loaded, this database already holds accounts (use --force to add the demo anyway)")
            return
        summary = load_demo(stdout=self.stdout)
        if synthetic:
            call_command("generate", orgs=synthetic, seed=1, stdout=self.stdout)
        if not options["no_index"]:
            from innobelt.matching.domain import rebuild_index

            stats = rebuild_index(progress=True)
            self.stdout.write(f"matching index: {stats.records} records, {stats.encoded} texts encoded")
        for key, value in summary.items():
            self.stdout.write(f"{key}: {value}")
