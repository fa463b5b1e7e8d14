"""Several web machines, one state (issue 28's Must-show): two gunicorn instances, each with its own var/
folder as if on its own machine, behind Debian's nginx on loopback, against one PostgreSQL, one Redis, one
SeaweedFS and one Celery worker (a third "machine"):

- a booking made through one is refused as a double booking through the other;
- a session from one works on the other;
- a photo uploaded through one is served through the other;
- a record saved through one is matched through the other within MATCH_DELAY seconds (ADR 0019: the worker
  re-indexes and publishes the generation to the object store; each web process fetches a newer one at
  most every MATCHING_INDEX_SYNC_SECONDS);
- a web machine started afresh serves matches without rebuilding (it fetches the published index).

Runs in the PostgreSQL pass of `make test` only (skipped on SQLite): it creates its own database next to
the test database, h_…_machines, and drops it at the end."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.files.helpers import png_bytes
from tests.ops.seaweed import free_ports

ROOT = Path(__file__).resolve().parents[2]
NGINX = "/usr/sbin/nginx"
MATCH_DELAY = 30  # seconds: the stated delay (docs/deploy.md, ADR 0019; about 6 s measured on a quiet machine)
REDIS_DB = 7  # a database of its own on the shared Redis: broker queue, sessions cache, rate limits
pytestmark = [
    pytest.mark.slow,
    pytest.mark.two_machines,
    # decided before any fixture starts a server (the SeaweedFS fixture would start one only to be skipped)
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL"),
]

SETUP = r"""
import json
from datetime import datetime, time, timedelta
from django.utils import timezone
from innobelt.accounts.domain import create_api_token
from innobelt.accounts.models import User
from innobelt.belt.models import City
from innobelt.organisations.models import Membership, Organisation
from innobelt.resources.models import AccessRequest, Resource

city = City.objects.create(slug="machines", kind="shanghai_district", name_zh="双机区", name_en="Machines",
                           province_zh="上海", province_en="Shanghai", gdp_band="district", latitude=31, longitude=121)
lab = Organisation.objects.create(slug="machines-lab", kind="laboratory", name_en="Machines Lab", city=city)
firm = Organisation.objects.create(slug="machines-sme", kind="sme", name_en="Machines SME", city=city)
instrument = Resource.objects.create(owner=lab, kind="equipment", title_en="Shared spectrometer", status="published",
                                     published_at=timezone.now(), city=city, slot_minutes=60, contact_name="lab",
                                     opening_hours=[[d, "00:00", "23:00"] for d in range(7)])
seeker = User.objects.create_user(email="seeker@machines.test", password="A-long-test-passphrase-42",
                                  email_confirmed_at=timezone.now())
owner = User.objects.create_user(email="owner@machines.test", password=None, email_confirmed_at=timezone.now())
Membership.objects.create(user=seeker, organisation=firm, role="admin")
Membership.objects.create(user=owner, organisation=lab, role="admin")
AccessRequest.objects.create(resource=instrument, organisation=firm, requested_by=seeker, purpose="test",
                             status="active", terms_accepted_at=timezone.now())
day = timezone.localdate() + timedelta(days=2)
start = timezone.make_aware(datetime.combine(day, time(10)))
print(json.dumps({"instrument": instrument.pk, "start": start.isoformat(),
                  "end": (start + timedelta(hours=2)).isoformat(), "firm": firm.slug, "lab": lab.slug,
                  "seeker_token": create_api_token(user=seeker, name="machines")[1],
                  "owner_token": create_api_token(user=owner, name="machines")[1]}))
