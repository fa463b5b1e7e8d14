"""Permission rows of a person's own account settings (loaded by tests/test_permission_matrix.py and
tests/test_id_guessing.py).

Every page here is the caller's own: every signed-in role gets it, the anonymous are sent to sign in.
"""

L = "login"
ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


def signed_in(status, anonymous=L):
    return row(anonymous, *[status] * 6)


PAGES = {
    "accounts:profile": ("get", lambda w: "/accounts/settings/profile/", None, signed_in(200)),
    "accounts:change_password": ("get", lambda w: "/accounts/settings/password/", None, signed_in(200)),
}
