"""Holds a signed-in session that owes its second factor (innobelt/accounts/two_factor.py) on the
two-factor pages: a page redirects there, an API call answers 403 in the API's error shape. A session owes
one when the person turned two factors on (known since sign-in) or when their role requires it
(platform and district operators), until a code is entered. After django_otp's OTPMiddleware."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from innobelt.accounts.two_factor import ENROLLED, is_enrolled, needs_second_factor
from innobelt.kit.api_errors import error_body

#: what a session owing its code may still open
ALLOWED = {"accounts:two_factor", "accounts:two_factor_verify", "accounts:logout", "set_language",
           "healthz", "readyz", "web:home", "accounts:privacy"}


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        enrolled = request.session.get(ENROLLED)
        required = needs_second_factor(user)
        if not enrolled and not required:
            return self.get_response(request)
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            return self.get_response(request)
        if name in ALLOWED:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            message = _("Enter the code of your authenticator app on the site first (two-step sign-in).")
            return JsonResponse(error_body("second_factor_required", message), status=403,
                                json_dumps_params={"ensure_ascii": False})
        target = "accounts:two_factor_verify" if enrolled or is_enrolled(user) else "accounts:two_factor"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