"""


def _wait_ready(url: str, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")[-4000:]
        try:
            if requests.get(url, timeout=3).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} not ready within {timeout:.0f} s:\n" + log.read_text(errors="replace")[-4000:])


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def nginx_config(folder: Path, both: int, one: int, other: int, upstreams: tuple[int, int]) -> str:
    """The proxy part of deploy/nginx.conf on loopback: `both` balances the two instances; `one` and `other`
    each reach one instance, so that a test can say which machine served a request."""
    proxy = """
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Request-ID $request_id;
        proxy_buffering off;"""
    return f"""
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {folder}/nginx-access.log;
    client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy; fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
    client_max_body_size 25m;
    upstream innobelt {{ server 127.0.0.1:{upstreams[0]}; server 127.0.0.1:{upstreams[1]}; }}
    server {{ listen 127.0.0.1:{both}; location / {{ proxy_pass http://innobelt; {proxy} }} }}
    server {{ listen 127.0.0.1:{one}; location / {{ proxy_pass http://127.0.0.1:{upstreams[0]}; {proxy} }} }}
    server {{ listen 127.0.0.1:{other}; location / {{ proxy_pass http://127.0.0.1:{upstreams[1]}; {proxy} }} }}
}}
"""


@pytest.fixture
def platform(seaweedfs, tmp_path):
    """The running platform: {"one": url, "other": url, "both": url, "world": {...}, "start_web": callable}."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (runs in the PostgreSQL pass)")
    if not Path(NGINX).is_file():
        pytest.skip("Debian's nginx is not installed")
    import psycopg
    import redis

    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_machines"[:60]
    admin = psycopg.connect(host=settings_dict["HOST"] or "127.0.0.1", port=settings_dict["PORT"] or 5432,
                            user=settings_dict["USER"], password=settings_dict["PASSWORD"] or None, dbname="postgres",
                            autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    redis_url = f"redis://127.0.0.1:6379/{REDIS_DB}"
    redis.Redis.from_url(redis_url).flushdb()
    bucket = seaweedfs.new_bucket()
    both, one, other, port_a, port_b = free_ports(5)
    user = settings_dict["USER"] or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    base_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "INNOBELT_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "innobelt.settings", "INNOBELT_EMBEDDED": "false", "INNOBELT_HTTPS": "false",
        "DATABASE_URL": f"postgres://{user}{password}@{settings_dict['HOST'] or '127.0.0.1'}:"
                        f"{settings_dict['PORT'] or 5432}/{name}",
        "REDIS_URL": redis_url, "SECRET_KEY": "machines-" + "k" * 50, "SITE_URL": f"http://127.0.0.1:{both}",
        "ALLOWED_HOSTS": "127.0.0.1", "TRUSTED_PROXIES": "127.0.0.1", "OPERATORS_NEED_SECOND_FACTOR": "false",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "MATCHING_INDEX_SYNC_SECONDS": "1", "MATCHING_BUILD_PROCESSES": "1", **seaweedfs.environment(bucket),
    }

    def machine(label: str) -> dict[str, str]:
        folder = tmp_path / label
        folder.mkdir(exist_ok=True)
        return {**base_env, "INNOBELT_VAR_DIR": str(folder)}

    processes: list[subprocess.Popen] = []

    def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                                   start_new_session=True)
        processes.append(process)
        return process

    python = sys.executable
    bin_dir = Path(python).parent
    worker_env = machine("worker")
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=worker_env, check=True)
    world = json.loads(subprocess.run([python, "manage.py", "shell", "-c", SETUP], cwd=ROOT, env=worker_env, check=True,
                                      capture_output=True, text=True).stdout.strip().splitlines()[-1])
    subprocess.run([python, "manage.py", "matching", "rebuild"], cwd=ROOT, env=worker_env, check=True,
                   capture_output=True)  # built once on the worker's machine and published
    start([str(bin_dir / "celery"), "-A", "innobelt", "worker", "-c", "1", "--without-gossip", "--without-mingle",
           "-l", "INFO"], worker_env, tmp_path / "worker.log")

    def start_web(label: str, port: int) -> subprocess.Popen:
        env = {**machine(label), "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1",
               "GUNICORN_THREADS": "4"}
        process = start([str(bin_dir / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "innobelt.wsgi"], env,
                        tmp_path / f"{label}.log")
        return process

    web_a, web_b = start_web("web-a", port_a), start_web("web-b", port_b)
    nginx_dir = tmp_path / "nginx"
    nginx_dir.mkdir()
    (nginx_dir / "nginx.conf").write_text(nginx_config(nginx_dir, both, one, other, (port_a, port_b)))
    start([NGINX, "-c", str(nginx_dir / "nginx.conf"), "-p", str(nginx_dir)], base_env, tmp_path / "nginx.log")
    try:
        _wait_ready(f"http://127.0.0.1:{one}/readyz", web_a, tmp_path / "web-a.log")
        _wait_ready(f"http://127.0.0.1:{other}/readyz", web_b, tmp_path / "web-b.log")
        yield {"one": f"http://127.0.0.1:{one}", "other": f"http://127.0.0.1:{other}", "both": f"http://127.0.0.1:{both}",
               "world": world, "logs": tmp_path, "web_b": web_b, "restart_b": lambda: start_web("web-b-afresh", port_b)}
    finally:
        for process in reversed(processes):
            _stop(process)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        shutil.rmtree(tmp_path / "web-a", ignore_errors=True)


def test_two_web_machines_share_one_state(platform):
    import requests

    one, other, world = platform["one"], platform["other"], platform["world"]
    seeker = {"Authorization": f"Bearer {world['seeker_token']}", "Accept-Language": "en"}
    owner = {"Authorization": f"Bearer {world['owner_token']}", "Accept-Language": "en"}

    # a booking through one; the same slot through the other is a double booking
    url = f"/api/v1/resources/{world['instrument']}/bookings"
    slot = {"start": world["start"], "end": world["end"]}
    booked = requests.post(one + url, json=slot, headers=seeker, timeout=30)
    assert booked.status_code == 201, booked.text
    again = requests.post(other + url, json=slot, headers=seeker, timeout=30)
    assert again.status_code == 409, again.text
    assert str(booked.json()["bookings"][0]["id"]) in json.dumps(again.json())

    # a session signed in through one works on the other
    browser = requests.Session()
    form = browser.get(f"{one}/en/accounts/login/", timeout=30)
    signed_in = browser.post(f"{one}/en/accounts/login/", timeout=30, allow_redirects=False, data={
        "csrfmiddlewaretoken": form.cookies.get("csrftoken") or browser.cookies["csrftoken"],
        "username": "seeker@machines.test", "password": "A-long-test-passphrase-42"},
        headers={"Referer": f"{one}/en/accounts/login/"})
    assert signed_in.status_code == 302 and "sessionid" in browser.cookies, signed_in.text[:2000]
    elsewhere = requests.Session()
    elsewhere.cookies.set("sessionid", browser.cookies["sessionid"])
    settings_page = elsewhere.get(f"{other}/en/accounts/settings/", timeout=30, allow_redirects=False)
    assert settings_page.status_code == 200 and "seeker@machines.test" in settings_page.text

    # a photo uploaded through one is served through the other (from the object store, after the check)
    uploaded = requests.post(f"{one}/api/v1/files", headers=seeker, timeout=30,
                             data={"organisation": world["firm"], "kind": "photo"},
                             files={"file": ("lab.png", png_bytes(), "image/png")})
    assert uploaded.status_code == 201, uploaded.text
    served = elsewhere.get(f"{other}/files/{uploaded.json()['id']}/", timeout=30)
    assert served.status_code == 200 and served.content == png_bytes()
    assert requests.get(f"{other}/files/{uploaded.json()['id']}/", timeout=30).status_code == 404  # not signed in

    # a record saved through one is matched through the other within the stated delay
    created = requests.post(f"{one}/api/v1/resources", headers=owner, timeout=60, json={
        "owner": world["lab"], "kind": "equipment", "title_en": "Cryogenic electron microscope for protein structures",
        "title_zh": "冷冻电镜", "description": "Cryo-EM imaging of protein complexes at near-atomic resolution.",
        "opening_hours": "Mon-Fri 09:00-17:00", "slot_minutes": 120, "contact_name": "Zhang", "visibility": "public",
        "terms": "cost_price", "publish": True})
    assert created.status_code == 201, created.text
    saved_at = time.monotonic()
    found = []
    while time.monotonic() - saved_at < MATCH_DELAY:
        page = requests.get(f"{other}/api/v1/matches", headers=seeker, timeout=30,
                            params={"q": "Cryogenic electron microscope for protein structures"}).json()
        found = [r for r in page.get("results", []) if str(created.json()["id"]) in str(r["id"])]
        if found:
            break
        time.sleep(0.5)
    index = sorted(p.name for p in (platform["logs"] / "web-b" / "matching" / "index").iterdir())
    assert found, f"not matched through the other machine within {MATCH_DELAY} s: {page}; web-b has {index}"

    # a web machine started afresh (an empty var/) serves the same matches without rebuilding
    _stop(platform["web_b"])
    fresh = platform["restart_b"]()
    _wait_ready(f"{other}/readyz", fresh, platform["logs"] / "web-b-afresh.log")
    page = requests.get(f"{other}/api/v1/matches", headers=seeker, timeout=30,
                        params={"q": "Cryogenic electron microscope for protein structures"}).json()
    assert any(str(created.json()["id"]) in str(r["id"]) for r in page["results"])
