"""The Belt's data at the Belt's scale: dashboards, the display wall and open data timed against a minimal Django view.

    python bench/bench_insights.py [--scale 1.0] [--requests 60] [--backend postgres|sqlite|all] [--keep-database NAME]

At scale 1.0 a fresh database (PostgreSQL when reachable, in a temporary database dropped afterwards; its
name starts with `BENCH_DB_PREFIX`) holds what issue 27 asks for: 100,000 organisations, 30,000 resources,
1,000,000 equipment bookings, 200,000 service requests and 100,000 proposals, with 100,000 access requests,
1,000 challenges, 2,000 events and 300 service providers (bench/belt_data.py: spread over the cities as on
the Belt, written with COPY; `--scale` multiplies every number). Every page is fetched through Django's full
request handler (middleware, session, templates) in the same process as a minimal view answering "ok" (the
floor):

* cold: a page with nothing kept, which counts every figure from the records in the view (what each page
  view would cost without the periodic task), with its number of queries;
* the refresh: `task_refresh_figures` (every minute in production) computing the whole Belt's, every
  city's, the wall's and open data's numbers, timed;
* warm: `--requests` rounds of every page and the floor after it, reading what the task computed (with the
  number of queries of a page view: a handful, none over the records).

It prints p50/p95 in ms and as ratios to the floor's, and fails (exit 1) when the whole-Belt dashboard's warm
p95 is more than 10 × the floor's p95. Measured results: docs/adr/1201-insights.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "innobelt_bench_insights")  # the temporary database's name
LIMIT = 10.0  # the whole-Belt dashboard's warm p95 against the floor's


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run_backend(scale: float, requests: int) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from bench.belt_data import add_pipelines, add_service_zone, existing_counts, make_belt

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    counts = existing_counts()
    if not counts["organisations"]:
        counts = make_belt(scale)
    elif not counts["service_requests"]:
        print("  the Belt is in the kept database without its service zone: adding it", file=sys.stderr, flush=True)
        counts = add_service_zone(scale)
    elif not counts["pipelines"]:
        print("  the Belt is in the kept database without its pipelines: adding them", file=sys.stderr, flush=True)
        counts = add_pipelines(scale)
    else:
        print("  the Belt is already in the kept database: reused", file=sys.stderr, flush=True)
    if connection.vendor == "postgresql":
        print("  ANALYZE", file=sys.stderr, flush=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    generated = time.perf_counter() - started
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ROOT_URLCONF = "bench.insights_urls"
    # No collectstatic in a bench: static URLs without the manifest's hashes (as the test settings do).
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    from innobelt.accounts.models import User
    from innobelt.belt.models import City
    from innobelt.insights.queries import refresh_figures

    operator = User.objects.filter(email="bench-operator@example.com").first() or User.objects.create_user(
        email="bench-operator@example.com", password="x", is_platform_operator=True
    )
    client = Client()
    client.force_login(operator)
    city = City.objects.order_by("position").first()
    pages = {
        "floor": "/bench/minimal/",
        "belt dashboard": "/en/insights/belt/",
        "city dashboard": f"/en/insights/cities/{city.slug}/",
        "wall": "/en/insights/wall/",
        "wall data": "/insights/wall/data/",
        "open data by city (CSV)": "/insights/open-data/figures-by-city.csv",
        "open data resources (CSV)": "/insights/open-data/resources.csv",
        "open data events (JSON)": "/insights/open-data/events.json",
    }

    def get(url: str) -> tuple[float, int]:
        with CaptureQueriesContext(connection) as queries:
            t = time.perf_counter()
            response = client.get(url)
            ms = (time.perf_counter() - t) * 1000
        assert response.status_code == 200, (url, response.status_code)
        return ms, len(queries)

    client.get(pages["floor"])  # the session and the URLconf loaded once, outside every figure
    out: dict[str, dict] = {name: {} for name in pages}
    # cold: nothing kept, so the page counts every figure from the records (what a page view would cost
    # without the periodic task)
    for name, url in pages.items():
        print(f"  cold: {name}", file=sys.stderr, flush=True)
        cache.clear()
        out[name]["cold"], out[name]["cold_queries"] = get(url)
    # the periodic task (every minute in production) computes them ahead of the page views
    cache.clear()
    print("  the periodic refresh (task_refresh_figures)", file=sys.stderr, flush=True)
    t = time.perf_counter()
    refreshed = refresh_figures()
    refresh_s = time.perf_counter() - t
    for name, url in pages.items():
        out[name]["first"], out[name]["queries"] = get(url)
    # warm: rounds of every page, the floor in each, so that they share the machine's load
    warm: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(requests):
        for name, url in pages.items():
            warm[name].append(get(url)[0])
    for name, times in warm.items():
        out[name].update(p50=statistics.median(times), p95=percentile(times, 0.95))
    return {
        "vendor": connection.vendor,
        "scale": scale,
        "counts": counts,
        "generated_s": generated,
        "refresh_s": refresh_s,
        "refreshed_scopes": refreshed,
        "pages": out,
    }


def child(backend: str, scale: float, requests: int, keep: str = "") -> None:
    os.environ.update(
        {
            "INNOBELT_EMBEDDED": "true",
            "DJANGO_SETTINGS_MODULE": "innobelt.settings",
            "LOG_LEVEL": "ERROR",
            "AXES_ENABLED": "false",
            "INNOBELT_HTTPS": "false",
            "MATCHING_AUTO_INDEX": "false",
            "OPERATORS_NEED_SECOND_FACTOR": "false",
        }
    )
    sys.path.insert(0, str(ROOT))
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["INNOBELT_VAR_DIR"] = tmp
            os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
            print(json.dumps(run_backend(scale, requests)))
        return
    import dj_database_url
    import psycopg

    settings = dj_database_url.parse(PG_URL)
    name = keep or f"{DB_PREFIX}_{os.getpid()}"
    admin = psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
        autocommit=True,
    )
    if not (keep and admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()):
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        os.environ["DATABASE_URL"] = PG_URL.rsplit("/", 1)[0] + f"/{name}"
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["INNOBELT_VAR_DIR"] = tmp
            result = run_backend(scale, requests)
        from django.db import connections

        connections.close_all()
        print(json.dumps(result))
    finally:
        if not keep:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def postgres_reachable() -> bool:
    try:
        import dj_database_url
        import psycopg

        c = dj_database_url.parse(PG_URL)
        psycopg.connect(
            host=c["HOST"], port=c["PORT"] or 5432, user=c["USER"], password=c["PASSWORD"] or None, dbname=c["NAME"], connect_timeout=3
        ).close()
        return True
    except Exception:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "all"], default="postgres")
    parser.add_argument(
        "--keep-database",
        default="",
        metavar="NAME",
        help="PostgreSQL only: use this database and keep it (the Belt generated on the first run, reused after; drop it yourself)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.backend, args.scale, args.requests, args.keep_database)
        return 0
    backends = ["sqlite", "postgres"] if args.backend == "all" else [args.backend]
    if "postgres" in backends and not postgres_reachable():
        print(f"PostgreSQL not reachable at {PG_URL}: skipped (set TEST_DATABASE_URL)", file=sys.stderr)
        backends.remove("postgres")
    failed = False
    for backend in backends:
        print(f"… {backend}: generating the Belt at scale {args.scale} and timing the pages", file=sys.stderr)
        done = subprocess.run(
            [sys.executable, __file__, "--child", "--backend", backend, "--scale", str(args.scale), "--requests", str(args.requests)]
            + (["--keep-database", args.keep_database] if args.keep_database else []),
            stdout=subprocess.PIPE,  # the result as JSON; the progress lines on stderr pass through
            text=True,
            cwd=ROOT,
        )
        if done.returncode != 0:
            return 1
        r = json.loads(done.stdout.strip().splitlines()[-1])
        floor = r["pages"]["floor"]
        print(
            f"\nThe Belt's data on {r['vendor']}, scale {r['scale']}: "
            + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in r["counts"].items())
            + f" (generated in {r['generated_s']:.0f} s)\n"
        )
        print(
            f"Figures computed ahead by the periodic task (task_refresh_figures, {r['refreshed_scopes']} scopes): "
            f"{r['refresh_s']:.1f} s.\n"
        )
        print(
            "| page | cold: computed in the view, ms (× floor p50) [queries] | after the refresh: first view ms [queries] "
            "| warm p50 ms (× floor) | warm p95 ms (× floor) |"
        )
        print("|---|---|---|---|---|")
        for name, p in r["pages"].items():
            print(
                f"| {name} | {p['cold']:,.0f} ({p['cold'] / floor['p50']:,.0f}×) [{p['cold_queries']}] | {p['first']:.1f} [{p['queries']}] "
                f"| {p['p50']:.1f} ({p['p50'] / floor['p50']:.1f}×) | {p['p95']:.1f} ({p['p95'] / floor['p95']:.1f}×) |"
            )
        ratio = r["pages"]["belt dashboard"]["p95"] / floor["p95"]
        print(
            f"\nfloor: a minimal Django view through the same handler, timed in the same rounds as the pages; warm: "
            f"{args.requests} rounds reading what the periodic task computed. "
            f"Whole-Belt dashboard warm p95 = {ratio:.1f}× the floor's (limit {LIMIT:.0f}×)."
        )
        failed |= ratio > LIMIT
    if failed:
        print("FAILED: the whole-Belt dashboard's p95 is more than 10 × the floor's", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
