from datetime import datetime
from typing import Literal
from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from innobelt.files import domain
from innobelt.files.models import StoredFile
from innobelt.kit.api_auth import SIGNED_IN
from innobelt.kit.api_errors import errors
from innobelt.organisations.models import Organisation
from innobelt.permissions import can

router = Router(tags=["files"])


class FileOut(Schema):
    id: UUID
    kind: str
    original_name: str
    content_type: str
    size: int
    is_public: bool
    created_at: datetime
    url: str

    @staticmethod
    def resolve_url(obj):
        return reverse("files:download", kwargs={"file_id": obj.pk})


@router.post("/files", response={201: FileOut, **errors(400, 404)}, auth=SIGNED_IN)
def upload_file(request, organisation: Form[str], kind: Form[Literal["photo", "document"]],
                file: File[UploadedFile], is_public: Form[bool] = False):
    org = get_object_or_404(Organisation, slug=organisation)
    if not can(request.auth, "files.add_storedfile", org):
        raise Http404  # do not confirm which organisations exist to outsiders
    return Status(201, domain.store_upload(actor=request.auth, organisation=org, kind=kind, upload=file, is_public=is_public))


@router.get("/files/{file_id}", response={200: FileOut, **errors(404)}, auth=SIGNED_IN)
def get_file(request, file_id: UUID):
    stored = StoredFile.objects.filter(pk=file_id).first()
    if stored is None or not can(request.auth, "files.view_storedfile", stored):
        raise Http404
    return stored
