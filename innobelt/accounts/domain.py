"""Sign-up, e-mail confirmation, SMS sign-in, API tokens, and a person's own settings (password, name,
language, sessions)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from innobelt.accounts import ratelimit
from innobelt.accounts.models import ApiToken, Consent, SignInCode, User, UserSession
from innobelt.accounts.sms import send_sms
from innobelt.accounts.validators import MOBILE_RE, normalise_mobile, validate_mainland_mobile
from innobelt.audit.context import current_origin
from innobelt.audit.domain import record_action
from innobelt.kit.local_time import local
from innobelt.names import normalise_name, validate_name
from innobelt.notifications.domain import notify

CONFIRM_SALT = "innobelt.accounts.confirm-email.v2"
CONFIRM_MAX_AGE = timedelta(days=3)
CODE_TTL = timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
CODES_PER_HOUR = ratelimit.LIMITS["sms_send_number"][0]  # codes per number (registered or not)
FAILURES_PER_HOUR = 10  # wrong codes per number, across its codes
TOKEN_DEFAULT_LIFETIME = timedelta(days=90)
TOKEN_MAX_LIFETIME = timedelta(days=365)


@transaction.atomic
def register_user(*, email: str, password: str, display_name: str = "", mobile: str | None = "",
                  language: str = "zh-hans", consent_given: bool) -> User | None:
    """Create an account, record the PIPL consent and send the confirmation e-mail.

    Says nothing about which addresses and numbers have accounts: for a taken e-mail address
    nothing is created, None is returned (the caller answers as for a success) and the address's
    owner gets an e-mail instead. A taken mobile number is not attached to the new account; its
    owner is told by e-mail, and the newcomer's confirmation e-mail says the number was not added.
    Raises ValidationError (nothing created) without consent or with a malformed mobile number.
    """
    if not consent_given:
        raise ValidationError({"consent": _("You must agree to the privacy policy to register.")})
    email = email.strip().lower()
    mobile = normalise_mobile(mobile) or None
    if mobile:
        try:
            validate_mainland_mobile(mobile)
        except ValidationError as exc:
            raise ValidationError({"mobile": exc.messages[0]}) from None
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        User().set_password(password)  # the same work as a registration: no timing oracle
        _tell_owner_of_registration_attempt(existing, what="email")
        return None
    mobile_owner = User.objects.filter(mobile=mobile).first() if mobile else None
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=password, display_name=display_name,
                                            mobile=None if mobile_owner else mobile, preferred_language=language)
    except IntegrityError:  # registered by someone else a moment ago
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None:
            _tell_owner_of_registration_attempt(existing, what="email")
            return None
        raise
    Consent.objects.create(user=user, purpose="registration", policy_version=settings.PRIVACY_POLICY_VERSION,
                           ip_address=current_origin.get().ip_address)
    record_action(actor=user, action="account.registered", target=user)
    if mobile_owner is not None:
        _tell_owner_of_registration_attempt(mobile_owner, what="mobile")
    send_confirmation_email(user, mobile_not_added=mobile_owner is not None)
    return user


def _tell_owner_of_registration_attempt(owner: User, *, what: str) -> None:
    """E-mail an account's owner that someone tried to register with their address or number: at most a few
    times an hour, whoever asks from wherever (past that, nothing is sent and the caller answers as always)."""
    try:
        ratelimit.hit("registration_notice", str(owner.pk))
    except ValidationError:
        return
    with translation.override(owner.preferred_language or settings.LANGUAGE_CODE):
        sign_in = absolute_url(reverse("accounts:login"))
        reset = absolute_url(reverse("accounts:password_reset"))
        if what == "email":
            subject = _("Someone tried to register on innobelt with your e-mail address")
            body = _("Someone tried to create a new innobelt account with your e-mail address. You already have "
                     "an account, so nothing was created.\nIf it was you, sign in: %(sign_in)s\nForgot your "
                     "password? Reset it: %(reset)s\nIf it was not you, you can ignore this message.") % {
                "sign_in": sign_in, "reset": reset}
        else:
            subject = _("Someone tried to register on innobelt with your mobile number")
            body = _("Someone tried to create a new innobelt account with your mobile number. The number stays "
                     "with your account and was not added to the new one.\nIf it was not you, you can ignore "
                     "this message.")
    transaction.on_commit(lambda: send_mail(subject, body, None, [owner.email], fail_silently=True))


def absolute_url(path: str) -> str:
    """A link for an e-mail: settings.SITE_URL (the address people use) and the path."""
    return settings.SITE_URL.rstrip("/") + path


def find_account(*, identity: str) -> User | None:
    """The account an e-mail address or a mobile number names, however it is spelt
    (case, surrounding spaces, +86, spaces or dashes in the number); None when there is none."""
    identity = (identity or "").strip()
    if not identity:
        return None
    mobile = normalise_mobile(identity)
    if MOBILE_RE.match(mobile):
        return User.objects.filter(mobile=mobile).first()
    return User.objects.filter(email__iexact=identity).first()


def canonicalise_identity(*, identity: str) -> str:
    """One key per account for every limit and lockout: the account's lower-cased e-mail address;
    for an identity without an account, its normalised form (lower-cased e-mail, bare mobile digits)."""
    user = find_account(identity=identity)
    if user is not None:
        return user.email.lower()
    identity = (identity or "").strip()
    mobile = normalise_mobile(identity)
    return mobile if MOBILE_RE.match(mobile) else identity.lower()


def _confirmation_state(user: User) -> str:
    """A keyed hash of what a confirmation link may act on: confirming the address, changing the
    address or the password changes it, so a link works once and only for the account as it was
    (like Django's password-reset tokens)."""
    confirmed = "" if user.email_confirmed_at is None else user.email_confirmed_at.replace(microsecond=0, tzinfo=None).isoformat()
    return salted_hmac(CONFIRM_SALT, f"{user.pk}|{user.email.lower()}|{confirmed}|{user.password}",
                       algorithm="sha256").hexdigest()[:32]


def confirmation_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "s": _confirmation_state(user)}, salt=CONFIRM_SALT)


