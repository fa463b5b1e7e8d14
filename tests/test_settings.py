import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, env_extra: dict, drop=("INNOBELT_EMBEDDED", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY",
                                            "INNOBELT_HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL", "TRUSTED_PROXIES")):
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_extra)
    # a fresh `migrate` is some 50 s on an idle machine of two cores and several times that on a busy one: the
    # timeout only stops a hung command
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_manage("check", env_extra={"INNOBELT_EMBEDDED": "false", "DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_check_deploy(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra={
        "INNOBELT_EMBEDDED": "false", "DEBUG": "false", "SECRET_KEY": "x7" * 32 + "-production-like-secret-key",
        "ALLOWED_HOSTS": "innobelt.example.cn", "INNOBELT_VAR_DIR": str(tmp_path), "SITE_URL": "https://innobelt.example.cn",
    })
    assert result.returncode == 0, result.stdout + result.stderr


def test_refuses_to_start_in_production_without_site_url(tmp_path):
    result = run_manage("check", env_extra={
        "INNOBELT_EMBEDDED": "false", "DEBUG": "false", "SECRET_KEY": "x7" * 32 + "-production-like-secret-key",
        "INNOBELT_VAR_DIR": str(tmp_path),
    }, drop=("INNOBELT_EMBEDDED", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "INNOBELT_HTTPS", "SITE_URL"))
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr


def test_passwords_are_hashed_with_argon2_in_production():
    from innobelt import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
