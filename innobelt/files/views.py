from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.files import domain
from innobelt.files.forms import UploadForm
from innobelt.files.models import StoredFile
from innobelt.kit.forms import add_validation_errors
from innobelt.organisations.models import Organisation
from innobelt.permissions import can


def _visible(request, file_id) -> StoredFile:
    stored = StoredFile.objects.select_related("organisation").filter(pk=file_id).first()
    if stored is None or not can(request.user, "files.view_storedfile", stored):
        raise Http404  # the same answer whether it does not exist or is not yours
    return stored


def download(request, file_id):
    return domain.file_response(_visible(request, file_id))


@login_required
def organisation_files(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can(request.user, "files.add_storedfile", organisation):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.store_upload(actor=request.user, organisation=organisation, kind=form.cleaned_data["kind"],
                                upload=form.cleaned_data["file"], is_public=form.cleaned_data["is_public"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The file was uploaded."))
            return redirect("files:organisation_files", slug=slug)
    files = organisation.files.select_related("uploaded_by")
    return render(request, "files/organisation_files.html", {"organisation": organisation, "form": form, "files": files})


@login_required
@require_POST
def delete(request, file_id):
    stored = _visible(request, file_id)
    domain.delete_file(actor=request.user, stored=stored)
    messages.success(request, _("The file was deleted."))
    return redirect("files:organisation_files", slug=stored.organisation.slug)
