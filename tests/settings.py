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
# Fast hashing in tests; production uses Argon2 (tests/test_settings.py checks it).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-uploads"  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
