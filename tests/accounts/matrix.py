"""Permission rows of a person's own account settings (loaded by tests/test_permission_matrix.py and
tests/test_id_guessing.py).

Every page here is the caller's own: every signed-in role gets it, the anonymous are sent to sign in.
The world: the member is also signed in on another browser; only the member may end that session
(everyone else gets 404, as for a session that does not exist).
"""

from django.conf import settings
from django.test import Client

from innobelt.accounts.sessions import key_hash

L = "login"
ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


def signed_in(status, anonymous=L):
    return row(anonymous, *[status] * 6)


def _signed_in_elsewhere(user, agent):
    client = Client(HTTP_USER_AGENT=agent)
    client.force_login(user)
    return key_hash(client.cookies[settings.SESSION_COOKIE_NAME].value)


def extend_world(world):
    world.extra["member_session_ref"] = _signed_in_elsewhere(world.users["member"], "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")


PAGES = {
    "accounts:profile": ("get", lambda w: "/accounts/settings/profile/", None, signed_in(200)),
    "accounts:change_password": ("get", lambda w: "/accounts/settings/password/", None, signed_in(200)),
    "accounts:notifications": ("get", lambda w: "/accounts/settings/notifications/", None, signed_in(200)),
    "accounts:sessions": ("get", lambda w: "/accounts/settings/sessions/", None, signed_in(200)),
    "accounts:end_session": ("post", lambda w: f"/accounts/settings/sessions/{w.extra['member_session_ref']}/end/", None,
                             row(L, 302, 404, 404, 404, 404, 404)),
    "accounts:end_other_sessions": ("post", lambda w: "/accounts/settings/sessions/end-others/", None, signed_in(302)),
    # two-step sign-in: one's own, like every page here (tests/accounts/test_two_factor.py walks the rest)
    "accounts:two_factor": ("get", lambda w: "/accounts/two-factor/", None, signed_in(200)),
    "accounts:two_factor_verify": ("get", lambda w: "/accounts/two-factor/verify/", None, signed_in(200)),
    # PIPL: one's own data (tests/accounts/test_personal_data.py)
    "accounts:personal_data": ("get", lambda w: "/accounts/settings/data/", None, signed_in(200)),
    "accounts:personal_data_download": ("post", lambda w: "/accounts/settings/data/download/", None, signed_in(200)),
}

API = {
    "GET /api/v1/me/personal-data": (None, signed_in(200, 401)),
    # a wrong password: nobody's account is erased by the matrix (the erasure itself: test_personal_data.py)
    "POST /api/v1/me/erasure": (lambda w: ("/api/v1/me/erasure", {"password": "not-the-password"}), signed_in(400, 401)),
}


def secret_session(world):
    """Org A's admin is signed in on a browser whose user agent is the secret; org B's admin guesses."""
    ref = _signed_in_elsewhere(world.users["admin_a"], "SECRET-BROWSER-6620")
    return [("post", f"/accounts/settings/sessions/{ref}/end/"), ("get", "/accounts/settings/sessions/"),
            ("post", "/accounts/settings/sessions/end-others/")], "SECRET-BROWSER-6620"


PRIVATE_PROBES = {
    "accounts.usersession": secret_session,
}
NOT_EXPOSED = {
    "notifications.notificationpreference": "never addressed by id; a person reads and saves only their own",
}
