"""People, their consent records, sign-in codes and API tokens."""

import hashlib
import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from innobelt.accounts.validators import validate_mainland_mobile


class InnobeltUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":  # type: ignore[override]  # e-mail is the username
        extra.setdefault("username", email)
        return super().create_user(email=email, password=password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":  # type: ignore[override]
        extra.setdefault("username", email)
        extra.setdefault("is_platform_operator", True)
        return super().create_superuser(email=email, password=password, **extra)


class User(AbstractUser):
    """A person. Signs in with e-mail or a mainland mobile number."""

    email = models.EmailField(_("e-mail address"), unique=True)
    mobile = models.CharField(
        _("mobile number"), max_length=11, unique=True, null=True, blank=True,
        validators=[validate_mainland_mobile],
    )
    display_name = models.CharField(_("name"), max_length=100, blank=True)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    preferred_language = models.CharField(_("language"), max_length=10, default="zh-hans")
    is_platform_operator = models.BooleanField(
        _("platform operator"), default=False,
        help_text=_("Platform operators may see and change everything."),
    )
    operator_cities = models.ManyToManyField(
        "belt.City", blank=True, related_name="operators", verbose_name=_("district operator for"),
        help_text=_("The cities or districts this person operates for (science and technology commission)."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects: ClassVar[InnobeltUserManager] = InnobeltUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    #: the one session a password change keeps: the settings page sets it (domain.change_password) for the save
    #: that stores the new password, so the page the person changed it on stays signed in; None ends them all
    keep_session_key: str | None = None
    #: how many sessions the last password change of this instance ended (read by domain.change_password's audit)
    sessions_ended: int = 0

    def save(self, *args: Any, **kwargs: Any) -> None:
        # set_password() leaves the new raw password in _password until the next save: whatever changed it
        # (the settings page, the password-reset and admin forms, `manage.py changepassword`, set_password and
        # save in code), the sessions and API tokens opened under the old password end here (ADR 0015).
        password_changed = self._password is not None and not self._state.adding  # type: ignore[attr-defined]  # AbstractBaseUser's private attribute, not in the stubs
        super().save(*args, **kwargs)
        if password_changed:
            from innobelt.accounts.domain import after_password_change  # lazy: the domain imports the models

            keep, self.keep_session_key = self.keep_session_key, None
            self.sessions_ended = after_password_change(user=self, keep_session_key=keep)


class Consent(models.Model):
    """A record that a person agreed to a version of the privacy policy (PIPL)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=50)
    policy_version = models.CharField(_("policy version"), max_length=20)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.user} {self.purpose} {self.policy_version}"


class SignInCode(models.Model):
    """A one-time code sent by SMS to sign in with a mobile number."""

    mobile = models.CharField(max_length=11, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.mobile} {self.created_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def hash_code(mobile: str, code: str) -> str:
        return hashlib.sha256(f"{mobile}:{code}".encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; the secret is shown once.

    A read token may only read (GET, HEAD, OPTIONS); every token expires. Changing or resetting
    the password revokes all of the person's tokens.
    """

    class Scope(models.TextChoices):
        READ = "read", _("read only")
        WRITE = "write", _("read and write")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_secret() -> str:
        return "ib_" + secrets.token_urlsafe(32)

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class UserSession(AbstractBaseSession):
    """A browser session (the store of settings.SESSION_ENGINE, innobelt.accounts.sessions; ADR 0015):
    Django's key, data and expiry, and whose it is, for the person's list of sessions.

    Every column after Django's is copied from the session's data when it is saved. `key_hash` names a
    session in pages and URLs; the key is never shown. Deleting the row ends the session. The user is
    not a database constraint: a session saved in the same moment its person is deleted must not fail
    the request (Django's deletion still removes a person's sessions with them).
    """

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, db_constraint=False,
                             related_name="sessions")
    key_hash = models.CharField(max_length=64, unique=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed in"), null=True, blank=True)
    last_seen = models.DateTimeField(_("last seen"), null=True, blank=True)

    class Meta(AbstractBaseSession.Meta):  # type: ignore[name-defined]  # the stubs do not declare it
        verbose_name = pgettext_lazy("browser session", "session")
        verbose_name_plural = pgettext_lazy("browser session", "sessions")

    @classmethod
    def get_session_store_class(cls) -> Any:
        from innobelt.accounts.sessions import SessionStore

        return SessionStore
