"""Issue 17, item 11: the client's address behind trusted proxies (also for axes), and rate limits
shared by every process (Redis, or files under a lock), counted atomically."""

import subprocess
import sys
import threading

import pytest
from axes.models import AccessAttempt
from django.core.cache import caches
from django.test import Client, RequestFactory, override_settings

from innobelt.accounts import ratelimit
from innobelt.kit.request import client_ip
from tests.factories import UserFactory
from tests.test_settings import run_manage

REDIS = "redis://127.0.0.1:6379/5"
PASSWORD = "correct horse battery"


def ip(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_forwarded_for_is_believed_only_from_a_trusted_proxy():
    assert ip("203.0.113.7", "198.51.100.4") == "203.0.113.7"  # no trusted proxies: a spoofed header is ignored
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "192.0.2.1"]):
        assert ip("10.0.0.5", "6.6.6.6, 198.51.100.4, 10.0.0.9") == "198.51.100.4"  # right-most untrusted
        assert ip("10.0.0.5", "198.51.100.4, 192.0.2.1") == "198.51.100.4"
        assert ip("203.0.113.7", "198.51.100.4") == "203.0.113.7"  # a client is not a proxy
        assert ip("10.0.0.5", "not-an-address") == "10.0.0.5"
        assert ip("10.0.0.5") == "10.0.0.5"
        assert ip("10.0.0.5", "2001:db8::1") == "2001:db8::1"


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=["10.0.0.5"])
def test_lockout_and_sign_in_limit_count_the_client_behind_the_proxy_not_the_proxy():
    UserFactory(email="li@example.com")
    attacker = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.4")
    for _ in range(5):
        attacker.post("/en/accounts/login/", {"username": "li@example.com", "password": "wrong"})
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.4"}
    assert attacker.post("/en/accounts/login/", {"username": "li@example.com", "password": PASSWORD}).status_code == 429
    colleague = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert colleague.post("/en/accounts/login/", {"username": "li@example.com", "password": PASSWORD}).status_code == 302

    # a client talking to the site directly cannot dodge its lockout with a made-up header
    direct = "203.0.113.7"
    for n in range(5):
        Client(REMOTE_ADDR=direct, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").post(
            "/en/accounts/login/", {"username": "li@example.com", "password": "wrong"})
    spoofing = Client(REMOTE_ADDR=direct, HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert spoofing.post("/en/accounts/login/", {"username": "li@example.com", "password": PASSWORD}).status_code == 429


def hammer(action: str, key: str, threads: int = 8, each: int = 25) -> list[Exception]:
    errors: list[Exception] = []

    def work():
        for _ in range(each):
            try:
                ratelimit.hit(action, key)
            except Exception as exc:  # collected and asserted below
                errors.append(exc)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return errors


@pytest.fixture
def redis_ratelimit():
    caches_setting = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
                      "ratelimit": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}}
    with override_settings(CACHES=caches_setting):
        caches["ratelimit"].clear()
        yield caches["ratelimit"]
        caches["ratelimit"].clear()


def test_rate_limits_in_redis_count_atomically_and_expire(redis_ratelimit, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "probe", (150, 60))
    errors = hammer("probe", "198.51.100.4")
    assert ratelimit.count("probe", "198.51.100.4") == 200  # no increment lost between threads
    assert len(errors) == 50 and all(e.code == "rate_limited" for e in errors)
    client = redis_ratelimit._cache.get_client(write=False)
    keys = client.keys("*ratelimit:probe:198.51.100.4:*")
    assert len(keys) == 1 and 0 < client.ttl(keys[0]) <= 120


