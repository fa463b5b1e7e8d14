"""Helpers for tests of uploads (used by tests/files and by apps that attach files)."""

import functools
import io
import struct
import zlib

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


@functools.lru_cache(maxsize=4)
def bomb_png(width=13_000, height=13_000) -> bytes:
    """A PNG of width×height black RGB pixels that compresses to under 1 MB but decodes to about
    width×height×3 bytes (13000×13000: 507 MB). Written row by row, so making it needs no such memory;
    Pillow reads its header as any other PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" * (1 + 3 * width)  # filter byte, then the pixels
    deflate = zlib.compressobj(9)
    idat = b"".join(deflate.compress(row) for _ in range(height)) + deflate.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
