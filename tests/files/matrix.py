"""Permission rows for the files app (loaded by tests/test_permission_matrix.py)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from innobelt.files.models import StoredFile
from tests.permissions import Multipart


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="PNG")
    return buffer.getvalue()


def extend_world(world):
    from innobelt.files import domain

    world.extra["private_file"] = domain.store_upload(
        actor=world.users["admin_a"], organisation=world.org_a, kind=StoredFile.Kind.PHOTO,
        upload=SimpleUploadedFile("a.png", _png()))


def _row(*values):
    from tests.permissions import ROLES

    return dict(zip(ROLES, values, strict=True))


L = "login"
PAGES = {
    # a platform operator does not read another organisation's private file here (files/rules.py)
    "files:download": ("get", lambda w: f"/files/{w.extra['private_file'].pk}/", None, _row(404, 200, 200, 404, 404, 404, 404)),
    "files:organisation_files": ("get", lambda w: "/files/organisation/org-a/", None, _row(L, 200, 200, 403, 403, 403, 200)),
    "files:delete": ("post", lambda w: f"/files/{w.extra['private_file'].pk}/delete/", None, _row(L, 403, 302, 404, 404, 404, 404)),
}
API = {
    "GET /api/v1/files/{file_id}": (lambda w: (f"/api/v1/files/{w.extra['private_file'].pk}", None),
                                    _row(401, 200, 200, 404, 404, 404, 404)),
    "POST /api/v1/files": (lambda w: ("/api/v1/files", Multipart(lambda: {
        "organisation": "org-a", "kind": "photo", "file": SimpleUploadedFile("p.png", _png())})),
        _row(401, 201, 201, 404, 404, 404, 201)),
}
