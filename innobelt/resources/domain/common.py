"""What every domain module of the resources app needs."""

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from innobelt.organisations.models import Membership


def require(user, perm: str, obj=None) -> None:
    if not user or not user.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def admins_of(organisation) -> list:
    return [m.user for m in organisation.memberships.filter(role=Membership.Role.ADMIN, user__is_active=True).select_related("user")]


def require_seeker(user, access_request) -> None:
    """Only the seeker organisation's members act for it (no superuser shortcut)."""
    if not rules.test_rule("resources.act_for_seeker", user, access_request):
        raise PermissionDenied(_("You are not allowed to do this."))
