"""Avatar images are decoded and drawn again (Pillow): what is stored and served is a plain image
Baton wrote itself, so a file that is also HTML or script (a polyglot) never comes back as uploaded."""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from domain.errors import InvalidInput

MAX_AVATAR_BYTES = 512 * 1024
MAX_SIDE = 4096  # pixels: a larger picture is refused before it is decoded
_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
NOT_AN_IMAGE = "The avatar must be a PNG, JPEG or WebP image."


def reencoded(data: bytes) -> tuple[str, bytes]:
    """The image's type and its bytes as re-encoded; InvalidInput when it is not a PNG, JPEG or WebP or too large."""
    if not data:
        raise InvalidInput("The avatar file is empty.")
    if len(data) > MAX_AVATAR_BYTES:
        raise InvalidInput(f"The avatar must be at most {MAX_AVATAR_BYTES // 1024} KB (it is {len(data) // 1024} KB).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(_FORMATS)) as image:
                kind = image.format or ""
                if image.width > MAX_SIDE or image.height > MAX_SIDE:
                    raise InvalidInput(f"The avatar must be at most {MAX_SIDE} x {MAX_SIDE} pixels.")
                image.load()
                return _FORMATS[kind], _encode(image, kind)
    except (UnidentifiedImageError, OSError, ValueError, KeyError, Image.DecompressionBombError, Warning):
        raise InvalidInput(NOT_AN_IMAGE) from None


def _encode(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=90)
    elif kind == "WEBP":
        image.save(out, "WEBP", quality=90)
    else:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    return out.getvalue()
