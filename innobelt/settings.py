"""Django settings for innobelt, read from the environment.

The embedded default (no environment at all) runs on SQLite with background
tasks executed in-process and mail and SMS printed to the console. Production
sets DATABASE_URL (PostgreSQL), REDIS_URL (Celery broker), SECRET_KEY,
ALLOWED_HOSTS and the e-mail variables. See docs/settings.md for the list.
"""

import os
import secrets
import time
from pathlib import Path
from typing import Any

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("INNOBELT_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def embedded_secret_key(var_dir: Path) -> str:
    """This installation's own key, generated on first start into var/secret_key (mode 0600).

    Never a key published with the code: anyone could sign sessions, confirmation links and
    tickets with that. Two processes starting at once agree on the first file written.
    """
    path = var_dir / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        for _attempt in range(50):  # another process may be writing it right now
            key = path.read_text().strip()
            if key:
                return key
            time.sleep(0.1)
        raise ImproperlyConfigured(f"{path} is empty: delete it and start again to generate a new key.") from None
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(48) + "\n")
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
# The local embedded default (`make run`, the `innobelt` command, tests): not a production start.
EMBEDDED = env_bool("INNOBELT_EMBEDDED", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# With the generated embedded key the site answers only this machine (loopback addresses): the
# embedded mode is a local installation, never a public site (innobelt.kit.request.LoopbackOnlyMiddleware).
LOOPBACK_ONLY = False
if not SECRET_KEY:
    if not DEBUG and not env_bool("INNOBELT_EMBEDDED", False):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or run with DEBUG=true "
            "or INNOBELT_EMBEDDED=true for the local embedded default."
        )
    SECRET_KEY = embedded_secret_key(VAR_DIR)
    LOOPBACK_ONLY = True

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "innobelt.accounts",
    "innobelt.audit",
    "innobelt.notifications",
    "innobelt.belt",
    "innobelt.imports",
    "innobelt.organisations",
    "innobelt.matching",
    "innobelt.files",
    "innobelt.conversations",
    "innobelt.resources",
    "innobelt.events",
    "innobelt.meetings",
    "innobelt.challenges",
    "innobelt.vouchers",
    "innobelt.services",
    "innobelt.talent",
    "innobelt.financing",
    "innobelt.showcase",
    "innobelt.insights",
    "innobelt.web",
    "innobelt.api",
    "innobelt.ops",
]

MIDDLEWARE = [
    "innobelt.ops.metrics.MetricsMiddleware",  # counts every answer, refusals included (ADR 0020)
    "innobelt.kit.request.LoopbackOnlyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "innobelt.kit.request.RequestIdMiddleware",
    "innobelt.kit.kept.VersionsOncePerRequest",  # one read of the kept things' versions per request (ADR 0024)
    "innobelt.web.edge.ApiErrorsAsJsonMiddleware",  # see "Input limits at the edge" below
    "innobelt.web.edge.InputLimitsMiddleware",
    "innobelt.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "innobelt.web.middleware.RememberLanguageMiddleware",
    "innobelt.web.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the session passed its second factor
    "innobelt.accounts.middleware.SecondFactorMiddleware",  # a session owing its code stays on the two-factor pages
    "innobelt.accounts.sessions.SessionActivityMiddleware",  # a session's "last seen", at most once a minute
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "innobelt.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
    "innobelt.web.page_cache.PageCacheMiddleware",  # last: anonymous list pages from the cache (ADR 0023)
]

ROOT_URLCONF = "innobelt.urls"
WSGI_APPLICATION = "innobelt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "innobelt.web.context_processors.site",
                "innobelt.notifications.context_processors.inbox",  # the unread count beside "Inbox"
            ],
            "builtins": ["innobelt.kit.template_filters"],  # join_list: a list in the page's language
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'innobelt.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer holds the lock; IMMEDIATE
    # transactions take the write lock at BEGIN, which serialises bookings.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20,
         "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# The API's Bearer token lookup (innobelt.kit.api_auth.TokenAuth; the kit imports no app).
