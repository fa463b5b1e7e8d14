"""Storing uploads safely: sniffed type, size limits per kind, random names, atomic.

The bytes live in Django's default storage: files under MEDIA_ROOT (the embedded default) or a private
bucket of an S3-compatible object store (INNOBELT_S3_BUCKET, ADR 0018). Every read goes through
`open_stored` and is streamed by the app after its permission check; no storage URL is handed out.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.files.models import StoredFile
from innobelt.files.sniffing import image_problem, max_image_pixels, sniff
from innobelt.permissions import require

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from innobelt.accounts.models import User
    from innobelt.organisations.models import Organisation

MB = 1024 * 1024
RULES: dict[str, tuple[set[str], int]] = {
    # kind: (accepted content types, max bytes)
    StoredFile.Kind.PHOTO: ({"image/jpeg", "image/png", "image/webp"}, 5 * MB),
    StoredFile.Kind.DOCUMENT: ({"application/pdf"}, 20 * MB),
}


#: what a download's name may end with, per type the bytes were checked to be (the first is added otherwise)
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/webp": (".webp",),
}


def storage() -> Storage:
    """Where uploads live: the default storage of the settings (files or an object store)."""
    return storages["default"]


def storage_root() -> Path:
    """The folder of uploads on the embedded default (files under MEDIA_ROOT)."""
    return Path(settings.MEDIA_ROOT)


def name_of(stored: StoredFile) -> str:
    """The file's name inside the storage (its key in the bucket)."""
    return f"{stored.storage_name[:2]}/{stored.storage_name}"


def path_of(stored: StoredFile) -> Path:
    """The file on disk on the embedded default (files under MEDIA_ROOT)."""
    return storage_root() / name_of(stored)


def open_stored(stored: StoredFile) -> File[bytes] | None:
    """The stored bytes opened for reading, or None when they are gone."""
    try:
        return storage().open(name_of(stored), "rb")
    except (FileNotFoundError, OSError):
        return None


def remove_bytes(stored: StoredFile) -> None:
    """Delete the stored bytes (nothing happens when they are already gone)."""
    storage().delete(name_of(stored))


def store_upload(*, actor: User, organisation: Organisation, kind: str, upload: UploadedFile, is_public: bool = False) -> StoredFile:
    """Check and store one upload for an organisation.

    Refuses (ValidationError, nothing written) a file whose bytes are not an
    accepted type for the kind, whatever its name, or that is too large.
    Side effects: a file in the storage, a StoredFile row, an audit entry.
    """
    require(actor, "files.add_storedfile", organisation)
    return save_upload(actor=actor, organisation=organisation, kind=kind, upload=upload, is_public=is_public)


def save_upload(*, actor: User, organisation: Organisation, kind: str, upload: UploadedFile, is_public: bool = False) -> StoredFile:
    """`store_upload` for a caller that has already checked the permission on what the file belongs to
    (a resource's photo: whoever may change the resource). The same checks of type and size."""
    if kind not in RULES:
        raise ValidationError({"kind": _("Unknown kind of file.")})
    accepted, limit = RULES[kind]
    if (upload.size or 0) > limit:
        raise ValidationError({"file": _("The file is too large: at most %(mb)d MB.") % {"mb": limit // MB}})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({"file": _("The file is too large: at most %(mb)d MB.") % {"mb": limit // MB}})
    content_type = sniff(data[:64])
    problem = image_problem(data) if content_type in accepted and content_type.startswith("image/") else None
    if problem == "too_large":
        raise ValidationError({"file": _("The image is too large: at most %(mp)d megapixels.")
                               % {"mp": max_image_pixels() // 1_000_000}})
    if content_type not in accepted or problem:
        names: dict[str, str] = {StoredFile.Kind.PHOTO: _("a JPEG, PNG or WebP image"), StoredFile.Kind.DOCUMENT: _("a PDF document")}
        raise ValidationError({"file": _("This file is not %(expected)s (its content was checked, not its name).")
                               % {"expected": names[kind]}})
    storage_name = secrets.token_hex(20)
    name = f"{storage_name[:2]}/{storage_name}"
    try:
        with transaction.atomic():
            if storage().save(name, ContentFile(data)) != name:
                raise RuntimeError(f"the storage renamed {name}")  # random names never collide
            stored = StoredFile.objects.create(
                kind=kind, original_name=Path(upload.name or "upload").name[:200], content_type=content_type,
                size=len(data), sha256=hashlib.sha256(data).hexdigest(), storage_name=storage_name,
                organisation=organisation, uploaded_by=actor, is_public=is_public,
            )
            record_action(actor=actor, action="file.uploaded", target=stored, data={"kind": kind, "size": len(data)})
    except BaseException:
        storage().delete(name)
        raise
    return stored


def delete_file(*, actor: User, stored: StoredFile) -> None:
    require(actor, "files.delete_storedfile", stored)
    discard_file(actor=actor, stored=stored)


def discard_file(*, actor: User, stored: StoredFile) -> None:
    """Delete a file whose permission the caller has checked; the bytes go when the transaction commits."""
    name = name_of(stored)
    with transaction.atomic():
        record_action(actor=actor, action="file.deleted", target=stored)
        stored.delete()
        transaction.on_commit(lambda: storage().delete(name))


def download_name(stored: StoredFile) -> str:
    """The name a file is downloaded under: the uploaded name without control or format characters (which hide or
    reorder text: "invoice\u202efdp.exe"), ending with an extension of the type its bytes were checked to be, so
    that a PDF that is also a web page, uploaded as "invoice.html", is never saved as one by the reader."""
    name = "".join(c for c in stored.original_name if unicodedata.category(c) not in ("Cc", "Cf")).strip() or "file"
    allowed = EXTENSIONS.get(stored.content_type, ())
    if allowed and not name.lower().endswith(allowed):
        name += allowed[0]
    return name


def file_response(stored: StoredFile) -> FileResponse:
    """Stream a stored file (raise Http404 if its bytes are gone). The caller has checked who may see it."""
    handle = open_stored(stored)
    if handle is None:
        raise Http404
    response = FileResponse(handle, content_type=stored.content_type,
                            as_attachment=not stored.content_type.startswith("image/"), filename=download_name(stored))
    response["Cache-Control"] = "private, max-age=3600" if not stored.is_public else "public, max-age=3600"
    # Uploaded content never runs script; the browser's own image viewer needs inline style.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response
