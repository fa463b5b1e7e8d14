"""Helpers for tests of uploads (used by tests/files and by apps that attach files)."""

import io

from PIL import Image

from innobelt.files import domain


def png_bytes(size=(40, 30), colour=(15, 94, 156)) -> bytes:
    """An intact PNG image."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def files_on_disk() -> set:
    """Every stored file under the upload root."""
    root = domain.storage_root()
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()
