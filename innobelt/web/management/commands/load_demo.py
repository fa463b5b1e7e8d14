"""Load the Belt's demo data into a new database: cities, industries, agreements, the seeds'
organisations, demo accounts and (optionally) synthetic organisations. Once only: a database
where the demo was loaded is left alone, and so is one that already holds accounts (unless
--force)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from innobelt.accounts.models import User
from innobelt.web.demo import DEMO_GUIDE, DEMO_PASSWORD, demo_loaded_at, load_demo, quiet_side_effects

# The summary's counts worth a line; the rest of load_demo's summary (account lists) is in DEMO_GUIDE.
SHORT_SUMMARY = ("cities", "industries", "organisations from the seeds", "shared resources", "access requests",
                 "bookings made now", "matching index")


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
            if not options["no_index"]:
                self._rebuild_an_outdated_index()
            return
        if not force and User.objects.exists():
            self.stdout.write("demo data: not loaded, this database already holds accounts (use --force to add the demo anyway)")
            return
        with quiet_side_effects():
            summary = load_demo(stdout=self.stdout)
            if synthetic:
                call_command("generate", orgs=synthetic, seed=1, stdout=self.stdout)
        if not options["no_index"]:
            from innobelt.matching.domain import rebuild_index

            stats = rebuild_index(progress=True)
            summary["matching index"] = f"{stats.records} records"
        self.stdout.write("demo data loaded: " + "; ".join(f"{key} {value}" for key, value in summary.items()
                                                          if key in SHORT_SUMMARY))
        self.stdout.write(f"sign in with any of these (password {DEMO_PASSWORD}):")
        width = max(len(email) for email, _, _ in DEMO_GUIDE)
        for email, role, what in DEMO_GUIDE:
            self.stdout.write(f"  {email:<{width}}  {role}: {what}")

    def _rebuild_an_outdated_index(self) -> None:
        """`make run` again after an upgrade: an index saved in an older format is refused by the engine
        (ADR 0202 Decision 6), so the demo's index is rebuilt rather than left unreadable."""
        from innobelt.matching import index_store
        from innobelt.matching.domain import rebuild_index
        from innobelt.matching.engine.store import IndexFormatError

        try:
            index_store.get_index()
        except IndexFormatError as error:
            self.stdout.write(f"matching index: {error}; rebuilding it")
            stats = rebuild_index(progress=True)
            self.stdout.write(f"matching index: {stats.records} records")
