"""Settings for the test suite: the real settings with test-friendly services."""

import os

os.environ.setdefault("INNOBELT_EMBEDDED", "true")
os.environ.setdefault("INNOBELT_HTTPS", "false")

from innobelt.settings import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "innobelt.accounts.sms.LocmemSmsBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
IMPORTS_RUN_INLINE = True  # an import job runs inside the request; tests of the background path turn it off
# Fast hashing in tests; production uses Argon2 (tests/test_settings.py checks it).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / f"test-uploads-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# The suite runs with the installation's generated embedded key (var/secret_key); its requests
# come from made-up addresses, so the loopback-only guard is off here (tests/accounts/test_embedded_key.py
# turns it on).
LOOPBACK_ONLY = False
# Rate limits in this process's memory (cleared before each test), so that test runs side by side
# (SQLite and PostgreSQL, xdist workers) never share counters; the shared backends of production
# (files in var/, Redis) have their own tests in tests/accounts/test_client_ip_and_ratelimit.py.
CACHES["ratelimit"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"}  # noqa: F405

# Matching: no automatic re-indexing on every save (tests that need it turn it on),
# and an index per test worker.
MATCHING_AUTO_INDEX = False
MATCHING_INDEX_DIR = VAR_DIR / f"test-matching-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"  # noqa: F405
MATCHING_EMBEDDING_CACHE = VAR_DIR / "test-embeddings.sqlite3"  # noqa: F405
# Operators' second factor is checked by tests/accounts/test_two_factor.py, which turns this on and walks every
# route of the permission matrix; elsewhere the roles' outcomes are tested without it.
OPERATORS_NEED_SECOND_FACTOR = False
# The Belt's data: figures computed afresh on every request (tests/insights/test_cache.py turns the cache on).
INSIGHTS_CACHE_SECONDS = 0
# Anonymous pages built afresh on every request (tests/web/test_page_cache.py turns the cache on).
PAGE_CACHE_SECONDS = 0
INSIGHTS_REPORTS_RUN_INLINE = True  # a quarterly report runs inside the request; tests of the background path turn it off
