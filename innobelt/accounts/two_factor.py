"""Two factors (django-otp): a time-based code from an authenticator app (TOTP) after the password or SMS
sign-in, with single-use recovery codes. Required for platform and district operators (setting
OPERATORS_NEED_SECOND_FACTOR), optional for everyone else; whoever turned it on is asked for a code at
every sign-in. The middleware (`SecondFactorMiddleware`) holds a session that still owes its code on the
two-factor pages: every other page redirects there, every API call answers 403.

Side effects of the functions here: devices, audit entries, a security notification; `verify` signs the
second factor into the session (django_otp.login).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from innobelt.accounts import ratelimit
from innobelt.audit.domain import record_action
from innobelt.kit.api_errors import Forbidden
from innobelt.notifications.domain import notify
from innobelt.permissions import require

if TYPE_CHECKING:
    from django.http import HttpRequest

    from innobelt.accounts.models import User

RECOVERY_CODES = 10
ENROLLED = "second_factor_enrolled"  # session key: this person has a confirmed device (set at sign-in)


def needs_second_factor(user: User) -> bool:
    """Whether this person's role requires a second factor (platform or district operator)."""
    if not getattr(settings, "OPERATORS_NEED_SECOND_FACTOR", True):
        return False
    return bool(user.is_platform_operator or user.operator_cities.exists())