def send_confirmation_email(user: User, *, mobile_not_added: bool = False) -> None:
    link = absolute_url(reverse("accounts:confirm", kwargs={"token": confirmation_token(user)}))
    body = _("Welcome to innobelt. Open this link to confirm your e-mail address:\n%(link)s") % {"link": link}
    if mobile_not_added:
        body += "\n\n" + _("The mobile number you gave could not be added to your account. You can sign in "
                           "with your e-mail address.")
    subject = _("Confirm your e-mail address for innobelt")
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email], fail_silently=False))


@transaction.atomic
def confirm_email(*, token: str) -> User:
    """Confirm the address a token was issued for, once.

    Raises ValidationError when the token is forged, expired, already used, or the account's
    address or password changed since it was sent. Never signs anyone in: the caller shows a
    "confirmed, now sign in" page.
    """
    invalid = ValidationError(_("This confirmation link is invalid, has expired or was already used."))
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        user = User.objects.select_for_update().get(pk=int(data["u"]), is_active=True)
        state = str(data["s"])
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError, ValueError):
        raise invalid from None
    if user.email_confirmed_at is not None or not constant_time_compare(state, _confirmation_state(user)):
        raise invalid
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["email_confirmed_at"])
    record_action(actor=user, action="account.email_confirmed", target=user)
    return user


def send_sign_in_code(*, mobile: str) -> None:
    """Text a six-digit code to a registered mobile number.

    Says nothing about whether the number is registered (no account probing): every number,
    registered or not, counts against the same CODES_PER_HOUR limit and gets the same answer.
    """
    mobile = normalise_mobile(mobile)
    validate_mainland_mobile(mobile)
    try:
        ratelimit.hit("sms_send_number", mobile)
    except ValidationError:
        raise ValidationError(_("Too many codes were requested for this number. Please try again later."),
                              code="rate_limited") from None
    if not User.objects.filter(mobile=mobile, is_active=True).exists():
        return
    code = f"{secrets.randbelow(10**6):06d}"
    SignInCode.objects.create(mobile=mobile, code_hash=SignInCode.hash_code(mobile, code),
                              expires_at=timezone.now() + CODE_TTL)
    send_sms(mobile, _("Your innobelt sign-in code is %(code)s. It is valid for 10 minutes.") % {"code": code})


def sign_in_with_code(*, mobile: str, code: str) -> User:
    """Check an SMS code and return its user. Raises ValidationError when wrong or expired.

    A wrong guess is counted (and committed) before the error is raised: CODE_MAX_ATTEMPTS per
    code, then the code is burnt; FAILURES_PER_HOUR per number across its codes, then no code is
    accepted for that number until the hour has passed.
    """
    user = _check_sign_in_code(mobile=normalise_mobile(mobile), code=(code or "").strip())
    if user is None:
        raise ValidationError(_("The code is wrong or has expired."), code="wrong_code")
    return user


