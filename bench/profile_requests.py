"""CPU milliseconds and queries per request, in-process, beside the floor (ADR 0024).

    python bench/profile_requests.py [--rounds 7] [--repeat 10] [--distinct] [--profile URL] [URL ...]

Runs against the database of the environment (DATABASE_URL, with the demo loaded and the matching index
built: `manage.py load_demo`, `manage.py matching rebuild`) with INNOBELT_BENCH_FLOOR=true, through Django's
test client and the whole middleware, signed in as the bench's demo account for the signed-in rows. Each
figure is the CPU time (time.process_time) of `--repeat` requests divided by their number, the minimum over
`--rounds` rounds; the rounds go round every URL in turn, so on a machine shared with other jobs each URL
sees the same load as the floor beside it. Queries are counted on one request. `--profile URL` prints the
cProfile of that URL's requests instead (sorted by cumulative time, then by own time). `--distinct`: every
request of a URL ending in a query (`?q=…`) narrows it by another place and aspect of bench/bench_pages.py, so
that no query is asked twice (the match engine's per-process memo of query vectors is never hit; ADR 0024).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innobelt.settings")
os.environ.setdefault("INNOBELT_BENCH_FLOOR", "true")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SIGN_IN_AS = "wusong@innobelt.local"  # as bench/bench_pages.py
ROWS = [  # (url, signed in)
    ("/bench/floor", True),
    ("/organisations/", True),
    ("/resources/?q=显微镜", True),
    ("/resources/?q=sample preparation", True),
    ("/api/v1/matches?q=electron microscope", True),
    ("/api/v1/matches?q=新能源电池", True),
    ("/workbench/", True),
    ("/bench/floor", False),
    ("/organisations/", False),
]


def client_for(signed_in: bool) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    if signed_in:
        client.force_login(get_user_model().objects.get(email=SIGN_IN_AS))
    return client


_asked: dict[str, int] = {}


def narrowed(url: str) -> str:
    """`url` with its query narrowed by the next place and aspect not yet used for it (see `--distinct`)."""
    from bench_pages import ASPECTS, PLACES

    turn = _asked[url] = _asked.get(url, -1) + 1
    if turn >= len(PLACES) * len(ASPECTS):
        raise SystemExit(f"{url}: more requests than distinct queries; fewer --rounds or --repeat")
    return f"{url} {PLACES[turn % len(PLACES)]} {ASPECTS[turn // len(PLACES)]}"


def fetch(client: Client, url: str, distinct: bool = False) -> int:
    response = client.get(narrowed(url) if distinct and "?q=" in url else url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--profile", default="")
    parser.add_argument("--anonymous", action="store_true", help="--profile without signing in")
    parser.add_argument("--distinct", action="store_true", help="never the same query twice (see above)")
    parser.add_argument("--callers", default="", help="with --profile: who calls the functions matching this")
    parser.add_argument("urls", nargs="*")
    args = parser.parse_args()
    clients = {True: client_for(True), False: client_for(False)}
    if args.profile:
        client = clients[not args.anonymous]
        for _warm in range(3):
            fetch(client, args.profile, args.distinct)
        profiler = cProfile.Profile()
        profiler.enable()
        for _request in range(args.repeat):
            fetch(client, args.profile, args.distinct)
        profiler.disable()
        stats = pstats.Stats(profiler).strip_dirs()
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        if args.callers:
            stats.print_callers(args.callers)
        return 0
    rows = [(url, True) for url in args.urls] or ROWS
    best = {row: float("inf") for row in rows}
    queries, sizes = {}, {}
    for row in rows:
        url, signed_in = row
        for _warm in range(3):
            fetch(clients[signed_in], url, args.distinct)
        with CaptureQueriesContext(connection) as captured:
            sizes[row] = fetch(clients[signed_in], url, args.distinct)
        queries[row] = len(captured.captured_queries)
    for _round in range(args.rounds):
        for row in rows:
            url, signed_in = row
            started = time.process_time()
            for _request in range(args.repeat):
                fetch(clients[signed_in], url, args.distinct)
            best[row] = min(best[row], (time.process_time() - started) * 1000 / args.repeat)
    floor = best.get(("/bench/floor", True))
    print(f"{'url':42} {'who':9} {'CPU ms':>7} {'x floor':>7} {'queries':>7} {'bytes':>7}")
    for row in rows:
        url, signed_in = row
        ratio = f"{best[row] / floor:7.1f}" if floor else "      -"
        print(f"{url[:42]:42} {'signed in' if signed_in else 'anonymous':9} {best[row]:7.1f} {ratio} "
              f"{queries[row]:7d} {sizes[row]:7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
