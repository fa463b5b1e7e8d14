"""The files in deploy/ as shipped: Debian's nginx accepts deploy/nginx.conf (with this machine's paths
substituted) and it never passes /metrics on; the systemd units start what docs/deploy.md says."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = "/usr/sbin/nginx"


def test_nginx_accepts_the_shipped_configuration(tmp_path):
    if not Path(NGINX).is_file() or shutil.which("openssl") is None:
        pytest.skip("Debian's nginx or openssl is not installed")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=innobelt.test",
                    "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
                   check=True, capture_output=True)
    site = (ROOT / "deploy/nginx.conf").read_text()
    site = site.replace("/etc/ssl/innobelt/", f"{tmp_path}/").replace("/etc/nginx/innobelt-proxy.conf",
                                                                      str(ROOT / "deploy/innobelt-proxy.conf"))
    site = re.sub(r"listen (\[::\]:)?80;", "listen 127.0.0.1:18081;", site, count=1)
    site = re.sub(r"listen \[::\]:80;\n", "", site)
    site = site.replace("listen 443 ssl http2;", "listen 127.0.0.1:18443 ssl http2;").replace(
        "listen [::]:443 ssl http2;\n", "")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(f"""
pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;
events {{ }}
http {{ access_log off; client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path};
       include {tmp_path}/site.conf; }}
""")
    checked = subprocess.run([NGINX, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_metrics_is_closed_in_every_server_block():
    site = (ROOT / "deploy/nginx.conf").read_text()
    servers = site.count("\nserver {")
    assert servers == 2 and site.count("location = /metrics { return 404; }") == servers


@pytest.mark.parametrize(("unit", "command"), [
    ("innobelt-web.service", "gunicorn -c deploy/gunicorn.conf.py innobelt.wsgi"),
    ("innobelt-worker.service", "celery -A innobelt worker"),
    ("innobelt-beat.service", "celery -A innobelt beat"),
])
def test_systemd_units(unit, command):
    text = (ROOT / "deploy/systemd" / unit).read_text()
    assert command in text and "EnvironmentFile=/etc/innobelt/env" in text and "User=innobelt" in text
