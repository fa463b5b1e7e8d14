from django.contrib.auth.backends import ModelBackend

from innobelt.accounts.models import User


class EmailOrMobileBackend(ModelBackend):
    """Password sign-in with either the e-mail address or the mobile number, in any spelling."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        from innobelt.accounts.domain import find_account

        if username is None or password is None:
            return None
        user = find_account(identity=username)
        if user is None:
            User().set_password(password)  # same work either way: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request, credentials=None) -> str:
    """axes' AXES_USERNAME_CALLABLE: the canonical account key, so that `LI@x`, ` li@x `, the
    mobile number and `+86 138 …` all count against one lockout."""
    from innobelt.accounts.domain import canonicalise_identity

    identity = (credentials or {}).get("username")
    if identity is None and request is not None:
        identity = getattr(request, "POST", {}).get("username")
    return canonicalise_identity(identity=identity or "")