def _check_sign_in_code(*, mobile: str, code: str) -> User | None:
    """The user a right code signs in, or None; its own transaction, which commits the failed attempt."""
    with transaction.atomic():
        now = timezone.now()
        entry = (SignInCode.objects.select_for_update()
                 .filter(mobile=mobile, used_at__isnull=True, expires_at__gt=now)
                 .order_by("-created_at").first())
        if entry is None or entry.attempts >= CODE_MAX_ATTEMPTS:
            return None
        failures = (SignInCode.objects.filter(mobile=mobile, created_at__gte=now - timedelta(hours=1))
                    .aggregate(n=Sum("attempts"))["n"] or 0)
        if failures >= FAILURES_PER_HOUR:
            return None
        if not secrets.compare_digest(entry.code_hash, SignInCode.hash_code(mobile, code)):
            SignInCode.objects.filter(pk=entry.pk).update(attempts=F("attempts") + 1)
            return None
        entry.used_at = now
        entry.save(update_fields=["used_at"])
        user = User.objects.filter(mobile=mobile, is_active=True).first()
        if user is not None:
            record_action(actor=user, action="account.signed_in_by_sms", target=user)
        return user


def create_api_token(*, user: User, name: str, scope: str = ApiToken.Scope.WRITE,
                     expires_in: timedelta = TOKEN_DEFAULT_LIFETIME) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret (shown once, stored hashed).

    `scope` is "read" (GET, HEAD and OPTIONS only) or "write"; the token expires after
    `expires_in` (1 to TOKEN_MAX_LIFETIME days). The sign-in page and the API ask people and
    default to read; code (tests, benchmarks) gets write unless it says otherwise.
    """
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Choose read or write.")})
    if not timedelta(days=1) <= expires_in <= TOKEN_MAX_LIFETIME:
        raise ValidationError({"expires_in_days": _("A token lasts between 1 and %(days)d days.")
                               % {"days": TOKEN_MAX_LIFETIME.days}})
    if user.api_tokens.filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).count() >= 20:
        raise ValidationError(_("You have 20 active tokens; revoke one first."))
    secret = ApiToken.new_secret()
    now = timezone.now()
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=secret[3:11], token_hash=ApiToken.hash_secret(secret),
                                    scope=scope, created_at=now, expires_at=now + expires_in)
    record_action(actor=user, action="account.token_created", target=token, data={"scope": scope})
    return token, secret


def create_api_token_confirmed(*, user: User, password: str, name: str, scope: str = ApiToken.Scope.READ,
                               expires_in: timedelta = TOKEN_DEFAULT_LIFETIME) -> tuple[ApiToken, str]:
    """What the settings page and the API do: create_api_token once the person's current password confirms it.
    A token outlives the session that made it (until it expires, is revoked or the password changes), so a
    borrowed session must not be able to make one. The guesses count with the password page's per-person limit
    (LIMITS["password_change"], in the rate-limit cache, which a rolled-back transaction cannot undo), as
    erasure's and two-step enrolment's do. Raises ValidationError keyed "password" (nothing is created then;
    like the other password checks, a wrong one is not audited: the limit is the defence)."""
    ratelimit.hit("password_change", str(user.pk))
    if not password or not user.check_password(password):
        raise ValidationError({"password": _("This is not your password.")})
    return create_api_token(user=user, name=name, scope=scope, expires_in=expires_in)


def revoke_api_token(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.get(pk=token_id, user=user, revoked_at__isnull=True)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_action(actor=user, action="account.token_revoked", target=token)
    return token


def after_password_change(*, user: User, keep_session_key: str | None = None) -> int:
    """What every password change does, whatever made it: User.save calls it when the hash changed (the
    settings page, a password reset, the admin, `manage.py changepassword`, set_password and save in code).
    Every API token is revoked and every session of the person but `keep_session_key` ends: they were
    opened with the old password. Returns how many sessions ended. Side effects: audit entries (tokens
    revoked, sessions ended) when there was something to end."""
    revoke_all_api_tokens(user=user, reason="password_changed")
    ended = _delete_sessions(user=user, keep_session_key=keep_session_key)
    if ended:
        record_action(actor=user, action="account.password_sessions_ended", target=user, data={"count": ended})
    return ended


def revoke_all_api_tokens(*, user: User, reason: str) -> int:
    """Revoke every live token of a person (after a password change or reset). Returns how many."""
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if count:
        record_action(actor=user, action="account.tokens_revoked", target=user, data={"reason": reason, "count": count})
    return count


def find_api_token(*, secret: str) -> ApiToken | None:
    """The live token a secret belongs to (not revoked, not expired, its person active), or None."""
    if not secret or not secret.startswith("ib_"):
        return None
    now = timezone.now()
    token = (ApiToken.objects.select_related("user")
             .filter(token_hash=ApiToken.hash_secret(secret), revoked_at__isnull=True, expires_at__gt=now).first())
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def user_for_api_token(secret: str) -> User | None:
    token = find_api_token(secret=secret)
    return None if token is None else token.user


@transaction.atomic
def change_password(*, user: User, current_password: str, new_password: str, keep_session_key: str | None = None) -> User:
    """Change a person's password: the current one is required and the new one passes Django's validators
    (AUTH_PASSWORD_VALIDATORS, with the person's own attributes for the similarity check).

    Side effects: the new hash is saved, which (User.save, after_password_change) revokes every API token
    and ends every session of the person but `keep_session_key` (the page then keeps its own with
    update_session_auth_hash). The change is audited and
    the person is told in the inbox and by e-mail, in their preferred language, with a link to reset
    the password if it was not them (a security kind: preferences cannot turn it off).
    Raises ValidationError keyed "current_password" or "new_password"; nothing changes then.
    """
    if not current_password or not user.check_password(current_password):
        raise ValidationError({"current_password": _("Your current password is not right.")})
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages}) from None
    if user.check_password(new_password):
        raise ValidationError({"new_password": _("Choose a password different from your current one.")})
    user.set_password(new_password)
    user.keep_session_key = keep_session_key
    user.save(update_fields=["password"])  # ends the other sessions and revokes the tokens (after_password_change)
    ended = user.sessions_ended
    record_action(actor=user, action="account.password_changed", target=user, data={"sessions_ended": ended})
    when = local(timezone.now())
    notify([user], kind="account.password_changed",
           subject=lambda: _("Your innobelt password was changed"),
           body=lambda: _("The password of your innobelt account was changed on %(when)s. Your other sessions were "
                          "signed out and your API tokens revoked.\nIf it was not you, reset your password now:")
           % {"when": when},
           link=reverse("accounts:password_reset"))
    return user


def change_name(*, user: User, display_name: str) -> User:
    """Change the name others see. Raises ValidationError keyed "display_name" when it is blank or too long."""
    display_name = normalise_name(display_name or "")
    try:
        validate_name(display_name)  # no bidi or invisible characters: a name reads as what it is
    except ValidationError as exc:
        raise ValidationError({"display_name": exc.messages}) from None
    if not display_name:
        raise ValidationError({"display_name": _("Give your name.")})
    limit = User._meta.get_field("display_name").max_length or 100
    if len(display_name) > limit:
        raise ValidationError({"display_name": _("A name has at most %(n)d characters.") % {"n": limit}})
    if display_name != user.display_name:
        user.display_name = display_name
        user.save(update_fields=["display_name"])
        record_action(actor=user, action="account.name_changed", target=user)
    return user


def change_language(*, user: User, language: str) -> User:
    """Change the language of the person's notifications and e-mails (one of settings.LANGUAGES).

    Raises ValidationError keyed "preferred_language" for any other value.
    """
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"preferred_language": _("Choose one of the languages offered.")})
    previous = user.preferred_language
    if language != previous:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        record_action(actor=user, action="account.language_changed", target=user, data={"from": previous, "to": language})
    return user


def _delete_sessions(*, user: User, keep_session_key: str | None) -> int:
    """Delete a person's sessions but one: with the session engine of ADR 0015 the row is the session."""
    count, _by_model = UserSession.objects.filter(user=user).exclude(session_key=keep_session_key or "").delete()
    return count


def _tell_sessions_ended(user: User, count: int) -> None:
    notify([user], kind="account.sessions_ended",
           subject=lambda: _("Sessions of your innobelt account were signed out"),
           body=lambda: _("%(count)d other sessions of your innobelt account were signed out from your account settings. "
                          "If it was not you, change your password now:") % {"count": count},
           link=reverse("accounts:change_password"))


def end_session(*, user: User, ref: str, current_session_key: str | None) -> UserSession:
    """End one of the person's own sessions, named by its key's hash (`UserSession.key_hash`).

    Raises UserSession.DoesNotExist for a session that is not the person's (or no longer exists), and
    ValidationError for the session the request itself uses (signing out does that). The session is
    deleted from the store, so its browser is signed out at its next request; audited, and the person is
    told (a security kind: whoever else holds the account cannot end the owner's sessions unnoticed).
    """
    session = UserSession.objects.get(user=user, key_hash=ref)
    if current_session_key and session.session_key == current_session_key:
        raise ValidationError(_("This is the session you are using: sign out instead."))
    session.delete()
    record_action(actor=user, action="account.session_ended", target=user, data={"session": ref[:12]})
    _tell_sessions_ended(user, 1)
    return session


def end_other_sessions(*, user: User, current_session_key: str | None) -> int:
    """End every session of the person but the one the request uses. Returns how many ended."""
    count = _delete_sessions(user=user, keep_session_key=current_session_key)
    if count:
        record_action(actor=user, action="account.sessions_ended", target=user, data={"count": count})
        _tell_sessions_ended(user, count)
    return count