@pytest.mark.real_clock
def test_rate_limits_in_files_are_shared_by_processes_and_count_atomically(tmp_path, monkeypatch):
    location = str(tmp_path / "ratelimit")
    caches_setting = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
                      "ratelimit": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": location}}
    monkeypatch.setitem(ratelimit.LIMITS, "probe", (10_000, 600))
    with override_settings(CACHES=caches_setting):
        assert hammer("probe", "k") == []
        other_process = subprocess.run([sys.executable, "-c", f"""
import django
from django.conf import settings
settings.configure(CACHES={caches_setting!r}, USE_I18N=False)
django.setup()
from innobelt.accounts import ratelimit
ratelimit.LIMITS["probe"] = (10_000, 600)
for _ in range(50):
    ratelimit.hit("probe", "k")
"""], capture_output=True, text=True, timeout=60)
        assert other_process.returncode == 0, other_process.stderr
        assert ratelimit.count("probe", "k") == 250


def test_the_ratelimit_cache_is_redis_with_redis_url_and_files_in_var_otherwise(tmp_path):
    show = "from django.conf import settings; print(settings.CACHES['ratelimit'])"
    with_redis = run_manage("shell", "-c", show, env_extra={"INNOBELT_EMBEDDED": "true", "REDIS_URL": REDIS,
                                                          "INNOBELT_VAR_DIR": str(tmp_path)})
    assert "RedisCache" in with_redis.stdout and REDIS in with_redis.stdout
    embedded = run_manage("shell", "-c", show, env_extra={"INNOBELT_EMBEDDED": "true", "INNOBELT_VAR_DIR": str(tmp_path)},
                          drop=("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    assert "FileBasedCache" in embedded.stdout and str(tmp_path / "ratelimit") in embedded.stdout


@pytest.mark.django_db
def test_an_ipv6_network_is_one_address_for_the_per_address_limits():
    """SMS pumping: one home or server holds a whole /64 of IPv6 addresses, and a new one per request would be a
    new per-address limit each time: the codes asked for count against the /64 (IPv4: the address itself)."""
    refused = []
    for n in range(25):
        client = Client(REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}")
        page = client.post("/en/accounts/login/sms/", {"step": "send", "mobile": f"1380013{n:04d}"})
        refused.append("Too many attempts" in page.content.decode())
    assert refused == [False] * 20 + [True] * 5
    other = Client(REMOTE_ADDR="2001:db8:1:3::1").post("/en/accounts/login/sms/", {"step": "send", "mobile": "13900139000"})
    assert "Too many attempts" not in other.content.decode()  # another /64 is someone else
    assert ratelimit.address_key("203.0.113.7") == "203.0.113.7"
    assert ratelimit.address_key("::ffff:203.0.113.7") == "203.0.113.7"
    assert ratelimit.address_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::/64"


@pytest.mark.django_db
def test_the_sign_in_lockout_counts_an_ipv6_client_by_its_network():
    """The lockout counts an account and an address: a client holding a /64 could take a new address for every
    guess of one account's password and never be locked out. It counts the /64 (IPv4: the address itself)."""
    UserFactory(email="li@example.com")
    for n in range(5):
        Client(REMOTE_ADDR=f"2001:db8:7:8::{n + 1:x}").post("/en/accounts/login/", {"username": "li@example.com", "password": "wrong"})
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"2001:db8:7:8::"}
    same_network = Client(REMOTE_ADDR="2001:db8:7:8:ffff::1")
    assert same_network.post("/en/accounts/login/", {"username": "li@example.com", "password": PASSWORD}).status_code == 429
    other_network = Client(REMOTE_ADDR="2001:db8:7:9::1")
    assert other_network.post("/en/accounts/login/", {"username": "li@example.com", "password": PASSWORD}).status_code == 302
    mapped = Client(REMOTE_ADDR="::ffff:198.51.100.4")
    for _ in range(5):
        mapped.post("/en/accounts/login/", {"username": "li@example.com", "password": "wrong"})
    assert Client(REMOTE_ADDR="198.51.100.4").post(
        "/en/accounts/login/", {"username": "li@example.com", "password": PASSWORD}).status_code == 429
