"""A person's data under PIPL (ADR 0021): the page in the account settings, the JSON download, the erasure."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from innobelt.accounts import personal_data
from innobelt.kit.forms import add_validation_errors


class ErasureForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Your password"), widget=forms.PasswordInput, max_length=128)
    confirm = forms.BooleanField(label=gettext_lazy("I understand that my account is erased for good and cannot be "
                                                    "restored."))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def personal_data_page(request):
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            personal_data.erase_account(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            logout(request)
            messages.success(request, _("Your account was erased. Thank you for using innobelt."))
            return redirect("web:home")
    return render(request, "accounts/personal_data.html", {"form": form})


@login_required
@require_POST
def personal_data_download(request):
    data = personal_data.export_personal_data(user=request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8")
    filename = f"innobelt-personal-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