API_TOKEN_FINDER = "innobelt.accounts.two_factor.find_api_token_checked"  # refused while a second factor is owed
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "innobelt.accounts.backends.EmailOrMobileBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:workbench"  # the work waiting for each role (web/workbench.py)
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "innobelt" / "locale"]
LANGUAGE_COOKIE_NAME = "innobelt_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("INNOBELT_MEDIA_ROOT", VAR_DIR / "uploads"))
# Uploads: files under MEDIA_ROOT (the embedded default), or an S3-compatible object store when
# INNOBELT_S3_BUCKET is set (ADR 0018). Objects are private (no ACL sent, no public URL ever handed out):
# every download goes through the app's permission check and is streamed from the store.
S3_BUCKET = os.environ.get("INNOBELT_S3_BUCKET", "")
_default_storage: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if S3_BUCKET:
    from botocore.config import Config as _BotoConfig  # type: ignore[import-untyped]

    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("INNOBELT_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("INNOBELT_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("INNOBELT_S3_SECRET_KEY") or None,
            "region_name": os.environ.get("INNOBELT_S3_REGION") or None,
            "location": os.environ.get("INNOBELT_S3_PREFIX", ""),
            "default_acl": None,  # the bucket's own (private) policy; never public-read
            "querystring_auth": True,  # a URL of the storage is always signed (none is handed out today)
            "querystring_expire": 60,
            "file_overwrite": True,  # names are random; a restore rewrites the same name with the same bytes
            "addressing_style": "path",
            "signature_version": "s3v4",
            # a store that does not answer fails a request (and /readyz) in seconds, not boto3's minute
            "client_config": _BotoConfig(connect_timeout=3, read_timeout=20, retries={"max_attempts": 2}),
        },
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_PERMISSIONS = 0o640

# Input limits at the edge (innobelt/web/edge.py, docs/adr/0009-input-limits-at-the-edge.md): bytes of
# a request's body and of one uploaded file, by URL name or by a pattern ("^…") on the path without
# its language prefix; "default" for every other path. Checked from Content-Length before the body
# is read (413), and while a chunked body or a file streams in.
_MB = 1024 * 1024
REQUEST_SIZE_LIMITS = {
    "default": int(os.environ.get("REQUEST_SIZE_LIMIT", 2 * _MB)),
    "files:organisation_files": 21 * _MB, r"^/api/v1/files$": 21 * _MB,  # documents: 20 MB
    "events:apply_pitch": 21 * _MB, r"^/api/v1/events/[^/]+/pitches$": 21 * _MB,  # pitch decks
    "resources:change_photo": 6 * _MB,  # photos: 5 MB
    "resources:import": 6 * _MB, r"^/api/v1/organisations/[^/]+/resources/import$": 6 * _MB,  # imports: 5 MB
    "organisations:import": 6 * _MB,
}
UPLOAD_FILE_LIMITS = {
    "default": 2 * _MB,
    "files:organisation_files": 20 * _MB, r"^/api/v1/files$": 20 * _MB,
    "events:apply_pitch": 20 * _MB, r"^/api/v1/events/[^/]+/pitches$": 20 * _MB,
    "resources:change_photo": 5 * _MB,
    "resources:import": 5 * _MB, r"^/api/v1/organisations/[^/]+/resources/import$": 5 * _MB,
    "organisations:import": 5 * _MB,
}
FILE_UPLOAD_HANDLERS = [
    "innobelt.web.edge.CappedUploadHandler",  # first: stops a file over its limit
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * _MB)  # larger files go to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * _MB  # a body that is not a file upload (JSON, forms)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
CSRF_FAILURE_VIEW = "innobelt.web.edge.csrf_failure"
IMAGE_MAX_PIXELS = 40_000_000  # Pillow refuses larger images from their header (innobelt.files)

# E-mail: console on the embedded default, SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "innobelt <noreply@innobelt.local>")

# SMS: a pluggable backend; the console one prints the message.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "innobelt.accounts.sms.ConsoleSmsBackend")

CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    if os.environ.get("REDIS_URL") else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Rate limits (innobelt.accounts.ratelimit) must be shared by every process of the
    # installation: Redis when REDIS_URL is set, otherwise files in var/ (increments under a file lock).
    "ratelimit": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"],
                  "KEY_PREFIX": "innobelt"}
    if os.environ.get("REDIS_URL") else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                         "LOCATION": str(VAR_DIR / "ratelimit"), "OPTIONS": {"MAX_ENTRIES": 100_000}},
}

# Celery: in-process without REDIS_URL.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Every periodic task of every app, in one schedule: Celery beat runs it in production, `innobelt periodic`
# in-process on the embedded default (`make run` starts it). Each run is recorded (innobelt/ops/periodic.py)
# and shown to platform operators at /operations/periodic/. A new app adds its entries here.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "booking-reminders": {"task": "innobelt.resources.tasks.task_send_booking_reminders",
                          "schedule": crontab(minute="*/15")},
    "outcome-report-reminders": {"task": "innobelt.resources.tasks.task_send_outcome_report_reminders",
                                 "schedule": crontab(minute=30, hour=9)},
    "event-reminders": {"task": "innobelt.events.tasks.task_send_event_reminders", "schedule": crontab(minute=5)},
    "daily-digests": {"task": "innobelt.notifications.tasks.task_send_daily_digests",
                      "schedule": crontab(minute=0, hour=18)},
    "expire-needs": {"task": "innobelt.challenges.tasks.task_expire_needs", "schedule": crontab(minute=10, hour=0)},
    "expire-vouchers": {"task": "innobelt.vouchers.tasks.task_expire_vouchers", "schedule": crontab(minute=15, hour=0)},
    "redeem-completed-vouchers": {"task": "innobelt.vouchers.tasks.task_redeem_completed",
                                  "schedule": crontab(minute=20)},
    "escalate-service-requests": {"task": "innobelt.services.tasks.task_escalate_overdue_requests",
                                  "schedule": crontab(minute="5,35")},
    "release-no-shows": {"task": "innobelt.resources.tasks.task_release_no_shows", "schedule": crontab(minute="*/5")},
    # daily, not quarterly: it closes the quarter just ended once per pledge, so a missed 1st is caught up the next day
    "close-pledge-quarters": {"task": "innobelt.resources.tasks.task_close_pledge_quarters", "schedule": crontab(minute=20, hour=0)},
    "refresh-insights": {"task": "innobelt.insights.tasks.task_refresh_figures", "schedule": crontab(minute="*")},
    "expire-insights-reports": {"task": "innobelt.insights.tasks.task_expire_reports", "schedule": crontab(minute=40, hour=3)},
}

# Imports (ADR 0010): the largest file accepted, and whether a job runs inside the request (tests)
# instead of in the background (a daemon thread when tasks are eager, a Celery worker otherwise).
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 5 * 1024 * 1024))
IMPORTS_RUN_INLINE = env_bool("IMPORTS_RUN_INLINE", False)

# Matching: the index (memory-mapped, shared by processes) and the embedding cache.
MATCHING_INDEX_DIR = Path(os.environ.get("MATCHING_INDEX_DIR", VAR_DIR / "matching" / "index"))
MATCHING_EMBEDDING_CACHE = Path(os.environ.get("MATCHING_EMBEDDING_CACHE", VAR_DIR / "matching" / "embeddings.sqlite3"))
MATCHING_BUILD_PROCESSES = int(os.environ.get("MATCHING_BUILD_PROCESSES", min(2, os.cpu_count() or 1)))  # rebuild encoders
MATCHING_AUTO_INDEX = env_bool("MATCHING_AUTO_INDEX", True)  # re-index a record when it changes
# A short query (a title, a one- or two-sentence need) re-orders the fused top 50 by z(fused) + w z(cos(query,
# title)) with the records' stored title vectors; 0 turns the title re-rank off (ADR 0202 Decision 6).
MATCHING_TITLE_RERANK_WEIGHT = float(os.environ.get("MATCHING_TITLE_RERANK_WEIGHT", "1"))
# Several machines: the writer (a Celery worker) publishes each saved generation of the index to the object
# store; every web process fetches a newer one at most every MATCHING_INDEX_SYNC_SECONDS (ADR 0019).
BENCH_FLOOR = env_bool("INNOBELT_BENCH_FLOOR", False)  # `make bench` only: /bench/floor, the minimal view
# Prometheus: /metrics answers a request bearing this token; without one, only this machine, not through a proxy.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
MATCHING_INDEX_SHARED = env_bool("MATCHING_INDEX_SHARED", bool(S3_BUCKET))
MATCHING_INDEX_SYNC_SECONDS = float(os.environ.get("MATCHING_INDEX_SYNC_SECONDS", "2"))

