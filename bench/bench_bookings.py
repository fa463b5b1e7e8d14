"""Booking under contention: 50 clients race for one instrument's slot through the HTTP API.

    python bench/bench_bookings.py [--clients 50] [--rounds 5] [--backend sqlite|postgres|all]

For each backend (a temporary SQLite file in WAL mode with IMMEDIATE transactions, as the
embedded default runs; and PostgreSQL when reachable, in a temporary database) the script
migrates a fresh database, starts Django's threaded WSGI server on 127.0.0.1 in a child
process, and measures:

* baseline: one client books `clients` free, non-overlapping slots one after another;
* contested: in each round `clients` clients, each with its own API token, are released
  together by a barrier and ask for pairwise overlapping spans of the same slot.

It reports the winners per round (must be exactly 1: the run fails otherwise), the 409s
(each must name the winning booking), other statuses, and p50/p95 latency of both, the
contested figures also as a ratio to the baseline measured in the same run. Tables go to
stdout; the exit status is 1 when a round has other than one winner.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def post(url: str, token: str, body: dict, barrier: threading.Barrier | None = None) -> tuple[int, dict, float]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    if barrier is not None:
        barrier.wait()
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            status, payload = response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        status, payload = exc.code, json.loads(exc.read() or b"{}")
    return status, payload, (time.perf_counter() - started) * 1000


# ---- child: one backend -------------------------------------------------------------------

def make_world(clients: int):
    from datetime import datetime, timedelta
    from datetime import time as clock

    from django.utils import timezone

    from innobelt.accounts.domain import create_api_token
    from innobelt.accounts.models import User
    from innobelt.belt.models import City
    from innobelt.organisations.models import Membership, Organisation
    from innobelt.resources.models import AccessRequest, Resource

    city = City.objects.create(slug="bench", kind="shanghai_district", name_zh="基准区", name_en="Bench", province_zh="上海",
                               province_en="Shanghai", gdp_band="district", latitude=31, longitude=121)
    lab = Organisation.objects.create(slug="bench-lab", kind="laboratory", name_en="Bench Lab", city=city)
    firm = Organisation.objects.create(slug="bench-sme", kind="sme", name_en="Bench SME", city=city)
    instrument = Resource.objects.create(owner=lab, kind="equipment", title_en="Bench spectrometer", status="published",
                                         published_at=timezone.now(), city=city, slot_minutes=60, contact_name="lab",
                                         opening_hours=[[d, "00:00", "23:00"] for d in range(7)])
    users = []
    for i in range(clients):
        user = User.objects.create_user(email=f"client{i}@bench.local", password=None, email_confirmed_at=timezone.now())
        Membership.objects.create(user=user, organisation=firm)
        users.append(user)
    AccessRequest.objects.create(resource=instrument, organisation=firm, requested_by=users[0], purpose="benchmark", status="active",
                                 terms_accepted_at=timezone.now())
    tokens = [create_api_token(user=u, name="bench")[1] for u in users]
    first_day = timezone.localdate() + timedelta(days=1)

    def slot(day: int, hour: int) -> datetime:
        return timezone.make_aware(datetime.combine(first_day + timedelta(days=day), clock(hour)))

    return instrument, tokens, slot


def serve():
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    class Server(ThreadedWSGIServer):
        request_queue_size = 256  # Django's 10 would make the kernel reset simultaneous connects

    server = Server(("127.0.0.1", 0), QuietHandler)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def run_backend(clients: int, rounds: int) -> dict:
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0)
    instrument, tokens, slot = make_world(clients)
    connection.close()  # the server threads open their own connections
    server, base = serve()
    url = f"{base}/api/v1/resources/{instrument.pk}/bookings"

    baseline = []
    for i in range(clients):  # free slots, one after another: days 0.., hours 0..22
        status, body, ms = post(url, tokens[i], {"start": slot(i // 23, i % 23).isoformat(), "end": slot(i // 23, i % 23 + 1).isoformat()})
        assert status == 201, body
        baseline.append(ms)

    contested, outcome = [], {"winners": [], "conflicts": 0, "named_winner": 0, "other": {}}
    for r in range(rounds):
        day = 10 + r
        bodies = [{"start": slot(day, 10 + i % 2).isoformat(), "end": slot(day, 12 + (i // 2) % 2).isoformat()} for i in range(clients)]
        barrier = threading.Barrier(clients)
        with ThreadPoolExecutor(clients) as pool:
            results = list(pool.map(post, [url] * clients, tokens, bodies, [barrier] * clients))
        winners = [body["bookings"][0]["id"] for status, body, _ms in results if status == 201]
        outcome["winners"].append(len(winners))
        for status, body, ms in results:
            contested.append(ms)
            if status == 409:
                outcome["conflicts"] += 1
                outcome["named_winner"] += int(winners[:1] == [body["error"]["details"]["conflicting_booking"]["id"]])
            elif status != 201:
                outcome["other"][str(status)] = outcome["other"].get(str(status), 0) + 1
    server.shutdown()
    return {"vendor": connection.vendor, "clients": clients, "rounds": rounds, **outcome,
            "baseline_p50": statistics.median(baseline), "baseline_p95": percentile(baseline, 0.95),
            "contested_p50": statistics.median(contested), "contested_p95": percentile(contested, 0.95)}


def child(backend: str, clients: int, rounds: int) -> None:
    os.environ.update({"INNOBELT_EMBEDDED": "true", "DJANGO_SETTINGS_MODULE": "innobelt.settings", "LOG_LEVEL": "ERROR",
                       "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "AXES_ENABLED": "false",
                       "INNOBELT_HTTPS": "false", "DATABASE_CONN_MAX_AGE": "0", "MATCHING_AUTO_INDEX": "false"})
    sys.path.insert(0, str(ROOT))
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["INNOBELT_VAR_DIR"] = tmp
            os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
            print(json.dumps(run_backend(clients, rounds)))
        return
    import dj_database_url
    import psycopg

    settings = dj_database_url.parse(PG_URL)
    name = f"innobelt_bench_{os.getpid()}"
    admin = psycopg.connect(host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
                            password=settings["PASSWORD"] or None, dbname=settings["NAME"], autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        os.environ["DATABASE_URL"] = PG_URL.rsplit("/", 1)[0] + f"/{name}"
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["INNOBELT_VAR_DIR"] = tmp
            result = run_backend(clients, rounds)
        from django.db import connections

        connections.close_all()
        print(json.dumps(result))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


# ---- parent: both backends, one table ------------------------------------------------------

def postgres_reachable() -> bool:
    try:
        import dj_database_url
        import psycopg

        c = dj_database_url.parse(PG_URL)
        psycopg.connect(host=c["HOST"], port=c["PORT"] or 5432, user=c["USER"], password=c["PASSWORD"] or None, dbname=c["NAME"],
                        connect_timeout=3).close()
        return True
    except Exception:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "all"], default="all")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.backend, args.clients, args.rounds)
        return 0
    backends = ["sqlite", "postgres"] if args.backend == "all" else [args.backend]
    if "postgres" in backends and not postgres_reachable():
        print(f"PostgreSQL not reachable at {PG_URL}: skipped (set TEST_DATABASE_URL)", file=sys.stderr)
        backends.remove("postgres")
    rows, failed = [], False
    for backend in backends:
        print(f"… {backend}: migrating a fresh database and racing {args.clients} clients × {args.rounds} rounds", file=sys.stderr)
        done = subprocess.run([sys.executable, __file__, "--child", "--backend", backend, "--clients", str(args.clients),
                               "--rounds", str(args.rounds)], capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            return 1
        r = json.loads(done.stdout.strip().splitlines()[-1])
        failed |= any(w != 1 for w in r["winners"]) or bool(r["other"]) or r["named_winner"] != r["conflicts"]
        rows.append(r)
    print(f"\nBookings under contention: {args.clients} concurrent clients per round, {args.rounds} rounds, one instrument\n")
    print("| backend | winners per round | 409s (naming the winner) | other | baseline p50 / p95 ms | contested p50 / p95 ms "
          "| p50 ratio | p95 ratio |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['vendor']} | {', '.join(map(str, r['winners']))} | {r['conflicts']} ({r['named_winner']}) | {r['other'] or '—'} "
              f"| {r['baseline_p50']:.1f} / {r['baseline_p95']:.1f} | {r['contested_p50']:.1f} / {r['contested_p95']:.1f} "
              f"| {r['contested_p50'] / r['baseline_p50']:.1f}× | {r['contested_p95'] / r['baseline_p95']:.1f}× |")
    print("\nbaseline: one client booking free slots one after another; contested: all clients released together on one slot.")
    print("Ratios compare each contested request's latency with a lone booking's in the same run (same machine, same server).")
    if failed:
        print("FAILED: a round had other than exactly one winner, or a 409 did not name the winner", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
