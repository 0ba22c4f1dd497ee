"""Profile pictures: type checked by content, size capped, kept out of the event log."""

from __future__ import annotations

import hashlib
from uuid import UUID

from api.identity.base import IdentityDeps, RequestMeta
from domain.application import CommandResult
from domain.errors import InvalidInput

MAX_AVATAR_BYTES = 512 * 1024


# The first bytes of each accepted format; the declared content type is not trusted.
def _detect(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def image_type(data: bytes) -> str:
    """The image's real type, or InvalidInput when it is not PNG, JPEG or WebP or too large."""
    if not data:
        raise InvalidInput("The avatar file is empty.")
    if len(data) > MAX_AVATAR_BYTES:
        raise InvalidInput(f"The avatar must be at most {MAX_AVATAR_BYTES // 1024} KB (it is {len(data) // 1024} KB).")
    content_type = _detect(data)
    if content_type is not None:
        return content_type
    raise InvalidInput("The avatar must be a PNG, JPEG or WebP image.")


class Avatars:
    """Stores avatar images and records the change on the user."""

    def __init__(self, deps: IdentityDeps) -> None:
        self.deps = deps

    def set(self, user_id: UUID, data: bytes, meta: RequestMeta) -> CommandResult:
        content_type = image_type(data)
        digest = hashlib.sha256(data).hexdigest()[:16]
        user = self.deps.users.get(user_id)
        with self.deps.pool.connection() as conn, conn.transaction():
            conn.execute(
                "INSERT INTO identity_avatars (user_id, content_type, image, digest, updated_at)"
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (user_id) DO UPDATE SET content_type = EXCLUDED.content_type,"
                " image = EXCLUDED.image, digest = EXCLUDED.digest, updated_at = EXCLUDED.updated_at",
                (user_id, content_type, data, digest, self.deps.clock()),
            )
            ctx = self.deps.as_user(user_id, user.role.value, meta)
            return self.deps.users.update_profile(ctx, user_id, avatar=digest)

    def get(self, user_id: UUID) -> tuple[str, bytes] | None:
        with self.deps.pool.connection() as conn:
            row = conn.execute(
                "SELECT content_type, image FROM identity_avatars WHERE user_id = %s", (user_id,)
            ).fetchone()
        return None if row is None else (row[0], bytes(row[1]))
