"""CPU and instructions of insights' page views after the refresh, in-process (ADR 1201, "Page views in
instructions"; ADR 0024 for the method).

    DATABASE_URL=postgres://…/ib_belt_keep REDIS_URL=redis://127.0.0.1:6379/<n> \
        python bench/profile_insights.py refresh            # the periodic refresh, kept an hour
    python bench/profile_insights.py cpu [--rounds 5] [--repeat 10]    # time.process_time per page, minimum
    python bench/profile_insights.py profile NAME [--repeat 20]        # cProfile of one page
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/cg.%p \
        python bench/profile_insights.py count NAME --repeat 10                     # instructions of 10 requests

Runs against the database of the environment (the bench's kept Belt: `bench_insights.py --keep-database`),
through Django's test client and the whole middleware, signed in as the bench's operator. `refresh` keeps
the figures an hour so that the other modes (and a process under valgrind) only read them. `count NAME
--repeat N` warms the floor and NAME up (3 requests each), then switches callgrind's instrumentation on
(`callgrind_control`), asks NAME N times and switches it off: the total divided by N is one request's
instructions, whatever the machine's load.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
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
os.environ.setdefault("INNOBELT_VAR_DIR", "/tmp/innobelt-profile-insights")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()
settings.ALLOWED_HOSTS = ["testserver"]
settings.ROOT_URLCONF = "bench.insights_urls"
settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

from innobelt.accounts.models import User  # noqa: E402
from innobelt.belt.models import City  # noqa: E402


def pages() -> dict[str, str]:
    city = City.objects.order_by("position").first()
    return {
        "floor": "/bench/minimal/",
        "belt": "/en/insights/belt/",
        "belt-zh": "/insights/belt/",
        "city": f"/en/insights/cities/{city.slug}/",
        "wall": "/en/insights/wall/",
        "by-city": "/insights/open-data/figures-by-city.csv",
        "resources": "/insights/open-data/resources.csv",
        "events": "/insights/open-data/events.json",
    }


def client() -> Client:
    operator = User.objects.get(email="bench-operator@example.com")
    c = Client()
    c.force_login(operator)
    return c


def fetch(c: Client, url: str) -> int:
    response = c.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return len(response.content if not response.streaming else b"".join(response.streaming_content))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["refresh", "cpu", "profile", "count"])
    parser.add_argument("name", nargs="?", default="")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    if args.mode == "refresh":
        from innobelt.insights.queries import refresh_figures

        settings.INSIGHTS_CACHE_SECONDS = 3600
        started = time.perf_counter()
        refresh_figures()
        print(f"refreshed in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        return 0
    urls = pages()
    c = client()
    for name, url in urls.items():
        if args.mode != "count" or name in ("floor", args.name):  # under valgrind: only the page counted
            for _warm in range(3):
                fetch(c, url)
    if args.mode == "count":
        toggle = ["callgrind_control", "--instr=on", str(os.getpid())]
        subprocess.run(toggle, check=True, capture_output=True)  # under --instr-atstart=no: only these requests
        for _request in range(args.repeat):
            fetch(c, urls[args.name])
        subprocess.run([*toggle[:1], "--instr=off", toggle[2]], check=True, capture_output=True)
        return 0
    if args.mode == "profile":
        profiler = cProfile.Profile()
        profiler.enable()
        for _request in range(args.repeat):
            fetch(c, urls[args.name])
        profiler.disable()
        stats = pstats.Stats(profiler).strip_dirs()
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(40)
        return 0
    best = {name: float("inf") for name in urls}
    sizes = {name: fetch(c, url) for name, url in urls.items()}
    for _round in range(args.rounds):
        for name, url in urls.items():
            started = time.process_time()
            for _request in range(args.repeat):
                fetch(c, url)
            best[name] = min(best[name], (time.process_time() - started) * 1000 / args.repeat)
    print(f"{'page':12} {'CPU ms':>8} {'x floor':>8} {'bytes':>9}")
    for name in urls:
        print(f"{name:12} {best[name]:8.2f} {best[name] / best['floor']:8.1f} {sizes[name]:9d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
