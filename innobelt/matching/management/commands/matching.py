"""`innobelt matching rebuild` and `innobelt matching eval --beir DIR [--json]`."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Matching index maintenance and evaluation."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rebuild", help="rebuild the index from every registered source (progress bar)")
        ev = sub.add_parser("eval", help="evaluate on a BEIR folder with the production pipeline")
        ev.add_argument("--beir", required=True)
        ev.add_argument("--json", action="store_true")
        ev.add_argument("--limit-queries", type=int)

    def handle(self, *args, action, **options):
        if action == "rebuild":
            from innobelt.matching.domain import rebuild_index

            stats = rebuild_index(progress=True)
            self.stdout.write(f"indexed {stats.records} records ({stats.rows} texts), "
                              f"encoded {stats.encoded} new texts in {stats.seconds:.1f} s")
        else:
            from innobelt.matching.engine.cli import main

            argv = ["eval", "--beir", options["beir"]]
            if options["json"]:
                argv.append("--json")
            if options.get("limit_queries"):
                argv += ["--limit-queries", str(options["limit_queries"])]
            raise SystemExit(main(argv))
