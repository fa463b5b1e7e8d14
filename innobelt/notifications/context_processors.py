"""The unread count beside the header's Inbox link (web/templates/base.html)."""

from functools import cache

from django.db import DatabaseError

from innobelt.notifications.queries import unread_count


def inbox(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def unread() -> int | None:
        """Counted only when a template shows it; none on an error page whose database failed."""
        try:
            return unread_count(user)
        except DatabaseError:
            return None

    return {"unread_notifications": unread}
