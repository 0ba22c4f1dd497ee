"""Avatar images: the type is read from the bytes, the size is capped."""

from __future__ import annotations

import pytest

from api.identity.avatars import MAX_AVATAR_BYTES, image_type
from domain.errors import InvalidInput

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32


@pytest.mark.parametrize(("data", "kind"), [(PNG, "image/png"), (JPEG, "image/jpeg"), (WEBP, "image/webp")])
def test_avatar_type_is_recognised_from_its_bytes(data: bytes, kind: str) -> None:
    assert image_type(data) == kind


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a" + b"\x00" * 32, "PNG, JPEG or WebP"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "PNG, JPEG or WebP"),
        (b"", "empty"),
        (PNG + b"\x00" * MAX_AVATAR_BYTES, "at most 512 KB"),
    ],
)
def test_avatar_is_refused_when_not_an_accepted_image_or_too_large(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        image_type(data)
