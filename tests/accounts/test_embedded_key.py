"""Issue 17, item 1: the embedded mode's key is generated per installation and answers only this machine."""

import stat

import pytest
from django.test import Client, override_settings

from tests.test_settings import run_manage

PRINT_KEY = "from django.conf import settings; print(settings.SECRET_KEY); print(settings.LOOPBACK_ONLY)"


def test_embedded_key_is_generated_once_per_installation_private_and_never_the_published_one(tmp_path):
    first = run_manage("shell", "-c", PRINT_KEY, env_extra={"INNOBELT_EMBEDDED": "true", "INNOBELT_VAR_DIR": str(tmp_path / "a")})
    assert first.returncode == 0, first.stderr
    key, loopback_only = first.stdout.split()[-2:]
    key_file = tmp_path / "a" / "secret_key"
    assert key_file.read_text().strip() == key and len(key) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key != "innobelt-embedded-insecure-key-do-not-use-in-production" and loopback_only == "True"

    again = run_manage("shell", "-c", PRINT_KEY, env_extra={"INNOBELT_EMBEDDED": "true", "INNOBELT_VAR_DIR": str(tmp_path / "a")})
    assert again.stdout.split()[-2] == key  # sessions survive a restart
    other = run_manage("shell", "-c", PRINT_KEY, env_extra={"INNOBELT_EMBEDDED": "true", "INNOBELT_VAR_DIR": str(tmp_path / "b")})
    assert other.stdout.split()[-2] != key  # every installation its own

    given = run_manage("shell", "-c", PRINT_KEY, env_extra={"INNOBELT_EMBEDDED": "true", "SECRET_KEY": "k" * 60,
                                                           "INNOBELT_VAR_DIR": str(tmp_path / "c")})
    assert given.stdout.split()[-2:] == ["k" * 60, "False"] and not (tmp_path / "c" / "secret_key").exists()


@pytest.mark.django_db
@override_settings(LOOPBACK_ONLY=True)
def test_with_the_generated_key_only_this_machine_is_answered():
    assert Client(REMOTE_ADDR="127.0.0.1").get("/en/").status_code == 200
    assert Client(REMOTE_ADDR="::1").get("/en/").status_code == 200
    refused = Client(REMOTE_ADDR="203.0.113.9").get("/en/accounts/login/")
    assert refused.status_code == 403 and "only answers this computer" in refused.content.decode()
    assert "只响应本机" in Client(REMOTE_ADDR="192.168.1.20").get("/").content.decode()
    assert Client(REMOTE_ADDR="203.0.113.9").post("/api/v1/me/tokens", {"name": "x"}).status_code == 403
    # a local proxy forwarding someone else
    assert Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").get("/en/").status_code == 403
    with override_settings(TRUSTED_PROXIES=["127.0.0.1"]):
        assert Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").get("/en/").status_code == 403
