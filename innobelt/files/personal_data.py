"""The files a person uploaded, in their PIPL export (what they are; the bytes are downloaded from the
organisation's files page). Erasure keeps them: they belong to the organisation."""

from innobelt.accounts import personal_data
from innobelt.files.models import StoredFile


def _export(user) -> list[dict]:
    return [{"id": str(f.id), "name": f.original_name, "type": f.content_type, "size": f.size, "kind": f.kind,
             "organisation": f.organisation.slug, "public": f.is_public, "sha256": f.sha256,
             "uploaded_at": f.created_at.isoformat()}
            for f in StoredFile.objects.filter(uploaded_by=user).select_related("organisation").order_by("created_at")]


def register() -> None:
    personal_data.register("files_uploaded", export=_export)
