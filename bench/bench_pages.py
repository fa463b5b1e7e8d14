"""The load table of issue 28: pages and API reads under 8 concurrent clients against gunicorn, each beside
the floor (a minimal view through the same middleware, /bench/floor) measured in the same run.

    python bench/bench_pages.py [--seconds 5] [--clients 8] [--database-url URL] [--only TEXT] [--rounds N]

As production runs it, the issue's load table: PostgreSQL and Redis when they answer here (`make bench`; a fresh
database `innobelt_bench` made anew at every run, Redis's database 7 emptied for the cache; `BENCH_DATABASE_URL`
and `BENCH_REDIS_URL` name others), otherwise, or with `--sqlite`, SQLite in a temporary folder and each process's
memory as the cache, said in the table's title. The demo is loaded, gunicorn runs with deploy/gunicorn.conf.py
(2 workers), the load comes from threads of this process, each asking for keep-alive as a browser does (the
server's config closes every connection after its answer, as in production: ADR 0024, ninth round).
Reported per URL: requests/s, p50 and p95 in ms, throughput as a share of the floor's and p95 as a multiple of the
floor's, and whether it meets the issue's targets (anonymous lists >= 40 % of the floor's throughput; signed-in
pages, searches and matches p95 <= 10x).

What is measured is the page a browser lands on: each URL is first followed through its redirects (the
language prefix, a trailing slash), and that final URL is hammered; any answer other than 2xx is counted
as an error and the row is then not measured. The static files are collected first (the production
storage's manifest; without it every page answered 500). Signed-in pages carry the session cookie of a
demo account signed in through the sign-in form, as a browser would, and are compared with the floor
requested with that same cookie. Each search row goes round six queries (ADR 0024). The app keeps its
database connections (DATABASE_CONN_MAX_AGE=60, as docs/deploy.md sets production).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANONYMOUS_LISTS = ["/", "/organisations/", "/resources/", "/events/", "/api/v1/organisations", "/api/v1/resources"]
# Each search row cycles through several queries (Chinese and English), so no copy kept per query string
# could make the figure: each client starts at another one and moves to the next at every request.
QUERIES = ["显微镜", "electron microscope", "质谱仪", "materials testing", "新能源电池", "sample preparation"]
# The match row never asks the same query twice: the engine keeps each process's last 512 query vectors (a
# production memo: a record's "matches for this" asks its own text again at every view), so six queries going
# round would measure the memo, not the encoder (ADR 0024, fifth round). Its queries are the six above, each
# narrowed by a place and an aspect (6 x 28 x 24 = 4,032 distinct queries), and every client takes its own
# (client i asks i, i + clients, ...): none repeats within a row unless the row asks more than 4,032 (a 12-second
# row answers about 3,400; with 1,152 it had asked some twice).
PLACES = ["上海", "苏州", "杭州", "南京", "合肥", "无锡", "宁波", "常州", "南通", "镇江", "泰州", "浦东", "普陀", "宝山",
          "Shanghai", "Suzhou", "Hangzhou", "Nanjing", "Hefei", "Wuxi", "Ningbo", "Changzhou", "Nantong", "Zhenjiang",
          "Taizhou", "Pudong", "Putuo", "Baoshan"]
ASPECTS = ["共享", "租用", "培训", "合作", "检测服务", "技术支持", "租赁", "预约", "联合研发", "委托测试", "人员培训", "设备共享",
           "shared use", "rental", "training", "partner", "testing service", "technical support", "lease", "booking",
           "joint research", "contract testing", "operator training", "equipment sharing"]
DISTINCT_MATCHES = [f"{q} {place} {aspect}" for aspect in ASPECTS for place in PLACES for q in QUERIES]
SEARCHES = {"/resources/?q=": QUERIES, "/api/v1/matches?q=": DISTINCT_MATCHES}
SIGNED_IN = ["/workbench/", "/organisations/"]
SIGN_IN_AS = "wusong@innobelt.local"  # a laboratory's admin in the demo (no second factor owed)
DEMO_PASSWORD = "innobelt-demo-2026"  # innobelt.web.demo.DEMO_PASSWORD, published


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def request(port: int, method: str, path: str, headers: dict[str, str] | None = None,
            body: str | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        content = response.read()
        cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _sep, rest = value.partition("=")
                cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, {"location": response.getheader("Location") or "", **cookies}, content
    finally:
        connection.close()


def landing(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[str, int]:
    """The URL a browser lands on from `path` (redirects followed on this host) and its status."""
    for _hop in range(5):
        status, answer, _content = request(port, "GET", path, headers)
        if status not in (301, 302, 303, 307, 308) or not answer["location"]:
            return path, status
        location = answer["location"]
        path = location.split("://", 1)[1].split("/", 1)[1] if "://" in location else location
        path = path if path.startswith("/") else "/" + path
    return path, status


def sign_in(port: int) -> str:
    """The session cookie of the demo account, signed in through the sign-in form."""
    status, answer, content = request(port, "GET", "/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    if status != 200 or token is None or "csrftoken" not in answer:
        raise SystemExit(f"the sign-in page answered {status} without a form")
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1).decode(), "username": SIGN_IN_AS,
                                   "password": DEMO_PASSWORD})
    status, answer, _content = request(port, "POST", "/accounts/login/", {
        "Cookie": f"csrftoken={answer['csrftoken']}", "Content-Type": "application/x-www-form-urlencoded"}, body)
    if status != 302 or "sessionid" not in answer:
        raise SystemExit(f"signing in {SIGN_IN_AS} answered {status} without a session")
    return f"sessionid={answer['sessionid']}"


def hammer(port: int, path: str | list[str], seconds: float, clients: int,
           headers: dict[str, str] | None = None, distinct: bool = False) -> tuple[float, list[float], int]:
    """(requests per second, latencies in ms, non-2xx count) of `clients` threads for `seconds`; given several
    paths, each client goes round them (starting at its own), or with `distinct` takes every `clients`-th one
    (client i: i, i + clients, ...), so that no path is asked twice until all have been."""
    paths = [path] if isinstance(path, str) else path
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        bad = 0
        turn = number - (clients if distinct else 1)
        while time.monotonic() < stop:
            started = time.perf_counter()
            turn += clients if distinct else 1
            try:
                connection.request("GET", paths[turn % len(paths)], headers={"Host": "127.0.0.1", **(headers or {})})
                response = connection.getresponse()
                response.read()
            except OSError:  # a worker replaced (max_requests) or overloaded: counted, then a new connection
                bad += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            mine.append((time.perf_counter() - started) * 1000)
            bad += not 200 <= response.status < 300
            if response.will_close:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    begun = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies) / (time.monotonic() - begun), latencies, errors[0]


def production_engines() -> tuple[str, str]:
    """(database URL, Redis URL) of a fresh PostgreSQL database and an emptied Redis database, or ("", "") with a
    note when either does not answer: the bench then runs on SQLite and each process's memory."""
    import psycopg
    import redis

    database = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/innobelt_bench")
    cache = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
    parsed = urllib.parse.urlsplit(database)
    name = parsed.path.lstrip("/")
    try:
        with psycopg.connect(host=parsed.hostname, port=parsed.port or 5432, user=parsed.username or None,
                             password=parsed.password or None, dbname="postgres", connect_timeout=3,
                             autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
        redis.Redis.from_url(cache, socket_connect_timeout=3).flushdb()
    except (psycopg.Error, redis.RedisError) as exc:
        print(f"note: PostgreSQL or Redis does not answer ({exc}); the bench runs on SQLite", file=sys.stderr)
        return "", ""
    return database, cache


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--database-url", default="", help="this database (emptied by no one: the demo is loaded once)")
    parser.add_argument("--sqlite", action="store_true", help="SQLite and each process's memory, not PostgreSQL and Redis")
    parser.add_argument("--only", default="", help="measure only the rows whose URL holds this text (e.g. resources/?q)")
    parser.add_argument("--rounds", type=int, default=1, help="measure each row this many times, each beside its floor")
    parser.add_argument("--folder", default="", help="keep the database, the index and the static files here and "
                        "reuse them on the next run (SQLite; a new folder is prepared as usual)")
    args = parser.parse_args()
    redis_url = ""
    if not args.database_url and not args.sqlite and not args.folder:
        args.database_url, redis_url = production_engines()
    with tempfile.TemporaryDirectory(prefix="innobelt-bench-") as temporary:
        folder = args.folder or temporary
        prepared = bool(args.folder) and not args.database_url and (Path(folder) / "bench.sqlite3").exists()
        env = {**{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "INNOBELT_"))},
               "DJANGO_SETTINGS_MODULE": "innobelt.settings", "INNOBELT_EMBEDDED": "true", "INNOBELT_VAR_DIR": folder,
               "INNOBELT_BENCH_FLOOR": "true", "GUNICORN_WORKERS": "2",
               # no worker replaced mid-row: a fresh worker's first requests are slow and its closed
               # connections would count as errors
               "GUNICORN_MAX_REQUESTS": "0", "AXES_ENABLED": "false",
               # as docs/deploy.md sets production: a connection kept between requests (with 0 every request that
               # reads the database opens a PostgreSQL connection, a cost the floor, reading nothing, never pays)
               "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE", "60"),
               "DATABASE_URL": args.database_url or f"sqlite:///{folder}/bench.sqlite3", "PYTHONPATH": str(ROOT)}
        if redis_url:
            env["REDIS_URL"] = redis_url
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
        python = sys.executable
        subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        if not (prepared and (Path(folder) / "static" / "staticfiles.json").exists()):
            subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        if not prepared:
            subprocess.run([python, "manage.py", "load_demo"], cwd=ROOT, env=env, check=True, capture_output=True)
            subprocess.run([python, "manage.py", "matching", "rebuild"], cwd=ROOT, env=env, check=True,
                           capture_output=True)
        server = subprocess.Popen([str(Path(python).with_name("gunicorn")), "-c", "deploy/gunicorn.conf.py",
                                   "--access-logfile", "/dev/null", "innobelt.wsgi"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _attempt in range(240):
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    connection.request("GET", "/bench/floor")
                    if connection.getresponse().status == 200:
                        break
                except OSError:
                    time.sleep(0.5)
            rows = []
            hammer(port, "/bench/floor", 1, args.clients)  # warm both workers (the first requests of a fork are slow)
            # The floor is measured again just before each URL and each URL is compared with that floor: on a
            # machine shared with other jobs the throughput of the same view varied 3x within one run, so a
            # single floor made the ratios a matter of when it was measured.
            floors = []
            session = {"Cookie": sign_in(port)}
            searches = [[prefix + urllib.parse.quote(q) for q in queries] for prefix, queries in SEARCHES.items()]
            for group, rotations, headers in (
                    ("anonymous list", [[p] for p in ANONYMOUS_LISTS], None), ("search / match", searches, None),
                    ("signed in", [[p] for p in SIGNED_IN], session)):
                for asked in [r for r in rotations if args.only in r[0]] * args.rounds:
                    # the match row (queries that never repeat): only the six plain queries are landed and warm
                    # the workers, so that none of the measured ones reaches the engine before it is measured
                    distinct = len(asked) > len(QUERIES)
                    plain = [asked[0].split("?q=")[0] + "?q=" + urllib.parse.quote(q) for q in QUERIES]
                    landed = [landing(port, one, headers) for one in (plain if distinct else asked)]
                    status = next((code for _path, code in landed if not 200 <= code < 300), 200)
                    label = asked[0] + (f" (+{len(asked) - 1} more)" if len(asked) > 1 else "")
                    if distinct and [path for path, _code in landed] != plain:
                        status = 300  # the API answers where it is asked; a redirect here would not be followed
                    if not 200 <= status < 300:
                        rows.append((group, label, 0.0, [0.0], 1, f"NOT MEASURED (answered {status})", 0.0, 0.0))
                        continue
                    warm = [path for path, _code in landed]
                    paths = asked if distinct else warm
                    hammer(port, warm, 1, args.clients, headers)  # warm every worker and thread (caches, the encoder)
                    # The floor carries what the row carries: with a session cookie the minimal view also
                    # loads the session and the person (the same middleware work), so the ratio is the page's own.
                    floor_rps, floor_ms, _bad = hammer(port, "/bench/floor", args.seconds, args.clients, headers)
                    floors.append((floor_rps, floor_ms))
                    rps, ms, bad = hammer(port, paths, args.seconds, args.clients, headers, distinct=distinct)
                    if distinct and len(ms) + bad > len(paths):
                        print(f"note: the match row asked {len(ms) + bad} queries, {len(paths)} distinct: some repeated",
                              file=sys.stderr)
                    floor_p95 = percentile(floor_ms, 0.95)
                    if bad:
                        verdict = "NOT MEASURED (non-2xx answers)"
                    elif group == "anonymous list":
                        verdict = "meets" if rps >= 0.4 * floor_rps else "BELOW 40 %"
                    else:
                        verdict = "meets" if percentile(ms, 0.95) <= 10 * floor_p95 else "ABOVE 10x"
                    shown = urllib.parse.unquote(paths[0]) + (f" +{len(paths) - 1}q" if len(paths) > 1 else "")
                    rows.append((group, shown + (" (session)" if headers else ""), rps, ms, bad, verdict,
                                 floor_rps, floor_p95))
        finally:
            server.terminate()
            server.wait(timeout=30)
    cache = "Redis" if redis_url or os.environ.get("REDIS_URL") else "each process's memory as the cache"
    print(f"{args.clients} clients, {args.seconds:.0f} s per URL, gunicorn 2 workers, "
          f"{'PostgreSQL' if args.database_url else 'SQLite'} + {cache}")
    print("each URL beside the floor measured just before it (floor req/s and p95 ms in the last columns)")
    print(f"{'group':15} {'url':44} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'% floor':>8} {'p95 x':>6} "
          f"{'non-2xx':>7} {'floor/s':>7} {'fl p95':>6}  target")
    for group, path, rps, ms, bad, verdict, floor_rps, floor_p95 in rows:
        ms = ms or [0.0]
        p95 = percentile(ms, 0.95)
        print(f"{group:15} {path[:44]:44} {rps:6.0f} {statistics.median(ms):7.1f} {p95:7.1f} "
              f"{100 * rps / max(floor_rps, 1e-9):7.1f}% {p95 / max(floor_p95, 1e-9):6.1f} {bad:7d} "
              f"{floor_rps:7.0f} {floor_p95:6.1f}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
