"""Uploaded documents' bytes: checked against their declared type and stored by content on disk.

A file is kept at ``<root>/<first two hex digits>/<sha256>``: the same bytes
uploaded twice are stored once, and the event records only the hash. Bytes
are written to a temporary file in the same folder and renamed into place, so
a reader never sees half a file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 16
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the legacy Microsoft Office container
ZIP = b"PK\x03\x04"  # Office Open XML and OpenDocument files are zip archives
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "application/msword": (OLE,),
    "application/vnd.ms-excel": (OLE,),
    "application/vnd.ms-powerpoint": (OLE,),
}
HEAD = 16


class FileTooLarge(Exception):
    """More bytes arrived than the limit allows."""


def looks_like(content_type: str, head: bytes) -> bool:
    """Whether a file starting with ``head`` is plausibly of ``content_type`` (its first bytes say so)."""
    if content_type == "image/webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    signatures = SIGNATURES.get(content_type, (ZIP,))
    return any(head.startswith(signature) for signature in signatures)


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int


class FileStore:
    """Documents' bytes under ``root``, found by their SHA-256."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def keep(self, source: BinaryIO, limit: int) -> StoredFile:
        """Copy ``source`` in, at most ``limit`` bytes (FileTooLarge beyond); nothing is left behind on failure."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        digest, size = hashlib.sha256(), 0
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := source.read(CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise FileTooLarge
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha256 = digest.hexdigest()
            final = self.path_of(sha256)
            final.parent.mkdir(exist_ok=True)
            os.replace(temporary, final)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return StoredFile(sha256, size)
