"""`innobelt matching rebuild`, `innobelt matching eval --beir DIR [--json]` and
`innobelt matching export-feedback --out DIR [--since DATE]`."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from innobelt.kit.local_time import aware


def _since(value: str) -> datetime.datetime:
    """A date (from its midnight, local time) or a date and time, ISO 8601."""
    try:
        moment = parse_datetime(value) or datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time.min)
    except ValueError:
        raise CommandError(f"--since: not a date: {value!r} (use YYYY-MM-DD or an ISO 8601 date and time)") from None
    return aware(moment)


class Command(BaseCommand):
    help = "Matching index maintenance and evaluation."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rebuild", help="rebuild the index from every registered source (progress bar)")
        ev = sub.add_parser("eval", help="evaluate on a BEIR folder with the production pipeline")
        ev.add_argument("--beir", required=True)
        ev.add_argument("--json", action="store_true")
        ev.add_argument("--limit-queries", type=int)
        ex = sub.add_parser("export-feedback", help="write the stored match feedback as a BEIR folder for `eval --beir`")
        ex.add_argument("--out", required=True, metavar="DIR")
        ex.add_argument("--since", metavar="DATE", help="only feedback given from this date (YYYY-MM-DD) or time on")
        ex.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    def handle(self, *args, action, **options):
        if action == "rebuild":
            from innobelt.matching.domain import rebuild_index

            stats = rebuild_index(progress=True)
            self.stdout.write(f"indexed {stats.records} records ({stats.rows} texts), "
                              f"encoded {stats.encoded} new texts in {stats.seconds:.1f} s")
        elif action == "export-feedback":
            self._export_feedback(out=options["out"], since=options.get("since"), progress=not options["no_progress"])
        else:
            from innobelt.matching.engine.cli import main

            argv = ["eval", "--beir", options["beir"]]
            if options["json"]:
                argv.append("--json")
            if options.get("limit_queries"):
                argv += ["--limit-queries", str(options["limit_queries"])]
            raise SystemExit(main(argv))

    def _export_feedback(self, *, out: str, since: str | None, progress: bool) -> None:
        from innobelt.matching.replay import NoFeedback, export_feedback

        moment = _since(since) if since else None
        try:
            stats = export_feedback(out=out, since=moment, progress=progress)
        except NoFeedback:
            raise CommandError("no match feedback to export" + (f" since {moment.isoformat()}" if moment else "")) from None
        self.stdout.write(
            f"wrote {stats.records} records, {stats.queries} queries ({stats.judged_relevant_queries} with a saved or "
            f"contacted match) and {stats.judgements} judgements ({stats.grades[2]} contacted, {stats.grades[1]} saved, "
            f"{stats.grades[0]} dismissed) to {out}; skipped {stats.skipped} feedback without a query or on a match "
            f"no longer matchable")
        if not stats.judged_relevant_queries:
            self.stderr.write("note: no query has a saved or contacted match, so `eval` will score 0 queries")
