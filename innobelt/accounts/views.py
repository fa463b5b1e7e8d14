from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.accounts import domain, queries, ratelimit
from innobelt.accounts.forms import (
    CodeForm,
    MobileForm,
    NotificationPreferencesForm,
    PasswordChangeForm,
    ProfileForm,
    RegisterForm,
    TokenForm,
    language_choices,
)
from innobelt.accounts.models import ApiToken, UserSession
from innobelt.kit.forms import add_validation_errors
from innobelt.notifications import domain as notifications

BACKEND = "innobelt.accounts.backends.EmailOrMobileBackend"


def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.hit("register", ratelimit.client_key(request))
            domain.register_user(
                email=form.cleaned_data["email"], password=form.cleaned_data["password"],
                display_name=form.cleaned_data["display_name"], mobile=form.cleaned_data["mobile"],
                language=get_language(), consent_given=form.cleaned_data["consent"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            # The same answer whether the address was new or taken (then its owner got an e-mail):
            # nobody is signed in here; the confirmation link leads to the sign-in page.
            messages.success(request, _("We sent you an e-mail: open its link to confirm your address, then sign in."))
            return redirect("accounts:login")
    return render(request, "accounts/register.html", {"form": form})


def confirm(request, token):
    """Confirm an address. Never signs anyone in: a link in an e-mail is not a password."""
    try:
        user = domain.confirm_email(token=token)
    except ValidationError as exc:
        return render(request, "accounts/confirm_failed.html", {"error": exc.messages[0]}, status=400)
    if request.user.is_authenticated and request.user.pk == user.pk:
        messages.success(request, _("Your e-mail address is confirmed."))
        return redirect("organisations:mine")
    messages.success(request, _("Your e-mail address is confirmed. Please sign in."))
    return redirect("accounts:login")


def sms_login(request):
    """Two steps: ask for a code, then enter it."""
    code_form = None
    mobile_form = MobileForm(request.POST if request.POST.get("step") == "send" else None)
    if request.method == "POST" and request.POST.get("step") == "send" and mobile_form.is_valid():
        try:
            ratelimit.hit("sms_send", ratelimit.client_key(request))
            domain.send_sign_in_code(mobile=mobile_form.cleaned_data["mobile"])
        except ValidationError as exc:
            mobile_form.add_error("mobile", exc.messages[0])
        else:
            messages.info(request, _("If this number has an account, a code is on its way."))
            code_form = CodeForm(initial={"mobile": mobile_form.cleaned_data["mobile"]})
    elif request.method == "POST" and request.POST.get("step") == "verify":
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            try:
                ratelimit.hit("sms_verify", ratelimit.client_key(request))
                user = domain.sign_in_with_code(mobile=code_form.cleaned_data["mobile"], code=code_form.cleaned_data["code"])
            except ValidationError as exc:
                code_form.add_error("code", exc.messages[0])
            else:
                login(request, user, backend=BACKEND)
                return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/sms_login.html", {"mobile_form": mobile_form, "code_form": code_form})


@login_required
def account_settings(request):
    form = TokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.hit("token_create", str(request.user.pk))
            _token, new_secret = domain.create_api_token_confirmed(
                user=request.user, password=form.cleaned_data["password"], name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_in=timedelta(days=form.cleaned_data["expires_in_days"]))
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    language_name = dict(language_choices()).get(request.user.preferred_language, request.user.preferred_language)
    return render(request, "accounts/settings.html", {"form": form, "tokens": tokens, "new_secret": new_secret,
                                                      "language_name": language_name})


@login_required
def profile(request):
    """The name others see and the language of the person's notifications and e-mails."""
    user = request.user
    form = ProfileForm(request.POST or None, initial={"display_name": user.display_name,
                                                      "preferred_language": user.preferred_language})
    if request.method == "POST" and form.is_valid():
        try:
            domain.change_name(user=user, display_name=form.cleaned_data["display_name"])
            domain.change_language(user=user, language=form.cleaned_data["preferred_language"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("accounts:settings")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def change_password(request):
    """The current password and a new one twice; this session stays signed in, every other one ends."""
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.hit("password_change", str(request.user.pk))
            domain.change_password(user=request.user, current_password=form.cleaned_data["current_password"],
                                   new_password=form.cleaned_data["new_password"],
                                   keep_session_key=request.session.session_key)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            update_session_auth_hash(request, request.user)  # a new session key under the new password
            messages.success(request, _("Your password was changed. Your other sessions were signed out and your API "
                                        "tokens revoked."))
            return redirect("accounts:settings")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def sessions(request):
    """Where the person is signed in: browser, address, sign-in and last seen; this one marked."""
    listed = queries.sessions_of(request.user, current_session_key=request.session.session_key)
    return render(request, "accounts/sessions.html", {"sessions": listed})


@login_required
@require_POST
def end_session(request, ref):
    try:
        domain.end_session(user=request.user, ref=ref, current_session_key=request.session.session_key)
    except UserSession.DoesNotExist:
        raise Http404 from None  # another person's session, or one already ended: the same answer
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The session was signed out."))
    return redirect("accounts:sessions")


@login_required
@require_POST
def end_other_sessions(request):
    count = domain.end_other_sessions(user=request.user, current_session_key=request.session.session_key)
    messages.success(request, _("Sessions signed out: %(count)d.") % {"count": count})
    return redirect("accounts:sessions")


@login_required
def notification_preferences(request):
    """Per kind of notification: in the inbox, and by e-mail at once, in a daily digest or not at all."""
    form = NotificationPreferencesForm(request.POST or None, preferences=notifications.preferences_of(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            notifications.set_notification_preferences(user=request.user, choices=form.choices())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your notification settings were saved."))
            return redirect("accounts:notifications")
    return render(request, "accounts/notifications.html", {"form": form})


@login_required
@require_POST
def revoke_token(request, token_id):
    try:
        domain.revoke_api_token(user=request.user, token_id=token_id)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:settings")


def admin_login(request):
    """The admin's sign-in is the site's: one form, one per-address limit, one lockout.

    Nothing is checked here (a POST of credentials is not read): the person is sent to the site's
    sign-in page, which brings them back to the admin page they asked for.
    """
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = reverse("admin:index")
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url})}")


def _limited_admin_password_change(request, extra_context=None):
    # the current password is guessed here as on the settings page: the same per-person count
    if request.method == "POST":
        try:
            ratelimit.hit("password_change", str(request.user.pk))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect(request.path)
    return admin.site.password_change(request, extra_context)


def admin_password_change(request):
    """The admin's own password page (staff only, as the admin's), with the settings page's limit of guesses."""
    return admin.site.admin_view(_limited_admin_password_change, cacheable=True)(request)


def privacy(request):
    return render(request, "accounts/privacy.html")


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, at most a few requests per address and IP an hour."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self):
        return {"site_url": settings.SITE_URL.rstrip("/")}  # the link's address, never the request's Host

    def form_valid(self, form):
        try:
            ratelimit.hit("password_reset", ratelimit.client_key(self.request))
            ratelimit.hit("password_reset", domain.canonicalise_identity(identity=form.cleaned_data["email"]))
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
            return self.form_invalid(form)
        return super().form_valid(form)
