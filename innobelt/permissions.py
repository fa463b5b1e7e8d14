"""The one permission kit: who may do what, with one meaning everywhere (ADR 0012).

Every check names a rule registered with `rules.add_perm` in an app's rules.py and goes
through `can` (a yes or no for pages and the API) or `require` (domain functions; raises
PermissionDenied). `can` evaluates the rule itself: the superuser flag grants nothing here
(platform operators act through the `is_platform_operator` predicates), and an inactive
account may do nothing at all, not even what an anonymous visitor may. Django's
`user.has_perm` stays for the admin's model permissions only.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def is_active_user(user) -> bool:
    """A signed-in person whose account is active."""
    return bool(user and user.is_authenticated and user.is_active)


def can(user, perm: str, obj=None) -> bool:
    """Whether the rule named `perm` lets this person act (on `obj`). An unknown name is a
    programming error (LookupError), not a silent no."""
    if not rules.perm_exists(perm):
        raise LookupError(f"no rule named {perm!r} (register it with rules.add_perm in the app's rules.py)")
    if user is None or (user.is_authenticated and not user.is_active):
        return False
    return bool(rules.has_perm(perm, user, obj))


def require(user, perm: str, obj=None) -> None:
    """Raise PermissionDenied unless `can(user, perm, obj)`."""
    if not can(user, perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))
