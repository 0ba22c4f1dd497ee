"""Avatar images: decoded and re-encoded, so only a plain image is ever stored; the size is capped."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from api.identity.avatar_image import MAX_AVATAR_BYTES, MAX_SIDE, reencoded
from domain.errors import InvalidInput

HTML = b"<html><script>alert(document.cookie)</script></html>"


def image(kind: str, size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, kind)
    return out.getvalue()


@pytest.mark.parametrize(
    ("kind", "content_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")]
)
def test_avatar_is_stored_as_a_new_image_of_its_type_when_it_decodes(kind: str, content_type: str) -> None:
    found, data = reencoded(image(kind))
    assert found == content_type
    assert Image.open(io.BytesIO(data)).size == (8, 8)


def test_html_appended_to_a_png_is_not_stored_when_the_avatar_is_a_polyglot() -> None:
    polyglot = image("PNG") + HTML
    _, data = reencoded(polyglot)
    assert b"<script" not in data and b"<html" not in data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "PNG, JPEG or WebP"),  # the magic bytes alone are not an image
        (image("GIF"), "PNG, JPEG or WebP"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "PNG, JPEG or WebP"),
        (HTML, "PNG, JPEG or WebP"),
        (b"", "empty"),
        (image("PNG") + b"\x00" * MAX_AVATAR_BYTES, "at most 512 KB"),
        (image("PNG", (MAX_SIDE + 1, 1)), "pixels"),
    ],
)
def test_avatar_is_refused_when_not_an_accepted_image_or_too_large(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        reencoded(data)
