"""A production start refuses to run while demo accounts keep the published demo password.

Registered as a system check (runs for `manage.py check [--deploy]`, `runserver`, `migrate`
and every other command with checks) and called by innobelt/wsgi.py before gunicorn serves.
Not in the embedded mode (INNOBELT_EMBEDDED, `make run`, tests), where the demo belongs.
A database that is not reachable or not migrated yet is skipped: nothing to check there.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections

DEMO_PASSWORD_ERROR = "innobelt.E001"


def published_demo_password_holders() -> list[str]:
    """Active demo accounts that still have the published password; [] when embedded or when
    the database cannot be read yet."""
    if getattr(settings, "EMBEDDED", False):
        return []
    from innobelt.web.demo import accounts_with_published_password

    try:
        return accounts_with_published_password()
    except DatabaseError:  # OperationalError (no database) and ProgrammingError (not migrated)
        return []


@checks.register(checks.Tags.security)
def check_demo_passwords(app_configs=None, databases=None, **kwargs):
    if databases is not None and "default" not in databases:
        return []
    holders = published_demo_password_holders()
    if not holders:
        return []
    return [checks.Error(
        f"{len(holders)} active demo account(s) still have the published demo password: {', '.join(holders)}.",
        hint="This is a production start (INNOBELT_EMBEDDED is not true). Change their passwords "
             "(manage.py changepassword EMAIL) or deactivate them, or run with INNOBELT_EMBEDDED=true for a local demo.",
        id=DEMO_PASSWORD_ERROR,
    )]


def refuse_published_demo_passwords() -> None:
    """For the WSGI entry point: raise ImproperlyConfigured instead of serving."""
    holders = published_demo_password_holders()
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:  # no connection opened at start-up is inherited by forked workers
            connection.close()
    if holders:
        raise ImproperlyConfigured(
            f"Refusing to serve: active demo accounts still have the published demo password ({', '.join(holders)}). "
            "Change their passwords (manage.py changepassword EMAIL) or deactivate them."
        )
