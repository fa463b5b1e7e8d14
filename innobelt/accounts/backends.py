from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from innobelt.accounts.validators import MOBILE_RE, normalise_mobile


class EmailOrMobileBackend(ModelBackend):
    """Password sign-in with either the e-mail address or the mobile number."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        mobile = normalise_mobile(username)
        try:
            if MOBILE_RE.match(mobile):
                user = User.objects.get(mobile=mobile)
            else:
                user = User.objects.get(email__iexact=username.strip())
        except User.DoesNotExist:
            User().set_password(password)  # same work either way: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
