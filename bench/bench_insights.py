"""The Belt's data at the Belt's scale: dashboards and the display wall timed against a minimal Django view.

    python bench/bench_insights.py [--scale 1.0] [--requests 60] [--backend postgres|sqlite|all]

At scale 1.0 a fresh database (PostgreSQL when reachable, in a temporary database dropped afterwards) holds
100,000 organisations, 30,000 resources, 1,000,000 equipment bookings, 100,000 access requests, 1,000
challenges with 100,000 proposals and 2,000 events (`--scale` multiplies every number; service requests
arrive with the services app). Every page is fetched through Django's full request handler (middleware,
session, templates) in the same process as a minimal view answering "ok" (the floor):

* cold: the first request of a page, which computes every figure from the records;
* warm: `--requests` requests after it (figures kept `INSIGHTS_CACHE_SECONDS`, as in production).

It prints p50/p95 in ms and as ratios to the floor's, and fails (exit 1) when the whole-Belt dashboard's warm
p95 is more than 10 × the floor's p95.
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
BATCH = 5000
LIMIT = 10.0  # the whole-Belt dashboard's warm p95 against the floor's


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def bulk(model, rows) -> None:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


def make_belt(scale: float) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from innobelt.accounts.models import User
    from innobelt.belt.models import City
    from innobelt.belt.seeding import load_belt
    from innobelt.challenges.models import Challenge, Proposal
    from innobelt.events.models import Event
    from innobelt.organisations.models import Organisation
    from innobelt.resources.models import AccessRequest, Booking, Resource

    n = {
        "organisations": int(100_000 * scale),
        "resources": int(30_000 * scale),
        "bookings": int(1_000_000 * scale),
        "access_requests": int(100_000 * scale),
        "challenges": max(1, int(1_000 * scale)),
        "proposals": int(100_000 * scale),
        "events": int(2_000 * scale),
    }
    load_belt()
    cities = list(City.objects.all())
    now = timezone.now()
    kinds = ["sme", "startup", "large_firm", "laboratory", "university", "research_institute"]
    person = User.objects.create_user(email="bench-booker@example.com", password="x")
    bulk(
        Organisation,
        (
            Organisation(
                slug=f"b-{i}",
                kind=kinds[i % len(kinds)],
                name_zh=f"基准机构{i}",
                name_en=f"Bench {i}",
                city=cities[i % len(cities)],
                verification="verified" if i % 3 else "unverified",
                is_synthetic=True,
                created_at=now - timedelta(days=i % 700),
            )
            for i in range(n["organisations"])
        ),
    )
    org_ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    bulk(
        Resource,
        (
            Resource(
                owner_id=org_ids[i % len(org_ids)],
                kind="equipment",
                title_zh=f"设备{i}",
                title_en=f"Instrument {i}",
                city=cities[i % len(cities)],
                status="published",
                published_at=now - timedelta(days=i % 500),
                slot_minutes=60,
            )
            for i in range(n["resources"])
        ),
    )
    resource_ids = list(Resource.objects.order_by("pk").values_list("pk", flat=True))
    bulk(
        AccessRequest,
        (
            AccessRequest(
                resource_id=resource_ids[i % len(resource_ids)],
                organisation_id=org_ids[(i * 7 + i // len(resource_ids)) % len(org_ids)],
                requested_by=person,
                purpose="bench",
                status=["active", "declined", "pending"][i % 3],
                created_at=now - timedelta(days=i % 365),
            )
            for i in range(n["access_requests"])
        ),
    )
    start = now.replace(minute=0, second=0, microsecond=0) - timedelta(days=365)
    granted = {}  # resource -> (access request, organisation): each booking rides on one
    for resource_id, request_id, org_id in AccessRequest.objects.order_by("-pk").values_list("resource_id", "pk", "organisation_id"):
        granted[resource_id] = (request_id, org_id)
    booked = [r for r in resource_ids if r in granted]
    bulk(
        Booking,
        (
            Booking(
                resource_id=booked[i % len(booked)],
                access_request_id=granted[booked[i % len(booked)]][0],
                organisation_id=granted[booked[i % len(booked)]][1],
                booked_by=person,
                start=start + timedelta(hours=i // len(booked)),
                end=start + timedelta(hours=i // len(booked) + 1),
            )
            for i in range(n["bookings"])
        ),
    )
    bulk(
        Challenge,
        (
            Challenge(
                owner_id=org_ids[i % len(org_ids)],
                title_en=f"Challenge {i}",
                statement="bench",
                proposal_deadline=now + timedelta(days=30),
                status="published",
                published_at=now,
            )
            for i in range(n["challenges"])
        ),
    )
    challenge_ids = list(Challenge.objects.order_by("pk").values_list("pk", flat=True))
    bulk(
        Proposal,
        (
            Proposal(
                challenge_id=challenge_ids[i % len(challenge_ids)],
                organisation_id=org_ids[(i // len(challenge_ids)) % len(org_ids)],
                status="submitted",
                trl=1 + i % 9,
                submitted_at=now,
            )
            for i in range(n["proposals"])
        ),
    )
    bulk(
        Event,
        (
            Event(
                kind="forum",
                status="published",
                title_en=f"Forum {i}",
                organiser_id=org_ids[i % len(org_ids)],
                city=cities[i % len(cities)],
                starts_at=now - timedelta(days=i % 400),
                ends_at=now - timedelta(days=i % 400) + timedelta(hours=4),
                published_at=now,
            )
            for i in range(n["events"])
        ),
    )
    return n


def run_backend(scale: float, requests: int) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    counts = make_belt(scale)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    generated = time.perf_counter() - started
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ROOT_URLCONF = "bench.insights_urls"
    # No collectstatic in a bench: static URLs without the manifest's hashes (as the test settings do).
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    from innobelt.accounts.models import User

    operator = User.objects.create_user(email="bench-operator@example.com", password="x", is_platform_operator=True)
    client = Client()
    client.force_login(operator)
    city = __import__("innobelt.belt.models", fromlist=["City"]).City.objects.order_by("position").first()
    pages = {
        "floor": "/bench/minimal/",
        "belt dashboard": "/en/insights/belt/",
        "city dashboard": f"/en/insights/cities/{city.slug}/",
        "wall": "/en/insights/wall/",
        "wall data": "/insights/wall/data/",
    }
    out = {}
    for name, url in pages.items():
        t = time.perf_counter()
        response = client.get(url)
        cold = (time.perf_counter() - t) * 1000
        assert response.status_code == 200, (url, response.status_code)
        warm = []
        for _ in range(requests):
            t = time.perf_counter()
            response = client.get(url)
            warm.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
        out[name] = {"cold": cold, "p50": statistics.median(warm), "p95": percentile(warm, 0.95)}
    return {"vendor": connection.vendor, "scale": scale, "counts": counts, "generated_s": generated, "pages": out}


def child(backend: str, scale: float, requests: int) -> None:
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
    name = f"innobelt_bench_insights_{os.getpid()}"
    admin = psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
        autocommit=True,
    )
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
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.backend, args.scale, args.requests)
        return 0
    backends = ["sqlite", "postgres"] if args.backend == "all" else [args.backend]
    if "postgres" in backends and not postgres_reachable():
        print(f"PostgreSQL not reachable at {PG_URL}: skipped (set TEST_DATABASE_URL)", file=sys.stderr)
        backends.remove("postgres")
    failed = False
    for backend in backends:
        print(f"… {backend}: generating the Belt at scale {args.scale} and timing the pages", file=sys.stderr)
        done = subprocess.run(
            [sys.executable, __file__, "--child", "--backend", backend, "--scale", str(args.scale), "--requests", str(args.requests)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            return 1
        r = json.loads(done.stdout.strip().splitlines()[-1])
        floor = r["pages"]["floor"]
        print(
            f"\nThe Belt's data on {r['vendor']}, scale {r['scale']}: "
            + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in r["counts"].items())
            + f" (generated in {r['generated_s']:.0f} s)\n"
        )
        print("| page | cold ms (ratio) | warm p50 ms (ratio) | warm p95 ms (ratio) |")
        print("|---|---|---|---|")
        for name, p in r["pages"].items():
            print(
                f"| {name} | {p['cold']:.1f} ({p['cold'] / floor['p50']:.0f}×) | {p['p50']:.1f} "
                f"({p['p50'] / floor['p50']:.1f}×) | {p['p95']:.1f} ({p['p95'] / floor['p95']:.1f}×) |"
            )
        ratio = r["pages"]["belt dashboard"]["p95"] / floor["p95"]
        print(
            f"\nfloor: a minimal Django view through the same handler; warm: figures kept INSIGHTS_CACHE_SECONDS. "
            f"Whole-Belt dashboard p95 = {ratio:.1f}× the floor (limit {LIMIT:.0f}×)."
        )
        failed |= ratio > LIMIT
    if failed:
        print("FAILED: the whole-Belt dashboard's p95 is more than 10 × the floor's", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
