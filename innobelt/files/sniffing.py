"""What a file really is, from its first bytes (never from its name)."""

import io
import warnings

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


def max_image_pixels() -> int:
    from django.conf import settings

    return settings.IMAGE_MAX_PIXELS


def guard_pillow() -> None:
    """Pillow's decompression-bomb guard at our limit (FilesConfig.ready sets it for the process)."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = max_image_pixels()


def image_problem(data: bytes) -> str | None:
    """Why the bytes are not an image we keep, or None when Pillow can parse them fully.

    "too_large": more pixels than settings.IMAGE_MAX_PIXELS, known from the header alone
    (Image.open reads only the header; nothing is decoded). "broken": a valid header on a
    broken or disguised body.
    """
    from PIL import Image

    limit = max_image_pixels()
    with warnings.catch_warnings():
        # Pillow warns from the limit and refuses from twice it: refuse from the limit.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > limit:
                    return "too_large"
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return "too_large"
        except Exception:
            return "broken"
    return None


def is_intact_image(data: bytes) -> bool:
    """Pillow can parse it fully, and it is not larger than settings.IMAGE_MAX_PIXELS."""
    return image_problem(data) is None
