"""Documents' bytes: the first bytes must be of the declared type; stored once per content, never half-written."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from api.projects.files import FileStore, FileTooLarge, looks_like
from domain.projects.document import CONTENT_TYPES

REAL_STARTS = {
    "application/pdf": b"%PDF-1.7\n",
    "image/png": b"\x89PNG\r\n\x1a\n\x00\x00",
    "image/jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
    "image/gif": b"GIF89a\x01\x00",
    "image/webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    "application/msword": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": b"PK\x03\x04\x14\x00",
    "application/vnd.oasis.opendocument.text": b"PK\x03\x04\x14\x00",
}


@pytest.mark.parametrize(("content_type", "head"), sorted(REAL_STARTS.items()))
def test_a_file_is_taken_as_its_type_when_its_first_bytes_say_so(content_type: str, head: bytes) -> None:
    assert content_type in CONTENT_TYPES
    assert looks_like(content_type, head)


@pytest.mark.parametrize("content_type", sorted(CONTENT_TYPES))
def test_text_or_another_types_bytes_are_refused_when_declared_as_a_type(content_type: str) -> None:
    assert not looks_like(content_type, b"<html><script>alert(1)</script>")
    # Its own signature one byte late is not its signature.
    assert not looks_like(content_type, b"\x00" + REAL_STARTS.get(content_type, b"PK\x03\x04"))
    assert not looks_like(content_type, b"")


def test_the_same_bytes_are_stored_once_under_their_hash_when_kept_twice(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "files")
    data = b"%PDF-1.7\n" + b"x" * 100_000
    first, second = store.keep(io.BytesIO(data), 1_000_000), store.keep(io.BytesIO(data), 1_000_000)
    digest = hashlib.sha256(data).hexdigest()
    assert first == second and (first.sha256, first.size) == (digest, len(data))
    assert store.path_of(digest).read_bytes() == data
    assert [p.name for p in (tmp_path / "files").rglob("*") if p.is_file()] == [digest]


def test_nothing_is_left_behind_when_a_file_is_larger_than_the_limit(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "files")
    with pytest.raises(FileTooLarge):
        store.keep(io.BytesIO(b"y" * 70_000), 65_536)
    assert [p for p in (tmp_path / "files").rglob("*") if p.is_file()] == []
