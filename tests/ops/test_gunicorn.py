"""The production server as configured in the repository: gunicorn with deploy/gunicorn.conf.py, not
embedded, on a migrated SQLite database in a temporary folder, answering /healthz and /readyz on loopback."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


def test_gunicorn_serves_health_and_readiness_with_the_repositorys_config(tmp_path):
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "INNOBELT_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "innobelt.settings",
        "INNOBELT_EMBEDDED": "false",
        "INNOBELT_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECRET_KEY": "a-test-key-" + "x" * 50,
        "SITE_URL": f"http://127.0.0.1:{port}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen([str(gunicorn), "-c", "deploy/gunicorn.conf.py", "innobelt.wsgi"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, body = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except (ConnectionError, TimeoutError, urllib.error.URLError):  # not listening yet, or still starting
                assert server.poll() is None, server.stdout.read().decode()[-3000:]
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.3)
        assert status == 200 and body == {"status": "ok"}
        assert headers["X-Frame-Options"] == "DENY" and headers["X-Request-ID"]
        # asked as a browser or nginx asks (HTTP/1.1, no `Connection: close` of its own, as urllib sends), the
        # answer closes the connection: the next request goes to whichever worker is free (ADR 0024, ninth round)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/healthz")
        answer = connection.getresponse()
        answer.read()
        assert answer.status == 200 and answer.getheader("Connection") == "close" and answer.will_close
        connection.close()
        status, _headers, body = _get(f"http://127.0.0.1:{port}/readyz")
        # a new installation: database and file store ready, no matching index built yet
        assert body["checks"]["database"] is True and body["checks"]["file_store"] is True
        assert status == 503 and body["checks"]["matching_index"] is False
    finally:
        server.terminate()
        # a graceful stop waits up to the config's graceful_timeout (30 s) for requests in flight, then the master
        # kills what is left: on a loaded machine a worker still booting can take that long
        try:
            output = server.communicate(timeout=90)[0].decode()
        except subprocess.TimeoutExpired:
            server.kill()
            output = server.communicate()[0].decode()
            pytest.fail("gunicorn did not stop within 90 s of SIGTERM:\n" + output[-3000:])
    assert "GET /healthz" in output and "rid=" in output  # the access log, with the request id
