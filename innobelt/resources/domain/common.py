"""What every domain module of the resources app needs."""

from innobelt.organisations.models import Membership


def admins_of(organisation) -> list:
    return [m.user for m in organisation.memberships.filter(role=Membership.Role.ADMIN, user__is_active=True).select_related("user")]