# The Belt's data (innobelt.insights): no figure on a public screen (the display wall, open data) with fewer
# records behind it than this; dashboards' figures are kept this many seconds; the wall asks for new figures
# and turns to its next panel at these intervals.
INSIGHTS_MIN_COUNT = int(os.environ.get("INSIGHTS_MIN_COUNT", "5"))
# Anonymous list pages and API lists kept whole per language (innobelt/web/page_cache.py, ADR 0023); 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
INSIGHTS_CACHE_SECONDS = int(os.environ.get("INSIGHTS_CACHE_SECONDS", "60"))
INSIGHTS_WALL_POLL_SECONDS = int(os.environ.get("INSIGHTS_WALL_POLL_SECONDS", "30"))
INSIGHTS_WALL_ROTATE_SECONDS = int(os.environ.get("INSIGHTS_WALL_ROTATE_SECONDS", "20"))
# Quarterly reports are generated in the background as imports are (a daemon thread when tasks are eager, a
# Celery worker otherwise), or inside the request when this is on (tests).
INSIGHTS_REPORTS_RUN_INLINE = env_bool("INSIGHTS_REPORTS_RUN_INLINE", False)
# A generated report's file is deleted this many days after it was done (`expire-insights-reports`, daily).
INSIGHTS_REPORT_KEEP_DAYS = int(os.environ.get("INSIGHTS_REPORT_KEEP_DAYS", "30"))

# The address people use to reach the site, for absolute links in e-mails (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if not SITE_URL:
    if not DEBUG and not env_bool("INNOBELT_EMBEDDED", False):
        raise ImproperlyConfigured("SITE_URL is not set. Set it to the site's public address, e.g. https://innobelt.example.cn.")
    SITE_URL = "http://127.0.0.1:8000"

# Reverse proxies in front of the site (IPs or CIDRs): only their X-Forwarded-For is believed.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Site facts shown on every page.
ICP_FILING_NUMBER = os.environ.get("ICP_FILING_NUMBER", "沪ICP备00000000号-1")
OPERATOR_NAME = os.environ.get("OPERATOR_NAME", "沪宁产业创新带协同创新中心")
PRIVACY_POLICY_VERSION = "2026-11"

# Security.
# Django's database sessions in a table that knows whose each session is, so a person can list and end
# theirs (ADR 0015); a cache or signed-cookie engine could not end a session nor list them.
SESSION_ENGINE = "innobelt.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and env_bool("INNOBELT_HTTPS", not env_bool("INNOBELT_EMBEDDED", False)):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]  # probed over plain HTTP by the load balancer
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Two-step sign-in (innobelt/accounts/two_factor.py): required for platform and district operators in
# production; on the embedded demo it stays optional so that the demo operators can be tried at once.
OPERATORS_NEED_SECOND_FACTOR = env_bool("OPERATORS_NEED_SECOND_FACTOR", not EMBEDDED)
OTP_TOTP_ISSUER = "innobelt"

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
# One lockout per account however the identity is spelt (e-mail case, spaces, mobile formats),
# and the client address as the rest of the site sees it (behind TRUSTED_PROXIES).
AXES_USERNAME_CALLABLE = "innobelt.accounts.backends.axes_username"
AXES_CLIENT_IP_CALLABLE = "innobelt.kit.request.client_network"  # an IPv6 client by its /64
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "innobelt.web.middleware.RequestIdLogFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
                   "json": {"()": "innobelt.ops.logging.JsonFormatter"}},
    # LOG_FORMAT=json: one JSON object per line with the request id (docs/deploy.md)
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": os.environ.get("LOG_FORMAT", "plain"),
                             "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}
