"""What a file really is, from its first bytes (never from its name)."""

import io

SIGNATURES = [
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
]
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"PK\x03\x04")


def sniff(head: bytes) -> str | None:
    """The content type the bytes show, or None when they are not one we accept."""
    if head.startswith(EXECUTABLE_MAGIC):
        return None
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def is_intact_image(data: bytes) -> bool:
    """Pillow can parse it fully (a valid header on a broken or disguised body fails)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            return image.width * image.height <= 50_000_000
    except Exception:
        return False
