"""Pages of two-step sign-in: turn it on (scan, confirm with a code, keep the recovery codes), and enter a
code after signing in. Translate only: the rules are in two_factor.py."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from innobelt.accounts import two_factor
from innobelt.accounts.forms import SecondFactorEnrolForm, SecondFactorForm
from innobelt.kit.forms import add_validation_errors


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_required
def setup(request):
    """Turn two-step sign-in on, see that it is on, replace the recovery codes, or turn it off."""
    user = request.user
    action = request.POST.get("action") if request.method == "POST" else None
    form = SecondFactorEnrolForm(request.POST if action == "confirm" else None)
    # new recovery codes or turning it off: confirmed by a current code, so a borrowed session can do neither
    manage_form = SecondFactorForm(request.POST if action in ("codes", "off") else None, prefix="manage")
    recovery_codes: list[str] = []
    if action:
        try:
            if action == "confirm" and form.is_valid():
                recovery_codes = two_factor.confirm_enrolment(request=request, user=user, code=form.cleaned_data["code"],
                                                              password=form.cleaned_data["password"])
                messages.success(request, _("Two-step sign-in is on."))
            elif action == "codes" and request.user.is_verified() and manage_form.is_valid():
                recovery_codes = two_factor.regenerate_recovery_codes(user=user, code=manage_form.cleaned_data["code"])
            elif action == "off" and request.user.is_verified() and manage_form.is_valid():
                two_factor.turn_off(request=request, user=user, code=manage_form.cleaned_data["code"])
                messages.success(request, _("Two-step sign-in is off."))
                return redirect("accounts:two_factor")
        except ValidationError as exc:
            add_validation_errors(manage_form if action in ("codes", "off") else form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    enrolled = two_factor.is_enrolled(user)
    context = {"enrolled": enrolled, "form": form, "manage_form": manage_form, "recovery_codes": recovery_codes, "next": _next(request),
               "required": two_factor.needs_second_factor(user), "verified": request.user.is_verified()}
    if not enrolled:
        device = two_factor.pending_device(user)
        # segno's SVG (no inline style), made from the device's own otpauth:// address
        context["qr"] = mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4))
        context["secret_base32"] = _base32(device.bin_key)
    return render(request, "accounts/two_factor.html", context)


@login_required
def verify(request):
    """The code after the password (or the SMS code): from the authenticator app, or a recovery code."""
    if request.user.is_verified():
        return redirect(_next(request))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.verify(request=request, user=request.user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            return redirect(_next(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)}, status=200)


def _base32(key: bytes) -> str:
    import base64

    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))
