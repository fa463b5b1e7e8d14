"""Reads of a person's own account."""

from django.contrib.auth import HASH_SESSION_KEY
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from innobelt.accounts.models import User, UserSession
from innobelt.accounts.sessions import SessionStore, describe_user_agent


def sessions_of(user: User, *, current_session_key: str | None = None) -> list[UserSession]:
    """The person's live sessions, the latest seen first, each with `device` (a short name for its browser)
    and `is_current` (the one `current_session_key` names).

    Sessions signed in under an earlier password (changed through the reset link, the admin or the
    command line) are left out: Django signs them out at their next request.
    """
    auth_hash = user.get_session_auth_hash()
    store = SessionStore()
    live = []
    for session in UserSession.objects.filter(user=user, expire_date__gt=timezone.now()).order_by("-last_seen", "-pk"):
        if not constant_time_compare(str(store.decode(session.session_data).get(HASH_SESSION_KEY, "")), auth_hash):
            continue
        session.device = describe_user_agent(session.user_agent)  # type: ignore[attr-defined]  # for the page
        session.is_current = bool(current_session_key) and session.session_key == current_session_key  # type: ignore[attr-defined]
        live.append(session)
    return live