def pending_device(user: User) -> TOTPDevice:
    """The authenticator being set up (not yet confirmed by a code): the same one until confirmed, so
    reloading the page does not change the QR code under the person's phone."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def is_enrolled(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def confirm_enrolment(*, request: HttpRequest, user: User, code: str, password: str) -> list[str]:
    """Confirm the pending authenticator with a code it shows and the person's password; the new recovery codes
    (shown once). Any earlier authenticator and recovery codes are replaced. The password, so that a borrowed
    session cannot set up an authenticator of its own and lock the person out; its guesses count with the
    password page's per-person limit (LIMITS["password_change"], in the rate-limit cache), as erasure's do."""
    ratelimit.hit("password_change", str(user.pk))
    if not password or not user.check_password(password):
        raise ValidationError({"password": _("This is not your password.")})
    ratelimit.hit("otp_verify", str(user.pk))
    device = pending_device(user)
    if not device.verify_token(code.strip().replace(" ", "")):
        raise ValidationError({"code": _("This code is not right. Check the time on your phone and try again.")})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        record_action(actor=user, action="account.second_factor_enabled", target=user)
    otp_login(request, device)
    request.session[ENROLLED] = True
    _tell(user, lambda: _("Two-step sign-in was turned on for your innobelt account"))
    return codes


def check_code(*, user: User, code: str):
    """The device that accepts this code: the authenticator's current code, or an unused recovery code (used up
    by this). Every try counts against the person's limit of second-factor codes (LIMITS["otp_verify"]), shared
    by signing in, turning it off and new recovery codes, and kept in the rate-limit cache, which a rolled-back
    transaction cannot undo. Raises ValidationError keyed "code" (a wrong code is audited)."""
    ratelimit.hit("otp_verify", str(user.pk))
    token = (code or "").strip().replace(" ", "")
    device = match_token(user, token.lower()) if token else None
    if device is None:
        record_action(actor=user, action="account.second_factor_failed", target=user)
        raise ValidationError({"code": _("This code is not right. Enter the code your app shows now, or a recovery code.")})
    return device


def verify(*, request: HttpRequest, user: User, code: str) -> None:
    """Check a code from the authenticator or an unused recovery code (used up by this) and mark the
    session as having passed its second factor. Wrong codes count against a per-person limit."""
    device = check_code(user=user, code=code)
    otp_login(request, device)
    if isinstance(device, StaticDevice):
        record_action(actor=user, action="account.recovery_code_used", target=user)
        _tell(user, lambda: _("A recovery code was used to sign in to your innobelt account"))


def regenerate_recovery_codes(*, user: User, code: str) -> list[str]:
    """New recovery codes in place of the old ones, confirmed by a current code (check_code), so that a
    borrowed session cannot take a second factor of its own away. Side effects: the codes, an audit entry,
    a security notification."""
    if not is_enrolled(user):
        raise ValidationError(_("Turn on two-step sign-in first."))
    device = check_code(user=user, code=code)
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        record_action(actor=user, action="account.recovery_codes_replaced", target=user,
                      data={"confirmed_with": _confirmed_with(device)})
    _tell(user, lambda: _("New recovery codes were made for your innobelt account"))
    return codes


def turn_off(*, request: HttpRequest, user: User, code: str) -> None:
    """Remove the person's devices, confirmed by a current code (check_code): a borrowed session cannot switch
    the second factor off. Refused for a role that requires a second factor (before any code is tried)."""
    if needs_second_factor(user):
        raise PermissionDenied(_("Your role requires two-step sign-in: it cannot be turned off."))
    device = check_code(user=user, code=code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record_action(actor=user, action="account.second_factor_disabled", target=user,
                      data={"confirmed_with": _confirmed_with(device)})
    request.session[ENROLLED] = False
    _tell(user, lambda: _("Two-step sign-in was turned off for your innobelt account"))


def _confirmed_with(device) -> str:
    return "recovery_code" if isinstance(device, StaticDevice) else "authenticator"


def reset_second_factor(*, actor: User, user: User) -> bool:
    """A platform operator removes another person's authenticator and recovery codes (they lost both): at their next
    sign-in they set up a new one (required by their role) or sign in with the password alone. Their sessions
    end (not the operator's own) and their API tokens are revoked, so that none keeps the old verification. Whether
    there was anything to remove. Side effects: devices and sessions deleted, tokens revoked, audit entries, a
    security notification to the person."""
    require(actor, "accounts.reset_second_factor", user)
    if actor.pk == user.pk:  # a borrowed session would remove the operator's second factor and set up its own
        raise PermissionDenied(_("Another platform operator removes your own two-step sign-in."))
    from innobelt.accounts.domain import _delete_sessions, revoke_all_api_tokens

    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
        ended = _delete_sessions(user=user, keep_session_key=None)
        # the tokens made while the lost factor stood end with it (they would work again once a new one is set up)
        revoke_all_api_tokens(user=user, reason="second_factor_reset")
        record_action(actor=actor, action="account.second_factor_reset", target=user,
                      data={"removed": removed, "sessions_ended": ended})
    _tell(user, lambda: _("A platform operator removed the two-step sign-in of your innobelt account"))
    return bool(removed)


def find_person(identifier: str) -> User | None:
    """The active person with this e-mail address or mobile number (for an operator's page), or None."""
    from innobelt.accounts.models import User

    value = identifier.strip()
    if not value:
        return None
    return User.objects.filter(is_active=True).filter(email__iexact=value).first() or \
        User.objects.filter(is_active=True, mobile=value).first()


def find_api_token_checked(*, secret: str):
    """settings.API_TOKEN_FINDER: the live token of a secret, refused (403 second_factor_required) while its
    person's role requires a second factor they have not set up (ADR 0017)."""
    from innobelt.accounts.domain import find_api_token

    token = find_api_token(secret=secret)
    if token is not None and needs_second_factor(token.user) and not is_enrolled(token.user):
        raise Forbidden("second_factor_required", _("Your role requires two-step sign-in: turn it on on the site "
                                                    "before using an API token."))
    return token


def _new_recovery_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [secrets.token_hex(5) for _i in range(RECOVERY_CODES)]  # 10 hex characters each
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def _tell(user: User, subject: Callable[[], str]) -> None:
    notify([user], kind="account.second_factor_changed", subject=subject,
           body=lambda: _("If it was not you, change your password now and tell the platform operator:"),
           link=reverse("accounts:change_password"))


@receiver(user_logged_in, dispatch_uid="accounts-second-factor-enrolled")
def _remember_enrolment(sender, request, user, **kwargs) -> None:
    """At every sign-in: whether this session owes a code (kept in the session, so that pages of people
    without two factors cost no query)."""
    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED] = is_enrolled(user)
